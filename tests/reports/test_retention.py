"""Retention: which records are due, deleting or anonymising them with everything that refers
to them, a log without personal data, reads kept exactly as long as the record."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.cli import main
from protocols.vocabulary import LegalStatus
from reports.retention_policy import PolicyError, RetentionPolicy, apply, policy_from_env, review
from reports.statutory import ssda903_missing
from storage.deliveries import Delivery
from storage.models import AuditRead, Child, ChildCarer, Episode, EpisodeEvent, Staff, TaskRecord
from storage.people import create_child
from storage.retention import retention_log
from tests.reports.world import Year, database_file, exit_code, populate

# Bo's last episode ended at 03:00 BST on 2 June 2026: six years later is 2 June 2032.
BEFORE_DUE = datetime(2032, 6, 1, 12, tzinfo=UTC)
AFTER_DUE = datetime(2032, 6, 2, 12, tzinfo=UTC)


def _count(session: Session, model: type[object], **where: object) -> int:
    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return int(session.scalar(query) or 0)


def _with_delivery(session: Session, year: Year) -> None:
    task = session.scalars(
        select(TaskRecord).where(TaskRecord.episode_id == year.in_need)
    ).first()
    assert task is not None
    at = datetime(2026, 6, 1, 22, tzinfo=UTC)
    session.add(Delivery(task_id=task.id, occurrence=1, stage="remind", episode_id=year.in_need,
                         staff_id=year.org.carer, planned_at=at, claimed_at=at, status="sent"))
    session.flush()


def test_policy_settings() -> None:
    assert policy_from_env({}) == RetentionPolicy(75, 6, "deleted")
    custom = {"HOMEWARD_RETENTION_OTHER_YEARS": "10", "HOMEWARD_RETENTION_ACTION": "anonymise",
              "HOMEWARD_RETENTION_LOOKED_AFTER_AGE": "80"}
    assert policy_from_env(custom) == RetentionPolicy(80, 10, "anonymised")
    for bad in ({"HOMEWARD_RETENTION_OTHER_YEARS": "six"},
                {"HOMEWARD_RETENTION_LOOKED_AFTER_AGE": "12"},
                {"HOMEWARD_RETENTION_ACTION": "shred"}):
        with pytest.raises(PolicyError):
            policy_from_env(bad)


def test_reads_stay_until_the_record_is_due(session: Session) -> None:
    year = populate(session)
    session.add(AuditRead(staff_id=year.org.worker, child_id=year.org.in_need,
                          at=datetime(2026, 6, 2, tzinfo=UTC), what="status"))
    due, _ = review(session, RetentionPolicy(), BEFORE_DUE)
    assert due == []
    due, _ = review(session, RetentionPolicy(), AFTER_DUE)
    assert [(d.reference, d.rule, d.due_on) for d in due] == [
        (str(year.org.in_need), "6_years_after_last_episode", date(2032, 6, 2))
    ]
    assert _count(session, AuditRead, child_id=year.org.in_need) == 1


def test_delete_removes_everything_that_refers_to_the_child(session: Session) -> None:
    year = populate(session)
    _with_delivery(session, year)
    session.add(AuditRead(staff_id=year.org.worker, child_id=year.org.in_need,
                          at=datetime(2026, 6, 2, tzinfo=UTC), what="status"))
    before_903 = ssda903_missing(session, date(2026, 4, 1), date(2027, 3, 31)).rows
    staff = _count(session, Staff)
    due, _ = review(session, RetentionPolicy(), AFTER_DUE)
    assert apply(session, RetentionPolicy(), due, AFTER_DUE) == 1
    session.commit()
    assert session.get(Child, year.org.in_need) is None
    for model, column in ((Episode, "child_id"), (AuditRead, "child_id"),
                          (ChildCarer, "child_id")):
        assert _count(session, model, **{column: year.org.in_need}) == 0
    assert _count(session, EpisodeEvent, episode_id=year.in_need) == 0
    assert _count(session, TaskRecord, episode_id=year.in_need) == 0
    assert _count(session, Delivery, episode_id=year.in_need) == 0
    # Everyone else's records and the staff are untouched.
    assert ssda903_missing(session, date(2026, 4, 1), date(2027, 3, 31)).rows == before_903
    assert _count(session, Staff) == staff
    (entry,) = retention_log(session)
    assert (entry.action, entry.rule) == ("deleted", "6_years_after_last_episode")
    assert entry.rows["children"] == 1 and entry.rows["episodes"] == 1
    assert entry.rows["reminder_deliveries"] == 1 and entry.rows["audit_reads"] == 1
    # Nothing about the child: table names and counts only.
    assert all(isinstance(n, int) for n in entry.rows.values())
    assert set(entry.rows) <= {t.name for t in Child.metadata.sorted_tables}
    assert "Fenwick" not in json.dumps(entry.rows)


def test_anonymise_keeps_the_shape_and_drops_the_person(session: Session) -> None:
    year = populate(session)
    session.add(AuditRead(staff_id=year.org.worker, child_id=year.org.in_need,
                          at=datetime(2026, 6, 2, tzinfo=UTC), what="status"))
    policy = RetentionPolicy(action="anonymised")
    due, _ = review(session, policy, AFTER_DUE)
    apply(session, policy, due, AFTER_DUE)
    session.commit()
    child = session.get(Child, year.org.in_need)
    assert child is not None
    assert (child.given_name, child.family_name, child.date_of_birth) == ("Anonymised", "", None)
    assert _count(session, Episode, child_id=year.org.in_need) == 1
    texts = session.scalars(select(EpisodeEvent.text).where(
        EpisodeEvent.episode_id == year.in_need))
    assert all(text is None for text in texts)
    assert _count(session, ChildCarer, child_id=year.org.in_need) == 0
    assert _count(session, AuditRead, child_id=year.org.in_need) == 0
    assert retention_log(session)[0].rows["audit_reads"] == 1
    # Not due again: anonymised once is enough.
    assert review(session, policy, AFTER_DUE)[0] == []
    assert [e.action for e in retention_log(session)] == ["anonymised"]


def test_looked_after_kept_to_75th_birthday_and_unknown_birth_named(session: Session) -> None:
    year = populate(session)
    old = create_child(session, "Ena", "Marsh", LegalStatus.LOOKED_AFTER, year.org.team,
                       date_of_birth=date(1957, 7, 1))
    create_child(session, "Ula", "Stone", LegalStatus.LOOKED_AFTER, year.org.team)
    due, unsure = review(session, RetentionPolicy(), datetime(2032, 6, 30, 12, tzinfo=UTC))
    assert old.id not in {d.child_id for d in due}
    due, unsure = review(session, RetentionPolicy(), datetime(2032, 7, 1, 12, tzinfo=UTC))
    assert {d.name for d in due} == {"Ena Marsh", "Bo Fenwick"}
    assert any("no date of birth: kept" in line for line in unsure)


def test_retention_command_dry_run_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _ = database_file(tmp_path)
    monkeypatch.setenv("HOMEWARD_RETENTION_OTHER_YEARS", "0")
    assert exit_code(["retention", "--db", str(db), "--dry-run"]) == 2
    assert "HOMEWARD_RETENTION_OTHER_YEARS" in capsys.readouterr().err
    monkeypatch.setenv("HOMEWARD_RETENTION_OTHER_YEARS", "1")  # Bo's June 2026 episode + 1 year
    monkeypatch.setenv("HOMEWARD_RETENTION_LOOKED_AFTER_AGE", "18")
    assert main(["retention", "--db", str(db), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Would remove" in out
    assert main(["export", "--db", str(db), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["episodes"]) == 7
