"""Whole noun phrases for places and people, from the tagger's pieces.

The tagger labels words one by one, so a place with a qualifier comes out in pieces ("the
chippy" + "the bus station", "his nan's" + "Meir", "Mill" + "Lane") and a group of people loses
its head noun ("two older" without "lads"). The record needs the whole phrase, as the person
said it: "the chippy near the bus station", "her cousin's in Longton", "two older lads",
"a woman in a red car". These rules put the pieces back together; they only join, extend or
trim what the tagger found and never invent a place or a person from nothing.
"""

from __future__ import annotations

import re

from nlu.entities.spans import Span
from nlu.entities.tagger import PLACE_WORDS

_DET = r"(?:the|a|an|his|her|their|my|our|your)"
_DETERMINER = re.compile(
    rf"(?:\b(?:{_DET}\s+[\w-]+['’]s|{_DET}|some|two|three|four|a\s+couple\s+of|a\s+group"
    r"\s+of|a\s+few)\s+)$",
    re.I,
)
# A place named before its qualifier that the tagger missed: "[the garage] behind Mill Lane".
_PLACE_BEFORE = re.compile(
    rf"\b{_DET}\s+(?:[\w'’-]+\s+)?(?:{'|'.join(re.escape(w) for w in sorted(PLACE_WORDS))})\s+"
    r"(?:behind|near|by|outside|opposite|off|on|in|next\s+to)\s+(?:the\s+)?$",
    re.I,
)
# A span that stops at its determiner: "[the] loft".
_DANGLING = re.compile(rf"(?:^|\s){_DET}$", re.I)
_NEXT_WORDS = re.compile(r"^\s+(?:[\w'’&-]+\s+)?[\w'’&-]+")
# What may sit between two pieces of one place: "the chippy near the bus station".
_PLACE_JOIN = re.compile(
    r"^\s*(?:in|on|near|behind|by|outside|off|opposite|next\s+to|round\s+the\s+back\s+of"
    r"|at\s+the\s+back\s+of|at|of)\s+(?:(?:the|a)\s+)?$",
    re.I,
)
# Trailing words that belong to the place: "her friend's next door".
_PLACE_TAIL = re.compile(r"^\s+(?:next\s+door|round\s+the\s+corner|across\s+the\s+road)\b", re.I)
# "a woman in a red car", "a man on a bike": the vehicle describes the person.
_PERSON_TAIL = re.compile(
    r"^\s+(?:in|on|with|driving)\s+(?:a|an|the)\s+(?:\w+\s+){0,2}?"
    r"(?:car|van|taxi|motorbike|bike|moped|scooter|hoodie|jacket|coat|tracksuit|uniform)\b",
    re.I,
)
_PERSON_HEAD = re.compile(
    r"^\s+(?:of\s+(?:\w+\s+)?)?(?:lads?|men|man|boys?|girls?|women|woman|males?|females?|guys?|blokes?|adults?|kids"
    r"|people|mates|friends)\b",
    re.I,
)
_CAPITALISED = re.compile(r"^\s+(?:[A-Z][\w'’&-]*)(?:\s+[A-Z][\w'’&-]*)*")
_SENTENCE_WORDS = frozenset({"I", "I'm", "Im"})
_POLICE = re.compile(r"(?:the\s+)?(?:police|officers?|cops)", re.I)
_POLICE_LEAD = re.compile(r"(?:the\s+)?(?:police|officers?|cops)\s+(?:in|at|from)\s+", re.I)


def _extend_left(text: str, span: Span) -> Span:
    before = text[: span.start]
    m = (_PLACE_BEFORE.search(before) if span.entity == "location" else None) or (
        _DETERMINER.search(before)
    )
    if m is None:
        return span
    return Span(m.start(), span.end, span.entity, text[m.start() : span.end], span.confidence)


def _without_police(text: str, span: Span) -> Span:
    """ "[police in Hanley]" is where the police found them: the place is "Hanley"."""
    lead = _POLICE_LEAD.match(text, span.start, span.end)
    if lead is None or span.entity != "location" or lead.end() >= span.end:
        return span
    return _with(span, text, lead.end(), span.end)


def _whole_words(text: str, span: Span) -> Span:
    """ "A&E" is one word to people, three to the tokenizer; "[the] loft" lost its noun."""
    end = span.end
    if text[span.start : span.start + 3].upper() == "A&E":
        end = max(end, span.start + 3)
    if _DANGLING.search(text[span.start : end]):
        following = _NEXT_WORDS.match(text[end:])
        if following:
            words = following.group(0).split()
            # One word, or two when the second is a place ("the garden shed").
            take = (
                following.end()
                if words[-1].lower().rstrip("s") in PLACE_WORDS
                else len(text[end:]) - len(text[end:].lstrip()) + len(words[0])
            )
            end += take
    return _with(span, text, span.start, end)


def _with(span: Span, text: str, start: int, end: int) -> Span:
    return Span(start, end, span.entity, text[start:end], span.confidence)


def _join_pieces(text: str, spans: list[Span]) -> list[Span]:
    """Adjacent places (or a place and its connector and another place) become one span."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        if out and out[-1].entity == span.entity:
            gap = text[out[-1].end : span.start]
            adjacent = gap.strip() == "" and len(gap) <= 2
            joined = span.entity == "location" and _PLACE_JOIN.match(gap) is not None
            if adjacent or joined:
                out[-1] = _with(out[-1], text, out[-1].start, span.end)
                continue
        out.append(span)
    return out


def _extend_right(text: str, span: Span) -> Span:
    rest = text[span.end :]
    if span.entity == "location":
        cap = _CAPITALISED.match(rest)
        last = text[span.start : span.end].split()[-1]
        if cap and last[:1].isupper() and cap.group(0).split()[0] not in _SENTENCE_WORDS:
            span = _with(span, text, span.start, span.end + cap.end())
            rest = text[span.end :]
        tail = _PLACE_TAIL.match(rest)
        if tail:
            return _with(span, text, span.start, span.end + tail.end())
        return span
    head = _PERSON_HEAD.match(rest)
    if head and text[span.start : span.end].split()[-1].lower() in _QUALIFIERS:
        span = _with(span, text, span.start, span.end + head.end())
        rest = text[span.end :]
    tail = _PERSON_TAIL.match(rest)
    if tail:
        return _with(span, text, span.start, span.end + tail.end())
    return span


_QUALIFIERS = frozenset(
    {
        "older",
        "younger",
        "two",
        "three",
        "few",
        "some",
        "of",
        "big",
        "local",
        "other",
        "new",
        "group",
        "gang",
        "bunch",
        "load",
    }
)


def complete_phrases(text: str, spans: list[Span]) -> list[Span]:
    """Tagger spans for `location` and `person` made into whole phrases; others unchanged."""
    # The pronoun "I" is never a place or a companion ("a house I don't recognise"), and the
    # police are who found them, not where ("found by the police in Hanley").
    others = [s for s in spans if s.entity not in ("location", "person")]
    whole = [_whole_words(text, s) for s in spans if s.entity in ("location", "person")]
    phrases = [
        _without_police(text, s)
        for s in whole
        if text[s.start : s.end] != "I" and not _POLICE.fullmatch(text[s.start : s.end])
    ]
    joined = _join_pieces(text, [_extend_left(text, s) for s in phrases])
    completed = [_extend_right(text, s) for s in joined]
    # Joining after extending can leave a determiner inside: join once more.
    return sorted(_join_pieces(text, completed) + others, key=lambda s: s.start)
