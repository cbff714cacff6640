"""The sweep's index (`tasks.next_step_at`, storage.next_step): a task whose chain is spent
leaves the set the sweep reads but stays overdue on every screen, and every action that can
change a chain puts the task back in that set."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from reminders.buttons import handle_button
from reminders.engine import mark_unconfirmed, next_step_at, record
from reminders.settings import ReminderSettings
from storage.commands import (
    hand_over_task,
    mark_task_done,
    mark_task_not_required,
    set_deadline,
)
from storage.deliveries import CLAIMED, FAILED, Delivery, reclaim, reminder_candidates
from storage.lifecycle import change_social_worker, staff_leaves, staff_returns
from storage.models import Episode, Staff, TaskRecord
from storage.next_step import REPLAN, store_plans
from storage.people import create_staff
from storage.queries import open_tasks_for_staff, overdue_tasks_for_team, tasks_for_episode
from storage.tasks import as_task, reassign_task, sync_tasks
from tests.reminders.helpers import FakeOutbound, Org, at, drive

SETTINGS = ReminderSettings()
FAR = at(23)  # later than anything in these tests


def _task_id(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        task = session.query(TaskRecord).one()
        return task.id


def _row(sessions: sessionmaker[Session], task_id: int) -> TaskRecord:
    with sessions() as session:
        task = session.get(TaskRecord, task_id)
        assert task is not None
        return task


def _read(sessions: sessionmaker[Session], until: datetime) -> set[int]:
    """Every task the sweep's index gives up to `until` (planned or set aside)."""
    with sessions() as session:
        found = reminder_candidates(session, until, SETTINGS.lead)
        return {task.id for task, *_ in found.chased} | set(found.settled)


def _plan(sessions: sessionmaker[Session], now: datetime) -> dict[int, datetime]:
    """What each sweep does after sending: plan and store the next steps."""
    with sessions() as session:
        return next_step_at(session, now, now + timedelta(minutes=10), SETTINGS)


async def test_a_spent_chain_leaves_the_sweep_but_stays_overdue_on_screens(
    sessions: sessionmaker[Session], org: Org
) -> None:
    task_id = _task_id(sessions)
    out = FakeOutbound()
    await drive(sessions, out, at(11, 30))  # the reminder to the social worker
    with sessions() as session:
        remind = session.query(Delivery).one()
        handle_button(session, org.social_worker, f"rem:ack:{remind.id}", at(11, 35))
        session.commit()
    await drive(sessions, out, at(12))  # its deadline passes: the team manager hears
    assert out.to(org.team_manager)
    assert _plan(sessions, at(12, 1)) == {}
    assert _row(sessions, task_id).next_step_at is None
    # Not read again, however far ahead the sweep looks...
    assert task_id not in _read(sessions, FAR)
    # ...and still overdue on record and on every screen.
    with sessions() as session:
        assert task_id in {t.id for t in overdue_tasks_for_team(session, org.team, at(13))}
        assert task_id in {t.id for t in open_tasks_for_staff(session, org.social_worker)}
    # Nothing more is sent for it, however late.
    out.clear()
    await drive(sessions, out, at(18), at(22))
    assert out.sent == []


def _button(kind: str) -> Callable[[Session, Org, int, int], None]:
    def press(session: Session, org: Org, task_id: int, delivery_id: int) -> None:
        handle_button(session, org.social_worker, f"rem:{kind}:{delivery_id}", at(11, 40))

    return press


def _done(session: Session, org: Org, task_id: int, _: int) -> None:
    mark_task_done(session, org.social_worker, task_id, now=at(11, 40))


def _not_required(session: Session, org: Org, task_id: int, _: int) -> None:
    mark_task_not_required(session, org.social_worker, task_id, "not needed", now=at(11, 40))


def _deadline(session: Session, org: Org, task_id: int, _: int) -> None:
    set_deadline(session, org.team_manager, task_id, at(15), now=at(11, 40))


def _hand_over(session: Session, org: Org, task_id: int, _: int) -> None:
    hand_over_task(session, org.team_manager, task_id, org.team_manager, now=at(11, 40))


def _reassign(session: Session, org: Org, task_id: int, _: int) -> None:
    reassign_task(session, task_id, org.team_manager, by_staff_id=None, now=at(11, 40))


def _refresh_unchanged(session: Session, org: Org, task_id: int, _: int) -> None:
    task = session.get(TaskRecord, task_id)
    assert task is not None
    rows = tasks_for_episode(session, task.episode_id)
    sync_tasks(session, task.episode_id, [as_task(row, 1) for row in rows], at(11, 40))


def _reallocate(session: Session, org: Org, task_id: int, _: int) -> None:
    other = create_staff(session, "Ada Pemberton", "social_worker", now=at(9), team_id=org.team).id
    change_social_worker(session, org.child, other, now=at(11, 40), by="test")


