"""The night report once the record is open (dialogues.flows.report_missing): the searches
of the protocol's checklist, the call to the police, who to tell, and what comes next. Each
step's question, answer and reason; the step table is in report_missing."""

from __future__ import annotations

import dataclasses

from dialogues import answers
from dialogues import messages as m
from dialogues.answers import UNCLEAR, PoliceReference, Unclear, YesNo
from dialogues.context import Turn
from dialogues.flows.common import checklist, full_name, hhmm, london, notify_tasks, who
from dialogues.flows.report_missing_state import (
    ReportState,
    Step,
    at_step,
    child_name,
    chosen_child,
    open_tasks,
    opened_episode,
    searches,
    tasks_to_tell,
)
from dialogues.flows.steps import Outcome, end, go
from dialogues.police_summary import summary_reply
from dialogues.replies import Reply, say
from storage.commands import NOT_GIVEN_YET, mark_task_done, record_note, record_police_report
from storage.models import TaskRecord
from storage.people import get_child
from storage.reads import log_read

_SEARCH_BUTTONS = (("Done", m.DONE), ("Not possible", m.NOT_POSSIBLE), ("Skip", m.SKIP))
_FINISHED_WORDS = frozenset({m.FINISHED, "finish", "next", "done", "finished for now"})


# Searches ------------------------------------------------------------------------------------


def start_searches(turn: Turn, state: ReportState, *before: Reply) -> Outcome[ReportState]:
    items = checklist(turn, chosen_child(state), state.episode_id, "searches")
    state = at_step(state, Step.SEARCH, search_index=0, search_ids=tuple(i.id for i in items))
    if not items:
        return _start_police(turn, state, *before)
    return go(state, *before, *prompt_search(turn, state))


def prompt_search(turn: Turn, state: ReportState) -> list[Reply]:
    items = searches(turn, state)
    if state.search_index >= len(items):
        return []
    item = items[state.search_index]
    text = m.SEARCH.format(n=state.search_index + 1, total=len(items), text=item.text)
    return [say(text, *_SEARCH_BUTTONS)]


def parse_search(turn: Turn, state: ReportState, text: str) -> answers.Checked | Unclear:
    return answers.search_step(text)


def on_search(turn: Turn, state: ReportState, answer: answers.Checked) -> Outcome[ReportState]:
    if answer is answers.Checked.DONE:
        return _record_search(turn, state, answer.value, None)
    asked = at_step(state, Step.SEARCH_REASON, search_status=answer.value)
    return go(asked, say(m.SEARCH_REASON))


def parse_reason(turn: Turn, state: ReportState, text: str) -> str | Unclear:
    return answers.reason(text)


def on_reason(turn: Turn, state: ReportState, reason: str) -> Outcome[ReportState]:
    return _record_search(turn, state, state.search_status or m.SKIP, reason)


def _record_search(
    turn: Turn, state: ReportState, status: str, reason: str | None
) -> Outcome[ReportState]:
    items = searches(turn, state)
    if state.search_index < len(items):
        item = items[state.search_index]
        note = f"{item.text}: {status}" + (f" ({reason})" if reason else "")
        record_note(
            turn.session, turn.staff_id, opened_episode(state), note, now=turn.now,
            source=item.source, kind="search",
        )  # fmt: skip
    state = at_step(state, Step.SEARCH, search_index=state.search_index + 1, search_status=None)
    if state.search_index < len(items):
        return go(state, *prompt_search(turn, state))
    return _start_police(turn, state, say(m.SEARCHES_DONE))


def prompt_search_reason(turn: Turn, state: ReportState) -> list[Reply]:
    return [say(m.SEARCH_REASON)]


# Police --------------------------------------------------------------------------------------


def _start_police(turn: Turn, state: ReportState, *before: Reply) -> Outcome[ReportState]:
    state = at_step(state, Step.POLICE)
    child = get_child(turn.session, chosen_child(state))
    asked = checklist(turn, child.id, state.episode_id, "police_questions")
    questions = "\n".join(f"- {q.text}" for q in asked)
    due = [t.due_at for t in open_tasks(turn, state) if t.code == "report_to_police"]
    if not due or due[0] <= turn.now:
        deadline = m.POLICE_DEADLINE_NOW.format(child=full_name(child))
    else:
        deadline = m.POLICE_DEADLINE_BY.format(child=full_name(child), when=hhmm(due[0]))
    # The summary shows the child's record: every showing is logged (who saw what, when).
    log_read(turn.session, turn.staff_id, child.id, "police summary", now=turn.now)
    return go(
        state,
        *before,
        say(deadline),
        say(f"{m.POLICE_INTRO}\n{questions}"),
        summary_reply(turn, child, opened_episode(state)),
        *prompt_police(turn, state),
    )


def prompt_police(turn: Turn, state: ReportState) -> list[Reply]:
    child = child_name(turn, state)
    if state.police_reference:
        asked = m.POLICE_SAID_REFERENCE.format(reference=state.police_reference, child=child)
    elif state.police_called:
        asked = m.POLICE_SAID_CALLED.format(child=child)
    else:
        asked = m.POLICE_ASKED.format(child=child)
    return [say(asked, *m.YES_NO_BUTTONS, (m.POLICE_LATER, m.FINISHED))]


def parse_police(turn: Turn, state: ReportState, text: str) -> YesNo | str | Unclear:
    if answers.normalise(text) in _FINISHED_WORDS:
        return m.FINISHED
    return answers.yes_no(text)


