"""`homeward export --json`: the fixed shape of ../shared/interfaces.md on a generated year,
through the real command and a real SQLite file."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from bot.cli import main
from reports.episode_export import export
from storage.models import EpisodeEvent
from tests.reports.world import database_file, exit_code, populate

EPISODE_KEYS = {
    "id", "number", "child", "protocol", "status", "started_at", "recorded_at", "returned_at",
    "category", "risk", "immediate_danger", "police_reference", "events", "notes", "tasks",
}
TASK_KEYS = {"code", "due", "assignee", "assignee_staff_id", "source", "status", "done_by"}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_shape_and_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, year = database_file(tmp_path)
    code, out, _ = _run(capsys, "export", "--db", str(db), "--json")
    assert code == 0
    episodes = {e["id"]: e for e in json.loads(out)["episodes"]}
    assert len(episodes) == 7  # every episode, the withdrawn one too
    for item in episodes.values():
        assert set(item) >= EPISODE_KEYS
        assert all(set(task) >= TASK_KEYS for task in item["tasks"])
        assert item["started_at"].endswith("Z")
    spring = episodes[year.spring]
    assert spring["child"] == {
        "id": "C1001", "external_id": "C1001", "name": "Ada Quill",
        "internal_id": year.org.looked_after,
    }
    assert spring["protocol"] == "staffordshire"
    assert spring["status"] == "closed"
    assert spring["started_at"] == "2026-03-31T22:00:00Z"
    assert spring["returned_at"] == "2026-04-01T09:00:00Z"
    assert spring["risk"] == "high"  # the latest grading
    assert spring["immediate_danger"] == "unsure"  # the latest answer; "no" is in the events
    assert spring["police_reference"] == "SP-0401-7"
    assert spring["notes"] == [
        "seen at the bus station with an older lad",
        "got into a car with a man she calls Dee",  # two factors, said once
        "said she went to Dee's flat in Carrow",
    ]
    answers = [e["data"]["answer"] for e in spring["events"] if e["type"] == "danger_answered"]
    assert answers == ["no", "unsure"]
    first = spring["events"][0]
    assert first["type"] == "missing" and first["by"] == "S102"  # the carer's own id
    interview = next(t for t in spring["tasks"] if t["code"] == "return_interview")
    assert interview["status"] == "done" and interview["done_by"] == year.org.provider
    assert episodes[year.withdrawn]["status"] == "withdrawn"
    assert episodes[year.withdrawn]["events"][0]["voided"] is True
    assert episodes[year.open_now]["returned_at"] is None
    assert episodes[year.in_need]["child"]["id"] == year.org.in_need  # no external id


def test_since_and_until_pick_episodes_away_in_between(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, year = database_file(tmp_path)
    code, out, _ = _run(
        capsys, "export", "--db", str(db), "--json",
        "--since", "2026-10-25T00:00:00Z", "--until", "2027-03-31T00:00:00+01:00",
    )
    assert code == 0
    ids = {e["id"] for e in json.loads(out)["episodes"]}
    assert ids == {year.autumn, year.withdrawn, year.open_now, year.year_end}


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "--json", "--since", "yesterday"],
        ["export", "--json", "--until", "2026-13-01T00:00:00Z"],
        ["export", "--json", "--since", "2026-05-01T00:00:00Z", "--until", "2026-04-01T00:00:00Z"],
        ["export", "--json", "--colour"],
        ["export"],
        ["export", "--json", "--pdf", "x.pdf"],
        ["export", "--json", "--db", "/nonexistent/homeward.sqlite3"],
    ],
)
def test_bad_options_exit_2_with_one_line(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert exit_code(argv) == 2
    _, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 1


def test_export_function_on_both_databases(session: Session) -> None:
    year = populate(session)
    data: dict[str, Any] = export(session, None, None)
    autumn = next(e for e in data["episodes"] if e["id"] == year.autumn)
    assert autumn["category"] == "missing"
    assert [e["type"] for e in autumn["events"]][:2] == ["missing", "category_changed"]
    assert autumn["notes"][-1] == "Ada declined the interview"


def test_withdrawn_episode_ends_when_it_was_withdrawn(session: Session) -> None:
    year = populate(session)
    since = datetime(2026, 12, 1, tzinfo=UTC)
    ids = {e["id"] for e in export(session, since, None)["episodes"]}
    assert ids == {year.year_end, year.open_now}


def test_words_of_a_fact_type_added_later_are_notes(session: Session) -> None:
    year = populate(session)
    at = datetime(2027, 2, 2, 1, tzinfo=UTC)
    session.add(EpisodeEvent(episode_id=year.open_now, at=at, recorded_at=at, type="note",
                             data={"text": "phone off since 9"}, actor_staff_id=None))
    session.flush()
    cy = next(e for e in export(session, None, None)["episodes"] if e["id"] == year.open_now)
    assert cy["notes"] == ["phone off since 9"]
    assert cy["immediate_danger"] is None and cy["risk"] is None
