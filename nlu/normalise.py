"""Text normalisation before intent features: phone spelling in, one canonical form out."""

from __future__ import annotations

import re
from collections.abc import Callable

from nlu.entities.lexicon import find_risk_factors, find_tasks
from nlu.entities.police_ref import find_police_references

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
# Phone spellings of negated auxiliaries; the classifier should see one form of "not".
_Replacement = str | Callable[[re.Match[str]], str]
_CONTRACTIONS: tuple[tuple[re.Pattern[str], _Replacement], ...] = (
    (
        re.compile(r"\b(has|have|is|was|were|did|does|do|are|could|would|should|had)n'?t\b"),
        r"\1 not",
    ),
    (re.compile(r"\bcan'?t\b"), "can not"),
    (re.compile(r"\bwon'?t\b"), "will not"),
    (re.compile(r"\bain'?t\b"), "is not"),
    (re.compile(r"\bnt\b"), "not"),
    (re.compile(r"\bnae\b"), "not"),
    # Scots: "didnae", "cannae", "isnae".
    (re.compile(r"\b(did|do|can|is|was|has|have|will|would|could|does)nae\b"), r"\1 not"),
    (re.compile(r"\b(who|what|that|where|when|how|it|he|she|there)'?s\b"), r"\1 is"),
    (re.compile(r"\b(i|you|we|they)'?ve\b"), r"\1 have"),
    (re.compile(r"\bi'?m\b"), "i am"),
    (re.compile(r"\b(you|we|they)'re\b"), r"\1 are"),
    (re.compile(r"\b(theyre|youre)\b"), lambda m: m.group(1)[:-2] + " are"),
)
_NEGATORS = frozenset({"not", "no", "never", "nobody", "nothing", "without", "yet"})
_STOP_NEGATION = frozenset({"but", "and", "though", "however", "so", ".", ",", "!", "?", ";"})
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[.,!?;]")


def normalise(text: str) -> str:
    """Lower-case, unify apostrophes and negations, and mark words in a negation's scope.

    "still not back" becomes "still not back neg_back": the marked copy lets a linear model
    tell "back" from "not back" without word order.
    """
    low = text.translate(_APOSTROPHES).lower()
    for pattern, replacement in _CONTRACTIONS:
        low = pattern.sub(replacement, low)
    words = _WORD.findall(low)
    marked: list[str] = []
    scope = 0
    for word in words:
        if word in _STOP_NEGATION:
            scope = 0
            continue
        if scope:
            marked.append("neg_" + word)
            scope -= 1
        if word in _NEGATORS:
            scope = 3
    # 999 and 101 are words ("rang 999"), not numbers: "100%" must not look like a call.
    spoken = re.sub(r"\b999\b", "nineninenine", " ".join(words))
    spoken = re.sub(r"\b101\b", "oneohone", spoken)
    digits = re.sub(r"\d", "0", spoken)
    return " ".join(
        [digits, *marked, *entity_markers(text), *question_marker(low), *place_markers(low)]
    )


# A question's shape: "has anyone told the IRO" asks (status), "told the IRO" tells (task done).
_QUESTION = re.compile(
    r"\?\s*$|^\W*(?:who|what|whats|when|where|why|how|which|whose|any)\b"
    # An auxiliary asks only with a subject after it: "has anyone told the IRO" asks, "has
    # returned to placement" (the subject dropped, as carers do) tells.
    r"|^\W*(?:has|have|is|are|was|did|do|does|can|could|should|shall|would|am)\s+"
    r"(?!(?:just|now|come|came|been|got|returned|turned|finally|not|back|home|safe|in|out|still"
    r"|gone|run|ran|left|done|had|made|walked|rocked|showed|shown|absconded|missing|found)\b)\w"
)


def question_marker(low: str) -> list[str]:
    """`__question` for a message shaped as a question, so the shape is one shared feature."""
    return ["__question"] if _QUESTION.search(low) else []


# Where the child is now ("she's at her nan's", "staying round his mate's") against what was
# seen earlier ("a neighbour saw him at the shops"): whereabouts against news.
_NOW_AT = re.compile(
    r"\b(?:is|s|are|hes|shes|theyre|staying|stopping|sat|sitting|stood|still)\s+"
    r"(?:at|round|with|over|outside|staying|stopping|sat"
    # "in town", "in a car": a place; "in danger", "in trouble", "in a state": not.
    r"|in\b(?!\s+(?:danger|trouble|a\s+state|a\s+mood|care|tears|pain|bits|contact|touch)\b))\b"
)
_SEEN = re.compile(r"\b(?:saw|seen|spotted|sighted|sighting|cctv|spotted)\b")


def place_markers(low: str) -> list[str]:
    """`__now_at` for where the child is now, `__seen` for a sighting."""
    return ["__now_at"] * bool(_NOW_AT.search(low)) + ["__seen"] * bool(_SEEN.search(low))


def entity_markers(text: str) -> list[str]:
    """Tokens naming what the rule extractors found, as Rasa's regex and lookup featurizers do.

    "has a blade" and "took a machete" share `__risk_weapon`, so one example of each teaches
    the classifier about both.
    """
    markers = [f"__risk_{s.value}" for s in find_risk_factors(text)]
    markers += ["__task_" + s.value.split(":")[0] for s in find_tasks(text)]
    markers += ["__police_ref" for _ in find_police_references(text)]
    return markers
