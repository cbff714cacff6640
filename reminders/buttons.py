"""What the buttons on a pushed reminder do: `rem:<done|ack|snooze|notme>:<delivery id>`.

Runs inside the caller's session (the caller commits with the rest of the message) and answers
every odd case (unknown id, someone else's reminder, pressed twice, task closed) with a kind
message, never an exception.
"""

from __future__ import annotations

from datetime import datetime

from dialogues.replies import Reply, say
from protocols.clock import LONDON
from reminders import messages as m
from reminders.plan import stage_kind
from reminders.settings import ReminderSettings
from storage.commands import mark_task_done, pass_task_to_line_manager
from storage.db import Session
from storage.deliveries import ACKNOWLEDGED, DONE, NOT_ME, SNOOZED, Delivery
from storage.episodes import get_episode, log_audit
from storage.errors import CommandError
from storage.ids import parse_row_id
from storage.models import Child, Staff, TaskRecord
from storage.queries import ACTIONABLE

PREFIX = "rem:"
_HANDLED = {"done": DONE, "ack": ACKNOWLEDGED, "snooze": SNOOZED, "notme": NOT_ME}


def handle_button(
    session: Session,
    staff_id: int,
    payload: str,
    now: datetime,
    settings: ReminderSettings | None = None,
) -> list[Reply]:
    """Answer a pressed reminder button. Records the action and its audit entry; the reminder
    engine picks up what follows (a snoozed reminder, the hand-over message) on its next run."""
    settings = settings or ReminderSettings()
    _, kind, raw_id = [*payload.split(":", 2), "", ""][:3]
    delivery_id = parse_row_id(raw_id)
    delivery = session.get(Delivery, delivery_id) if delivery_id is not None else None
    if kind not in _HANDLED or delivery is None:
        return [say(m.UNKNOWN_REMINDER)]
    if delivery.staff_id != staff_id:
        return [say(m.NOT_YOURS)]
    person = session.get(Staff, staff_id)
    if person is None or not person.active:
        return [say(m.NOT_ALLOWED)]
    if delivery.handled is not None:
        return [say(m.ALREADY.format(what=m.HANDLED_WORDS[delivery.handled]))]
    task = session.get(TaskRecord, delivery.task_id)
    assert task is not None  # a delivery's task is a foreign key
    if task.status not in ACTIONABLE:
        status = m.TASK_STATUS_WORDS.get(task.status, task.status)
        return [say(m.CLOSED.format(status=status))]
    stage = stage_kind(delivery.stage)
    if kind == "notme" and (stage in ("overdue", "role") or task.assignee_staff_id != staff_id):
        return [say(m.NOT_ALLOWED)]
    if kind == "snooze" and stage in ("overdue", "role"):
        return [say(m.NOT_ALLOWED)]
    fields = _fields(session, task)
    if kind == "notme":
        try:
            handed = pass_task_to_line_manager(
                session, staff_id, task.id, now=now, reason="not me: handed on from a reminder"
            )
        except CommandError:
            return [say(m.NOT_ME_NO_MANAGER)]
        manager = session.get(Staff, handed.to_staff_id)
        reply = m.NOT_ME_OK.format(manager=manager.name if manager else "?", **fields)
    elif kind == "done":
        # By the task's row id: a code alone can name another rule (essex notify:parents).
        try:
            mark_task_done(session, staff_id, task.id, now=now)
        except CommandError:
            return [say(m.NOT_ALLOWED)]
        reply = m.DONE_OK.format(**fields)
    elif kind == "snooze":
        again = (now + settings.snooze).astimezone(LONDON).strftime("%H:%M")
        reply = m.SNOOZE_OK.format(at=again)
    else:
        due = task.due_at.astimezone(LONDON).strftime("%a %d %b %H:%M")
        reply = m.ACK_OK.format(**{**fields, "due": due})
    delivery.handled = _HANDLED[kind]
    delivery.handled_at = now
    delivery.handled_by_id = staff_id
    log_audit(
        session,
        delivery.episode_id,
        f"reminder_{_HANDLED[kind]}",
        {
            "delivery_id": delivery.id,
            "task": task.key,
            "occurrence": delivery.occurrence,
            "stage": delivery.stage,
            "by_staff_id": staff_id,
        },
        staff_id,
        now=now,
    )
    session.flush()
    return [say(reply)]


def _fields(session: Session, task: TaskRecord) -> dict[str, str]:
    episode = get_episode(session, task.episode_id)
    child = session.get(Child, episode.child_id)
    initials = f"{child.given_name[:1]}.{child.family_name[:1]}.".upper() if child else "?"
    return {
        "subject": m.SUBJECT.format(initials=initials, episode=episode.number),
        "title": task.title.rstrip("."),
    }
