"""Mark a task done with a note, or not required with a reason; for a meeting, its outcome and,
where the protocol says the next date is agreed at the meeting, that date.

Steps: note | outcome -> (next_date) -> recorded; or reason -> recorded. The state holds the
task id and the note so far, so a restart resumes at the same question.
"""

from __future__ import annotations

from datetime import datetime

from dialogues import work_messages as w
from dialogues.context import Turn
from dialogues.dates import parse_future_date
from dialogues.replies import Reply, say
from dialogues.work_format import child_name_by_id, staff_name
from protocols.clock import london_text
from protocols.facts import Event, EventType
from protocols.pack import Repeat
from protocols.pack_loader import load_protocol
from storage.episodes import append_event, get_episode, iso
from storage.errors import get_row
from storage.models import Child, TaskRecord
from storage.people import get_team
from storage.queries import ACTIONABLE, tasks_for_episode
from storage.reads import log_read
from storage.tasks import refresh_tasks

FLOW = "task_done"
MEETINGS = frozenset(
    {
        "strategy_meeting",
        "case_review_meeting",
        "missing_from_care_meeting",
        "missing_intervention_meeting",
        "lac_review",
        "uasc_review",
    }
)
# Steps the protocol expects in every case: marking them "not required" would hide a breach.
# Escalations stop by themselves when the child returns; risk reviews recur while missing.
_NEVER_WAIVED = ("report_to_police", "escalate:", "risk_review", "safe_and_well_check")
_NEXT_SHOWN = 3


def start(turn: Turn, task: TaskRecord, note: str | None = None) -> list[Reply]:
    """Begin closing `task` (already checked to be one this person may act on)."""
    turn.state.clear()
    turn.state.update({"flow": FLOW, "task_id": task.id})
    log_read(turn.session, turn.staff_id, _child(turn, task).id, "task", now=turn.now)
    if task.code in MEETINGS:
        turn.state["step"] = "outcome"
        if note:
            return _outcome(turn, task, note)
        return prompt(turn)
    if note:
        return _record_done(turn, task, note, None)
    turn.state["step"] = "note"
    return prompt(turn)


def start_not_required(turn: Turn, task: TaskRecord) -> list[Reply]:
    turn.state.clear()
    turn.state.update({"flow": FLOW, "task_id": task.id})
    return _ask_reason(turn, task)


def prompt(turn: Turn) -> list[Reply]:
    task = _task(turn)
    if task is None:
        return []
    names = {"title": task.title, "child": _child_name(turn, task)}
    step = turn.state.get("step")
    if step == "note":
        return [
            say(
                w.ASK_NOTE.format(**names),
                (w.BUTTON_NO_NOTE, w.NO_NOTE),
                (w.BUTTON_NOT_REQUIRED, w.NOT_REQUIRED),
            )
        ]
    if step == "outcome":
        return [say(w.ASK_OUTCOME.format(**names), (w.BUTTON_NOT_REQUIRED, w.NOT_REQUIRED))]
    if step == "reason":
        return [say(w.ASK_REASON.format(**names))]
    if step == "next_date":
        return [say(w.ASK_NEXT_DATE.format(**names), (w.BUTTON_NOT_AGREED, w.NOT_AGREED))]
    return []


def why(turn: Turn) -> str | None:
    task = _task(turn)
    if task is None:
        return None
    return w.WHY.format(
        title=task.title, child=_child_name(turn, task), why=task.why, source=task.source
    )


def handle(turn: Turn, text: str) -> list[Reply]:
    task = _task(turn)
    if task is None or task.status not in ACTIONABLE:
        turn.state.clear()
        status = task.status if task else "removed"
        return [say(w.TASK_GONE.format(status=status.replace("_", " ")))]
    answer = text.strip()
    lowered = " ".join(answer.lower().split())
    step = turn.state.get("step")
    if step in ("note", "outcome") and lowered == w.NOT_REQUIRED:
        return _ask_reason(turn, task)
    if step == "note":
        return _record_done(turn, task, None if lowered == w.NO_NOTE else answer or None, None)
    if step == "outcome":
        if not answer:
            return [say(w.NOTE_EMPTY), *prompt(turn)]
        return _outcome(turn, task, answer)
    if step == "reason":
        if not answer:
            return [say(w.REASON_EMPTY)]
        return _record_not_required(turn, task, answer)
    if step == "next_date":
        note = turn.state.get("note")
        if lowered == w.NOT_AGREED:
            return _record_done(turn, task, str(note) if note else None, None)
        when = parse_future_date(answer, turn.now)
        if when is None:
            return [say(w.DATE_NOT_READ), *prompt(turn)]
        return _record_done(turn, task, str(note) if note else None, when)
    turn.state.clear()
    return [say(w.TASK_GONE.format(status="unknown"))]


