from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from protocols.facts import ChildFacts, Event, EventType
from protocols.tasks import Task
from protocols.vocabulary import Role, TaskStatus
from storage.episodes import append_event, audit_log, episode_events, log_audit, open_episode
from storage.models import TaskRecord
from storage.people import create_staff
from storage.tasks import as_task, reassign_task, refresh_tasks, sync_tasks
from tests.storage.world import T0, World, build_world, task

H = timedelta(hours=1)


def _episode(session: Session) -> tuple[World, int]:
    world = build_world(session)
    return world, open_episode(session, world.child, T0, T0, world.carer, "missing").id


def _by_key(rows: Sequence[TaskRecord]) -> dict[str, TaskRecord]:
    return {row.key: row for row in rows}


def test_new_tasks_get_a_person_for_their_role(session: Session) -> None:
    world, episode = _episode(session)
    team = world.team
    coordinator = create_staff(
        session, "Wren Hallow", Role.MISSING_COORDINATOR, now=T0, team_id=team
    )
    create_staff(session, "Ash Pell", Role.MISSING_COORDINATOR, now=T0)  # another team's
    roles = [
        Role.SOCIAL_WORKER,
        Role.CARER,
        Role.TEAM_MANAGER,
        Role.IRO,
        Role.MISSING_COORDINATOR,
        Role.HEAD_OF_SERVICE,
        Role.POLICE,
    ]
    rows = _by_key(sync_tasks(session, episode, [task(r.value, r) for r in roles], T0))
    assignees = {key: row.assignee_staff_id for key, row in rows.items()}
    assert assignees == {
        "social_worker": world.social_worker,
        "carer": world.carer,
        "team_manager": world.team_manager,
        "iro": world.iro,
        "missing_coordinator": coordinator.id,
        "head_of_service": None,
        "police": None,
    }


def test_sync_upserts_by_key_and_keeps_a_handed_over_assignee(session: Session) -> None:
    world, episode = _episode(session)
    sync_tasks(session, episode, [task("risk_review#1", Role.CARER, recurring=True)], T0)
    (row,) = sync_tasks(session, episode, [task("risk_review#1", Role.CARER)], T0)
    row.assignee_staff_id = world.second_carer  # handed over in conversation
    later = T0 + 3 * H
    moved = task("risk_review#1", Role.CARER, due_hours=30, status=TaskStatus.OVERDUE)
    (row,) = sync_tasks(session, episode, [moved], later)
    assert row.assignee_staff_id == world.second_carer
    assert (row.due_at, row.status, row.updated_at) == (T0 + 30 * H, "overdue", later)


def test_updated_at_moves_only_when_something_changed(session: Session) -> None:
    _, episode = _episode(session)
    same = [task("strategy_meeting", Role.SOCIAL_WORKER)]
    sync_tasks(session, episode, same, T0)
    (row,) = sync_tasks(session, episode, same, T0 + 5 * H)
    assert row.updated_at == T0


def test_vanished_tasks_are_cancelled_never_deleted(session: Session) -> None:
    _, episode = _episode(session)
    engine_output = [
        task("strategy_meeting", Role.SOCIAL_WORKER),
        task("notify:iro", Role.SOCIAL_WORKER, done_at=T0 + H, status=TaskStatus.DONE),
        task("case_review_meeting", Role.SOCIAL_WORKER, due_hours=72),
    ]
    sync_tasks(session, episode, engine_output, T0)
    rows = _by_key(sync_tasks(session, episode, engine_output[2:], T0 + 9 * H))
    assert {key: row.status for key, row in rows.items()} == {
        "strategy_meeting": "cancelled",
        "notify:iro": "done",  # history: it was done, vanishing does not undo that
        "case_review_meeting": "open",
    }
    assert rows["strategy_meeting"].updated_at == T0 + 9 * H
    assert rows["notify:iro"].updated_at == T0
    # A cancelled task the engine lists again comes back.
    rows = _by_key(sync_tasks(session, episode, engine_output[:1], T0 + 10 * H))
    assert rows["strategy_meeting"].status == "open"


def test_tasks_come_back_in_due_order(session: Session) -> None:
    _, episode = _episode(session)
    output = [task(f"t{h}", Role.CARER, due_hours=h) for h in (30, 2, 12)]
    assert [row.key for row in sync_tasks(session, episode, output, T0)] == ["t2", "t12", "t30"]


