"""Child names, fuzzy-matched only against the children this person may see.

The roster is the authority: the value is always a canonical roster name, so a typo ("Amra")
or a lower-case first name ("amara's") still lands on the right child and nobody else's child
can be named. Words that are also ordinary English (Will, Grace, Summer) only match when
capitalised, and never fuzzily.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from nlu.entities.name_words import COMMON_WORDS
from nlu.entities.nicknames import fold, is_diminutive, is_shortened
from nlu.entities.spans import Span, longest_non_overlapping

_TOKEN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]+(?:[-'][A-Za-zÀ-ÖØ-öø-ÿ]+)*")
_POSSESSIVE = re.compile(r"(?:'s|’s|s')$", re.I)
FUZZY_THRESHOLD = 85.0


def _tokens(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        possessive = _POSSESSIVE.search(word)
        end = m.end() - (len(possessive.group(0)) if possessive else 0)
        out.append((m.start(), end, text[m.start() : end]))
    return out


def _score(surface: str, target: str) -> float:
    a, b = fold(surface), fold(target)
    if a == b:
        return 100.0
    if len(a) < 4 or len(b) < 4 or a in COMMON_WORDS or a[0] != b[0]:
        # Short names and ordinary words are too easy to hit by accident.
        return 0.0
    return float(fuzz.ratio(a, b))


# After a lower-case name that is also a word, what makes it the child: "lily's back",
# "ruby is missing", "will came in". Modal-looking names ("will", "may") are not followed by a
# base verb or adverb here, so "will come back" stays a verb.
_NAME_NEXT = frozenset(
    [
        "is",
        "isnt",
        "has",
        "hasnt",
        "was",
        "wasnt",
        "came",
        "got",
        "went",
        "didnt",
        "turned",
        "left",
        "ran",
        "walked",
        "returned",
        "missing",
        "back",
        "home",
        "rang",
        "called",
        "texted",
        "messaged",
        "says",
        "said",
        "not",
        "never",
        "still",
        "just",
        "come",
    ]
)
_MODAL_NEXT = frozenset(["not", "never", "still", "just", "come"])
_MODAL_NAMES = frozenset({"will", "may", "can", "mark", "bill", "pat"})
# Words before a lower-case word that make it an ordinary word, not the name: "this summer",
# "in may", "by will" (kept apart from _NAME_BEFORE below, which is its opposite).
_NOT_NAME_BEFORE = frozenset(["this", "last", "next", "the", "a", "an", "in", "of", "by", "every"])


def _lowercase_name_in_context(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """Whether lower-case `tokens[i]`, an ordinary word as well as a name, is the name here."""
    _, end, word = tokens[i]
    if i > 0 and tokens[i - 1][2].lower() in _NOT_NAME_BEFORE:
        return False
    if text[end : end + 2] in ("'s", "’s"):
        return True
    if i + 1 >= len(tokens):
        return False
    after = tokens[i + 1][2].lower().replace("'", "").replace("’", "")
    if word.lower() in _MODAL_NAMES and after in _MODAL_NEXT:
        return False
    return after in _NAME_NEXT


def _plural_s(surface: str, part: str) -> bool:
    """ "Aaliyahs bed": a possessive typed without its apostrophe."""
    return len(part) > 3 and surface.lower() == part.lower() + "s"


def find_child_names(text: str, child_names: Sequence[str]) -> list[Span]:
    if not child_names:
        return []
    tokens = _tokens(text)
    best: dict[tuple[int, int], list[tuple[float, str]]] = {}
    for canonical in child_names:
        parts = canonical.split()
        if not parts:
            continue
        # Full name first (longer spans win), then the first name alone; a hyphenated first
        # name may be typed as two words ("Mia Rose" for Mia-Rose).
        variants = [parts] + ([parts[:1]] if len(parts) > 1 else [])
        if "-" in parts[0]:
            variants.append(parts[0].split("-"))
        for variant in variants:
            n = len(variant)
            for i in range(len(tokens) - n + 1):
                window = tokens[i : i + n]
                first_surface = window[0][2]
                if (
                    first_surface.lower() in COMMON_WORDS
                    and not first_surface[:1].isupper()
                    and not _lowercase_name_in_context(text, tokens, i)
                ):
                    continue
                scores = [_score(tok[2], part) for tok, part in zip(window, variant, strict=True)]
                end = window[-1][1]
                if _plural_s(window[-1][2], variant[-1]) and min(scores[:-1], default=100) >= 100:
                    scores[-1], end = 100.0, end - 1
                score = min(scores)
                if score >= FUZZY_THRESHOLD:
                    key = (window[0][0], end)
                    best.setdefault(key, []).append((score, canonical))
    _add_nicknames(text, tokens, child_names, best)
    spans = []
    for (start, end), scored in best.items():
        scored.sort(reverse=True)
        top_score, top_name = scored[0]
        tied = {name for score, name in scored if score == top_score}
        # Two children answering to the same name: say so through a lower confidence.
        confidence = top_score / 100 if len(tied) == 1 else top_score / 100 / len(tied)
        spans.append(Span(start, end, "child_name", top_name, round(confidence, 3)))
    return longest_non_overlapping(spans)


NICKNAME_CONFIDENCE = 0.9


def _add_nicknames(
    text: str,
    tokens: list[tuple[int, int, str]],
    child_names: Sequence[str],
    best: dict[tuple[int, int], list[tuple[float, str]]],
) -> None:
    """Short forms ("Jay" for Jayden) of exactly one roster child, where no name matched."""
    taken = [(start, end) for start, end in best]
    for i, (start, end, surface) in enumerate(tokens):
        if any(s < end and start < e for s, e in taken):
            continue
        if (
            surface.lower() in COMMON_WORDS
            and not surface[:1].isupper()
            and not _lowercase_name_in_context(text, tokens, i)
        ):
            continue
        firsts = {c: c.split()[0] for c in child_names if c.split()}
        children = {c for c, first in firsts.items() if is_diminutive(surface, first)}
        if not children and _named_here(text, tokens, i):
            children = {c for c, first in firsts.items() if is_shortened(surface, first)}
        if len(children) == 1:
            best[(start, end)] = [(NICKNAME_CONFIDENCE * 100, children.pop())]


# Words before a name in how people write about a child: "cant find jay", "rang 101 for jay".
_NAME_BEFORE = frozenset(
    [
        "for",
        "find",
        "found",
        "saw",
        "seen",
        "see",
        "is",
        "re",
        "about",
        "with",
        "and",
        "told",
        "tell",
        "asked",
        "ask",
        "collected",
        "picked",
        "fetch",
        "fetched",
        "met",
        "meet",
        "has",
    ]
)


def _named_here(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """Whether the words around `tokens[i]` (a start of a roster name) make it a name.

    "jay not back", "cant find jay", "toby's sister", "school said jay was": the first word of
    the message, after a word that comes before names, or before one that comes after them.
    Otherwise "call" would be Callum and "sofa" Sofia.
    """
    start, end, _ = tokens[i]
    if i == 0 and not text[:start].strip():
        return True
    if text[end : end + 2] in ("'s", "’s"):
        return True
    if i > 0 and tokens[i - 1][2].lower() in _NAME_BEFORE:
        return True
    if i + 1 < len(tokens):
        after = tokens[i + 1][2].lower().replace("'", "").replace("’", "")
        return after in _NAME_NEXT or after in {"was", "says", "said", "told", "home", "back"}
    return False
