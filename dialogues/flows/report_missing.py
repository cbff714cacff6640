"""The carer's night report: one question at a time, each answer recorded as it is given.

Declared as steps (dialogues.flows.steps): child -> time -> (confirm_time) -> risk (the record is
opened and the danger answer recorded) -> search / search_reason -> police -> police_ref ->
notify -> end. The diagram is in docs/conversations.md. The state holds only ids, instants and
positions, so any process can pick the conversation up from the database.

This module starts the report, asks for the child, the time and the danger, and holds the step
table; the state is in report_missing_state, the steps once the record is open (searches,
police, who to tell) in report_missing_duties. Every text is in dialogues.messages.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from dialogues import answers
from dialogues import messages as m
from dialogues.answers import UNCLEAR, Danger, Unclear, YesNo
from dialogues.context import Turn
from dialogues.flows.common import full_name, london, named
from dialogues.flows.kept_words import keep_or_hold, write_held
from dialogues.flows.report_missing_duties import (
    on_notify,
    on_police,
    on_reason,
    on_reference,
    on_search,
    parse_notify,
    parse_police,
    parse_reason,
    parse_reference,
    parse_search,
    prompt_notify,
    prompt_police,
    prompt_police_ref,
    prompt_search,
    prompt_search_reason,
    start_searches,
    why_notify,
    why_police,
    why_search,
    why_search_reason,
)
from dialogues.flows.report_missing_state import FLOW as FLOW
from dialogues.flows.report_missing_state import ReportState as ReportState
from dialogues.flows.report_missing_state import Step as Step
from dialogues.flows.report_missing_state import at_step, child_name, chosen_child
from dialogues.flows.steps import END, DeclaredFlow, Outcome, StepSpec, go
from dialogues.replies import Reply, say
from dialogues.when import Plausible, parse_past_time, plausibility
from storage.commands import DangerAnswer, open_report, record_danger_answer
from storage.episodes import CLOSED, open_episode_for_child
from storage.errors import CommandError
from storage.models import Child
from storage.people import children_for_carer
from storage.queries import episodes_for_children

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
        state = at_step(
            state, Step.SEARCH, child_id=child.id, episode_id=existing.id,
            last_seen=existing.started_at,
        )  # fmt: skip
        intro = say(m.ALREADY_OPEN.format(child=full_name(child)))
        held = write_held(turn, child.id, existing.id, state.pending)
        return start_searches(turn, dataclasses.replace(state, pending=()), intro, *held)
    state = at_step(state, Step.TIME, child_id=child.id)
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
    return [say(m.WHEN_LAST_SEEN.format(child=child_name(turn, state)))]


def _parse_time(turn: Turn, state: ReportState, text: str) -> datetime | Unclear:
    when = parse_past_time(text, turn.now)
    return UNCLEAR if when is None else when


def _on_time(turn: Turn, state: ReportState, when: datetime) -> Outcome[ReportState]:
    child = child_name(turn, state)
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
        asked = at_step(state, Step.CONFIRM_TIME, last_seen=when)
        return go(asked, *_prompt_confirm_time(turn, asked))
    state = at_step(state, Step.RISK, last_seen=when)
    return go(state, say(m.LAST_SEEN_NOTED.format(when=shown)), *_prompt_risk(turn, state))


def _previous_return(turn: Turn, state: ReportState) -> datetime | None:
    """When the child last came back: a new report cannot start before it."""
    backs = [
        e.returned_at
        for e in episodes_for_children(turn.session, [chosen_child(state)])
        if e.status == CLOSED and e.returned_at is not None
    ]
    return max(backs) if backs else None


def _prompt_confirm_time(turn: Turn, state: ReportState) -> list[Reply]:
    when = state.last_seen or turn.now
    days = (turn.now - when).days
    text = m.TIME_CONFIRM.format(child=child_name(turn, state), when=london(when), days=days)
    return [say(text, *m.YES_NO_BUTTONS)]


def _parse_yes_no(turn: Turn, state: ReportState, text: str) -> YesNo | Unclear:
    return answers.yes_no(text)


def _on_confirm_time(turn: Turn, state: ReportState, answer: YesNo) -> Outcome[ReportState]:
    if answer is YesNo.NO:
        state = at_step(state, Step.TIME, last_seen=None)
        return go(state, say(m.TIME_CONFIRM_AGAIN.format(child=child_name(turn, state))))
    state = at_step(state, Step.RISK)
    noted = say(m.LAST_SEEN_NOTED.format(when=london(state.last_seen or turn.now)))
    return go(state, noted, *_prompt_risk(turn, state))


# Danger: the record opens here ---------------------------------------------------------------


def _prompt_risk(turn: Turn, state: ReportState) -> list[Reply]:
    return [say(m.RISK_QUESTION.format(child=child_name(turn, state)), *m.DANGER_BUTTONS)]


def _parse_danger(turn: Turn, state: ReportState, text: str) -> Danger | Unclear:
    return answers.danger(text)


def _on_danger(turn: Turn, state: ReportState, answer: Danger) -> Outcome[ReportState]:
    child_id, last_seen = chosen_child(state), state.last_seen or turn.now
    try:
        opened = open_report(
            turn.session, turn.staff_id, child_id, last_seen=last_seen, now=turn.now
        )
    except CommandError:  # e.g. resumed days later: the time is now too old
        state = at_step(state, Step.TIME, last_seen=None)
        return go(state, say(m.TIME_NOT_USABLE), *_prompt_time(turn, state))
    record_danger_answer(
        turn.session, turn.staff_id, opened.episode_id, DangerAnswer(answer.value), now=turn.now
    )
    child = child_name(turn, state)
    replies = []
    if answer is Danger.YES:
        replies.append(say(m.CALL_999.format(child=child)))
    elif answer is Danger.UNSURE:
        replies.append(say(m.DANGER_UNSURE_ADVICE.format(child=child)))
    held = write_held(turn, child_id, opened.episode_id, state.pending)
    replies.append(say(m.RECORDED.format(child=child, when=london(last_seen))))
    state = dataclasses.replace(state, episode_id=opened.episode_id, pending=())
    return start_searches(turn, state, *replies, *held)


# Words typed at a step that did not take them, and why ------------------------------------------


def _keep(turn: Turn, state: ReportState, text: str) -> tuple[list[Reply], ReportState]:
    return keep_or_hold(turn, state, text)


def _why_child(turn: Turn, state: ReportState) -> str:
    return m.WHY_CHILD


def _why_time(turn: Turn, state: ReportState) -> str:
    return m.WHY_TIME.format(child=child_name(turn, state))


def _why_confirm_time(turn: Turn, state: ReportState) -> str:
    return m.WHY_CONFIRM_TIME


def _why_risk(turn: Turn, state: ReportState) -> str:
    return m.WHY_RISK


STEPS: dict[Step, StepSpec[ReportState]] = {
    Step.CHILD: StepSpec(_prompt_child, _parse_child, _on_child, _why_child,
                         (Step.TIME, Step.SEARCH)),
    Step.TIME: StepSpec(_prompt_time, _parse_time, _on_time, _why_time,
                        (Step.TIME, Step.CONFIRM_TIME, Step.RISK), m.TIME_NOT_READ),
    Step.CONFIRM_TIME: StepSpec(_prompt_confirm_time, _parse_yes_no, _on_confirm_time,
                                _why_confirm_time, (Step.TIME, Step.RISK)),
    Step.RISK: StepSpec(_prompt_risk, _parse_danger, _on_danger, _why_risk,
                        (Step.TIME, Step.SEARCH, Step.POLICE)),
    Step.SEARCH: StepSpec(prompt_search, parse_search, on_search, why_search,
                          (Step.SEARCH, Step.SEARCH_REASON, Step.POLICE)),
    Step.SEARCH_REASON: StepSpec(prompt_search_reason, parse_reason, on_reason,
                                 why_search_reason, (Step.SEARCH, Step.POLICE), m.REASON_EMPTY),
    Step.POLICE: StepSpec(prompt_police, parse_police, on_police, why_police,
                          (Step.POLICE, Step.POLICE_REF, Step.NOTIFY, END)),
    Step.POLICE_REF: StepSpec(prompt_police_ref, parse_reference, on_reference, why_police,
                              (Step.NOTIFY, END), m.REFERENCE_EMPTY),
    Step.NOTIFY: StepSpec(prompt_notify, parse_notify, on_notify, why_notify,
                          (Step.NOTIFY, END)),
}  # fmt: skip

flow: DeclaredFlow[ReportState] = DeclaredFlow(
    FLOW, ReportState, STEPS, (Step.CHILD, Step.TIME, Step.SEARCH), _keep
)
prompt = flow.prompt
why = flow.why
handle = flow.handle
