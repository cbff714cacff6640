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
from nlu.entities.nicknames import NOT_NICKNAMES, fold, is_diminutive, is_shortened
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
    return len(part) > 2 and fold(surface) == fold(part) + "s"


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
        if len(parts) > 1 and "-" in parts[-1]:
            # "rhys pugh morgan": a double surname typed as two words.
            variants.append(parts[:-1] + parts[-1].split("-"))
        if "-" in parts[0]:
            # "Mia Rose" typed as two words.
            variants.append(parts[0].split("-"))
        exact_from = len(variants)
        if "-" in parts[0]:
            # "Maisie" alone for Maisie-Leigh: the first part of a double first name is a name
            # in its own right, not a shortening of it; but only as written ("Kieran" is not
            # Kiera-Leigh).
            variants.append(parts[0].split("-")[:1])
        # "Zia" for Ahmad Zia Rahimi: a middle name the child goes by, as written only.
        variants += [
            [middle]
            for middle in parts[1:-1]
            if len(middle) > 2 and fold(middle) not in COMMON_WORDS | NOT_NICKNAMES
        ]
        for v, variant in enumerate(variants):
            n = len(variant)
            for i in range(len(tokens) - n + 1):
                window = tokens[i : i + n]
                first_surface = window[0][2]
                # A word that is also a name ("ruby", "jade") is the child when the whole
                # name follows it ("ruby jo", "jade pennington") or the words around say so.
                common = (
                    first_surface.lower() in COMMON_WORDS
                    and not first_surface[:1].isupper()
                    and (n == 1 or len(variant) == 1)
                    and not _lowercase_name_in_context(text, tokens, i)
                )
                if common:
                    continue
                scores = [_score(tok[2], part) for tok, part in zip(window, variant, strict=True)]
                end = window[-1][1]
                if _plural_s(window[-1][2], variant[-1]) and min(scores[:-1], default=100) >= 100:
                    scores[-1], end = 100.0, end - 1
                score = min(scores)
                if first_surface.lower() in COMMON_WORDS and not first_surface[:1].isupper():
                    score = score if score >= 100 else 0.0
                if v >= exact_from and score < 100:
                    continue
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
        glued = surface[-1:] in "sS" and len(surface) > 2
        if not children and glued:
            # "Beths barely eating": a diminutive with a glued "s" is the name without it.
            children = {c for c, first in firsts.items() if is_diminutive(surface[:-1], first)}
            end -= 1 if children else 0
        # An acronym ("RHI", "LAC") is not a child's shortened name; two letters ("ty") only
        # where the words around make them a name, not as a message's first word ("ty x").
        acronym = surface.isupper() and len(surface) > 2
        # A capitalised word that is not an ordinary one ("Abdi took off", "reported Cal") is
        # written as a name; a lower-case one needs the words around it.
        capital = surface[:1].isupper() and surface.lower() not in COMMON_WORDS
        named = _named_here(text, tokens, i, len(surface) > 2)
        if not children and not acronym and (capital or named):
            # Without the words around, only a start of the name or its initials: the end of
            # one ("Reece" for Tyreece) is as often somebody else's name.
            children = {
                c for c, first in firsts.items() if is_shortened(surface, first, endings=named)
            }
            if not children and glued and (len(surface) > 3 or surface[:1].isupper()):
                # "Tys trackies", "Mustis coat": a short form with a glued "s".
                children = {c for c, first in firsts.items() if is_shortened(surface[:-1], first)}
                end -= 1 if children else 0
        if len(children) == 1:
            child = children.pop()
            end = _with_surname(text, tokens, i, end, child)
            best[(start, end)] = [(NICKNAME_CONFIDENCE * 100, child)]


def _with_surname(
    text: str, tokens: list[tuple[int, int, str]], i: int, end: int, child: str
) -> int:
    """ "Mikey Oduya": a short form followed by the child's surname is one name."""
    surname = child.split()[-1] if len(child.split()) > 1 else ""
    if (
        surname
        and i + 1 < len(tokens)
        and fold(tokens[i + 1][2]) == fold(surname)
        and not text[end : tokens[i + 1][0]].strip()
    ):
        return tokens[i + 1][1]
    return end


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
        # Session 22 writers: "status on ty", "a text off saf", "heard from desh", "kofi n
        # nads", "wee cal", "not jay", "should be daf", "phoned the polis aboot cal".
        "on",
        "off",
        "from",
        "n",
        "&",
        "wee",
        "not",
        "be",
        "bout",
        "aboot",
        "collect",
        "located",
        "reported",
        "report",
        "puts",
        "had",
        "w",
    ]
)
# Verbs and words after a short name, besides _NAME_NEXT ("ty rocked up", "cj had a blade",
# "Dani remains missing"); kept apart from it because "will" and "may" read those too.
_SHORT_NEXT = frozenset(
    [
        "had",
        "done",
        "keeps",
        "owes",
        "climbed",
        "stormed",
        "rocked",
        "took",
        "should",
        "wont",
        "remains",
        "found",
        "seen",
        "strolled",
        "absconded",
        "reported",
        "talked",
        "off",
        "now",
        "fine",
        "seh",
        "hm",
        "wouldnt",
        "refusing",
        "whereabouts",
    ]
)
# A word standing alone between punctuation ("gone again. rhi. climbed out", "MFH - jax -").
_ALONE = re.compile(r"(?:^|[.,;:!?\-–]\s*)$")
_ALONE_AFTER = re.compile(r"^\s*[.,;:!?\-–]")


def _named_here(
    text: str, tokens: list[tuple[int, int, str]], i: int, first_word: bool = True
) -> bool:
    """Whether the words around `tokens[i]` (a start of a roster name) make it a name.

    "jay not back", "cant find jay", "toby's sister", "school said jay was": the first word of
    the message, after a word that comes before names, or before one that comes after them.
    Otherwise "call" would be Callum and "sofa" Sofia.
    """
    start, end, _ = tokens[i]
    if first_word and i == 0 and not text[:start].strip():
        return True
    if text[end : end + 2] in ("'s", "’s"):
        return True
    if i > 0 and tokens[i - 1][2].lower() in _NAME_BEFORE:
        return True
    if _ALONE.search(text[:start]) and _ALONE_AFTER.match(text[end:]):
        return True
    if i + 1 < len(tokens):
        after = tokens[i + 1][2].lower().replace("'", "").replace("’", "")
        return (
            after in _NAME_NEXT
            or after in _SHORT_NEXT
            or after in {"was", "says", "said", "told", "home", "back"}
        )
    return False
