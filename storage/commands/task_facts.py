"""Commands for tasks, each naming the task by its row id (its rule key), never by its code:
two rules can share a code (essex: "tell the parents" and the social worker's "offer the
family the chance to give their views" are both notify:parents), and a code alone closed the
wrong one.

Done, not required, handed over, a meeting held (with its next date where it is agreed), an
agreed deadline, and the return interview requested. Checks first, then the log, then the
refresh; the caller commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocols.clock import london_text
from protocols.facts import Event, EventType
from protocols.pack import Repeat
from protocols.pack_loader import load_protocol
from protocols.vocabulary import Role
from storage.commands import checks
from storage.commands.results import HandedOver, InterviewRequested, TaskRecorded
from storage.episodes import CLOSED, append_event, audit_log, get_episode, iso, log_audit
from storage.errors import CommandError, InvalidInput, NotAllowed
from storage.models import Child, Episode, Staff, TaskRecord, Team
from storage.people import carers_of, line_manager_chain
from storage.policy import Action
from storage.queries import ACTIONABLE, latest_episode_for_child, tasks_for_episode
from storage.tasks import reassign_task, refresh_tasks

INTERVIEW_CODE = "return_interview"
INTERVIEW_REQUEST_CODE = "notify:return_interview_provider"
INTERVIEW_REQUESTED = "return_interview_requested"  # the audit kind a notice is made from
HANDED = "task_reassigned"


class InterviewNotPossible(CommandError):
    """The return interview cannot be requested now; `why` says which case:
    no_episode, still_missing, already_requested (since `when`), not_in_pack, closed (`status`)."""

    def __init__(self, why: str, when: datetime | None = None, status: str | None = None):
        super().__init__("child", why.replace("_", " "))
        self.why, self.when, self.status = why, when, status


def mark_task_done(
    session: Session,
    actor_staff_id: int,
    task_id: int,
    *,
    now: datetime,
    note: str | None = None,
    at: datetime | None = None,
    text: str | None = None,
) -> TaskRecorded:
    """The task was done at `at` (default now), with the person's note if they gave one.
    `text` is the message as typed, kept in the log when it is not the note itself."""
    staff = checks.acting_staff(session, actor_staff_id)
    task = checks.open_task(session, staff, task_id)
    return _done(session, staff, task, now, note, at, None, text)


def record_meeting_held(
    session: Session,
    actor_staff_id: int,
    task_id: int,
    *,
    now: datetime,
    next_due: datetime | None = None,
    note: str | None = None,
    at: datetime | None = None,
) -> TaskRecorded:
    """A meeting held; `next_due` is the next one's date where the protocol says it is agreed
    at the meeting (staffordshire §14.2), and is refused for any other task."""
    staff = checks.acting_staff(session, actor_staff_id)
    task = checks.open_task(session, staff, task_id)
    if next_due is not None:
        checks.ahead("next_due", next_due, now)
        if not is_agreed_repeat(session, task):
            raise InvalidInput("next_due", f"task {task.id} has no agreed next date")
    return _done(session, staff, task, now, note, at, next_due)


def mark_task_not_required(
    session: Session, actor_staff_id: int, task_id: int, reason: str, *, now: datetime
) -> TaskRecorded:
    """The task is not needed here, and why (e.g. the DLD reviewed the case last month)."""
    staff = checks.acting_staff(session, actor_staff_id)
    task = checks.open_task(session, staff, task_id)
    why = checks.words("reason", reason)
    data = {"code": task.code, "task": checks.rule_id(task), "reason": why}
    event = Event(now, EventType.TASK_NOT_REQUIRED, data)
    return _append(session, task, event, staff.id, why, now)


def set_deadline(
    session: Session,
    actor_staff_id: int,
    task_id: int,
    due: datetime,
    *,
    now: datetime,
    text: str | None = None,
) -> TaskRecorded:
    """A deadline agreed in the moment (childrens_home §6.4: the initial checks). The engine
    lets it bring a task forward, or replace the default where the protocol says so."""
    staff = checks.acting_staff(session, actor_staff_id)
    task = checks.open_task(session, staff, task_id)
    checks.ahead("due", due, now)
    data = {"code": task.code, "task": checks.rule_id(task), "due": iso(due)}
    return _append(session, task, Event(now, EventType.DEADLINE_SET, data), staff.id, text, now)


def hand_over_task(
    session: Session,
    actor_staff_id: int,
    task_id: int,
    to_staff_id: int,
    *,
    now: datetime,
    reason: str | None = None,
) -> HandedOver:
    """Give the task to someone who may hold it (see `eligible_holders`). Logged as an audit
    entry the new holder is told about."""
    staff = checks.acting_staff(session, actor_staff_id)
    task = checks.open_task(session, staff, task_id)
    if task.assignee_staff_id == to_staff_id:
        raise InvalidInput("to", f"staff {to_staff_id} already holds task {task.id}")
    if to_staff_id not in {p.id for p in eligible_holders(session, task)}:
        raise InvalidInput("to", f"staff {to_staff_id} may not hold task {task.id}")
    return _reassign(session, staff, task, to_staff_id, now, reason)


def pass_task_to_line_manager(
    session: Session, actor_staff_id: int, task_id: int, *, now: datetime, reason: str
) -> HandedOver:
    """ "Not me": the holder gives the task to their own line manager, who sorts it out."""
    staff = checks.acting_staff(session, actor_staff_id)
    task = checks.open_task(session, staff, task_id)
    if task.assignee_staff_id != staff.id:
        raise NotAllowed("actor", f"task {task.id} is not held by staff {staff.id}")
    managers = [m for m in line_manager_chain(session, staff.id) if m.active]
    if not managers:
        raise InvalidInput("to", f"staff {staff.id} has no active line manager")
    return _reassign(session, staff, task, managers[0].id, now, reason)


def request_return_interview(
    session: Session, actor_staff_id: int, child_id: int, *, now: datetime
) -> InterviewRequested:
    """Ask for the return interview of a child who is back. Who provides it is the pack's task
    holder; where the pack has a task for making the request (rutland step 6) it is done."""
    staff = checks.acting_staff(session, actor_staff_id)
    child = checks.row(session, Child, child_id)
    if child is None:
        raise InvalidInput("child", f"no child {child_id}")
    checks.check_may(session, staff, Action.REQUEST, child)
    episode = latest_episode_for_child(session, child.id)
    if episode is None:
        raise InterviewNotPossible("no_episode")
    if episode.status != CLOSED:
        raise InterviewNotPossible("still_missing")
    earlier = audit_log(session, episode.id, INTERVIEW_REQUESTED)
    if earlier:
        raise InterviewNotPossible("already_requested", when=earlier[0].at)
    # Brings the holder up to date if the provider joined since the tasks were last computed.
    refresh_tasks(session, episode.id, now)
    task = interview_task(session, episode)
    if task is None:
        raise InterviewNotPossible("not_in_pack")
    if task.status not in ACTIONABLE:
        raise InterviewNotPossible("closed", status=task.status)
    for request in tasks_for_episode(session, episode.id):
        if request.code == INTERVIEW_REQUEST_CODE and request.status in ACTIONABLE:
            _done(session, staff, request, now, None, None, None)
            break
    data: dict[str, object] = {
        "to_staff_id": task.assignee_staff_id,
        "provider_role": task.assignee_role,
        "task": task.key,
        "due_text": london_text(task.due_at),
    }
    entry = log_audit(session, episode.id, INTERVIEW_REQUESTED, data, staff.id, now=now)
    return InterviewRequested(
        episode.id,
        task.id,
        task.assignee_role,
        task.assignee_staff_id,
        task.due_at,
        task.source,
        entry.id,
    )


def interview_task(session: Session, episode: Episode) -> TaskRecord | None:
    """The episode's return interview task: the live one, else the latest state of one."""
    tasks = [t for t in tasks_for_episode(session, episode.id) if t.code == INTERVIEW_CODE]
    live = [t for t in tasks if t.status in ACTIONABLE]
    return (live or tasks)[0] if tasks else None