def may_waive(task: TaskRecord) -> bool:
    return not task.code.startswith(_NEVER_WAIVED)


def _ask_reason(turn: Turn, task: TaskRecord) -> list[Reply]:
    if not may_waive(task):
        turn.state.clear()
        return [say(w.CANNOT_WAIVE.format(title=task.title, source=task.source))]
    turn.state["step"] = "reason"
    return prompt(turn)


def _outcome(turn: Turn, task: TaskRecord, note: str) -> list[Reply]:
    if _next_date_agreed(turn, task):
        turn.state.update({"step": "next_date", "note": note})
        return prompt(turn)
    return _record_done(turn, task, note, None)


def _next_date_agreed(turn: Turn, task: TaskRecord) -> bool:
    """Whether the protocol has the next meeting's date agreed at this one (staffordshire
    §14.2); the engine then schedules the next occurrence from what we record."""
    if not task.recurring:
        return False
    child = _child(turn, task)
    pack, _ = load_protocol(get_team(turn.session, child.team_id).protocol_id)
    try:
        rule = pack.rule(task.key.split("#", 1)[0])
    except KeyError:
        return False
    return rule.repeat is Repeat.AGREED


def _record_done(
    turn: Turn, task: TaskRecord, note: str | None, next_due: datetime | None
) -> list[Reply]:
    data = {"code": task.code, "task": task.key.split("#", 1)[0], "by": str(turn.staff_id)}
    if note:
        data["note"] = note
    if next_due is not None:
        data["next_due"] = iso(next_due)
    event = Event(turn.now, EventType.TASK_DONE, data)
    append_event(turn.session, task.episode_id, event, turn.staff_id, note, now=turn.now)
    names = {"title": task.title, "child": _child_name(turn, task)}
    replies = [say(w.RECORDED_DONE.format(when=london_text(turn.now), **names))]
    if next_due is not None:
        replies.append(say(w.RECORDED_NEXT_MEETING.format(when=london_text(next_due), **names)))
    return [*replies, *_what_next(turn, task)]


def _record_not_required(turn: Turn, task: TaskRecord, reason: str) -> list[Reply]:
    data = {"code": task.code, "task": task.key.split("#", 1)[0], "reason": reason}
    event = Event(turn.now, EventType.TASK_NOT_REQUIRED, data)
    append_event(turn.session, task.episode_id, event, turn.staff_id, reason, now=turn.now)
    names = {"title": task.title, "child": _child_name(turn, task)}
    return [say(w.RECORDED_NOT_REQUIRED.format(reason=reason, **names)), *_what_next(turn, task)]


def _what_next(turn: Turn, task: TaskRecord) -> list[Reply]:
    """Recompute the episode's tasks and say what is now open for that child."""
    turn.state.clear()
    refresh_tasks(turn.session, task.episode_id, turn.now)
    child = _child_name(turn, task)
    tasks = tasks_for_episode(turn.session, task.episode_id)
    upcoming = [t for t in tasks if t.status in ACTIONABLE]
    if not upcoming:
        return [say(w.NOTHING_NEXT.format(child=child))]
    lines = [w.NEXT_FOR.format(child=child)]
    for t in upcoming[:_NEXT_SHOWN]:
        holder = staff_name(turn.session, t.assignee_staff_id, w.NOBODY)
        lines.append(w.NEXT_LINE.format(when=london_text(t.due_at), title=t.title, holder=holder))
    return [say("\n".join(lines))]


def _task(turn: Turn) -> TaskRecord | None:
    task_id = turn.state.get("task_id")
    return turn.session.get(TaskRecord, int(task_id)) if task_id is not None else None


def _child(turn: Turn, task: TaskRecord) -> Child:
    return get_row(turn.session, Child, get_episode(turn.session, task.episode_id).child_id)


def _child_name(turn: Turn, task: TaskRecord) -> str:
    return child_name_by_id(turn.session, _child(turn, task).id)
