"""Whole person phrases: a tagged person grown by what describes them ("a woman in a red car",
"a man in his 40s called Steve", "some older lads from the estate"), and companions the tagger
missed where the words leave no doubt ("went off with a man in a black van")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from nlu.entities.phrase_grammar import DET as _DET
from nlu.entities.phrase_grammar import WEEKDAYS_MONTHS
from nlu.entities.phrase_grammar import free as _free
from nlu.entities.phrase_grammar import grow as _grow
from nlu.entities.phrase_grammar import with_text as _with
from nlu.entities.place_phrases import PLACE_NOUNS, SENTENCE_WORDS, place_phrase
from nlu.entities.spans import Span

# "a woman in a red car", "a man on a bike", "some lads in a blue Corsa".
# The words between are a description ("a black"), never a preposition: "PC Grady in the park
# off Hartshill Road" is a person and a place.
_DESCRIPTION = r"(?:(?!(?:off|on|in|at|near|by|of|the|to|from|outside|behind)\b)[\w-]+\s+){0,2}?"
_DESCRIBED_BY = (
    r"(?:car|van|taxi|motorbike|bike|moped|scooter|hoodie|jacket|coat|tracksuit|uniform"
    r"|trackie|cap|hat|balaclava|mask|jumper|hood|dog|dogs|pram|buggy|pushchair|rucksack"
    r"|suit|dress|shirt|fleece|gilet|anorak|parka|raincoat|overcoat"
    r"|backpack|puffer|astra|corsa|golf|audi|bmw|merc|fiesta|head|hair|beard|tattoos?"
    r"|(?-i:[A-Z][a-z]+|[A-Z]{2,}))\b"
)
_PERSON_TAIL = re.compile(
    rf"^\s+(?:in|on|with|driving|wearing)\s+(?:(?:a|an|the)\s+{_DESCRIPTION}{_DESCRIBED_BY}"
    r"|(?:bikes|mopeds|scooters|motorbikes|e-?scooters|balaclavas|masks|hoods\s+up)\b)",
    re.I,
)
# "a girl with pink hair", "a lad with a shaved head": how they look.
_PERSON_LOOKS = re.compile(
    r"^\s+with\s+(?:(?:a|an)\s+)?(?:[\w-]+\s+){0,2}?(?:hair|beard|tattoos?|dreads|braids"
    r"|glasses|head|moustache|mustache)\b",
    re.I,
)
# "the neighbour opposite", "the lads next door".
_PERSON_WHERE = re.compile(
    r"^\s+(?:opposite|next\s+door|upstairs|downstairs|across\s+the\s+(?:road|street|landing)"
    r"|over\s+the\s+road|two\s+doors\s+down)\b",
    re.I,
)
# "the neighbour at number 9", "the lads at the garages", "the man at the bus stop": who they
# are is where they are, for a stranger said with "the" (every writer marks it whole); not
# for a relative ("handed over to [his nan] at the front door").
_STRANGER_AT = re.compile(r"\s+at\s+(?:number\s+\d+\b)?", re.I)
_THE_STRANGER = re.compile(
    r"the\s+(?:(?:older|younger|other|two|three|same)\s+)?(?:man|men|woman|women|lads?|girls?"
    r"|boys?|blokes?|guys?|neighbours?|people|youths?|males?|females?)",
    re.I,
)
# "a woman walking her dog", "a man walking a dog": what they were doing when they saw them.
_PERSON_DOING = re.compile(r"^\s+walking\s+(?:a|an|her|his|their|the)\s+dogs?\b", re.I)
# "the lad behind the counter", "the woman on the till".
_PERSON_AT = re.compile(
    r"^\s+(?:behind|at|on)\s+the\s+(?:counter|till|tills|desk|front\s+desk|reception|door"
    r"|bar|checkout|gate)\b",
    re.I,
)
# "two lads I don't know", "a man she met online", "a woman he knows from the gym".
_PERSON_CLAUSE = re.compile(
    r"^\s+(?:(?:I|we|she|he|they)\s+(?:(?:don['’]?t|do\s+not|didn['’]?t|did\s+not)\s+)?knows?"
    # "the lad shes seeing", "the lads he was with".
    r"|(?:she|he)['’]?s\s+seeing|(?:she|he|they)\s+(?:was|were)\s+with"
    r"|(?:she|he|they)\s+(?:met|knows|knew|talks\s+to|chats\s+to)\s+(?:online|on\s+\w+"
    r"|at\s+(?:the\s+)?\w+|in\s+town|through\s+\w+|from\s+(?:the\s+)?\w+))\b",
    re.I,
)
# "some older lads from the estate", "two girls from her school", "some lads from Birmingham".
_PERSON_FROM = re.compile(
    rf"^\s+from\s+(?:(?:{_DET})\s+)?(?:(?:[\w-]+\s+){{0,2}}?(?:estate|school|college|unit|home"
    r"|area|flats|class|year|town|street|road|church|mosque|gym|work|club|football|boxing"
    r"|garage|shop|restaurant|takeaway|chippy|skate\s?park|form|party|team|taxi\s+rank)"
    r"|(?-i:[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*))(?:\s+\d{1,2})?\b",
    re.I,
)
# "a man in his 40s", "a woman in her twenties".
_PERSON_AGE = re.compile(
    r"^\s+in\s+(?:his|her|their)\s+(?:(?:early|mid|late)\s+)?(?:[1-9]0'?s|teens|twenties"
    r"|thirties|forties|fifties|sixties)\b",
    re.I,
)
# "an older lad called Deano", "a woman called Tash".
_PERSON_CALLED = re.compile(r"^\s+(?:called|named|known\s+as)\s+(?-i:[A-Z])[\w'’-]*", re.I)
_PERSON_HEAD = re.compile(
    r"^\s+(?:of\s+(?:\w+\s+)?)?(?:lads?|men|man|boys?|girls?|women|woman|males?|females?|guys?"
    r"|blokes?|adults?|kids|people|mates|friends|brother|sister|mum|dad|cousins?|uncle|aunt"
    r"|auntie|nan|boyfriend|girlfriend|ex)\b",
    re.I,
)
_PERSON_NOUN = (
    r"(?:man|men|woman|women|lad|lads|girl|girls|boy|boys|bloke|blokes|guy|guys|male|males"
    r"|female|females|adult|adults|teenagers?|youths?|ex|boyfriend|girlfriend|bf|gf|brother"
    r"|sister|mum|dad|nan|uncle|aunt|auntie|cousin|cousins|stepdad|stepmum|mates|friends)"
)
# A companion the tagger missed, where the words leave no doubt: "went off with a man in a
# black van", "picked up by an older woman", "to meet someone called Marcus", "a woman in a
# silver car dropped her".
_STRANGER = (
    r"(?:man|men|woman|women|lad|lads|girl|girls|boy|boys|bloke|blokes|guy|guys|male|males"
    r"|female|females|adult|adults|teenagers?|youths?)"
)
_COMPANION = re.compile(
    r"(?:\b(?:with|meet|meeting|met|(?:picked\s+up|dropped"
    r"(?:\s+(?:off|back|home))?|brought\s+(?:back|home)|collected|driven|taken)\s+by)\s+)(?P<np>(?:someone|somebody|some\s?one)\s+"
    rf"(?:called|named)\s+(?-i:[A-Z])[\w'’-]*|(?:{_DET}|some|two|three)\s+(?:[\w-]+\s+){{0,2}}?"
    rf"{_PERSON_NOUN})\b(?!['’])"
    rf"|(?P<np2>(?:a|an|some|two|three)\s+(?:[\w-]+\s+){{0,2}}?{_STRANGER}(?:\s+(?:in|on)"
    r"\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:car|van|taxi|motorbike|bike|moped))?)"
    r"(?=\s+(?:dropped|picked|brought|drove|collected|took|gave)\b)",
    re.I,
)
# A person span names someone: a word for a person, or a name ("[a black]" is the tagger's slip).
PERSONLIKE = re.compile(
    rf"\b(?:{_PERSON_NOUN}|someone|somebody|family|group|gang|people|kids|friend|mate|ex|bf|gf"
    r"|nanna|grandma|grandad|stepbrother|stepsister|partner|carer)s?\b|\b(?-i:[A-Z])",
    re.I,
)


def extend_person(text: str, span: Span, blocked: Sequence[tuple[int, int]]) -> Span:
    span = with_surname(text, span, blocked)
    rest = text[span.end :]
    head = _PERSON_HEAD.match(rest)
    if head and text[span.start : span.end].split()[-1].lower() in _QUALIFIERS:
        span = _grow(text, span, head.end(), blocked)
    described = re.search(
        r"\b(?:in|on|wearing)\s+(?:a|an|the)(?:\s+[\w-]+){0,2}$", text[span.start : span.end]
    )
    noun = re.match(rf"^\s+{_DESCRIPTION}{_DESCRIBED_BY}", text[span.end :], re.I)
    if described and noun:
        span = _grow(text, span, noun.end(), blocked)
    # Tails in any order ("a woman in her 30s in a red coat"), until none applies. A name ends
    # the phrase: "[a lad called Stretch] from [the Langley estate]", "[a man called Lee] she
    # met on tiktok" (the writers' spans).
    relative = _RELATIVE_START.match(text, span.start) is not None
    grown = True
    while grown and not _NAMED.search(text[span.start : span.end]):
        grown = False
        for tail_pattern in (
            _PERSON_TAIL,
            _PERSON_LOOKS,
            _PERSON_AT,
            _PERSON_WHERE,
            _PERSON_AGE,
            _PERSON_FROM,
            _PERSON_CALLED,
            _PERSON_CLAUSE,
            _PERSON_DOING,
        ):
            tail = tail_pattern.match(text[span.end :])
            size = tail.end() if tail else 0
            if tail_pattern is _PERSON_AT:
                size = 0 if relative else size or _stranger_at(text, span)
            if size:
                bigger = _grow(text, span, size, blocked)
                grown = grown or bigger is not span
                span = bigger
                if _NAMED.search(text[span.start : span.end]):
                    break
    named = _NAMED.search(text[span.start : span.end])
    if named and _AFTER_NAME.match(text, span.start + named.end(), span.end):
        span = _with(span, text, span.start, span.start + named.end())
    return span


_NAMED = re.compile(r"\b(?:called|named|known\s+as)\s+(?-i:[A-Z])[\w'’-]*", re.I)
# What a name ends: "[a lad called Stretch] from the Langley estate" (the tagger ran on).
_AFTER_NAME = re.compile(r"\s+(?:from|who|she|he|they|off|on|in|at)\s", re.I)


def _stranger_at(text: str, span: Span) -> int:
    """How far "[the men] at the flat", "[the neighbour] at number 12" grow (`_STRANGER_AT`)."""
    at = _STRANGER_AT.match(text, span.end)
    if at is None or not _THE_STRANGER.fullmatch(text[span.start : span.end]):
        return 0
    if at.group(0).rstrip()[-1:].isdigit():
        return at.end() - span.end
    size = place_phrase(text[at.end() :])
    return at.end() + size - span.end if size else 0


# "[Dean] Fletcher": a first name the tagger found, with the surname after it.
_SURNAME = re.compile(r"\s+(?-i:[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b(?!['’-])")
_FIRST_NAME = re.compile(r"(?-i:[A-Z][a-z]+)")


def with_surname(text: str, span: Span, blocked: Sequence[tuple[int, int]]) -> Span:
    if not _FIRST_NAME.fullmatch(span.value):
        return span
    m = _SURNAME.match(text, span.end)
    if m is None:
        return span
    word = m.group(0).strip()
    after = re.match(r"\s+([\w-]+)", text[m.end() :])
    place = word.lower() in PLACE_NOUNS or (
        after is not None and after.group(1).lower() in PLACE_NOUNS
    )
    if place or word in SENTENCE_WORDS or WEEKDAYS_MONTHS.match(word):
        return span
    return _grow(text, span, m.end() - span.end, blocked)


_RELATIVE_START = re.compile(r"(?:his|her|their|my|our|(?-i:[A-Z][a-z]+)['’]s)\s", re.I)


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
        "his",
        "her",
        "their",
        "birth",
        "ex",
        "step",
        "foster",
    }
)


def companions(text: str, spans: list[Span], blocked: Sequence[tuple[int, int]]) -> list[Span]:
    """People the tagger missed in a companion's place (see `_COMPANION`)."""
    found = []
    for m in _COMPANION.finditer(text):
        group = "np" if m.group("np") else "np2"
        start, end = m.span(group)
        taken = any(s.start < end and start < s.end for s in spans)
        if not taken and _free(blocked, start, end):
            found.append(Span(start, end, "person", text[start:end], 0.8))
    return found
