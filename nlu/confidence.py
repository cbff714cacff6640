"""When the dialogue should ask rather than act on what was understood.

Acting on a wrong intent is costly in both directions that matter (closing an episode, opening
one), so those two intents need more certainty than a greeting does.
"""

from __future__ import annotations

from nlu.types import IntentScore, ParseResult

CONFIDENCE_THRESHOLD = 0.45
# Intents that open or close an episode are confirmed unless the model is clearly sure.
CRITICAL_INTENTS: frozenset[str] = frozenset({"child_returned", "report_missing"})
CRITICAL_THRESHOLD = 0.6


def threshold_for(intent: str) -> float:
    return CRITICAL_THRESHOLD if intent in CRITICAL_INTENTS else CONFIDENCE_THRESHOLD


def needs_confirmation(result: ParseResult) -> bool:
    """True when the dialogue should offer buttons instead of acting on `result["intent"]`.

    Also true when a safety rule overruled the classifier: the message was one the model found
    ambiguous, and a person should say which it is.
    """
    intent = result["intent"]
    return (
        intent["confidence"] < threshold_for(intent["name"])
        or bool(result.get("safety"))
        or intent["name"] == "out_of_scope"
    )


def alternatives(result: ParseResult, limit: int = 3) -> list[IntentScore]:
    """The best few intents to offer as buttons, best first, excluding out_of_scope."""
    return [s for s in result["intent_ranking"] if s["name"] != "out_of_scope"][:limit]
