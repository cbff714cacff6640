"""Telling the police, within an update while a child is missing (dialogues.flows.episode_update):
"I've told the police" recorded with its time and reference, "police" alone asked about first,
and the reference asked for when it was not given. The step table is in episode_update."""

from __future__ import annotations

import re
from datetime import datetime

from dialogues import answers
from dialogues import messages as shared
from dialogues.answers import UNCLEAR, PoliceReference, Unclear, YesNo
from dialogues.context import Turn
from dialogues.flows import episode_update_messages as m
from dialogues.flows.common import changes, changes_text, hhmm, snapshot
from dialogues.flows.episode_update_review import end_update
from dialogues.flows.episode_update_state import (
    Step,
    UpdateState,
    at_step,
    child_name,
    chosen_episode,
    message_entities,
)
from dialogues.flows.steps import Outcome, end, go
from dialogues.replies import Reply, say
from storage.commands import NOT_GIVEN_YET, record_police_report
from storage.models import Child, Episode

# "I've told the police" said in words: without one of these (or a reference), "police" or
# "999" alone is a question to ask, never a report to record.
_REPORTED = re.compile(
    r"\b(reported|told|called|rang|rung|phoned|spoke|spoken|contacted|informed|rung|"
    r"been on to|got through|on the phone)\b"
)


def police(
    turn: Turn, state: UpdateState, child: Child, episode: Episode, text: str
) -> Outcome[UpdateState]:
    entities = message_entities(turn, text, child)
    typed = entities.get("police_reference")
    reference = answers.police_reference(typed) if typed else UNCLEAR
    lowered = answers.normalise(text)
    if isinstance(reference, Unclear) and not _REPORTED.search(lowered):
        # "police" or "999" alone: ask, never record a report from it.
        state = at_step(state, Step.POLICE_CONFIRM)
        return go(state, *prompt_police_confirm(turn, state))
    at = _reported_at(entities.get("time"), episode, turn.now)
    value = reference.value if isinstance(reference, PoliceReference) else None
    return _record_report(turn, at_step(state, Step.REFERENCE, reported_at=at), value, text)


def _record_report(
    turn: Turn, state: UpdateState, reference: str | None, text: str | None
) -> Outcome[UpdateState]:
    episode_id = chosen_episode(state)
    before = snapshot(turn, episode_id)
    at = state.reported_at or turn.now
    record_police_report(
        turn.session, turn.staff_id, episode_id, reference or NOT_GIVEN_YET, now=turn.now,
        at=at, text=text,
    )  # fmt: skip
    name = child_name(turn, state)
    shown = f", reference {reference}" if reference else ""
    recorded = say(m.POLICE_RECORDED.format(child=name, when=hhmm(at), reference=shown))
    if reference:
        return end_update(turn, state, before, [recorded])
    state = at_step(state, Step.REFERENCE, reported_at=at)
    what = say(changes_text(changes(turn, episode_id, before)))
    return go(state, recorded, what, *prompt_reference(turn, state))


def prompt_police_confirm(turn: Turn, state: UpdateState) -> list[Reply]:
    return [
        say(m.POLICE_CONFIRM.format(child=child_name(turn, state)), ("Yes", m.YES), ("No", m.NO))
    ]


def on_police_confirm(turn: Turn, state: UpdateState, answer: YesNo) -> Outcome[UpdateState]:
    name = child_name(turn, state)
    if answer is YesNo.NO:
        return end(say(shared.POLICE_DECLINED.format(child=name)))
    return _record_report(turn, at_step(state, Step.REFERENCE, reported_at=turn.now), None, None)


def prompt_reference(turn: Turn, state: UpdateState) -> list[Reply]:
    # No button: a typed "1" must never become an answer here (issue 11).
    return [say(m.POLICE_REFERENCE)]


def parse_reference(turn: Turn, state: UpdateState, text: str) -> PoliceReference | Unclear:
    return answers.police_reference(text)


def on_reference(turn: Turn, state: UpdateState, ref: PoliceReference) -> Outcome[UpdateState]:
    if ref.value is None:
        return end(say(m.POLICE_REF_LATER))
    # Same report, now with its reference: storage keeps the first report time and sets the
    # reference on the episode.
    at = state.reported_at or turn.now
    record_police_report(
        turn.session, turn.staff_id, chosen_episode(state), ref.value, now=turn.now, at=at,
        text=ref.value,
    )  # fmt: skip
    done = say(m.POLICE_REF_RECORDED.format(reference=ref.value, child=child_name(turn, state)))
    return end_update(turn, state, snapshot(turn, chosen_episode(state)), [done])


def why_police(turn: Turn, state: UpdateState) -> str:
    return shared.WHY_POLICE


def _reported_at(time_value: str | None, episode: Episode, now: datetime) -> datetime:
    """When the police were told: the time the message gave, if it falls within the episode,
    otherwise now."""
    if time_value:
        try:
            at = datetime.fromisoformat(time_value.replace("Z", "+00:00"))
        except ValueError:
            return now
        if at.tzinfo is not None and episode.started_at <= at <= now:
            return at
    return now