def eligible_holders(session: Session, task: TaskRecord) -> list[Staff]:
    """Who may take the task: the child's other carers for a carer's task, otherwise active
    staff of the child's team who are not carers."""
    child = session.get(Child, get_episode(session, task.episode_id).child_id)
    if child is None:
        return []
    if task.assignee_role == Role.CARER.value:
        people = carers_of(session, child.id)
    else:
        people = list(
            session.scalars(
                select(Staff)
                .where(
                    Staff.team_id == child.team_id,
                    Staff.active,
                    Staff.role != Role.CARER.value,
                )
                .order_by(Staff.id)
            )
        )
    return [p for p in people if p.id != task.assignee_staff_id]


def is_agreed_repeat(session: Session, task: TaskRecord) -> bool:
    """Whether the task's rule repeats at a date agreed each time (a meeting's next date)."""
    child = session.get(Child, get_episode(session, task.episode_id).child_id)
    team = session.get(Team, child.team_id) if child is not None else None
    if team is None:
        return False
    pack, _ = load_protocol(team.protocol_id)
    try:
        rule = pack.rule(checks.rule_id(task))
    except KeyError:
        return False
    return rule.repeat is Repeat.AGREED


def _done(
    session: Session,
    staff: Staff,
    task: TaskRecord,
    now: datetime,
    note: str | None,
    at: datetime | None,
    next_due: datetime | None,
    text: str | None = None,
) -> TaskRecorded:
    episode = get_episode(session, task.episode_id)
    when = checks.during_episode("at", at or now, episode, now)
    data = {"code": task.code, "task": checks.rule_id(task), "by": str(staff.id)}
    kept = checks.words("note", note) if note else None
    if kept:
        data["note"] = kept
    if next_due is not None:
        data["next_due"] = iso(next_due)
    event = Event(when, EventType.TASK_DONE, data)
    return _append(session, task, event, staff.id, kept or text, now)


def _append(
    session: Session, task: TaskRecord, event: Event, actor: int, text: str | None, now: datetime
) -> TaskRecorded:
    row = append_event(session, task.episode_id, event, actor, text, now=now)
    refresh_tasks(session, task.episode_id, now)
    return TaskRecorded(task.id, task.episode_id, row.id, task.status)


def _reassign(
    session: Session,
    staff: Staff,
    task: TaskRecord,
    to_staff_id: int,
    now: datetime,
    reason: str | None,
) -> HandedOver:
    previous = task.assignee_staff_id
    reassign_task(session, task.id, to_staff_id, by_staff_id=staff.id, now=now, reason=reason)
    entry = audit_log(session, task.episode_id, HANDED)[-1]
    return HandedOver(task.id, task.episode_id, previous, to_staff_id, entry.id)
