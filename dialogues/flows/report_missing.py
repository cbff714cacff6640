"""The carer's night report: one question at a time, each answer recorded as it is given.

Declared as steps (dialogues.flows.steps): child -> time -> (confirm_time) -> risk (the record is
opened and the danger answer recorded) -> search / search_reason -> police -> police_ref ->
notify -> end. The diagram is in docs/conversations.md. The state holds only ids, instants and
positions, so any process can pick the conversation up from the database.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from dialogues import answers
from dialogues import messages as m
from dialogues.answers import UNCLEAR, Danger, PoliceReference, Unclear, YesNo
from dialogues.context import Turn
from dialogues.flows.common import (
    actionable,
    checklist,
    checklist_items,
    full_name,
    hhmm,
    london,
    named,
    notify_tasks,
    who,
)
from dialogues.flows.kept_words import keep_or_hold, write_held
from dialogues.flows.steps import END, DeclaredFlow, Outcome, StepSpec, end, go
from dialogues.police_summary import summary_reply
from dialogues.replies import Reply, say
from dialogues.when import Plausible, parse_past_time, plausibility
from protocols.pack import ChecklistItem
from storage.commands import (
    NOT_GIVEN_YET,
    DangerAnswer,
    mark_task_done,
    open_report,
    record_danger_answer,
    record_note,
    record_police_report,
)
from storage.episodes import CLOSED, open_episode_for_child
from storage.errors import CommandError
from storage.models import Child, TaskRecord
from storage.people import children_for_carer, get_child
from storage.queries import episodes_for_children
from storage.reads import log_read

FLOW = "report_missing"
_SEARCH_BUTTONS = (("Done", m.DONE), ("Not possible", m.NOT_POSSIBLE), ("Skip", m.SKIP))
_FINISHED_WORDS = frozenset({m.FINISHED, "finish", "next", "done", "finished for now"})


class Step(StrEnum):
    CHILD = "child"
    TIME = "time"
    CONFIRM_TIME = "confirm_time"
    RISK = "risk"
    SEARCH = "search"
    SEARCH_REASON = "search_reason"
    POLICE = "police"
    POLICE_REF = "police_ref"
    NOTIFY = "notify"


@dataclass(frozen=True)
class ReportState:
    step: Step
    child_id: int | None = None
    episode_id: int | None = None
    last_seen: datetime | None = None
    search_index: int = 0
    search_ids: tuple[str, ...] | None = None
    search_status: str | None = None
    pending: tuple[str, ...] = ()  # words said before the record was open
    # Said in the first message (dialogues/secondary_facts.py), confirmed at the police step.
    police_reference: str | None = None
    police_called: bool = False


def _at(state: ReportState, step: Step, **changes: object) -> ReportState:
    return dataclasses.replace(state, step=step, **changes)  # type: ignore[arg-type]


# Starting ------------------------------------------------------------------------------------


def start(
    turn: Turn,
    text: str,
    *,
    held: tuple[str, ...] = (),
    police_reference: str | None = None,
    police_called: bool = False,
) -> list[Reply]:
    """`held`: words to keep on the record once it opens; `police_reference`/`police_called`:
    what the message said of the police, asked about at the police step."""
    children = children_for_carer(turn.session, turn.staff_id)
    if not children:
        turn.state.clear()
        return [say(m.NO_CHILDREN)]
    state = ReportState(
        Step.CHILD, pending=held, police_reference=police_reference, police_called=police_called
    )
    chosen = named(turn, text, children)
    if len(chosen) == 1:
        return flow.run(turn, _choose_child(turn, state, chosen[0]))
    if len(children) == 1:
        return flow.run(turn, _choose_child(turn, state, children[0]))
    return flow.run(turn, go(state, *_prompt_child(turn, state)))


def _choose_child(turn: Turn, state: ReportState, child: Child) -> Outcome[ReportState]:
    existing = open_episode_for_child(turn.session, child.id)
    if existing is not None:
        # Carry on with the record already open rather than starting a second episode.
        state = _at(
            state, Step.SEARCH, child_id=child.id, episode_id=existing.id,
            last_seen=existing.started_at,
        )  # fmt: skip
        intro = say(m.ALREADY_OPEN.format(child=full_name(child)))
        held = write_held(turn, child.id, existing.id, state.pending)
        return _start_searches(turn, dataclasses.replace(state, pending=()), intro, *held)
    state = _at(state, Step.TIME, child_id=child.id)
    return go(state, say(m.CHILD_CHOSEN.format(child=full_name(child))), *_prompt_time(turn, state))


# Child ---------------------------------------------------------------------------------------


def _prompt_child(turn: Turn, state: ReportState) -> list[Reply]:
    kids = children_for_carer(turn.session, turn.staff_id)
    return [say(m.WHICH_CHILD, *((full_name(c), f"child:{c.id}") for c in kids))]


def _parse_child(turn: Turn, state: ReportState, text: str) -> Child | Unclear:
    kids = children_for_carer(turn.session, turn.staff_id)
    lowered = answers.exact(text)
    chosen = [c for c in kids if lowered == f"child:{c.id}"] or named(turn, text, kids)
    return chosen[0] if len(chosen) == 1 else UNCLEAR


def _on_child(turn: Turn, state: ReportState, child: Child) -> Outcome[ReportState]:
    return _choose_child(turn, state, child)


# Time ----------------------------------------------------------------------------------------


def _prompt_time(turn: Turn, state: ReportState) -> list[Reply]:
    return [say(m.WHEN_LAST_SEEN.format(child=_name(turn, state)))]


def _parse_time(turn: Turn, state: ReportState, text: str) -> datetime | Unclear:
    when = parse_past_time(text, turn.now)
    return UNCLEAR if when is None else when


def _on_time(turn: Turn, state: ReportState, when: datetime) -> Outcome[ReportState]:
    child = _name(turn, state)
    previous = _previous_return(turn, state)
    found = plausibility(when, turn.now, not_before=previous)
    shown = london(when)
    if found is Plausible.FUTURE:
        return go(state, say(m.TIME_FUTURE.format(when=shown, child=child)))
    if found is Plausible.TOO_LONG_AGO:
        return go(state, say(m.TIME_TOO_LONG_AGO.format(when=shown, child=child)))
    if found is Plausible.BEFORE_PREVIOUS and previous is not None:
        return go(state, say(m.TIME_BEFORE_RETURN.format(child=child, previous=london(previous))))
    if found is Plausible.LONG_AGO:
        asked = _at(state, Step.CONFIRM_TIME, last_seen=when)
        return go(asked, *_prompt_confirm_time(turn, asked))
    state = _at(state, Step.RISK, last_seen=when)
    return go(state, say(m.LAST_SEEN_NOTED.format(when=shown)), *_prompt_risk(turn, state))


def _previous_return(turn: Turn, state: ReportState) -> datetime | None:
    """When the child last came back: a new report cannot start before it."""
    backs = [
        e.returned_at
        for e in episodes_for_children(turn.session, [_child_id(state)])
        if e.status == CLOSED and e.returned_at is not None
    ]
    return max(backs) if backs else None


def _prompt_confirm_time(turn: Turn, state: ReportState) -> list[Reply]:
    when = state.last_seen or turn.now
    days = (turn.now - when).days
    text = m.TIME_CONFIRM.format(child=_name(turn, state), when=london(when), days=days)
    return [say(text, *m.YES_NO_BUTTONS)]


def _on_confirm_time(turn: Turn, state: ReportState, answer: YesNo) -> Outcome[ReportState]:
    if answer is YesNo.NO:
        state = _at(state, Step.TIME, last_seen=None)
        return go(state, say(m.TIME_CONFIRM_AGAIN.format(child=_name(turn, state))))
    state = _at(state, Step.RISK)
    noted = say(m.LAST_SEEN_NOTED.format(when=london(state.last_seen or turn.now)))
    return go(state, noted, *_prompt_risk(turn, state))


# Danger: the record opens here ---------------------------------------------------------------


def _prompt_risk(turn: Turn, state: ReportState) -> list[Reply]:
    return [say(m.RISK_QUESTION.format(child=_name(turn, state)), *m.DANGER_BUTTONS)]


def _parse_danger(turn: Turn, state: ReportState, text: str) -> Danger | Unclear:
    return answers.danger(text)


def _on_danger(turn: Turn, state: ReportState, answer: Danger) -> Outcome[ReportState]:
    child_id, last_seen = _child_id(state), state.last_seen or turn.now
    try:
        opened = open_report(
            turn.session, turn.staff_id, child_id, last_seen=last_seen, now=turn.now
        )
    except CommandError:  # e.g. resumed days later: the time is now too old
        state = _at(state, Step.TIME, last_seen=None)
        return go(state, say(m.TIME_NOT_USABLE), *_prompt_time(turn, state))
    record_danger_answer(
        turn.session, turn.staff_id, opened.episode_id, DangerAnswer(answer.value), now=turn.now
    )
    child = _name(turn, state)
    replies = []
    if answer is Danger.YES:
        replies.append(say(m.CALL_999.format(child=child)))
    elif answer is Danger.UNSURE:
        replies.append(say(m.DANGER_UNSURE_ADVICE.format(child=child)))
    held = write_held(turn, child_id, opened.episode_id, state.pending)
    replies.append(say(m.RECORDED.format(child=child, when=london(last_seen))))
    state = dataclasses.replace(state, episode_id=opened.episode_id, pending=())
    return _start_searches(turn, state, *replies, *held)


# Searches ------------------------------------------------------------------------------------


def _start_searches(turn: Turn, state: ReportState, *before: Reply) -> Outcome[ReportState]:
    items = checklist(turn, _child_id(state), state.episode_id, "searches")
    state = _at(state, Step.SEARCH, search_index=0, search_ids=tuple(i.id for i in items))
    if not items:
        return _start_police(turn, state, *before)
    return go(state, *before, *_prompt_search(turn, state))


def _prompt_search(turn: Turn, state: ReportState) -> list[Reply]:
    items = _searches(turn, state)
    if state.search_index >= len(items):
        return []
    item = items[state.search_index]
    text = m.SEARCH.format(n=state.search_index + 1, total=len(items), text=item.text)
    return [say(text, *_SEARCH_BUTTONS)]


def _parse_search(turn: Turn, state: ReportState, text: str) -> answers.Checked | Unclear:
    return answers.search_step(text)


def _on_search(turn: Turn, state: ReportState, answer: answers.Checked) -> Outcome[ReportState]:
    if answer is answers.Checked.DONE:
        return _record_search(turn, state, answer.value, None)
    asked = _at(state, Step.SEARCH_REASON, search_status=answer.value)
    return go(asked, say(m.SEARCH_REASON))


def _parse_reason(turn: Turn, state: ReportState, text: str) -> str | Unclear:
    return answers.reason(text)


def _on_reason(turn: Turn, state: ReportState, reason: str) -> Outcome[ReportState]:
    return _record_search(turn, state, state.search_status or m.SKIP, reason)


def _record_search(
    turn: Turn, state: ReportState, status: str, reason: str | None
) -> Outcome[ReportState]:
    items = _searches(turn, state)
    if state.search_index < len(items):
        item = items[state.search_index]
        note = f"{item.text}: {status}" + (f" ({reason})" if reason else "")
        record_note(
            turn.session, turn.staff_id, _episode_id(state), note, now=turn.now,
            source=item.source, kind="search",
        )  # fmt: skip
    state = _at(state, Step.SEARCH, search_index=state.search_index + 1, search_status=None)
    if state.search_index < len(items):
        return go(state, *_prompt_search(turn, state))
    return _start_police(turn, state, say(m.SEARCHES_DONE))


def _prompt_search_reason(turn: Turn, state: ReportState) -> list[Reply]:
    return [say(m.SEARCH_REASON)]


# Police --------------------------------------------------------------------------------------


def _start_police(turn: Turn, state: ReportState, *before: Reply) -> Outcome[ReportState]:
    state = _at(state, Step.POLICE)
    child = get_child(turn.session, _child_id(state))
    asked = checklist(turn, child.id, state.episode_id, "police_questions")
    questions = "\n".join(f"- {q.text}" for q in asked)
    due = [t.due_at for t in _open_tasks(turn, state) if t.code == "report_to_police"]
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
        summary_reply(turn, child, _episode_id(state)),
        *_prompt_police(turn, state),
    )


def _prompt_police(turn: Turn, state: ReportState) -> list[Reply]:
    child = _name(turn, state)
    if state.police_reference:
        asked = m.POLICE_SAID_REFERENCE.format(reference=state.police_reference, child=child)
    elif state.police_called:
        asked = m.POLICE_SAID_CALLED.format(child=child)
    else:
        asked = m.POLICE_ASKED.format(child=child)
    return [say(asked, *m.YES_NO_BUTTONS, (m.POLICE_LATER, m.FINISHED))]


def _parse_police(turn: Turn, state: ReportState, text: str) -> YesNo | str | Unclear:
    if answers.normalise(text) in _FINISHED_WORDS:
        return m.FINISHED
    return answers.yes_no(text)


def _parse_yes_no(turn: Turn, state: ReportState, text: str) -> YesNo | Unclear:
    return answers.yes_no(text)


def _on_police(turn: Turn, state: ReportState, answer: YesNo | str) -> Outcome[ReportState]:
    if answer is YesNo.YES and state.police_reference:
        # The reference their first message gave, now confirmed: nothing more to ask.
        return _on_reference(turn, state, PoliceReference(state.police_reference))
    if answer is YesNo.YES:
        state = _at(state, Step.POLICE_REF)
        return go(state, *_prompt_police_ref(turn, state))
    if answer is YesNo.NO:
        # Asked again, so "yes" once they have called records it here; or finish for now.
        # What the first message said is set aside: the person has just said otherwise.
        state = dataclasses.replace(state, police_reference=None, police_called=False)
        declined = say(m.POLICE_DECLINED.format(child=_name(turn, state)))
        return go(state, declined, *_prompt_police(turn, state))
    return _notify_or_finish(turn, _at(state, Step.NOTIFY))


def _prompt_police_ref(turn: Turn, state: ReportState) -> list[Reply]:
    # No button: a typed "1" must never become an answer here (issue 11).
    return [say(m.POLICE_REFERENCE)]


def _parse_reference(turn: Turn, state: ReportState, text: str) -> PoliceReference | Unclear:
    return answers.police_reference(text)


def _on_reference(turn: Turn, state: ReportState, ref: PoliceReference) -> Outcome[ReportState]:
    reference = ref.value if ref.value is not None else NOT_GIVEN_YET
    record_police_report(
        turn.session, turn.staff_id, _episode_id(state), reference, now=turn.now, text=ref.value
    )
    shown = f", reference {ref.value}" if ref.value else ""
    recorded = say(m.POLICE_RECORDED.format(when=hhmm(turn.now), reference=shown))
    return _notify_or_finish(turn, _at(state, Step.NOTIFY), recorded)


# Who to tell ---------------------------------------------------------------------------------


def _prompt_notify(turn: Turn, state: ReportState) -> list[Reply]:
    tasks = _notify_tasks(turn, state)
    buttons = [(f"Done: {t.title}", f"done:{t.id}") for t in tasks]
    return [say(m.NOTIFY_INTRO, *buttons, ("Finished for now", m.FINISHED))]


def _parse_notify(turn: Turn, state: ReportState, text: str) -> TaskRecord | str | Unclear:
    lowered = answers.exact(text)
    if lowered in _FINISHED_WORDS:
        return m.FINISHED
    tasks = {f"done:{t.id}": t for t in _notify_tasks(turn, state)}
    return tasks.get(lowered, UNCLEAR)


def _on_notify(turn: Turn, state: ReportState, answer: TaskRecord | str) -> Outcome[ReportState]:
    if not isinstance(answer, TaskRecord):
        return _finish(turn, state)
    mark_task_done(turn.session, turn.staff_id, answer.id, now=turn.now)
    return _notify_or_finish(turn, state, say(m.NOTIFY_DONE.format(title=answer.title)))


def _notify_or_finish(turn: Turn, state: ReportState, *before: Reply) -> Outcome[ReportState]:
    state = _at(state, Step.NOTIFY)
    if _notify_tasks(turn, state):
        return go(state, *before, *_prompt_notify(turn, state))
    return _finish(turn, state, *before, say(m.NOTIFY_NONE))


def _finish(turn: Turn, state: ReportState, *before: Reply) -> Outcome[ReportState]:
    child = _name(turn, state)
    open_tasks = _open_tasks(turn, state)
    upcoming = [t for t in open_tasks if t.due_at > turn.now][:3]
    lines = [
        m.NEXT_ITEM.format(when=london(t.due_at), title=t.title, who=who(turn, t)) for t in upcoming
    ]
    text = f"{m.NEXT_INTRO}\n" + "\n".join(lines) if lines else m.NEXT_NONE
    # "You've done everything needed" only when nothing of theirs is due now.
    mine = [t for t in notify_tasks(turn, _episode_id(state)) if t.due_at <= turn.now]
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


# Words typed at a step that did not take them ------------------------------------------------


def _keep(turn: Turn, state: ReportState, text: str) -> tuple[list[Reply], ReportState]:
    return keep_or_hold(turn, state, text)


# Why -----------------------------------------------------------------------------------------


def _why_child(turn: Turn, state: ReportState) -> str:
    return m.WHY_CHILD


def _why_time(turn: Turn, state: ReportState) -> str:
    return m.WHY_TIME.format(child=_name(turn, state))


def _why_confirm_time(turn: Turn, state: ReportState) -> str:
    return m.WHY_CONFIRM_TIME


def _why_risk(turn: Turn, state: ReportState) -> str:
    return m.WHY_RISK


def _why_search(turn: Turn, state: ReportState) -> str:
    items = _searches(turn, state)
    if state.search_index >= len(items):
        return m.WHY_SEARCH_REASON
    item = items[state.search_index]
    return m.WHY.format(text=item.text, source=item.source)


def _why_search_reason(turn: Turn, state: ReportState) -> str:
    return f"{m.WHY_SEARCH_REASON}\n\n{_why_search(turn, state)}"


def _why_police(turn: Turn, state: ReportState) -> str:
    tasks = [t for t in _open_tasks(turn, state) if t.code == "report_to_police"]
    return _task_reasons(tasks) or m.WHY_POLICE


def _why_notify(turn: Turn, state: ReportState) -> str:
    return _task_reasons(_notify_tasks(turn, state)) or m.WHY_NOTIFY


def _task_reasons(tasks: list[TaskRecord]) -> str:
    return "\n\n".join(m.WHY.format(text=t.why or t.title, source=t.source) for t in tasks)


# Lookups -------------------------------------------------------------------------------------


def _child_id(state: ReportState) -> int:
    if state.child_id is None:
        raise ValueError("no child chosen yet")
    return state.child_id


def _episode_id(state: ReportState) -> int:
    if state.episode_id is None:
        raise ValueError("no record opened yet")
    return state.episode_id


def _name(turn: Turn, state: ReportState) -> str:
    return full_name(get_child(turn.session, _child_id(state)))


def _open_tasks(turn: Turn, state: ReportState) -> list[TaskRecord]:
    return [] if state.episode_id is None else actionable(turn, state.episode_id)


def _notify_tasks(turn: Turn, state: ReportState) -> list[TaskRecord]:
    return [] if state.episode_id is None else notify_tasks(turn, state.episode_id)


def _searches(turn: Turn, state: ReportState) -> tuple[ChecklistItem, ...]:
    """The searches fixed when they began (a foster carer is not asked residential-only steps),
    so the position stays valid on resume."""
    if state.search_ids is None:
        return checklist(turn, _child_id(state), state.episode_id, "searches")
    return checklist_items(turn, _child_id(state), "searches", state.search_ids)


STEPS: dict[Step, StepSpec[ReportState]] = {
    Step.CHILD: StepSpec(_prompt_child, _parse_child, _on_child, _why_child,
                         (Step.TIME, Step.SEARCH)),
    Step.TIME: StepSpec(_prompt_time, _parse_time, _on_time, _why_time,
                        (Step.TIME, Step.CONFIRM_TIME, Step.RISK), m.TIME_NOT_READ),
    Step.CONFIRM_TIME: StepSpec(_prompt_confirm_time, _parse_yes_no, _on_confirm_time,
                                _why_confirm_time, (Step.TIME, Step.RISK)),
    Step.RISK: StepSpec(_prompt_risk, _parse_danger, _on_danger, _why_risk,
                        (Step.TIME, Step.SEARCH, Step.POLICE)),
    Step.SEARCH: StepSpec(_prompt_search, _parse_search, _on_search, _why_search,
                          (Step.SEARCH, Step.SEARCH_REASON, Step.POLICE)),
    Step.SEARCH_REASON: StepSpec(_prompt_search_reason, _parse_reason, _on_reason,
                                 _why_search_reason, (Step.SEARCH, Step.POLICE), m.REASON_EMPTY),
    Step.POLICE: StepSpec(_prompt_police, _parse_police, _on_police, _why_police,
                          (Step.POLICE, Step.POLICE_REF, Step.NOTIFY, END)),
    Step.POLICE_REF: StepSpec(_prompt_police_ref, _parse_reference, _on_reference, _why_police,
                              (Step.NOTIFY, END), m.REFERENCE_EMPTY),
    Step.NOTIFY: StepSpec(_prompt_notify, _parse_notify, _on_notify, _why_notify,
                          (Step.NOTIFY, END)),
}  # fmt: skip

flow: DeclaredFlow[ReportState] = DeclaredFlow(
    FLOW, ReportState, STEPS, (Step.CHILD, Step.TIME, Step.SEARCH), _keep
)
prompt = flow.prompt
why = flow.why
handle = flow.handle
