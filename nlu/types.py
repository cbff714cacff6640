"""The parse result in Rasa's shape, shared by every backend and by the dialogue manager."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NotRequired, TypedDict

INTENTS: tuple[str, ...] = (
    "report_missing",
    "whereabouts_known",
    "child_returned",
    "police_reported",
    "new_information",
    "risk_concern",
    "task_done",
    "status_query",
    "ask_guidance",
    "affirm",
    "deny",
    "greet",
    "goodbye",
    "cancel",
    "out_of_scope",
)

ENTITY_TYPES: tuple[str, ...] = (
    "child_name",
    "time",
    "police_reference",
    "location",
    "person",
    "risk_factor",
    "task",
)

# The roles a `person` entity carries (Rasa's entity `role`; nlu/entities/person_roles.py).
COMPANION = "companion"  # the child is or was with them: the record's "with"
INFORMANT = "informant"  # told us something about the child
MENTIONED = "mentioned"  # anyone else
PERSON_ROLES: tuple[str, ...] = (COMPANION, INFORMANT, MENTIONED)


def is_companion(entity: Mapping[str, Any]) -> bool:
    """A `person` the child is or was with. A person without a role (from a Rasa server trained
    before roles) counts as one: interfaces.md's `person` is "who they are with"."""
    return entity.get("entity") == "person" and entity.get("role", COMPANION) == COMPANION


class IntentScore(TypedDict):
    name: str
    confidence: float


class Entity(TypedDict):
    entity: str
    value: str
    start: int
    end: int
    confidence: float
    extractor: NotRequired[str]
    processors: NotRequired[list[str]]
    # Rasa's Duckling extractor puts grain and interval bounds here; time entities do the same.
    additional_info: NotRequired[dict[str, Any]]
    # Rasa's entity role. Every `person` carries one: "companion" (the child is or was with
    # them), "informant" (told us something) or "mentioned" (anyone else); see
    # nlu/entities/person_roles.py. A person without a role (a Rasa server trained before
    # roles) is read as a companion, as interfaces.md's "person (who they are with)" says.
    role: NotRequired[str]


class ParseResult(TypedDict):
    text: str
    intent: IntentScore
    intent_ranking: list[IntentScore]
    entities: list[Entity]
    # Names of safety rules that changed the classifier's answer; absent when none fired.
    safety: NotRequired[list[str]]
    # Other facts the same message carries (nlu/facts.py); absent when there are none.
    secondary_intents: NotRequired[list[IntentScore]]
    # Rules that reordered the ranking without a safety reason ("police_call"); absent if none.
    rules: NotRequired[list[str]]


def assemble(
    text: str, ranking: list[IntentScore], entities: list[Entity], fired: list[str]
) -> ParseResult:
    """The parse result both backends return: entities in text order, the top intent (or
    out_of_scope when the safety rules removed every candidate), and which rules fired."""
    entities.sort(key=lambda e: (e["start"], e["end"]))
    top = ranking[0] if ranking else IntentScore(name="out_of_scope", confidence=0.0)
    result = ParseResult(text=text, intent=top, intent_ranking=ranking, entities=entities)
    if fired:
        result["safety"] = fired
    return result
