"""Whole place phrases: growing a tagged place through its qualifiers and chains of places
("the bus shelter opposite the Co-op", "the back of the leisure centre", "his aunts in hanley").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nlu.entities.phrase_grammar import DET as _DET
from nlu.entities.phrase_grammar import STOP as _STOP
from nlu.entities.phrase_grammar import WEEKDAYS_MONTHS as _WEEKDAYS_MONTHS
from nlu.entities.phrase_grammar import grow as _grow
from nlu.entities.phrase_grammar import with_text as _with
from nlu.entities.phrase_grammar import words as _words
from nlu.entities.spans import Span
from nlu.entities.tagger import PLACE_WORDS

# Head nouns of places that the tagger's list does not have.
PLACE_NOUNS = frozenset(PLACE_WORDS) | _words(
    """shelter stop stops box office room rooms house houses flat flats garage garages estate
    centre center park lane road street close avenue drive crescent terrace roundabout
    bridge footbridge underpass multi-storey carpark bookies bookmakers chippy co-op arena
    gates gate library pharmacy chemist surgery hospital mosque church temple gurdwara precinct
    market services motorway canal towpath woods wood field fields pitch pitches court courts
    club hotel hostel caravan caravans playground swings subway tram tunnel cemetery graveyard
    allotments den stairwell landing block tower shop shops station stations square store
    supermarket takeaway kebab cafe bar pub nightclub gym pool baths rec ground grounds
    parade row yard barn farm rd ln ave stn st corner hall launderette laundrette
    salon arcade bowling snooker dump alleyway alley path lay-by layby bus
    entrance exit car-park wetherspoons spoons maccies mcdonalds mcdonald's kfc
    greggs asda tesco aldi lidl morrisons sainsburys primark costa subway marina railway
    lake reservoir river quay wharf pier harbour viaduct waterfront seafront beach promenade
    line tracks"""
)
_CAP_WORD = r"(?:[A-Z][\w’'&-]*|[A-Z]\d{1,4}|A&E)"
# Prepositions that chain one place onto another: "the bus shelter opposite the Co-op".
_CHAIN = re.compile(
    r"^\s+(?:(?:at|round|on|by|near)\s+the\s+(?:top|bottom|end|back|front|side|corner)\s+of"
    r"|opposite|above|below|behind|near|nr|by|beside|outside|off|on|in|over|under|next\s+to"
    r"|across\s+from|round|at)\s+",
    re.I,
)
# "the back of [the leisure centre]", "the end of [our road]": the part of a place.
_RELATIONAL = frozenset(
    {"top", "bottom", "end", "back", "front", "side", "corner", "edge", "middle", "block", "row"}
)
PART_OF = re.compile(
    rf"\b{_DET}\s+(?:far\s+)?(?:(?:top|bottom|ground|first|second)\s+floor|top|bottom|end|back"
    r"|front|side|corner|edge|middle|entrance"
    r"|outside|roof|car\s+park)\s+of\s+$",
    re.I,
)
# A place named before its qualifier that the tagger missed: "[the garage] behind Mill Lane".
# "his gfs", "her m8s", "his aunts": someone's place, typed without the apostrophe.
_KIN_PLACE = (
    r"(?:nan|nana|nanna|gran|grandma|grandad|mum|mam|dad|aunt|aunty|auntie|uncle|cousin|sister"
    r"|brother|mate|m8|friend|gf|bf|girlfriend|boyfriend|ex)(?:['’]?s|s['’])"
)
PLACE_BEFORE = re.compile(
    rf"\b(?:{_DET}\s+(?:[\w'’-]+\s+)?(?:{'|'.join(re.escape(w) for w in sorted(PLACE_NOUNS))})"
    rf"|{_DET}\s+[\w-]+['’]s|{_DET}\s+{_KIN_PLACE}"
    r"|{_DET}\s+(?:block|row)\s+of\s+(?:flats|houses|shops|garages))\s+"
    r"(?:behind|near|by|outside|opposite|off|on|in|over|above|at|next\s+to)\s+(?:the\s+)?$",
    re.I,
)
# What may sit between two pieces of one place: "the chippy near the bus station".
PLACE_JOIN = re.compile(
    # "[Marek's] dad's [flat]": a relation's place, the tagger's pieces either side.
    r"^\s+(?:mum|mam|dad|nan|gran|aunt|auntie|aunty|uncle|brother|sister|cousin|mate|friend"
    r"|boyfriend|girlfriend)['’]s\s+$|"
    r"^\s*(?:in|on|near|behind|by|outside|off|opposite|above|over|next\s+to|round\s+the\s+back"
    r"\s+of|at\s+the\s+back\s+of|at|of)\s+(?:(?:the|a)\s+)?$",
    re.I,
)
# Trailing words that belong to the place: "her friend's next door".
_PLACE_TAIL = re.compile(r"^\s+(?:next\s+door|round\s+the\s+corner|across\s+the\s+road)\b", re.I)
_CAPITALISED = re.compile(r"^\s+(?:[A-Z][\w'’&-]*)(?:\s+[A-Z][\w'’&-]*)*")
SENTENCE_WORDS = frozenset({"I", "I'm", "Im"})
_POLICE_LEAD = re.compile(r"(?:the\s+)?(?:police|officers?|cops)\s+(?:in|at|from)\s+", re.I)


def without_police(text: str, span: Span) -> Span:
    """ "[police in Hanley]" is where the police found them: the place is "Hanley"."""
    lead = _POLICE_LEAD.match(text, span.start, span.end)
    if lead is None or span.entity != "location" or lead.end() >= span.end:
        return span
    return _with(span, text, lead.end(), span.end)


_OFFICER = re.compile(r"(?:PC|PCSO|PS|DC|DS|DI|Sgt)\s+[A-Z]")


def place_phrase(rest: str) -> int:
    """Length of the place noun phrase `rest` starts with ("the Co-op", "our street"), or 0."""
    if _OFFICER.match(rest):
        return 0  # "[Rhyl police station] by PC Hughes": who, not where
    m = re.match(rf"(?:(?:{_DET}|[\w-]+['’]s)\s+)?", rest, re.I)
    at = m.end() if m else 0
    words = list(re.finditer(r"[\w’'&-]+", rest[at:]))
    end = 0
    for n, w in enumerate(words[:6]):
        if n and rest[at + words[n - 1].end() : at + w.start()].strip():
            break  # punctuation between the words ends the phrase
        word = w.group(0)
        low = word.lower()
        previous = words[n - 1].group(0).lower() if n else ""
        if low == "of" and previous in _RELATIONAL:
            continue
        if previous == "of" and re.fullmatch(_DET, low):
            continue  # "the back of the leisure centre"
        following = words[n + 1].group(0).lower() if n + 1 < len(words) else ""
        if low in _RELATIONAL and following == "of":
            continue
        if low in _STOP or _WEEKDAYS_MONTHS.match(word):
            break
        # A capitalised word, not an acronym ("Sharon at EDT"): "the Co-op", "A50", "A&E".
        capital = re.fullmatch(_CAP_WORD, word) is not None and not (
            word.isupper() and word.isalpha() and len(word) > 1
        )
        if capital or low.rstrip("s") in PLACE_NOUNS or low in PLACE_NOUNS:
            end = at + w.end()
        elif n >= 4:
            break
    return end


# Prepositions that only ever place one thing against another: what follows is a place even
# when its noun is not in the list ("above [the launderette]").
_STRONG = re.compile(
    r"^\s+(?:above|below|opposite|behind|outside|beside|next\s+to|across\s+from)\s", re.I
)


def _unknown_place(rest: str) -> int:
    """ "the launderette": a determiner and one or two words that are not function words."""
    m = re.match(rf"{_DET}\s+([\w’'-]+)(?:\s+([\w’'-]+))?", rest, re.I)
    if m is None or m.group(1).lower() in _STOP:
        return 0
    second = m.group(2)
    if second is None or second.lower() in _STOP or _WEEKDAYS_MONTHS.match(second):
        return m.end(1)
    return m.end()


def extend_place(text: str, span: Span, blocked: Sequence[tuple[int, int]]) -> Span:
    rest = text[span.end :]
    cap = _CAPITALISED.match(rest)
    last = text[span.start : span.end].split()[-1]
    if cap and last[:1].isupper() and cap.group(0).split()[0] not in SENTENCE_WORDS:
        span = _grow(text, span, cap.end(), blocked)
    # "[Llandudno] custody suite", "[Rochdale] interchange": a town's police station, custody,
    # interchange or services is one place, as every writer marks it.
    named = _AFTER_TOWN.match(text[span.end :])
    if named and text[span.start : span.end].split()[-1][:1].isupper():
        span = _grow(text, span, named.end(), blocked)
    # "[Marek's] dad's flat": a relative's place after someone's, when the tagger found only the
    # first piece (it found both before session 23's data).
    kin = _KIN_THEN_PLACE.match(text[span.end :])
    if kin and text[span.start : span.end].endswith(("'s", "’s")):
        span = _grow(text, span, kin.end(), blocked)
    # "[the bus] shelter", "[the tram] stop": a place noun straight after.
    nxt = re.match(r"^\s+([\w-]+)\b", text[span.end :])
    if nxt and nxt.group(1).lower() in PLACE_NOUNS and nxt.group(1).lower() not in _STOP:
        span = _grow(text, span, nxt.end(), blocked)
    for _ in range(3):
        chain = _CHAIN.match(text[span.end :])
        if chain is None and text[span.start : span.end].split()[-1].lower() in _RELATIONAL:
            chain = re.match(r"^\s+of\s+", text[span.end :])
        if chain is None:
            break
        size = place_phrase(text[span.end + chain.end() :])
        if not size and _STRONG.match(chain.group(0)):
            size = _unknown_place(text[span.end + chain.end() :])
        if not size:
            break
        grown = _grow(text, span, chain.end() + size, blocked)
        if grown is span:
            break
        span = grown
    # "[his aunts] in hanley": after someone's place, "in" and one word is their town, even
    # typed in lower case.
    town = re.match(r"^\s+in\s+([a-z][a-z-]+)\b", text[span.end :])
    if (
        town
        and re.search(rf"\b{_KIN_PLACE}$", text[span.start : span.end], re.I)
        and town.group(1) not in _STOP
        and town.group(1) not in _NOT_TOWN_WORDS
        and not _WEEKDAYS_MONTHS.match(town.group(1))
    ):
        span = _grow(text, span, town.end(), blocked)
    tail = _PLACE_TAIL.match(text[span.end :])
    if tail:
        span = _grow(text, span, tail.end(), blocked)
    return span


_KIN_THEN_PLACE = re.compile(
    rf"^\s+{_KIN_PLACE}\s+(?:{'|'.join(re.escape(w) for w in sorted(PLACE_NOUNS))})\b", re.I
)
_AFTER_TOWN = re.compile(
    r"^\s+(?:police\s+station|custody\s+suite|custody|interchange|services|nick)\b", re.I
)
_NOT_TOWN_WORDS = frozenset(
    ["bed", "trouble", "tears", "bits", "person", "time", "case", "care", "custody", "hospital"]
)


# Not a place for the record: the child's own placement said generically, a room or outbuilding
# of the carer's house ("asleep in the loft", "hiding in the shed"), and school or college as a
# routine ("not back from school"). "A house on Lonsdale Street", "her old school" stay places.
_NOT_A_PLACE = re.compile(
    r"(?:(?:the|his|her|my|our|their)\s+)?(?:home|placement|unit|loft|attic|shed|garden|back"
    r"\s+garden|front\s+garden|bedroom|room|house|kitchen|bathroom|toilet|lounge|living\s+room"
    r"|landing|cellar|basement|conservatory|summer\s?house|porch|hallway|wardrobe|bed)"
    r"|school|college|work|nursery|placement|care"
    # A vehicle is not a place: "in [a car] with three men", "got off the bus".
    r"|(?:(?:a|an|the|his|her|their)\s+(?:[\w-]+\s+){0,2}?)?(?:car|van|taxi|cab|motorbike|moped"
    r"|bus|train|tram)(?:\s+home)?"
    # Nowhere in particular, which no writer marks: "up and down the street", "towards the
    # main road", "the front gate", the ward or station the child is already known to be at;
    # and bodies that are not places ("sent to Ofsted", "reported to the Met").
    r"|(?:the|our|this)\s+(?:(?:main|front|back|school)\s+)?(?:street|road|gate|block|ward"
    r"|station|hall)"
    r"|ofsted|the\s+met|[a-z]"
    # People and leftovers the tagger took for places: "a call from the foster carers", "at the
    # other end", a lone "-" or "&".
    r"|(?:the|his|her|their)\s+(?:foster\s+)?carers|the\s+other|[\W_]+",
    re.I,
)


def is_place(words: str) -> bool:
    """False for what `_NOT_A_PLACE` names."""
    return _NOT_A_PLACE.fullmatch(words.strip()) is None
