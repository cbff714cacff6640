"""More than one fact in a message: the secondary intents kept beside the main one.

"Kai's back, he smells of cannabis" is a return and a risk; "rang 999, she took a knife" is a
police report and a risk. The Rasa shape has one intent, so the others go in an extra field,
`secondary_intents` (same shape as `intent_ranking` items), which a Rasa client ignores.

The rules here read the words and the entities, not the classifier: a risk factor named is a
risk disclosed, a police reference or a 999/101 call is a police report, someone having seen
the child somewhere is news beside a report. A return is never added as a secondary fact
(closing an episode needs the carer to say so plainly).
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
# A sighting told with a report: "Kai's missing, his mate saw him at the bus station". Someone
# saw the child somewhere, not "nobody has seen him", "hasn't been seen since 9" or "last seen at
# 9" or "we saw her at tea" (the report's own last sight of the child, not news).
_SIGHTING = re.compile(
    r"\b(?:saw|spotted|sighted)\s+(?:him|her|them)\b"
    r"|\b(?:was|were|been|got|is)\s+(?:seen|spotted|sighted)\s+(?:at|in|near|outside|by|on|with|getting"
    r"|walking|going|heading|round|around)\b",
    re.I,
)
_UNSEEN = re.compile(
    r"\b(?:not|never|nobody|no\s*one|noone|last|\w+n'?t)\W+(?:\w+\W+){0,2}$"
    r"|\b(?:i|we|i've|we've|ive|weve|staff)\s+(?:last\s+|just\s+|only\s+)?$",
    re.I,
)
# Intents the rules may add; never child_returned or report_missing.
SECONDARY_CANDIDATES = ("police_reported", "risk_concern", "new_information", "whereabouts_known")
# A classifier's runner-up counts as a second fact only when it is this likely.
RUNNER_UP_MIN = 0.3


def mentions_police_call(text: str) -> bool:
    return _POLICE_CALL.search(text) is not None


def mentions_sighting(text: str) -> bool:
    """Someone saw the child somewhere (not a sighting denied or the report's "last seen")."""
    return any(not _UNSEEN.search(text[: m.start()]) for m in _SIGHTING.finditer(text))


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
    # Said in words, a sighting with a report is news however sure the classifier is of the
    # report (training data that makes it surer had pushed the news runner-up below 0.3).
    if top == "report_missing" and mentions_sighting(text):
        found["new_information"] = 1.0
    for score in ranking[1:3]:
        if score["name"] in SECONDARY_CANDIDATES and score["confidence"] >= RUNNER_UP_MIN:
            found.setdefault(score["name"], score["confidence"])
    found.pop(top, None)
    ordered = sorted(found.items(), key=lambda item: -item[1])
    return [IntentScore(name=name, confidence=round(conf, 4)) for name, conf in ordered]