def test_duplicate_keys_from_the_engine_are_a_bug(session: Session) -> None:
    _, episode = _episode(session)
    with pytest.raises(ValueError, match="duplicate"):
        sync_tasks(session, episode, [task("a", Role.CARER), task("a", Role.IRO)], T0)


def test_done_by_names_whoever_logged_the_task_done(session: Session) -> None:
    world, episode = _episode(session)
    done = Event(T0 + H, EventType.TASK_DONE, {"code": "notify:iro"})
    append_event(session, episode, done, world.social_worker, now=T0 + H)
    output = [
        task("notify:iro", Role.SOCIAL_WORKER, status=TaskStatus.DONE, done_at=T0 + H),
        task(
            "report_to_police",
            Role.CARER,
            status=TaskStatus.DONE,
            done_at=T0,
            done_by=str(world.carer),
        ),
    ]
    rows = _by_key(sync_tasks(session, episode, output, T0 + 2 * H))
    assert rows["notify:iro"].done_by_id == world.social_worker
    assert rows["report_to_police"].done_by_id == world.carer


def test_stored_tasks_read_back_as_engine_tasks(session: Session) -> None:
    _, episode = _episode(session)
    original = task("risk_review#2", Role.CARER, occurrence=2, recurring=True, why="every 2h")
    (row,) = sync_tasks(session, episode, [original], T0)
    assert as_task(row, episode_number=1) == original


def test_refresh_feeds_the_engine_from_storage(session: Session) -> None:
    world, episode = _episode(session)
    seen: list[tuple[str, ChildFacts, tuple[Event, ...], datetime]] = []

    def fake_compute(
        protocol: str, child: ChildFacts, events: Sequence[Event], now: datetime
    ) -> list[Task]:
        seen.append((protocol, child, tuple(events), now))
        return [task("report_to_police", Role.CARER, due_hours=6)]

    risk = Event(T0 + H, EventType.RISK_ASSESSED, {"level": "high"})
    append_event(session, episode, risk, world.carer, now=T0 + H)
    rows = refresh_tasks(session, episode, T0 + 2 * H, compute=fake_compute)
    assert [(r.key, r.assignee_staff_id) for r in rows] == [("report_to_police", world.carer)]
    ((protocol, child, events, now),) = seen
    assert protocol == "staffordshire" and now == T0 + 2 * H
    assert [e.type for e in events] == [EventType.MISSING, EventType.RISK_ASSESSED]
    assert child.previous_episodes == ()


def test_reassigning_a_task_survives_a_refresh_and_is_audited(session: Session) -> None:
    world, episode = _episode(session)
    sync_tasks(session, episode, [task("sw", Role.SOCIAL_WORKER)], T0)
    row = _by_key(sync_tasks(session, episode, [task("sw", Role.SOCIAL_WORKER)], T0))["sw"]
    reassign_task(
        session,
        row.id,
        world.team_manager,
        by_staff_id=world.social_worker,
        now=T0 + H,
        reason="on leave",
    )
    again = _by_key(sync_tasks(session, episode, [task("sw", Role.SOCIAL_WORKER)], T0 + 2 * H))
    assert again["sw"].assignee_staff_id == world.team_manager
    (entry,) = audit_log(session, episode, "task_reassigned")
    assert entry.data == {
        "task": "sw",
        "from_staff_id": world.social_worker,
        "to_staff_id": world.team_manager,
        "reason": "on leave",
    }
    assert entry.actor_staff_id == world.social_worker


def test_audit_entries_never_reach_the_engine(session: Session) -> None:
    _world, episode = _episode(session)
    log_audit(session, episode, "reminder_sent", {"task": "x"}, None, now=T0 + H)
    assert [e.type for e in episode_events(session, episode)] == [EventType.MISSING]
    with pytest.raises(ValueError):
        log_audit(session, episode, "audit:twice", {}, None, now=T0)


def test_a_police_report_names_whoever_reported(session: Session) -> None:
    world, episode = _episode(session)
    report = Event(T0 + H, EventType.REPORTED_TO_POLICE, {"police_reference": "SP-1"})
    append_event(session, episode, report, world.carer, now=T0 + H)
    rows = _by_key(refresh_tasks(session, episode, T0 + 2 * H))
    police = [row for row in rows.values() if row.code == "report_to_police"]
    assert police and all(row.done_by_id == world.carer for row in police)
