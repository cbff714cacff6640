"""Whole noun phrases for places and people, from the tagger's pieces.

The tagger labels words one by one, so a place with a qualifier comes out in pieces ("the
chippy" + "the bus station", "his nan's" + "Meir", "Mill" + "Lane", "the bus" without
"shelter") and a group of people loses its head noun or its description ("two older" without
"lads", "some lads" without "from the estate"). The record needs the whole phrase, as the
person said it: "the bus shelter opposite the Co-op", "her mate's flat above the bookies",
"the back of the leisure centre", "some older lads from the estate", "a woman in a red car",
"someone called Marcus". These rules join, extend or trim what the tagger found. They add
spans of their own only where the words leave no doubt: a place after a preposition of place
ending in a place noun or a capitalised name ("outside the pharmacy", "traced to Crewe"), and a
person in a companion's place ("went off with a man in a black van", "to meet someone called
Marcus").

Nothing is extended into a span another extractor owns (`blocked`: names, times, references),
so "at the park at 10" stays "the park".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nlu.entities.people import find_people, merged_people
from nlu.entities.person_phrases import PERSONLIKE, companions, extend_person
from nlu.entities.person_roles import with_roles
from nlu.entities.phrase_grammar import DET as _DET
from nlu.entities.phrase_grammar import STOP as _STOP
from nlu.entities.phrase_grammar import free as _free
from nlu.entities.phrase_grammar import with_text as _with
from nlu.entities.place_phrases import (
    PART_OF,
    PLACE_BEFORE,
    PLACE_JOIN,
    extend_place,
    is_place,
    without_police,
)
from nlu.entities.place_seeds import place_seeds
from nlu.entities.spans import Span
from nlu.entities.tagger import PLACE_WORDS

_DETERMINER = re.compile(
    rf"(?:\b(?:{_DET}\s+[\w-]+['’]s|{_DET}|some|sum|two|three|four|a\s+couple\s+of|a\s+group"
    r"\s+of|a\s+few)\s+)$",
    re.I,
)
_MOD = r"(?:[\w’'&-]+)"
# A span that stops at its determiner: "[the] loft".
_DANGLING = re.compile(rf"(?:^|\s){_DET}$", re.I)
_NEXT_WORDS = re.compile(r"^\s+(?:[\w'’&-]+\s+)?[\w'’&-]+")
_POLICE = re.compile(r"(?:the\s+)?(?:police|officers?|cops)", re.I)


# "[someone called] Marcus", "[an older lad called] Deano": the tagger took the name alone.
_CALLED_BEFORE = re.compile(
    r"\b(?:someone|somebody|(?:a|an|some)\s+(?:[\w-]+\s+){0,2}?[\w-]+)\s+(?:called|named"
    r"|known\s+as)\s+$",
    re.I,
)


def _extend_left(text: str, span: Span, blocked: Sequence[tuple[int, int]]) -> Span:
    before = text[: span.start]
    called = _CALLED_BEFORE.search(before) if span.entity == "person" else None
    if called is not None and _free(blocked, called.start(), span.start):
        return _with(span, text, called.start(), span.end)
    m = (PLACE_BEFORE.search(before) if span.entity == "location" else None) or (
        _DETERMINER.search(before)
    )
    if m is None:
        m = _modified(before)
    if m is not None and _free(blocked, m.start(), span.start):
        span = _with(span, text, m.start(), span.end)
    if span.entity == "location":
        part = PART_OF.search(text[: span.start])
        if part is not None and _free(blocked, part.start(), span.start):
            span = _with(span, text, part.start(), span.end)
    return span


_MODIFIED = re.compile(
    rf"(?:\b(?:{_DET}\s+[\w-]+['’]s|{_DET}|some|sum|two|three|four)\s+)((?:{_MOD}\s+){{1,2}})$",
    re.I,
)


def _modified(before: str) -> re.Match[str] | None:
    """ "the train [station]": a determiner and up to two modifiers before the tagged words."""
    m = _MODIFIED.search(before)
    if m is None:
        return None
    words = m.group(1).split()
    if any(w.lower().strip("'’") in _STOP for w in words):
        return None
    return m


def _whole_words(text: str, span: Span) -> Span:
    """ "A&E" is one word to people, three to the tokenizer; "[the] loft" lost its noun."""
    end = span.end
    start = span.start
    # "a[&e]": the tagger can start after the "a" of a lower-case "a&e".
    if text[start : start + 2].upper() == "&E" and text[start - 1 : start].upper() == "A":
        start -= 1
    if text[start : start + 3].upper() == "A&E":
        end = max(end, start + 3)
    # "the Co-op", "Stoke-on-Trent": the tokenizer stops at the hyphen.
    hyphenated = re.match(r"(?:-[\w’']+)+", text[end:])
    if hyphenated and end > span.start and text[end - 1].isalnum():
        end += hyphenated.end()
    dangling = _DANGLING.search(text[span.start : end])
    # Only a span that is nothing but its determiner (or ends "… of the") lost its noun: "[the
    # shed the] whole time" ends with the next phrase's article, trimmed later.
    head = text[span.start : span.start + dangling.start()].split() if dangling else []
    if dangling and (not head or head[-1].lower() in ("of", "to", "in", "at", "on")):
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
    return _with(span, text, start, end)


def _join_pieces(text: str, spans: list[Span]) -> list[Span]:
    """Adjacent places (or a place and its connector and another place) become one span."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        if out and out[-1].entity == span.entity:
            gap = text[out[-1].end : span.start]
            adjacent = gap.strip() == "" and len(gap) <= 2
            joined = span.entity == "location" and PLACE_JOIN.match(gap) is not None
            if adjacent or joined:
                out[-1] = _with(out[-1], text, out[-1].start, span.end)
                continue
        if out and out[-1].overlaps(span):
            if out[-1].entity == span.entity:
                if span.end > out[-1].end:
                    out[-1] = _with(out[-1], text, out[-1].start, span.end)
                continue
            # Two kinds over the same words: the later one starts after the earlier one.
            span = _trimmed(text, _with(span, text, out[-1].end, max(span.end, out[-1].end)))
            if span.end <= span.start:
                continue
        out.append(span)
    return out


