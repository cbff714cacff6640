"""Mark a task done with a note, or not required with a reason; for a meeting, its outcome and,
where the protocol says the next date is agreed at the meeting, that date.

Declared as steps (dialogues.flows.steps): note | outcome -> (next_date) -> end; or reason ->
end. "not yet" or "wait" at the note leave the task open; junk asks again. The state holds the
task's row id and the note so far, so a restart resumes at the same question. The diagram is in
docs/conversations.md.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from dialogues import answers
from dialogues import work_messages as w
from dialogues.answers import UNCLEAR, Note, NoteChoice, Unclear
from dialogues.context import Turn
from dialogues.flows.steps import END, DeclaredFlow, Outcome, StepSpec, end, go
from dialogues.replies import Reply, say
from dialogues.when import parse_future_date
from dialogues.work_format import child_name_by_id, staff_name
from protocols.clock import london_text
from storage.commands import (
    is_agreed_repeat,
    mark_task_done,
    mark_task_not_required,
    record_meeting_held,
)
from storage.episodes import get_episode
from storage.models import TaskRecord
from storage.queries import ACTIONABLE, tasks_for_episode

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


class Step(StrEnum):
    NOTE = "note"
    OUTCOME = "outcome"
    NEXT_DATE = "next_date"
    REASON = "reason"


@dataclass(frozen=True)
class TaskState:
    step: Step
    task_id: int
    child_id: int | None = None
    note: str | None = None


def start(turn: Turn, task: TaskRecord, note: str | None = None) -> list[Reply]:
    """Begin closing `task` (already checked to be one this person may act on)."""
    meeting = task.code in MEETINGS
    state = TaskState(Step.OUTCOME if meeting else Step.NOTE, task.id, _child_id(turn, task))
    if note and answers.is_words(note):
        if meeting:
            return flow.run(turn, _outcome(turn, state, task, note), state)
        return flow.run(turn, _record_done(turn, state, task, note, None), state)
    return flow.run(turn, go(state, *_prompt(turn, state)))


def start_not_required(turn: Turn, task: TaskRecord) -> list[Reply]:
    state = TaskState(Step.REASON, task.id, _child_id(turn, task))
    return flow.run(turn, _ask_reason(turn, state, task), state)


def may_waive(task: TaskRecord) -> bool:
    return not task.code.startswith(_NEVER_WAIVED)


# Prompts -------------------------------------------------------------------------------------


def _prompt(turn: Turn, state: TaskState) -> list[Reply]:
    task = _task(turn, state)
    if task is None:
        return []
    names = {"title": task.title, "child": _child_name(turn, task)}
    if state.step is Step.NOTE:
        return [
            say(
                w.ASK_NOTE.format(**names),
                (w.BUTTON_NO_NOTE, w.NO_NOTE),
                (w.BUTTON_NOT_REQUIRED, w.NOT_REQUIRED),
            )
        ]
    if state.step is Step.OUTCOME:
        return [say(w.ASK_OUTCOME.format(**names), (w.BUTTON_NOT_REQUIRED, w.NOT_REQUIRED))]
    if state.step is Step.REASON:
        return [say(w.ASK_REASON.format(**names))]
    return [say(w.ASK_NEXT_DATE.format(**names), (w.BUTTON_NOT_AGREED, w.NOT_AGREED))]


def _why(turn: Turn, state: TaskState) -> str:
    task = _task(turn, state)
    if task is None:
        return w.TASK_GONE.format(status="removed")
    return w.WHY.format(
        title=task.title, child=_child_name(turn, task), why=task.why, source=task.source
    )


# Answers -------------------------------------------------------------------------------------


def _parse_note(turn: Turn, state: TaskState, text: str) -> Note | NoteChoice | Unclear:
    return answers.note(text)


def _parse_reason(turn: Turn, state: TaskState, text: str) -> str | Unclear:
    return answers.reason(text)


def _parse_date(turn: Turn, state: TaskState, text: str) -> datetime | str | Unclear:
    if answers.normalise(text) == w.NOT_AGREED:
        return w.NOT_AGREED
    when = parse_future_date(text, turn.now)
    return UNCLEAR if when is None else when


def _open(turn: Turn, state: TaskState) -> TaskRecord | Outcome[TaskState]:
    task = _task(turn, state)
    if task is None or task.status not in ACTIONABLE:
        status = task.status if task else "removed"
        return end(say(w.TASK_GONE.format(status=status.replace("_", " "))))
    return task


def _on_note(turn: Turn, state: TaskState, answer: Note | NoteChoice) -> Outcome[TaskState]:
    task = _open(turn, state)
    if isinstance(task, Outcome):
        return task
    if answer is NoteChoice.NOT_YET:
        return end(say(w.LEFT_OPEN.format(title=task.title, child=_child_name(turn, task))))
    if answer is NoteChoice.NOT_REQUIRED:
        return _ask_reason(turn, dataclasses.replace(state, step=Step.REASON), task)
    note = answer.text if isinstance(answer, Note) else None
    if state.step is Step.OUTCOME:
        return _outcome(turn, state, task, note)
    return _record_done(turn, state, task, note, None)


def _on_reason(turn: Turn, state: TaskState, reason: str) -> Outcome[TaskState]:
    task = _open(turn, state)
    if isinstance(task, Outcome):
        return task
    mark_task_not_required(turn.session, turn.staff_id, task.id, reason, now=turn.now)
    names = {"title": task.title, "child": _child_name(turn, task)}
    return end(say(w.RECORDED_NOT_REQUIRED.format(reason=reason, **names)), *_what_next(turn, task))


def _on_date(turn: Turn, state: TaskState, answer: datetime | str) -> Outcome[TaskState]:
    task = _open(turn, state)
    if isinstance(task, Outcome):
        return task
    next_due = answer if isinstance(answer, datetime) else None
    return _record_done(turn, state, task, state.note, next_due)


def _ask_reason(turn: Turn, state: TaskState, task: TaskRecord) -> Outcome[TaskState]:
    if not may_waive(task):
        return end(say(w.CANNOT_WAIVE.format(title=task.title, source=task.source)))
    state = dataclasses.replace(state, step=Step.REASON)
    return go(state, *_prompt(turn, state))


def _outcome(
    turn: Turn, state: TaskState, task: TaskRecord, note: str | None
) -> Outcome[TaskState]:
    if task.recurring and is_agreed_repeat(turn.session, task):
        # staffordshire §14.2: the next meeting's date is agreed at this one.
        state = dataclasses.replace(state, step=Step.NEXT_DATE, note=note)
        return go(state, *_prompt(turn, state))
    return _record_done(turn, state, task, note, None)


def _record_done(
    turn: Turn, state: TaskState, task: TaskRecord, note: str | None, next_due: datetime | None
) -> Outcome[TaskState]:
    if task.code in MEETINGS:
        record_meeting_held(
            turn.session, turn.staff_id, task.id, now=turn.now, next_due=next_due, note=note
        )
    else:
        mark_task_done(turn.session, turn.staff_id, task.id, now=turn.now, note=note)
    names = {"title": task.title, "child": _child_name(turn, task)}
    replies = [say(w.RECORDED_DONE.format(when=london_text(turn.now), **names))]
    if next_due is not None:
        replies.append(say(w.RECORDED_NEXT_MEETING.format(when=london_text(next_due), **names)))
    return end(*replies, *_what_next(turn, task))


def _what_next(turn: Turn, task: TaskRecord) -> list[Reply]:
    """What is now open for that child (the tasks were refreshed by the command)."""
    child = _child_name(turn, task)
    upcoming = [
        t for t in tasks_for_episode(turn.session, task.episode_id) if t.status in ACTIONABLE
    ]
    if not upcoming:
        return [say(w.NOTHING_NEXT.format(child=child))]
    lines = [w.NEXT_FOR.format(child=child)]
    for t in upcoming[:_NEXT_SHOWN]:
        holder = staff_name(turn.session, t.assignee_staff_id, w.NOBODY)
        lines.append(w.NEXT_LINE.format(when=london_text(t.due_at), title=t.title, holder=holder))
    return [say("\n".join(lines))]


def _keep(turn: Turn, state: TaskState, text: str) -> tuple[list[Reply], TaskState]:
    # Every step here takes free words as its answer; only junk reaches this, and is not kept.
    return [], state


# Lookups -------------------------------------------------------------------------------------


def _task(turn: Turn, state: TaskState) -> TaskRecord | None:
    return turn.session.get(TaskRecord, state.task_id)


def _child_id(turn: Turn, task: TaskRecord) -> int:
    return get_episode(turn.session, task.episode_id).child_id


def _child_name(turn: Turn, task: TaskRecord) -> str:
    return child_name_by_id(turn.session, _child_id(turn, task))


STEPS: dict[Step, StepSpec[TaskState]] = {
    Step.NOTE: StepSpec(_prompt, _parse_note, _on_note, _why, (Step.REASON, END)),
    Step.OUTCOME: StepSpec(_prompt, _parse_note, _on_note, _why,
                           (Step.NEXT_DATE, Step.REASON, END), w.NOTE_EMPTY),
    Step.NEXT_DATE: StepSpec(_prompt, _parse_date, _on_date, _why, (END,), w.DATE_NOT_READ),
    Step.REASON: StepSpec(_prompt, _parse_reason, _on_reason, _why, (END,), w.REASON_EMPTY),
}  # fmt: skip

flow: DeclaredFlow[TaskState] = DeclaredFlow(
    FLOW, TaskState, STEPS, (Step.NOTE, Step.OUTCOME, Step.REASON), _keep
)
prompt = flow.prompt
why = flow.why
handle = flow.handle