def _leaves(session: Session, org: Org, task_id: int, _: int) -> None:
    staff_leaves(session, org.social_worker, now=at(11, 40), by="test")


def _returns(session: Session, org: Org, task_id: int, _: int) -> None:
    person = session.get(Staff, org.social_worker)
    assert person is not None
    person.active = False
    session.commit()
    store_plans(session, {task_id: (_version(session, task_id), None)})
    staff_returns(session, org.social_worker, now=at(11, 40), by="test")


def _return_changed(session: Session, org: Org, task_id: int, _: int) -> None:
    """A return recorded, corrected or undone, even without a refresh of the tasks."""
    task = session.get(TaskRecord, task_id)
    assert task is not None
    episode = session.get(Episode, task.episode_id)
    assert episode is not None
    episode.returned_at = at(11, 40)


def _version(session: Session, task_id: int) -> int:
    task = session.get(TaskRecord, task_id)
    assert task is not None
    session.refresh(task)
    return task.plan_version


ACTIONS: dict[str, Callable[[Session, Org, int, int], None]] = {
    "done button": _button("done"),
    "acknowledge button": _button("ack"),
    "snooze button": _button("snooze"),
    "not me button": _button("notme"),
    "done": _done,
    "not required": _not_required,
    "deadline moved": _deadline,
    "handed over": _hand_over,
    "holder changed": _reassign,
    "episode refreshed": _refresh_unchanged,
    "social worker re-allocated": _reallocate,
    "holder leaves": _leaves,
    "holder comes back": _returns,
    "child's return changed": _return_changed,
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
async def test_every_action_that_changes_a_chain_brings_the_task_back(
    sessions: sessionmaker[Session], org: Org, action: str
) -> None:
    task_id = _task_id(sessions)
    await drive(sessions, FakeOutbound(), at(11, 30))
    _plan(sessions, at(11, 30))
    with sessions() as session:
        delivery_id = session.query(Delivery).one().id
        # As if its chain were spent: out of the index.
        store_plans(session, {task_id: (_version(session, task_id), None)})
    assert task_id not in _read(sessions, FAR)
    with sessions() as session:
        before = _version(session, task_id)
        ACTIONS[action](session, org, task_id, delivery_id)
        session.commit()
    task = _row(sessions, task_id)
    assert task.next_step_at == REPLAN and task.plan_version > before
    assert task_id in _read(sessions, at(11, 41))


@pytest.mark.parametrize("outcome", ["failed", "unconfirmed", "retried"])
async def test_a_failing_or_unconfirmed_delivery_brings_the_task_back(
    sessions: sessionmaker[Session], org: Org, outcome: str
) -> None:
    task_id = _task_id(sessions)
    await drive(sessions, FakeOutbound(), at(11, 30))
    _plan(sessions, at(11, 30))
    with sessions() as session:
        row = session.query(Delivery).one()
        delivery_id = row.id
        if outcome != "failed":
            row.status = CLAIMED if outcome == "unconfirmed" else FAILED
            row.retry_at = at(11, 31)
            session.commit()
        store_plans(session, {task_id: (_version(session, task_id), None)})
    assert task_id not in _read(sessions, FAR)
    if outcome == "failed":
        record(sessions, delivery_id, FAILED, at(11, 32), "text", SETTINGS)
    elif outcome == "unconfirmed":
        assert mark_unconfirmed(sessions, at(11, 32)) == 1
    else:
        with sessions() as session:
            assert reclaim(session, delivery_id, at(11, 32))
    assert _row(sessions, task_id).next_step_at == REPLAN
    assert task_id in _read(sessions, at(11, 33))


async def test_a_change_made_while_the_sweep_planned_is_not_overwritten(
    sessions: sessionmaker[Session], org: Org
) -> None:
    """The sweep writes its plan only where the task's plan_version is the one it read."""
    task_id = _task_id(sessions)
    with sessions() as session:
        read = _version(session, task_id)
    with sessions() as session:  # a button pressed meanwhile
        reassign_task(session, task_id, org.team_manager, by_staff_id=None, now=at(11))
        session.commit()
    with sessions() as session:
        assert store_plans(session, {task_id: (read, None)}) == 0
    assert _row(sessions, task_id).next_step_at == REPLAN


async def test_a_task_not_yet_in_its_reminder_window_waits_by_the_index(
    sessions: sessionmaker[Session], org: Org
) -> None:
    """The org's task is due at 12:00; its reminder is at 11:30. A sweep at 10:00 that looks
    ten minutes ahead stores 11:30 and reads the task no more until then."""
    task_id = _task_id(sessions)
    assert _plan(sessions, at(10)) == {}
    assert _row(sessions, task_id).next_step_at == at(11, 30)
    assert task_id not in _read(sessions, at(11, 29))
    assert task_id in _read(sessions, at(11, 30))
