"""Protocol tasks: keeping the stored tasks in step with what the engine computes.

The engine is pure and recomputes every task from the log; storage keeps what the engine cannot
know (who was handed the task) and never forgets a task (vanished ones become cancelled).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from protocols.facts import ChildFacts, Event, EventType
from protocols.tasks import Task
from protocols.vocabulary import EXTERNAL_ROLES, Role, TaskStatus
from storage.episodes import child_facts, episode_events, fact_rows, get_episode, log_audit
from storage.errors import get_row
from storage.models import Child, EpisodeEvent, Staff, TaskRecord, Team
from storage.next_step import replan_episode
from storage.people import carers_of, line_manager_chain, staff_holding_role
from storage.queries import ACTIONABLE, tasks_for_episode

Compute = Callable[[str, ChildFacts, Sequence[Event], datetime], Sequence[Task]]

_RULE = "rule:"  # closers keyed by rule id, beside those keyed by code
_CLOSING_EVENTS = (EventType.TASK_DONE.value, EventType.TASK_NOT_REQUIRED.value)


def refresh_tasks(
    session: Session, episode_id: int, now: datetime, compute: Compute | None = None
) -> list[TaskRecord]:
    """Recompute the episode's tasks from the stored log and store the result."""
    if compute is None:
        # Imported here so storage does not load rule packs until tasks are needed.
        from protocols.engine import compute_tasks

        compute = compute_tasks
    episode = get_episode(session, episode_id)
    child = get_row(session, Child, episode.child_id)
    team = get_row(session, Team, child.team_id)
    facts = child_facts(session, child.id, episode.id)
    events = episode_events(session, episode.id)
    return sync_tasks(session, episode.id, compute(team.protocol_id, facts, events, now), now)


def sync_tasks(
    session: Session, episode_id: int, tasks: Sequence[Task], now: datetime
) -> list[TaskRecord]:
    """Upsert the engine's tasks by (episode, key) and cancel the actionable ones it no longer
    lists. Returns all the episode's tasks in due order."""
    keys = [task.key for task in tasks]
    if len(set(keys)) != len(keys):
        raise ValueError(f"duplicate task keys from the engine: {sorted(keys)}")
    episode = get_episode(session, episode_id)
    child = get_row(session, Child, episode.child_id)
    stored = {row.key: row for row in tasks_for_episode(session, episode_id)}
    closers = _closing_actors(session, episode_id)
    for task in tasks:
        # Look-ups first: a query would autoflush a half-filled new row.
        done_by_id = _done_by_id(session, task, closers)
        row = stored.get(task.key)
        if row is None or row.assignee_staff_id is None:
            # Kept once set: the person may have been handed the task in conversation.
            assignee = resolve_assignee(session, child, task.assignee)
        else:
            assignee = row.assignee_staff_id
        if row is None:
            row = TaskRecord(episode_id=episode_id, key=task.key)
            session.add(row)
        changed = _apply(row, task, done_by_id)
        row.assignee_staff_id = assignee
        if changed:
            row.updated_at = now
    listed = set(keys)
    for key, row in stored.items():
        if key not in listed and row.status in ACTIONABLE:
            row.status = TaskStatus.CANCELLED.value
            row.updated_at = now
    session.flush()
    # Unchanged rows too: a return recorded or corrected changes which tasks are chased, and a
    # new occurrence of a recurring task retires the older one (storage.next_step).
    replan_episode(session, episode_id)
    return tasks_for_episode(session, episode_id)


def reassign_task(
    session: Session,
    task_id: int,
    to_staff_id: int,
    *,
    by_staff_id: int | None,
    now: datetime,
    reason: str | None = None,
) -> TaskRecord:
    """Hand a task to someone else. Later refreshes keep the new holder (sync_tasks never
    overwrites a set assignee), and the hand-over is in the episode's audit log."""
    row = get_row(session, TaskRecord, task_id)
    get_row(session, Staff, to_staff_id)
    previous = row.assignee_staff_id
    row.assignee_staff_id = to_staff_id
    row.updated_at = now
    data = {"task": row.key, "from_staff_id": previous, "to_staff_id": to_staff_id}
    if reason:
        data["reason"] = reason
    log_audit(session, row.episode_id, "task_reassigned", data, by_staff_id, now=now)
    return row


