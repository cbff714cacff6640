"""The words of one reminder step: which template, who is named, how late, what was missed.

Pure given its inputs, apart from looking up people's names; every word comes from
reminders/messages.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from reminders import messages as m
from reminders.plan import Step, stage_kind, track
from storage.db import Session
from storage.deliveries import NOT_ME, UNREACHABLE, Delivery
from storage.models import TaskRecord
from storage.people import staff_name


@dataclass(frozen=True)
class Missed:
    """A recurring task's occurrences that fell due undone, told in one message."""

    count: int
    since: datetime
    next_due: datetime | None
    code: str


def step_text(
    session: Session,
    task: TaskRecord,
    subject: str,
    before: Sequence[Delivery],
    step: Step,
    holder: int | None,
    cover_for: int | None,
    now: datetime,
    missed: Missed | None,
) -> str:
    """The message for `step`; `before` are the task's deliveries claimed before it."""
    fields = {
        "subject": subject,
        "title": task.title.rstrip("."),
        "due": m.due_phrase(task.due_at, now),
    }
    kind = stage_kind(step.stage)
    if kind == "remind":
        text = m.REMIND.format(**fields)
    elif kind == "repeat":
        text = m.REPEAT.format(**fields)
    elif kind == "snooze":
        text = m.SNOOZE.format(**fields)
    elif kind == "handover":
        by = [d.handled_by_id for d in before if d.handled == NOT_ME and d.handled_by_id]
        name = staff_name(session, by[-1]) if by else "A colleague"
        text = m.HANDOVER.format(by=name, **fields)
    elif kind == "told":
        gone = [d for d in before if d.stage == f"handover:{step.stage.partition(':')[2]}"]
        name = staff_name(session, gone[-1].staff_id) if gone and gone[-1].staff_id else "They"
        text = m.HANDED_TO_UNREACHABLE.format(name=name, **fields)
    elif kind == "role":
        role = (step.role or "").replace("_", " ")
        text = m.ROLE.format(role=role, source=task.source, **fields)
    else:
        same_track = [d for d in before if track(d.stage) == track(step.stage)]
        last = same_track[-1] if same_track else None
        unreachable = last if last is not None and last.status == UNREACHABLE else None
        if kind == "escalate" and unreachable is not None and unreachable.staff_id is not None:
            return _with_missed(
                m.ESCALATE_UNREACHABLE.format(
                    holder=staff_name(session, unreachable.staff_id), **fields
                ),
                missed,
                now,
            )
        person = staff_name(session, holder) if holder is not None else "nobody"
        if cover_for is not None:
            person = f"{person}, covering for {staff_name(session, cover_for)}"
        template = m.ESCALATE if kind == "escalate" else m.OVERDUE
        text = template.format(holder=person, **fields)
    skipped = [d for d in before if track(d.stage) == track(step.stage)]
    passed = skipped[-1] if skipped and kind in ("overdue", "role") else None
    if passed is not None and passed.status == UNREACHABLE and passed.staff_id is not None:
        text += m.SKIPPED.format(name=staff_name(session, passed.staff_id))
    return _with_missed(text, missed, now)


def _with_missed(text: str, missed: Missed | None, now: datetime) -> str:
    if missed is None:
        return text
    since = m.when(missed.since, now)
    if missed.next_due is None:
        return text + m.MISSED_NO_NEXT.format(
            count=missed.count, things=m.things(missed.code), since=since
        )
    return text + m.MISSED.format(
        count=missed.count,
        things=m.things(missed.code),
        since=since,
        next=m.when(missed.next_due, now),
    )