def _extend_right(text: str, span: Span, blocked: Sequence[tuple[int, int]]) -> Span:
    if span.entity == "location":
        return extend_place(text, span, blocked)
    return extend_person(text, span, blocked)


def complete_phrases(
    text: str,
    spans: list[Span],
    blocked: Sequence[tuple[int, int]] = (),
    *,
    seeds: bool = True,
    tasks: Sequence[tuple[int, int]] = (),
) -> list[Span]:
    """Tagger spans for `location` and `person` made into whole phrases, with every person the
    rules find and each person's role (`person_roles.py`); others unchanged.

    `blocked` are the character ranges of names, times and references: no phrase grows into
    them. `tasks` are those of task phrases: their words are a role in a task ("told [the
    IRO]"), never a person.
    """
    # The pronoun "I" is never a place or a companion ("a house I don't recognise"), and the
    # police are who found them, not where ("found by the police in Hanley").
    others = [s for s in spans if s.entity not in ("location", "person")]
    whole = [_whole_words(text, s) for s in spans if s.entity in ("location", "person")]
    phrases = [
        without_police(text, s)
        for s in whole
        if text[s.start : s.end] != "I" and not _POLICE.fullmatch(text[s.start : s.end])
    ]
    phrases = [
        _trimmed(text, s) for s in phrases if not _STOP_ONLY.fullmatch(text[s.start : s.end])
    ]
    phrases = [s for s in phrases if s.end > s.start]
    if seeds:
        phrases += place_seeds(text, phrases, blocked)
    joined = _join_pieces(text, [_extend_left(text, s, blocked) for s in phrases])
    completed = [_extend_right(text, s, blocked) for s in joined]
    completed = [s for s in completed if s.entity != "person" or PERSONLIKE.search(s.value)]
    if seeds:
        completed += [_extend_right(text, s, blocked) for s in companions(text, completed, blocked)]
    # Joining after extending can leave a determiner inside: join once more.
    joined = _join_pieces(text, completed)
    if seeds:
        taken = [*blocked, *tasks]
        # A relative told of the news is still a person in the child's world ("let [her mum]
        # know", "informed [his parents]"; every session-22 writer marks them), unlike a role
        # that is part of a task ("told the IRO").
        people = [
            extend_person(text, s, taken)
            for s in find_people(text, blocked)
            if _free(tasks, s.start, s.end) or _FAMILY.fullmatch(s.value)
        ]
        joined = merged_people(text, joined, people)
    # Trim places once more: extending left can take back a clause ("her walking towards").
    joined = [
        _trimmed(text, s) if s.entity == "location" else _without_place_tail(text, s)
        for s in joined
    ]
    kept = [s for s in joined if s.end > s.start and _kept(s, tasks, text)]
    return sorted(with_roles(text, kept) + others, key=lambda s: s.start)


_NOBODY = re.compile(r"(?:someone|somebody|some\s?one|anyone|anybody|no\s?one|nobody)", re.I)


