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

from nlu.entities.spans import Span
from nlu.entities.tagger import PLACE_WORDS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_DET = r"(?:the|a|an|his|her|their|my|our|your|this|that|da|tha)"
_DETERMINER = re.compile(
    rf"(?:\b(?:{_DET}\s+[\w-]+['’]s|{_DET}|some|sum|two|three|four|a\s+couple\s+of|a\s+group"
    r"\s+of|a\s+few)\s+)$",
    re.I,
)
# Words that end a noun phrase: a modifier between a determiner and the tagged words is none
# of these ("the train [station]", not "the lad at the [station]").
_STOP = _words(
    """a an the and or but with by for of at to in on from off into onto over under near
    behind opposite outside inside above below next round around across up down out back
    is was were are be been being has had have he she they we i you it him her them his its
    hes shes theyre im not no just still then when where while who which that this said says
    went gone go going seen saw see left come came got get getting walked ran run met meet
    and as if so very about after before since till until there here"""
)
_MOD = r"(?:[\w’'&-]+)"
# Head nouns of places that the tagger's list does not have.
_PLACE_NOUNS = frozenset(PLACE_WORDS) | _words(
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
    greggs asda tesco aldi lidl morrisons sainsburys primark costa subway"""
)
_CAP_WORD = r"(?:[A-Z][\w’'&-]*|[A-Z]\d{1,4}|A&E)"
_WEEKDAYS_MONTHS = re.compile(
    r"^(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?$|^(?:jan(?:uary)?"
    r"|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)$",
    re.I,
)
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
_PART_OF = re.compile(
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
_PLACE_BEFORE = re.compile(
    rf"\b(?:{_DET}\s+(?:[\w'’-]+\s+)?(?:{'|'.join(re.escape(w) for w in sorted(_PLACE_NOUNS))})"
    rf"|{_DET}\s+[\w-]+['’]s|{_DET}\s+{_KIN_PLACE}"
    r"|{_DET}\s+(?:block|row)\s+of\s+(?:flats|houses|shops|garages))\s+"
    r"(?:behind|near|by|outside|opposite|off|on|in|over|above|at|next\s+to)\s+(?:the\s+)?$",
    re.I,
)
# A span that stops at its determiner: "[the] loft".
_DANGLING = re.compile(rf"(?:^|\s){_DET}$", re.I)
_NEXT_WORDS = re.compile(r"^\s+(?:[\w'’&-]+\s+)?[\w'’&-]+")
# What may sit between two pieces of one place: "the chippy near the bus station".
_PLACE_JOIN = re.compile(
    r"^\s*(?:in|on|near|behind|by|outside|off|opposite|above|over|next\s+to|round\s+the\s+back"
    r"\s+of|at\s+the\s+back\s+of|at|of)\s+(?:(?:the|a)\s+)?$",
    re.I,
)
# Trailing words that belong to the place: "her friend's next door".
_PLACE_TAIL = re.compile(r"^\s+(?:next\s+door|round\s+the\s+corner|across\s+the\s+road)\b", re.I)
# "a woman in a red car", "a man on a bike", "some lads in a blue Corsa".
_PERSON_TAIL = re.compile(
    r"^\s+(?:in|on|with|driving|wearing)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:car|van|taxi|motorbike|bike|moped|scooter|hoodie|jacket|coat|tracksuit|uniform"
    r"|trackie|cap|hat|balaclava|mask|jumper|hood|(?-i:[A-Z][a-z]+))\b",
    re.I,
)
# "some older lads from the estate", "two girls from her school", "some lads from Birmingham".
_PERSON_FROM = re.compile(
    rf"^\s+from\s+(?:(?:{_DET})\s+)?(?:(?:[\w-]+\s+){{0,2}}?(?:estate|school|college|unit|home"
    r"|area|flats|class|year|town|street|road)|(?-i:[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*))\b",
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
_PERSONLIKE = re.compile(
    rf"\b(?:{_PERSON_NOUN}|someone|somebody|family|group|gang|people|kids|friend|mate|ex|bf|gf"
    r"|nanna|grandma|grandad|stepbrother|stepsister|partner|carer)s?\b|\b(?-i:[A-Z])",
    re.I,
)
_CAPITALISED = re.compile(r"^\s+(?:[A-Z][\w'’&-]*)(?:\s+[A-Z][\w'’&-]*)*")
_SENTENCE_WORDS = frozenset({"I", "I'm", "Im"})
_POLICE = re.compile(r"(?:the\s+)?(?:police|officers?|cops)", re.I)
_POLICE_LEAD = re.compile(r"(?:the\s+)?(?:police|officers?|cops)\s+(?:in|at|from)\s+", re.I)


def _with(span: Span, text: str, start: int, end: int) -> Span:
    return Span(start, end, span.entity, text[start:end], span.confidence)


def _free(blocked: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return not any(s < end and start < e for s, e in blocked)


def _extend_left(text: str, span: Span, blocked: Sequence[tuple[int, int]]) -> Span:
    before = text[: span.start]
    m = (_PLACE_BEFORE.search(before) if span.entity == "location" else None) or (
        _DETERMINER.search(before)
    )
    if m is None:
        m = _modified(before)
    if m is not None and _free(blocked, m.start(), span.start):
        span = _with(span, text, m.start(), span.end)
    if span.entity == "location":
        part = _PART_OF.search(text[: span.start])
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
    # "the Co-op", "Stoke-on-Trent": the tokenizer stops at the hyphen.
    hyphenated = re.match(r"(?:-[\w’']+)+", text[end:])
    if hyphenated and end > span.start and text[end - 1].isalnum():
        end += hyphenated.end()
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


def _place_phrase(rest: str) -> int:
    """Length of the place noun phrase `rest` starts with ("the Co-op", "our street"), or 0."""
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
        if capital or low.rstrip("s") in _PLACE_NOUNS or low in _PLACE_NOUNS:
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


def _extend_right(text: str, span: Span, blocked: Sequence[tuple[int, int]]) -> Span:
    if span.entity == "location":
        return _extend_place(text, span, blocked)
    rest = text[span.end :]
    head = _PERSON_HEAD.match(rest)
    if head and text[span.start : span.end].split()[-1].lower() in _QUALIFIERS:
        span = _grow(text, span, head.end(), blocked)
    described = re.search(
        r"\b(?:in|on|wearing)\s+(?:a|an|the)(?:\s+[\w-]+){0,2}$", text[span.start : span.end]
    )
    noun = re.match(
        r"^(?:\s+[\w-]+){0,2}?\s+(?:car|van|taxi|motorbike|bike|moped|scooter|hoodie|jacket|coat"
        r"|tracksuit|uniform|trackie|cap|hat|balaclava|mask|jumper|hood"
        r"|(?-i:[A-Z][a-z]+))\b",
        text[span.end :],
        re.I,
    )
    if described and noun:
        span = _grow(text, span, noun.end(), blocked)
    for tail_pattern in (_PERSON_TAIL, _PERSON_AGE, _PERSON_FROM, _PERSON_CALLED):
        tail = tail_pattern.match(text[span.end :])
        if tail:
            span = _grow(text, span, tail.end(), blocked)
    return span


def _grow(text: str, span: Span, by: int, blocked: Sequence[tuple[int, int]]) -> Span:
    if by <= 0 or not _free(blocked, span.end, span.end + by):
        return span
    return _with(span, text, span.start, span.end + by)


def _extend_place(text: str, span: Span, blocked: Sequence[tuple[int, int]]) -> Span:
    rest = text[span.end :]
    cap = _CAPITALISED.match(rest)
    last = text[span.start : span.end].split()[-1]
    if cap and last[:1].isupper() and cap.group(0).split()[0] not in _SENTENCE_WORDS:
        span = _grow(text, span, cap.end(), blocked)
    # "[the bus] shelter", "[the tram] stop": a place noun straight after.
    nxt = re.match(r"^\s+([\w-]+)\b", text[span.end :])
    if nxt and nxt.group(1).lower() in _PLACE_NOUNS and nxt.group(1).lower() not in _STOP:
        span = _grow(text, span, nxt.end(), blocked)
    for _ in range(3):
        chain = _CHAIN.match(text[span.end :])
        if chain is None and text[span.start : span.end].split()[-1].lower() in _RELATIONAL:
            chain = re.match(r"^\s+of\s+", text[span.end :])
        if chain is None:
            break
        size = _place_phrase(text[span.end + chain.end() :])
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


_NOT_TOWN_WORDS = frozenset(
    ["bed", "trouble", "tears", "bits", "person", "time", "case", "care", "custody", "hospital"]
)


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


def _companions(text: str, spans: list[Span], blocked: Sequence[tuple[int, int]]) -> list[Span]:
    """People the tagger missed in a companion's place (see `_COMPANION`)."""
    found = []
    for m in _COMPANION.finditer(text):
        group = "np" if m.group("np") else "np2"
        start, end = m.span(group)
        taken = any(s.start < end and start < s.end for s in spans)
        if not taken and _free(blocked, start, end):
            found.append(Span(start, end, "person", text[start:end], 0.8))
    return found


def complete_phrases(
    text: str, spans: list[Span], blocked: Sequence[tuple[int, int]] = (), *, seeds: bool = True
) -> list[Span]:
    """Tagger spans for `location` and `person` made into whole phrases; others unchanged.

    `blocked` are the character ranges of names, times and references: no phrase grows into
    them.
    """
    # The pronoun "I" is never a place or a companion ("a house I don't recognise"), and the
    # police are who found them, not where ("found by the police in Hanley").
    others = [s for s in spans if s.entity not in ("location", "person")]
    whole = [_whole_words(text, s) for s in spans if s.entity in ("location", "person")]
    phrases = [
        _without_police(text, s)
        for s in whole
        if text[s.start : s.end] != "I" and not _POLICE.fullmatch(text[s.start : s.end])
    ]
    phrases = [
        _trimmed(text, s) for s in phrases if not _STOP_ONLY.fullmatch(text[s.start : s.end])
    ]
    phrases = [s for s in phrases if s.end > s.start]
    if seeds:
        phrases += _place_seeds(text, phrases, blocked)
    joined = _join_pieces(text, [_extend_left(text, s, blocked) for s in phrases])
    completed = [_extend_right(text, s, blocked) for s in joined]
    completed = [s for s in completed if s.entity != "person" or _PERSONLIKE.search(s.value)]
    if seeds:
        completed += [
            _extend_right(text, s, blocked) for s in _companions(text, completed, blocked)
        ]
    # Joining after extending can leave a determiner inside: join once more.
    return sorted(_join_pieces(text, completed) + others, key=lambda s: s.start)


# A "phrase" of nothing but a preposition or article ("[in] a black van") is the tagger's slip.
_STOP_ONLY = re.compile(r"(?:in|on|at|with|by|of|the|a|an)", re.I)


_LEADING = re.compile(r"^(?:(?:near|by|in|on|at|of|to|from|with|and|,)\s+)+", re.I)
_TRAILING = re.compile(
    r"(?:\s+(?:round|near|by|in|on|at|of|to|from|with|and|behind|opposite|outside|over|above"
    r"|below|under|off|the|a))+$",
    re.I,
)


def _trimmed(text: str, span: Span) -> Span:
    """Without prepositions at either edge: "[the services on]" is "the services"."""
    start = span.start
    while start < span.end and text[start].isspace():
        start += 1
    lead = _LEADING.match(text[start : span.end])
    start += lead.end() if lead else 0
    trail = _TRAILING.search(text[start : span.end])
    end = start + trail.start() if trail else span.end
    while start < end and text[start].isspace():
        start += 1
    return _with(span, text, start, end)


# A place the tagger missed, where the words leave no doubt: a preposition of place, then a
# noun phrase ending in a place noun ("outside the pharmacy", "round the gates") or a
# capitalised name ("traced to Crewe", "in Longton").
# Words that name a place only sometimes ("in his room", "at the door", "on the bus", "the
# office" where staff park): left to the tagger, which has seen how they are annotated.
_NOT_SEEDS = frozenset({"home", "room", "door", "office", "bus", "way", "station"})
_SEED = re.compile(
    r"\b(?:at|to|from|outside|near|behind|opposite|round|in|inside|into|on|towards)\s+"
)


# A capitalised word after "to"/"from" is a town only after a word of going ("went to Crewe",
# "traced to Crewe"); otherwise it is as likely a person ("spoke to Sharon", "a text from
# Sophie"). After "on" it is an app or a person ("on Snapchat", "waiting on Dave").
_GOING = frozenset(
    [
        "went",
        "gone",
        "go",
        "goes",
        "going",
        "heading",
        "headed",
        "head",
        "traced",
        "tracked",
        "walked",
        "walking",
        "ran",
        "run",
        "moved",
        "travelled",
        "traveled",
        "got",
        "get",
        "getting",
        "back",
        "came",
        "come",
        "coming",
        "drove",
        "driven",
        "bus",
        "train",
        "taxi",
        "lift",
        "way",
        "off",
        "over",
        "called",
        "rang",
        "phoned",
        "drugs",
        "sent",
    ]
)
_NOT_TOWNS = frozenset(
    [
        "Facebook",
        "Snapchat",
        "Snap",
        "Insta",
        "Instagram",
        "Tiktok",
        "TikTok",
        "Whatsapp",
        "WhatsApp",
        "Discord",
        "Twitter",
        "Year",
        "Yr",
        "Mum",
        "Dad",
        "Nan",
        "Mr",
        "Mrs",
        "Ms",
        "Miss",
        "Dr",
        "Police",
        "EDT",
        "Christmas",
        "Easter",
    ]
)


def _town_here(text: str, seed: re.Match[str], word: str) -> bool:
    if _WEEKDAYS_MONTHS.match(word) or word.split()[0] in _NOT_TOWNS:
        return False
    preposition = seed.group(0).split()[0].lower()
    if preposition == "on":
        return False
    if preposition in ("to", "from"):
        before = text[: seed.start()].split()
        return bool(before) and before[-1].lower().strip(",.") in _GOING
    return True


def _place_seeds(text: str, spans: list[Span], blocked: Sequence[tuple[int, int]]) -> list[Span]:
    found: list[Span] = []
    for m in _SEED.finditer(text):
        start = m.end()
        rest = text[start:]
        capital = re.match(r"(?:[A-Z][a-z]+)(?:[\s-][A-Z][a-z]+)?\b", rest)
        if re.match(rf"{_DET}\s", rest, re.I):
            size = _place_phrase(rest)
        elif capital and _town_here(text, m, capital.group(0)):
            size = capital.end()
        else:
            continue
        end = start + size
        if not size or text[start:end] in _SENTENCE_WORDS:
            continue
        head = text[start:end].split()[-1]
        if head.lower() in _NOT_SEEDS or (head.isupper() and head != "A&E"):
            continue
        taken = any(s.start < end and start < s.end for s in spans + found)
        if not taken and _free(blocked, start, end):
            found.append(Span(start, end, "location", text[start:end], 0.7))
    return found