def on_police(turn: Turn, state: ReportState, answer: YesNo | str) -> Outcome[ReportState]:
    if answer is YesNo.YES and state.police_reference:
        # The reference their first message gave, now confirmed: nothing more to ask.
        return on_reference(turn, state, PoliceReference(state.police_reference))
    if answer is YesNo.YES:
        state = at_step(state, Step.POLICE_REF)
        return go(state, *prompt_police_ref(turn, state))
    if answer is YesNo.NO:
        # Asked again, so "yes" once they have called records it here; or finish for now.
        # What the first message said is set aside: the person has just said otherwise.
        state = dataclasses.replace(state, police_reference=None, police_called=False)
        declined = say(m.POLICE_DECLINED.format(child=child_name(turn, state)))
        return go(state, declined, *prompt_police(turn, state))
    return _notify_or_finish(turn, at_step(state, Step.NOTIFY))


def prompt_police_ref(turn: Turn, state: ReportState) -> list[Reply]:
    # No button: a typed "1" must never become an answer here (issue 11).
    return [say(m.POLICE_REFERENCE)]


def parse_reference(turn: Turn, state: ReportState, text: str) -> PoliceReference | Unclear:
    return answers.police_reference(text)


def on_reference(turn: Turn, state: ReportState, ref: PoliceReference) -> Outcome[ReportState]:
    reference = ref.value if ref.value is not None else NOT_GIVEN_YET
    record_police_report(
        turn.session, turn.staff_id, opened_episode(state), reference, now=turn.now, text=ref.value
    )
    shown = f", reference {ref.value}" if ref.value else ""
    recorded = say(m.POLICE_RECORDED.format(when=hhmm(turn.now), reference=shown))
    return _notify_or_finish(turn, at_step(state, Step.NOTIFY), recorded)


# Who to tell ---------------------------------------------------------------------------------


def prompt_notify(turn: Turn, state: ReportState) -> list[Reply]:
    tasks = tasks_to_tell(turn, state)
    buttons = [(f"Done: {t.title}", f"done:{t.id}") for t in tasks]
    return [say(m.NOTIFY_INTRO, *buttons, ("Finished for now", m.FINISHED))]


def parse_notify(turn: Turn, state: ReportState, text: str) -> TaskRecord | str | Unclear:
    lowered = answers.exact(text)
    if lowered in _FINISHED_WORDS:
        return m.FINISHED
    tasks = {f"done:{t.id}": t for t in tasks_to_tell(turn, state)}
    return tasks.get(lowered, UNCLEAR)


def on_notify(turn: Turn, state: ReportState, answer: TaskRecord | str) -> Outcome[ReportState]:
    if not isinstance(answer, TaskRecord):
        return _finish(turn, state)
    mark_task_done(turn.session, turn.staff_id, answer.id, now=turn.now)
    return _notify_or_finish(turn, state, say(m.NOTIFY_DONE.format(title=answer.title)))


def _notify_or_finish(turn: Turn, state: ReportState, *before: Reply) -> Outcome[ReportState]:
    state = at_step(state, Step.NOTIFY)
    if tasks_to_tell(turn, state):
        return go(state, *before, *prompt_notify(turn, state))
    return _finish(turn, state, *before, say(m.NOTIFY_NONE))


def _finish(turn: Turn, state: ReportState, *before: Reply) -> Outcome[ReportState]:
    child = child_name(turn, state)
    still_open = open_tasks(turn, state)
    upcoming = [t for t in still_open if t.due_at > turn.now][:3]
    lines = [
        m.NEXT_ITEM.format(when=london(t.due_at), title=t.title, who=who(turn, t)) for t in upcoming
    ]
    text = f"{m.NEXT_INTRO}\n" + "\n".join(lines) if lines else m.NEXT_NONE
    # "You've done everything needed" only when nothing of theirs is due now.
    mine = [t for t in notify_tasks(turn, opened_episode(state)) if t.due_at <= turn.now]
    if mine:
        still = [
            m.STILL_TO_DO,
            *(m.STILL_TO_DO_ITEM.format(title=t.title, who=who(turn, t)) for t in mine),
        ]
        return end(
            *before,
            say(text),
            say("\n".join(still)),
            say(m.STILL_TO_DO_CLOSING.format(child=child)),
        )
    return end(*before, say(text), say(m.CLOSING.format(child=child)))


# Why -----------------------------------------------------------------------------------------


def why_search(turn: Turn, state: ReportState) -> str:
    items = searches(turn, state)
    if state.search_index >= len(items):
        return m.WHY_SEARCH_REASON
    item = items[state.search_index]
    return m.WHY.format(text=item.text, source=item.source)


def why_search_reason(turn: Turn, state: ReportState) -> str:
    return f"{m.WHY_SEARCH_REASON}\n\n{why_search(turn, state)}"


def why_police(turn: Turn, state: ReportState) -> str:
    tasks = [t for t in open_tasks(turn, state) if t.code == "report_to_police"]
    return _task_reasons(tasks) or m.WHY_POLICE


def why_notify(turn: Turn, state: ReportState) -> str:
    return _task_reasons(tasks_to_tell(turn, state)) or m.WHY_NOTIFY


def _task_reasons(tasks: list[TaskRecord]) -> str:
    return "\n\n".join(m.WHY.format(text=t.why or t.title, source=t.source) for t in tasks)