# Not people in the child's world (the guideline): professionals doing their job ("an officer
# will ring back", "the manager", "her social worker", "PC" alone), the writer's own child ("my
# foster son", "our daughter": the child reported), and the children of the placement as a
# group ("the kids", "the boys"). Said whole; "his manager from the restaurant" is a person.
_NOT_A_PERSON = re.compile(
    r"(?:(?:the|a|an|my|his|her|their|our|your)\s+)?(?:(?:night|duty|on\s+call|day)\s+)?"
    r"(?:officers?|pcsos?|pc|social\s+worker|key\s?worker|manager|nurse|doctor|receptionist"
    r"|named\s+person|appropriate\s+adult|teacher)"
    r"|(?:my|our)\s+(?:(?:foster|other|eldest|oldest|youngest|little|step)\s+)*"
    r"(?:son|daughter|boy|girl|lad|child|kid)\b.*"
    r"|(?:the|both|all\s+the)\s+(?:two\s+|other\s+)?(?:kids|boys|girls|lads|children)"
    # A police officer named by rank is at work (the session 22 and 23 writers never mark one:
    # "S&W done by PC Lewis", "PC Harrop, GMP").
    r"|(?:PC|PCSO|PS|DC|DS|DI|Sgt|Sergeant|Inspector|Constable)\.?(?:\s+[A-Z][\w'’-]*){1,2}",
    re.I,
)
# "a girl matching her description", "a lad looking like Jay": the child, not a companion.
_THE_CHILD_AFTER = re.compile(r"\s+(?:matching|fitting|looking\s+like|who\s+looked\s+like)\b", re.I)


_FAMILY = re.compile(
    r"(?:his|her|their)\s+(?:birth\s+|foster\s+|step\s?)?(?:mum|mam|mom|mother|dad|father|parents"
    r"|nan|nana|nanna|gran|grandma|grandad|grandparents|aunt|aunty|auntie|uncle|sister|brother"
    r"|family|carers?)",
    re.I,
)


# Places do not speak: "a text from [Sophie] saying she is fine" names a sender.
_SPEAKS_AFTER = re.compile(
    r"\s+(?:saying|says|said|texted|messaged|rang|rung|told|tells|reckons|thinks|thought)\b", re.I
)
# Where the people are, run into the person by the tagger: "[two older lads in town]" is the
# lads, in town. Not a description ("a woman in a red car", "a lad in a grey hoodie") nor
# clothes ("in Nike trackies").
_PLACE_TAIL = re.compile(
    r"\s+(?:in|at|near|outside|round|around)\s+(?:town|the\s+(?:town|city)(?:\s+centre)?|the\s+park"
    r"|(?!(?:Nike|Adidas|North|Puma|Under|Armour|Stone|Island|Trapstar|Corteiz|Canada|Gucci)\b)"
    r"[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*)$"
)


def _without_place_tail(text: str, span: Span) -> Span:
    if span.entity != "person":
        return span
    tail = _PLACE_TAIL.search(text[span.start : span.end])
    return _with(span, text, span.start, span.start + tail.start()) if tail else span


def _kept(span: Span, tasks: Sequence[tuple[int, int]], text: str = "") -> bool:
    """A place the record keeps (not "the loft", not "home"); a person who is someone."""
    if span.entity == "location":
        return is_place(span.value) and not _SPEAKS_AFTER.match(text[span.end :])
    if _NOT_A_PERSON.fullmatch(span.value) or _THE_CHILD_AFTER.match(text[span.end :]):
        return False
    family = _FAMILY.fullmatch(span.value) is not None
    return (family or _free(tasks, span.start, span.end)) and not _NOBODY.fullmatch(span.value)


# A "phrase" of nothing but a preposition or article ("[in] a black van") is the tagger's slip.
_STOP_ONLY = re.compile(r"(?:in|on|at|with|by|of|the|a|an)", re.I)


_LEADING = re.compile(
    r"^(?:(?:near|by|in|on|at|of|to|from|with|and|outside|inside|behind|opposite|towards|into"
    r"|round|around|past|beside|across|along|over|under|,)\s+)+",
    re.I,
)
# "[her walking towards the retail park]": the tagger ran a clause into the place.
_CLAUSE = re.compile(r"^.*\b\w+ing\s+(?:towards|to|into|past|down|up|along|round|from)\s+", re.I)
_TRAILING = re.compile(
    r"(?:\s+(?:round|near|by|in|on|at|of|to|from|with|and|behind|opposite|outside|over|above"
    # "[a&e after] the fight": a time word ends the place before it.
    r"|below|under|off|the|a|after|before|since|till|until))+$",
    re.I,
)


def _trimmed(text: str, span: Span) -> Span:
    """Without prepositions at either edge: "[the services on]" is "the services"."""
    start = span.start
    while start < span.end and text[start].isspace():
        start += 1
    clause = _CLAUSE.match(text[start : span.end]) if span.entity == "location" else None
    start += clause.end() if clause else 0
    lead = _LEADING.match(text[start : span.end])
    start += lead.end() if lead else 0
    trail = _TRAILING.search(text[start : span.end])
    end = start + trail.start() if trail else span.end
    while start < end and text[start].isspace():
        start += 1
    return _with(span, text, start, end)
