"""What a message means, in Rasa's parse shape (/work/shared/interfaces.md).

The dialogue manager depends only on the `Understanding` protocol, so this keyword matcher can be
swapped for the real NLU (nlu/) without touching the flows.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol


class Understanding(Protocol):
    def parse(
        self, text: str, now: datetime, *, child_names: Sequence[str] = ()
    ) -> dict[str, Any]: ...


# Negated returns come first: "not back", "hasn't come home", "still not home" are a child
# who is missing, and reading them as a return would close an episode on a missing child.
_NEGATED_RETURN = re.compile(
    r"\b(not|never|no sign|hasn'?t|hasnt|isn'?t|isnt|haven'?t|didn'?t|didnt|won'?t|can'?t|"
    r"cannot|still not|yet to)\b.*\b(back|home|in|returned|come|came|arrived|turned up|find|found)"
)
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cancel", re.compile(r"^(cancel|stop|quit|abort|never ?mind|forget it)\b")),
    ("deny", re.compile(r"^(no|n|nope|nah|not yet|no not yet|i haven'?t|haven'?t)\W*$")),
    ("report_missing", _NEGATED_RETURN),
    (
        "report_missing",
        re.compile(r"\b(missing|run ?away|ran away|runaway|gone|absconded|disappeared|due in)\b"),
    ),
    ("child_returned", re.compile(r"\b(back|home|returned|found|turned up|arrived|safe)\b")),
    (
        "affirm",
        re.compile(r"^(yes|y|yeah|yep|yup|ok|okay|sure|correct|right|i have|done|reported)\b"),
    ),
    ("status_query", re.compile(r"\b(status|tasks?|what'?s due|who is missing|open episodes?)\b")),
    ("ask_guidance", re.compile(r"\b(help|what (should|do) i do|what now|why|how)\b")),
    ("greet", re.compile(r"^(hi|hello|hey|hiya|good (morning|evening|afternoon|night))\b")),
)


class KeywordUnderstanding:
    """A few hand-written patterns: enough for the console demo and the scripted tests."""

    def parse(self, text: str, now: datetime, *, child_names: Sequence[str] = ()) -> dict[str, Any]:
        lowered = " ".join(text.lower().split())
        name = "out_of_scope"
        for intent, pattern in _RULES:
            if pattern.search(lowered):
                name = intent
                break
        confidence = 0.3 if name == "out_of_scope" else 0.9
        ranked: dict[str, Any] = {"name": name, "confidence": confidence}
        return {
            "text": text,
            "intent": ranked,
            "intent_ranking": [ranked],
            "entities": child_name_entities(text, child_names),
        }


def child_name_entities(text: str, child_names: Sequence[str]) -> list[dict[str, Any]]:
    """Words of `text` that are, or are close to, one of the names (first match per name)."""
    names = {n.lower(): n for n in child_names if n}
    found: list[dict[str, Any]] = []
    for match in re.finditer(r"[A-Za-z][A-Za-z'-]+", text):
        word = match.group().lower().removesuffix("'s")
        if word in names:
            value, confidence = names[word], 1.0
        else:
            close = difflib.get_close_matches(word, list(names), n=1, cutoff=0.8)
            if not close or len(word) < 3:
                continue
            value, confidence = names[close[0]], 0.8
        if all(e["value"] != value for e in found):
            found.append(
                {
                    "entity": "child_name",
                    "value": value,
                    "start": match.start(),
                    "end": match.end(),
                    "confidence": confidence,
                }
            )
    return found
