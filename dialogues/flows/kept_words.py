"""Nothing a carer says is lost: words typed at a step that did not take them.

"phone off", "went off with a lad called dean in a car", a long account typed at the time or
search question: kept on the episode in the person's own words (a note), its risk words recorded
as concerns, a changed view of the danger recorded as a new danger answer, acknowledged briefly;
then the step is asked again. Before an episode exists the words wait in the flow's state and are
written when it opens. Junk (emoji, fillers, a lone digit) is never kept.
"""

from __future__ import annotations

import dataclasses
from dataclasses import Field
from typing import Any, ClassVar, Protocol, TypeVar

from dialogues import messages as m
from dialogues.answers import Danger, danger_change, worth_keeping
from dialogues.context import Turn
from dialogues.flows.common import full_name
from dialogues.replies import Reply, say
from dialogues.secondary_facts import risk_denied
from protocols.vocabulary import RISK_FACTORS
from storage.commands import DangerAnswer, record_concern, record_danger_answer, record_note
from storage.people import get_child

MAX_PENDING = 20  # words held before the record opens; more than this is not a night report
FACTOR_WORDS = {
    "cse": "sexual exploitation",
    "cce": "criminal exploitation",
    "self_harm": "self-harm",
    "older_adult": "an older adult",
    "unknown_adult": "an unknown adult",
    "online_contact": "online contact",
}


def keep(turn: Turn, child_id: int | None, episode_id: int | None, text: str) -> list[Reply]:
    """Write `text` to the episode (with its concerns) and say so; [] when it is not words."""
    if episode_id is None or child_id is None or not worth_keeping(text):
        return []
    words = " ".join(text.split())
    record_note(turn.session, turn.staff_id, episode_id, words, now=turn.now, kind="said")
    child = full_name(get_child(turn.session, child_id))
    replies = [say(m.KEPT_WORDS.format(child=child))]
    factors = risk_factors(turn, words, child_id)
    for factor in factors:
        record_concern(turn.session, turn.staff_id, episode_id, factor, words, now=turn.now)
    if factors:
        labels = ", ".join(FACTOR_WORDS.get(f, f.replace("_", " ")) for f in factors)
        replies.append(say(m.KEPT_CONCERNS.format(factors=labels)))
    changed = danger_change(words)
    if changed is not None:
        answer = DangerAnswer.YES if changed is Danger.YES else DangerAnswer.NO
        record_danger_answer(
            turn.session, turn.staff_id, episode_id, answer, now=turn.now, text=words
        )
        text_for = m.DANGER_CHANGED_YES if changed is Danger.YES else m.DANGER_CHANGED_NO
        replies.append(say(text_for.format(child=child)))
    return replies


class HoldsWords(Protocol):
    """A flow state that knows its child and episode, and holds words until the record opens."""

    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    @property
    def child_id(self) -> int | None: ...
    @property
    def episode_id(self) -> int | None: ...
    @property
    def pending(self) -> tuple[str, ...]: ...


StateT = TypeVar("StateT", bound=HoldsWords)


def keep_or_hold(turn: Turn, state: StateT, text: str) -> tuple[list[Reply], StateT]:
    """Stray words: kept on the episode, or held in the state while the child is not known."""
    if state.episode_id is None:
        pending, replies = hold(state.pending, text)
        return replies, dataclasses.replace(state, pending=pending)
    return keep(turn, state.child_id, state.episode_id, text), state


def hold(pending: tuple[str, ...], text: str) -> tuple[tuple[str, ...], list[Reply]]:
    """Keep `text` in the state until the record opens (report_missing's first steps)."""
    if not worth_keeping(text) or len(pending) >= MAX_PENDING:
        return pending, []
    return (*pending, " ".join(text.split())), [say(m.KEPT_FOR_LATER)]


def write_held(turn: Turn, child_id: int, episode_id: int, pending: tuple[str, ...]) -> list[Reply]:
    """The words held before the record opened, now kept on it (replies only for concerns)."""
    replies: list[Reply] = []
    for words in pending:
        replies += keep(turn, child_id, episode_id, words)[1:]
    return replies


def risk_factors(turn: Turn, text: str, child_id: int) -> list[str]:
    """The risk factors the NLU finds in `text` (drugs, weapon, an older adult…)."""
    child = get_child(turn.session, child_id)
    names = [n for n in (child.given_name, child.preferred_name, child.family_name) if n]
    parsed = turn.understanding.parse(text, turn.now, child_names=names)
    return sorted(
        {
            str(e["value"])
            for e in parsed["entities"]
            if e["entity"] == "risk_factor"
            and e["value"] in RISK_FACTORS
            and not risk_denied(text, e)  # "no drugs on him" is no concern
        }
    )
