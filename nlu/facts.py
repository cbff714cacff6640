"""More than one fact in a message: the secondary intents kept beside the main one.

"Kai's back, he smells of cannabis" is a return and a risk; "rang 999, she took a knife" is a
police report and a risk. The Rasa shape has one intent, so the others go in an extra field,
`secondary_intents` (same shape as `intent_ranking` items), which a Rasa client ignores.

The rules here read the words and the entities, not the classifier: a risk factor named is a
risk disclosed, a police reference or a 999/101 call is a police report. A return is never
added as a secondary fact (closing an episode needs the carer to say so plainly).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nlu.types import Entity, IntentScore

# "rang 999", "called the police", "999 called", "after my 999 call".
_POLICE_CALL = re.compile(
    r"\b(?:rang|rung|called|phoned|dialled|dialed|ring|call|calling|phoning)\s+(?:the\s+)?"
    r"(?:police|999|101|cops)\b|\b(?:999|101)\s+(?:called|call|done|rung)\b|\bmy\s+999\s+call\b"
    r"|\bemergency\s+call\b",
    re.I,
)
# Intents the rules may add; never child_returned or report_missing.
SECONDARY_CANDIDATES = ("police_reported", "risk_concern", "new_information", "whereabouts_known")
# A classifier's runner-up counts as a second fact only when it is this likely.
RUNNER_UP_MIN = 0.3


def mentions_police_call(text: str) -> bool:
    return _POLICE_CALL.search(text) is not None


def promote_police_call(
    text: str, ranking: list[IntentScore], entities: Sequence[Entity]
) -> tuple[list[IntentScore], bool]:
    """A 999 call about a risk is a police report first (and a risk as well).

    Only when the classifier's top answer is the risk itself: the call is the fact that
    changes the protocol's clock.
    """
    if not ranking or ranking[0]["name"] != "risk_concern" or not mentions_police_call(text):
        return ranking, False
    police = [s for s in ranking if s["name"] == "police_reported"]
    if not police:
        return ranking, False
    rest = [s for s in ranking if s["name"] != "police_reported"]
    return police + rest, True


def secondary_intents(
    text: str, top: str, ranking: Sequence[IntentScore], entities: Sequence[Entity]
) -> list[IntentScore]:
    """The other facts in the message, most certain first, without the main intent."""
    found: dict[str, float] = {}
    risks = [e for e in entities if e["entity"] == "risk_factor"]
    if risks:
        found["risk_concern"] = max(e["confidence"] for e in risks)
    reported = any(e["entity"] == "police_reference" for e in entities) or any(
        e["entity"] == "task" and e["value"] == "report_to_police" for e in entities
    )
    if reported or mentions_police_call(text):
        found["police_reported"] = 1.0
    for score in ranking[1:3]:
        if score["name"] in SECONDARY_CANDIDATES and score["confidence"] >= RUNNER_UP_MIN:
            found.setdefault(score["name"], score["confidence"])
    found.pop(top, None)
    ordered = sorted(found.items(), key=lambda item: -item[1])
    return [IntentScore(name=name, confidence=round(conf, 4)) for name, conf in ordered]
