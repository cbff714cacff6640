"""The saved state of the updates while a child is missing (dialogues.flows.episode_update):
its steps, the frozen state saved as JSON in the conversation row, and what that state points
at (the episode, the child's name, what a message said besides the child's name)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from dialogues import answers
from dialogues.answers import Unclear, YesNo
from dialogues.context import Turn
from dialogues.flows.common import full_name
from nlu.types import is_companion
from storage.episodes import get_episode
from storage.models import Child, Episode
from storage.people import get_child

FLOW = "episode_update"


class Step(StrEnum):
    CHILD = "child"
    CONFIRM = "confirm"
    POLICE_CONFIRM = "police_confirm"
    REFERENCE = "reference"
    LEVEL = "level"
    NOTE = "note"


@dataclass(frozen=True)
class UpdateState:
    step: Step
    kind: str
    child_id: int | None = None
    episode_id: int | None = None
    text: str = ""  # the message that started the update, until its child is known
    target: str | None = None  # the category a whereabouts update would change to
    reported_at: datetime | None = None
    pending: tuple[str, ...] = ()  # words said before the child was known


def at_step(state: UpdateState, step: Step, **changes: object) -> UpdateState:
    return dataclasses.replace(state, step=step, **changes)  # type: ignore[arg-type]


def parse_yes_no(turn: Turn, state: UpdateState, text: str) -> YesNo | Unclear:
    return answers.yes_no(text)


def message_entities(turn: Turn, text: str, child: Child) -> dict[str, str]:
    """The first value of each entity type in the message (child names excluded). A `person`
    is only someone the child is with (role "companion"): "her mum says she's with two older
    lads" records "two older lads", never "her mum", as who they are with."""
    names = [n for n in (child.given_name, child.preferred_name, child.family_name) if n]
    parsed = turn.understanding.parse(text, turn.now, child_names=names)
    found: dict[str, str] = {}
    for entity in parsed["entities"]:
        if entity["entity"] == "person" and not is_companion(entity):
            continue
        if entity["entity"] != "child_name":
            found.setdefault(str(entity["entity"]), str(entity["value"]))
    return found


def chosen_episode(state: UpdateState) -> int:
    if state.episode_id is None:
        raise ValueError("no episode chosen yet")
    return state.episode_id


def episode_of(turn: Turn, state: UpdateState) -> Episode:
    return get_episode(turn.session, chosen_episode(state))


def child_name(turn: Turn, state: UpdateState) -> str:
    if state.child_id is None:
        raise ValueError("no child chosen yet")
    return full_name(get_child(turn.session, state.child_id))