def resolve_assignee(session: Session, child: Child, role: Role) -> int | None:
    """The member of staff who does a task given to `role` for this child, if we know one.
    Never someone inactive: a leaver's new tasks go to the first active manager above them."""
    if role in EXTERNAL_ROLES:
        return None
    if role is Role.SOCIAL_WORKER:
        return _active_or_above(session, child.allocated_social_worker_id)
    if role is Role.CARER:
        carers = carers_of(session, child.id)
        return carers[0].id if carers else None
    if role is Role.TEAM_MANAGER and child.allocated_social_worker_id is not None:
        worker = get_row(session, Staff, child.allocated_social_worker_id)
        if worker.line_manager_id is not None:
            return _active_or_above(session, worker.line_manager_id)
    holder = staff_holding_role(session, child.team_id, role)
    return holder.id if holder else None


def _active_or_above(session: Session, staff_id: int | None) -> int | None:
    if staff_id is None:
        return None
    person = get_row(session, Staff, staff_id)
    if person.active:
        return staff_id
    return next((m.id for m in line_manager_chain(session, staff_id) if m.active), None)


def as_task(row: TaskRecord, episode_number: int) -> Task:
    """The stored task in the engine's terms (e.g. for the simulate-style listings)."""
    return Task(
        key=row.key,
        code=row.code,
        title=row.title,
        due=row.due_at,
        assignee=Role(row.assignee_role),
        source=row.source,
        status=TaskStatus(row.status),
        episode=episode_number,
        occurrence=row.occurrence,
        recurring=row.recurring,
        done_at=row.done_at,
        done_by=row.done_by,
        note=row.note,
        why=row.why,
    )


def _apply(row: TaskRecord, task: Task, done_by_id: int | None) -> bool:
    values = {
        "code": task.code,
        "title": task.title,
        "due_at": task.due,
        "assignee_role": task.assignee.value,
        "source": task.source,
        "status": task.status.value,
        "occurrence": task.occurrence,
        "recurring": task.recurring,
        "done_at": task.done_at,
        "done_by": task.done_by,
        "done_by_id": done_by_id,
        "note": task.note,
        "why": task.why,
    }
    changed = False
    for name, value in values.items():
        if getattr(row, name, None) != value:
            setattr(row, name, value)
            changed = True
    return changed


def _closing_actors(session: Session, episode_id: int) -> dict[str, int]:
    """Task code -> staff who most recently logged it done (or not required)."""
    closers: dict[str, int] = {}
    for row in fact_rows(session, episode_id):
        code = _closed_code(row)
        if code is not None and row.actor_staff_id is not None:
            closers[code] = row.actor_staff_id
            # Named by its rule too: two rules can share a code (essex notify:parents).
            if row.data.get("task"):
                closers[_RULE + str(row.data["task"])] = row.actor_staff_id
    return closers


def _closed_code(row: EpisodeEvent) -> str | None:
    # Facts that close a task without naming it, as protocols.timeline reads them.
    if row.type == EventType.REPORTED_TO_POLICE:
        return "report_to_police"
    if row.type == EventType.RISK_ASSESSED and row.data.get("assessor") == "carer":
        return "risk_review"
    if row.type in _CLOSING_EVENTS and row.data.get("code") is not None:
        return str(row.data["code"])
    return None


def _done_by_id(session: Session, task: Task, closers: dict[str, int]) -> int | None:
    if task.done_at is None:
        return None
    # The engine may name the closer by staff id; otherwise whoever logged the closing event.
    if task.done_by and task.done_by.isdigit() and session.get(Staff, int(task.done_by)):
        return int(task.done_by)
    rule = task.key.split("#", 1)[0]
    return closers.get(_RULE + rule, closers.get(task.code))
