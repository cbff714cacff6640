"""The parse result in Rasa's shape, shared by every backend and by the dialogue manager."""

from __future__ import annotations

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
