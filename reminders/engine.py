"""Decide what must be sent at `now` from the tasks and delivery records, and send it.

The database is the truth and the clock is injected: the scheduler only calls these functions at
the right moments, and the tests call them with chosen instants.

Sending is at most once per (task, occurrence, stage): the delivery row is inserted and committed
before the channel is called (the claim), and a second process, or the same one restarted, finds
the row and moves on. A process that dies between claim and record leaves a `claimed` row that the
next start-up marks `unconfirmed`; the message may or may not have gone, so it is not resent, and
the chain's next step (a repeat, then the line manager) follows at its usual interval as the
safety net. Nothing is lost, nothing is sent twice.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from dialogues.replies import Reply
from protocols.clock import LONDON, london_date
from protocols.vocabulary import Role
from reminders import messages as m
from reminders.digest import send_digests
from reminders.hours import in_office_hours
from reminders.outbound import Outbound
from reminders.plan import Step, Target, next_steps, stage_kind
from reminders.settings import ReminderSettings
from storage.deliveries import (
    CLAIMED,
    FAILED,
    NO_RECIPIENT,
    NOT_ME,
    SENT,
    UNCONFIRMED,
    UNREACHABLE,
    Delivery,
    deliveries_for_tasks,
)
from storage.episodes import iso, log_audit
from storage.models import Child, Episode, Staff, TaskRecord, Team
from storage.people import line_manager_chain, staff_holding_role
from storage.queries import ACTIONABLE

log = logging.getLogger(__name__)

# Button kinds, in the order they are shown; payload `rem:<kind>:<delivery id>`.
ALL_BUTTONS = ("done", "ack", "snooze", "notme")
_BUTTON_LABELS = {
    "done": m.BUTTON_DONE,
    "ack": m.BUTTON_ACK,
    "snooze": m.BUTTON_SNOOZE,
    "notme": m.BUTTON_NOT_ME,
}


@dataclass(frozen=True)
class Action:
    """One message that is due: what to claim, whom to tell and what to say."""

    task_id: int
    task_key: str
    occurrence: int
    episode_id: int
    stage: str
    planned_at: datetime
    staff_id: int | None
    for_staff_id: int | None
    text: str
    buttons: tuple[str, ...]
    late: bool

    def reply(self, delivery_id: int) -> Reply:
        return Reply(
            self.text,
            tuple((_BUTTON_LABELS[kind], f"rem:{kind}:{delivery_id}") for kind in self.buttons),
        )


@dataclass(frozen=True)
class _Context:
    task: TaskRecord
    episode_number: int
    initials: str
    team_id: int


def candidate_tasks(
    session: Session, until: datetime, settings: ReminderSettings, task_ids: Sequence[int] | None
) -> list[_Context]:
    """Actionable tasks whose first step (the reminder, lead time before the deadline) is at or
    before `until`; no step of a task comes before that one."""
    query = (
        select(TaskRecord, Episode.number, Child.given_name, Child.family_name, Child.team_id)
        .join(Episode, Episode.id == TaskRecord.episode_id)
        .join(Child, Child.id == Episode.child_id)
        .where(TaskRecord.status.in_(ACTIONABLE), TaskRecord.due_at <= until + settings.lead)
        .order_by(TaskRecord.due_at, TaskRecord.id)
    )
    if task_ids is not None:
        query = query.where(TaskRecord.id.in_(list(task_ids)))
    return [
        _Context(task, number, f"{given[:1]}.{family[:1]}.".upper(), team_id)
        for task, number, given, family, team_id in session.execute(query)
    ]


def planned_steps(
    session: Session,
    until: datetime,
    settings: ReminderSettings,
    task_ids: Sequence[int] | None = None,
) -> dict[int, list[Step]]:
    """Task id -> its next step on each track, for tasks with a step at or before `until`."""
    contexts = candidate_tasks(session, until, settings, task_ids)
    history = deliveries_for_tasks(session, [c.task.id for c in contexts])
    return {
        c.task.id: steps
        for c in contexts
        if (steps := next_steps(c.task, history[c.task.id], settings))
    }


def next_step_at(
    session: Session,
    until: datetime,
    settings: ReminderSettings,
    task_ids: Sequence[int] | None = None,
) -> dict[int, datetime]:
    """Task id -> the instant of its earliest next step, for those at or before `until`."""
    found: dict[int, datetime] = {}
    for task_id, steps in planned_steps(session, until, settings, task_ids).items():
        earliest = min(step.at for step in steps)
        if earliest <= until:
            found[task_id] = earliest
    return found


def due_actions(
    session: Session,
    now: datetime,
    settings: ReminderSettings,
    task_ids: Sequence[int] | None = None,
) -> list[Action]:
    """Everything that must be sent at `now`, with its recipient resolved at `now` (so out of
    office hours a social worker's reminder goes to the emergency duty team)."""
    contexts = candidate_tasks(session, now, settings, task_ids)
    history = deliveries_for_tasks(session, [c.task.id for c in contexts])
    actions: list[Action] = []
    for context in contexts:
        deliveries = history[context.task.id]
        for step in next_steps(context.task, deliveries, settings):
            if step.at <= now:
                actions.append(_action(session, context, deliveries, step, now, settings))
    actions.sort(key=lambda a: (a.planned_at, a.task_id, a.stage))
    return actions


async def run_due(
    sessions: sessionmaker[Session],
    now: datetime,
    outbound: Outbound,
    settings: ReminderSettings,
    task_ids: Sequence[int] | None = None,
) -> list[int]:
    """Claim, send and record everything due at `now` (and the morning digests, on a full run);
    returns the ids of deliveries sent."""
    if task_ids is None:
        await send_digests(sessions, now, outbound, settings)
    with sessions() as session:
        actions = due_actions(session, now, settings, task_ids)
    sent: list[int] = []
    for action in actions:
        delivery_id = claim(sessions, action, now)
        if delivery_id is None or action.staff_id is None:
            continue
        reply = action.reply(delivery_id)
        try:
            accepted = await outbound.deliver(action.staff_id, reply)
        except Exception:
            log.exception("channel failed to deliver %s to staff %s", action.stage, action.staff_id)
            record(sessions, delivery_id, FAILED, now, reply.text)
            continue
        record(sessions, delivery_id, SENT if accepted else UNREACHABLE, now, reply.text)
        if accepted:
            sent.append(delivery_id)
    return sent


def claim(sessions: sessionmaker[Session], action: Action, now: datetime) -> int | None:
    """Insert the delivery row and commit before anything is sent. None when another process
    (or an earlier life of this one) already claimed this stage."""
    with sessions() as session:
        row = Delivery(
            task_id=action.task_id,
            occurrence=action.occurrence,
            stage=action.stage,
            episode_id=action.episode_id,
            staff_id=action.staff_id,
            for_staff_id=action.for_staff_id,
            planned_at=action.planned_at,
            claimed_at=now,
            status=CLAIMED if action.staff_id is not None else NO_RECIPIENT,
            late=action.late,
        )
        session.add(row)
        try:
            session.flush()
            if action.staff_id is None:
                log_audit(
                    session,
                    action.episode_id,
                    "reminder_no_recipient",
                    _audit_data(row, action.task_key),
                    None,
                    now=now,
                )
            session.commit()
        except IntegrityError:
            session.rollback()
            return None
        return row.id


_AUDIT_KIND = {SENT: "sent", UNREACHABLE: "unreachable", FAILED: "failed"}


def record(
    sessions: sessionmaker[Session], delivery_id: int, status: str, now: datetime, text: str
) -> None:
    """Write down what the channel said, with the audit entry, in one transaction."""
    with sessions() as session:
        row = session.get(Delivery, delivery_id)
        assert row is not None
        row.status = status
        if status == SENT:
            row.sent_at = now
        task = session.get(TaskRecord, row.task_id)
        assert task is not None
        escalation = stage_kind(row.stage) in ("escalate", "overdue", "role")
        kind = "escalation" if escalation else "reminder"
        log_audit(
            session,
            row.episode_id,
            f"{kind}_{_AUDIT_KIND[status]}",
            _audit_data(row, task.key),
            None,
            now=now,
            text=text,
        )
        session.commit()


def mark_unconfirmed(sessions: sessionmaker[Session], now: datetime) -> int:
    """At start-up, with no other sender alive: claims a dead process never recorded become
    `unconfirmed` (and say so in the audit log). They are not resent; the chain goes on."""
    with sessions() as session:
        rows = list(session.scalars(select(Delivery).where(Delivery.status == CLAIMED)))
        for row in rows:
            task = session.get(TaskRecord, row.task_id)
            assert task is not None
            row.status = UNCONFIRMED
            log_audit(
                session,
                row.episode_id,
                "reminder_unconfirmed",
                _audit_data(row, task.key),
                None,
                now=now,
            )
        session.commit()
        return len(rows)


def _audit_data(row: Delivery, task_key: str) -> dict[str, object]:
    return {
        "delivery_id": row.id,
        "task": task_key,
        "occurrence": row.occurrence,
        "stage": row.stage,
        "to_staff_id": row.staff_id,
        "for_staff_id": row.for_staff_id,
        "planned_at": iso(row.planned_at),
        "late": row.late,
    }


def _action(
    session: Session,
    context: _Context,
    deliveries: Sequence[Delivery],
    step: Step,
    now: datetime,
    settings: ReminderSettings,
) -> Action:
    task = context.task
    holder, cover_for = _assignee_now(session, context, now, settings)
    staff_id: int | None
    if step.target is Target.ASSIGNEE:
        staff_id = holder
    elif step.target is Target.STAFF:
        staff_id = step.staff_id
    elif step.target is Target.MANAGER:
        chain = line_manager_chain(session, holder) if holder is not None else []
        staff_id = chain[step.level - 1].id if len(chain) >= step.level else None
    else:
        assert step.role is not None
        found = staff_holding_role(session, context.team_id, step.role)
        staff_id = found.id if found else None
        cover_for = None
    # Late against when the step was due, or when the task first appeared if that was later
    # (a task due at once is not late just because its lead time had already passed).
    late = now - max(step.at, task.updated_at) > settings.late_after
    text = _text(session, context, deliveries, step, holder, cover_for, now)
    if late:
        text = m.LATE.format(planned=_when(step.at, now)) + text
    if cover_for is not None and step.target in (Target.ASSIGNEE, Target.STAFF):
        text = m.COVER.format(day_person=_name(session, cover_for)) + text
    kind = stage_kind(step.stage)
    if kind in ("overdue", "role"):
        buttons: tuple[str, ...] = ("done", "ack")
    elif staff_id is not None and staff_id == task.assignee_staff_id:
        buttons = ALL_BUTTONS
    else:
        buttons = ("done", "ack", "snooze")
    return Action(
        task_id=task.id,
        task_key=task.key,
        occurrence=task.occurrence,
        episode_id=task.episode_id,
        stage=step.stage,
        planned_at=step.at,
        staff_id=staff_id,
        for_staff_id=cover_for,
        text=text,
        buttons=buttons,
        late=late,
    )


def _assignee_now(
    session: Session, context: _Context, now: datetime, settings: ReminderSettings
) -> tuple[int | None, int | None]:
    """Who holds the task at `now`, and whom they are covering for (out-of-hours cover for a
    social worker's task is the emergency duty team of the child's team's out-of-hours team)."""
    task = context.task
    holder = task.assignee_staff_id
    if holder is None or task.assignee_role != Role.SOCIAL_WORKER.value:
        return holder, None
    if in_office_hours(now, settings.office_hours):
        return holder, None
    team = session.get(Team, context.team_id)
    if team is None or team.out_of_hours_team_id is None:
        return holder, None
    cover = staff_holding_role(session, team.out_of_hours_team_id, Role.EMERGENCY_DUTY_TEAM)
    if cover is None or cover.id == holder:
        return holder, None
    return cover.id, holder


def _text(
    session: Session,
    context: _Context,
    deliveries: Sequence[Delivery],
    step: Step,
    holder: int | None,
    cover_for: int | None,
    now: datetime,
) -> str:
    task = context.task
    fields = {
        "subject": m.SUBJECT.format(initials=context.initials, episode=context.episode_number),
        "title": task.title.rstrip("."),
        "due": _when(task.due_at, now),
    }
    kind = stage_kind(step.stage)
    if kind == "remind":
        return m.REMIND.format(**fields)
    if kind == "repeat":
        return m.REPEAT.format(**fields)
    if kind == "snooze":
        return m.SNOOZE.format(**fields)
    if kind == "handover":
        by = [d.handled_by_id for d in deliveries if d.handled == NOT_ME and d.handled_by_id]
        return m.HANDOVER.format(by=_name(session, by[-1]) if by else "A colleague", **fields)
    if kind == "role":
        role = (step.role or "").replace("_", " ")
        return m.ROLE.format(role=role, source=task.source, **fields)
    person = _name(session, holder) if holder is not None else "nobody"
    if cover_for is not None:
        person = f"{person}, covering for {_name(session, cover_for)}"
    template = m.ESCALATE if kind == "escalate" else m.OVERDUE
    return template.format(holder=person, **fields)


def _name(session: Session, staff_id: int) -> str:
    staff = session.get(Staff, staff_id)
    return staff.name if staff is not None else "someone"


def _when(instant: datetime, now: datetime) -> str:
    """'14:00' today (London), else 'Tue 03 Mar 14:00'."""
    local = instant.astimezone(LONDON)
    if london_date(instant) == london_date(now):
        return local.strftime("%H:%M")
    return local.strftime("%a %d %b %H:%M")
