"""The reminder sweep's index, `tasks.next_step_at`, and everything that invalidates it.

The sweep (reminders.engine) plans a task's reminder chain from the task's row, its episode and
its deliveries, and writes down the instant of the next thing the chain could do: a reminder, a
repeat, an escalation, an overdue notice, a retry of a failed send; or null when the chain has
nothing left to do (the task stays overdue on record and on every screen). It then reads only
the tasks whose instant has come, by index, so its cost follows the work due, not the history.

That instant is a promise ("nothing happens before then") only while nothing it was planned
from changes. So every such change sets it to `REPLAN` (an instant before any clock: the next
sweep plans the task again) and bumps `plan_version`, in the transaction of the change:

- any change to a task's row, and every new task (refresh_tasks creating, moving, closing or
  cancelling it; a hand-over; a re-allocation);
- any new or changed delivery of the task (a claim, an outcome, a retry, a button: done,
  acknowledge, snooze, not me); `reclaim`'s bulk update calls `replan_tasks` itself;
- a member of staff becoming active or inactive (the tasks they hold);
- a child's return recorded, corrected or undone (the episode's actionable tasks);
- every refresh of an episode's tasks replans all its actionable tasks (`replan_episode`): a
  return recorded or corrected changes which tasks are chased, and a new occurrence of a
  recurring task retires the older one.

The first three are a flush listener on every Session (registered when `storage` is
imported) rather than calls sprinkled over every command and button, so a new way of changing
a task cannot forget them. The sweep writes its plan with `store_plans`, only where
`plan_version` is still the one it read, so a change made while it was planning is never
overwritten by the older plan.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, event, inspect, select, update
from sqlalchemy.orm import Session

from storage.models import Episode, Staff, TaskRecord
from storage.queries import ACTIONABLE

# Before any clock, so whatever instant the sweep runs at, it plans the task again.
REPLAN = datetime(1970, 1, 1, tzinfo=UTC)
_PLAN_COLUMNS = frozenset({"next_step_at", "plan_version"})


def replan_tasks(session: Session, task_ids: Collection[int]) -> None:
    """Have the next sweep plan these tasks again."""
    ids = sorted(set(task_ids))
    for start in range(0, len(ids), 500):
        session.execute(
            update(TaskRecord)
            .where(TaskRecord.id.in_(ids[start : start + 500]))
            .values(next_step_at=REPLAN, plan_version=TaskRecord.plan_version + 1)
            .execution_options(synchronize_session=False)
        )


def replan_episode(session: Session, episode_id: int) -> None:
    """Have the next sweep plan every actionable task of the episode again."""
    session.execute(
        update(TaskRecord)
        .where(TaskRecord.episode_id == episode_id, TaskRecord.status.in_(ACTIONABLE))
        .values(next_step_at=REPLAN, plan_version=TaskRecord.plan_version + 1)
        .execution_options(synchronize_session=False)
    )


def store_plans(session: Session, plans: Mapping[int, tuple[int, datetime | None]]) -> int:
    """Write each task's planned next step (task id -> (the plan_version it was planned at,
    the instant or None)), skipping tasks changed since (their version moved on: they stay
    marked for planning). Commits; how many were written."""
    if not plans:
        return 0
    table = cast(Table, TaskRecord.__table__)
    statement = (
        update(table)
        .where(table.c.id == bindparam("b_id"), table.c.plan_version == bindparam("b_version"))
        .values(next_step_at=bindparam("b_at"))
    )
    rows = [
        {"b_id": task_id, "b_version": version, "b_at": at}
        for task_id, (version, at) in plans.items()
    ]
    result = session.connection().execute(statement, rows)
    session.commit()
    return max(result.rowcount, 0)


def _changed(target: object, names: Collection[str] | None = None) -> bool:
    """Whether any column of the row (or only those named) has a change to flush."""
    state = inspect(target)
    for attr in state.mapper.column_attrs:
        if attr.key in _PLAN_COLUMNS or (names is not None and attr.key not in names):
            continue
        if state.attrs[attr.key].history.has_changes():
            return True
    return False


def _mark(task: TaskRecord) -> None:
    task.next_step_at = REPLAN
    if inspect(task).persistent:
        # An expression, not a number read earlier: a bulk update may have bumped it since.
        task.plan_version = TaskRecord.plan_version + 1


@event.listens_for(Session, "before_flush")
def _replan_what_changed(session: Session, _context: Any, _instances: Any) -> None:
    from storage.deliveries import Delivery  # it imports this module (reclaim replans)

    task_ids: set[int] = set()
    staff_ids: set[int] = set()
    episode_ids: set[int] = set()
    for target in session.new:
        if isinstance(target, TaskRecord):
            _mark(target)
        elif isinstance(target, Delivery):
            task_ids.add(target.task_id)
    for target in session.dirty:
        if isinstance(target, TaskRecord) and _changed(target):
            _mark(target)
        elif isinstance(target, Delivery) and _changed(target):
            task_ids.add(target.task_id)
        elif isinstance(target, Staff) and _changed(target, ("active",)):
            staff_ids.add(target.id)
        elif isinstance(target, Episode) and _changed(target, ("returned_at",)):
            episode_ids.add(target.id)
    if not task_ids and not staff_ids and not episode_ids:
        return
    with session.no_autoflush:
        tasks = [session.get(TaskRecord, task_id) for task_id in task_ids if task_id is not None]
        if staff_ids:
            tasks += session.scalars(
                select(TaskRecord).where(
                    TaskRecord.assignee_staff_id.in_(staff_ids),
                    TaskRecord.status.in_(ACTIONABLE),
                )
            ).all()
        if episode_ids:
            tasks += session.scalars(
                select(TaskRecord).where(
                    TaskRecord.episode_id.in_(episode_ids),
                    TaskRecord.status.in_(ACTIONABLE),
                )
            ).all()
    for task in tasks:
        if task is not None:
            _mark(task)
