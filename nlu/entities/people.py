"""Every person in the child's world, found by rule where the tagger (trained on companions)
sees none: relatives and friends ("her mum", "his mate Kyle", "Marek's dad", "her mum's
boyfriend"), people described by what they do or are ("a neighbour", "the bus driver", "a member
of staff", "known dealers", "older lads") and officers by title ("PC Grady", "PCSO Hill").

Not people: a role that is part of a task ("told the IRO", "rang EDT", "informed parents": the
task span owns those words, so they are `blocked`), a professional spoken of as someone to
contact ("ring her social worker"), "someone"/"anyone", the police as a body, and someone's
place ("at his nan's", "round his mates"), which is a location.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nlu.entities.phrase_grammar import WEEKDAYS_MONTHS, free
from nlu.entities.spans import Span

# Relatives, friends and people in a child's life, said with a possessive ("her mum").
_KIN = (
    r"(?:roommate|flatmate|housemate|mum|mam|mom|mummy|mother|dad|daddy|father|parents"
    r"|brother|bro|sister|sis|siblings?"
    r"|nan|nana|nanna|nannan|gran|granny|grandma|grandmother|grandad|granddad|grandparents"
    r"|aunt|aunty|auntie|uncle|cousins?|stepdad|stepmum|step-dad|step-mum|stepbrother"
    r"|stepsister|son|daughter|baby|family|friends?|mates?|m8s?|pals?|boyfriend|girlfriend|bf"
    r"|gf|ex|partner|fella|teacher|tutor|coach|key\s?worker|social\s+worker|youth\s+worker"
    r"|support\s+worker|carers?|foster\s+carers?|neighbours?|dealer|landlord|manager|boss)"
)
# "his friends mum": the relation of a relation, typed without the apostrophe.
_KIN_OF = r"(?:mum|mam|dad|nan|brother|sister|boyfriend|girlfriend)"
# What may stand between the possessive and the relation: "her best friend", "his birth mum".
_KIN_MODIFIER = (
    r"(?:older|younger|little|big|best|school|birth|ex|step|new|old|foster|eldest|oldest|twin"
    r"|real|other|college|work|online|form|class|house|room|flat|football|boxing|dance)"
)
_POSSESSOR = (
    r"(?:his|her|their|my|our|your|(?-i:[A-Z][a-z]+)['’]s"
    # "kyles mum", "Kyles mum": a name's possessive typed without the apostrophe.
    r"|(?!(?:his|has|was|is|its|this|thus|yes|says|as|us|does|goes|plus|always|lads|girls|boys"
    r"|mates|friends|parents|guys|thanks|cos|bus|less|miss|pass|across|unless)\b)"
    r"(?-i:[A-Za-z][a-z]{2,}s)(?=\s+(?:mum|mam|dad|nan|brother|sister)\b))"
)
# "her mum", "his older brother", "her mum's boyfriend", "Marek's dad", "his mate Kyle".
_RELATIVE = re.compile(
    rf"\b{_POSSESSOR}\s+(?:{_KIN_MODIFIER}\s+){{0,2}}{_KIN}"
    rf"(?:['’]s\s+(?:{_KIN_MODIFIER}\s+){{0,2}}{_KIN}|(?<=s)\s+{_KIN_OF})*"
    # The name may be accented: "her sister Amélie", "his cousin Zoë".
    r"(?P<name>\s+(?-i:[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)?))?\b(?!['’]|-)",
    re.I,
)
# Someone's place, not a person: "at his nan's" is caught by the (?!') above; "round his mates"
# (no apostrophe) by the preposition of place before it. Only for relatives: "talking to [a
# bloke with a dog]" is a person.
_PLACE_BEFORE = re.compile(
    r"\b(?:at|round|outside|near|towards|into|inside|behind|to|from\s+outside)\s+$", re.I
)
# "from his mates", "at a friends": a place when the word is a plural without its apostrophe.
_PLURAL_PLACE = re.compile(r"(?:friends|mates|m8s|nans|mums|dads|cousins|aunts|uncles)$", re.I)
_FROM = re.compile(r"\bfrom\s+$", re.I)


def _someones_place(text: str, start: int, words: str, *, relative: bool) -> bool:
    """ "round his mates", "staying at a friends", "rang from his mates": someone's place."""
    before = text[:start]
    if _PLURAL_PLACE.search(words) and (_PLACE_BEFORE.search(before) or _FROM.search(before)):
        return True
    return relative and _PLACE_BEFORE.search(before) is not None


_POSSESSED = re.compile(r"\s+(?-i:[A-Z][a-z]+)['’]s\b")
# People said by what they are or do: "a neighbour", "the bus driver", "known dealers".
_ROLE_NOUN = (
    r"(?:neighbours?|lady|ladies|gentleman|receptionist|roommate|flatmate|housemate|tutor"
    r"|shopkeeper|shop\s+keeper|cashier|(?:taxi|bus|cab|delivery|lorry)\s+drivers?"
    r"|drivers?|dog\s+walkers?|passers?-by|passer\s+by|members?\s+of\s+(?:staff|the\s+public)"
    r"|security\s+guards?|bouncers?|officers?|pcsos?|paramedics?|nurses?|doctors?|teachers?"
    r"|dealers?|strangers?|teenagers?|youths?|adults?|men|man|woman|women|lads?|girls?|boys?"
    r"|blokes?|guys?|males?|females?|kids|people|friends?|mates?|gang|group\s+of\s+\w+"
    r"|social\s+worker|key\s?worker|youth\s+worker|landlord|manager|witness|caller)"
)
_ROLE_LEAD = (
    r"(?:the|a|an|some|two|three|four|five|several|a\s+couple\s+of|a\s+few|a\s+load\s+of"
    r"|a\s+bunch\s+of|known|older|younger|local|other|random)"
)
_DESCRIBED = re.compile(
    rf"\b{_ROLE_LEAD}\s+(?:(?:older|younger|local|other|known|random|big|young|old|little|hotel"
    r"|shop|school|church|security|club|bar|door|night|train|ticket|car\s+park|lollipop"
    rf"|\w+-year-old|[a-z]+ish)\s+){{0,2}}{_ROLE_NOUN}\b(?!['’])",
    re.I,
)
# Officers and others by title: "PC Grady", "PCSO Hill", "DC Shah", "Mrs Patel".
_TITLED = re.compile(
    r"\b(?:PC|PCSO|DC|DS|DI|Sgt|Sergeant|Inspector|Constable|Officer|Mr|Mrs|Ms|Miss|Dr)\.?"
    r"\s+(?-i:[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b"
)
# Professionals spoken of as someone to contact are a task's role, not a person in the child's
# world: "should I ring the police or [her social worker]", "let [the manager] know".
_PROFESSIONAL = re.compile(
    r"(?:social\s+worker|key\s?worker|youth\s+worker|support\s+worker|manager|boss|iro|edt"
    r"|duty\s+worker|officer)$",
    re.I,
)
_CONTACT_BEFORE = re.compile(
    # The writer contacting them ("should I ring", "have told", "to let"), not the child telling
    # them something ("she told her key worker that …").
    r"(?:^|[.,;:!?]\s*|\b(?:i|we|to|will|['’]ll|should|shall|can|could|must|have|has|had|just"
    r"|already|also|and|then|please|pls)\s+)"
    r"(?:ring|rang|rung|call|called|phone|phoned|tell|told|inform|informed|email|emailed"
    r"|contact|contacted|notify|notified|update|updated|let|text|texted|message|messaged"
    r"|speak\s+to|spoke\s+to|spoken\s+to|speak\s+with|spoke\s+with)"
    r"(?:\s+(?:the\s+police|101|999|edt|the\s+iro|her\s+mum|his\s+mum)\s+(?:or|and))?\s+$",
    re.I,
)
# "the police" as a body, "someone", "anyone", and words that are not people here.
_NOT_PEOPLE = re.compile(
    r"(?:the\s+)?(?:police|cops|officers|staff|someone|somebody|anyone|anybody|no\s?one|nobody"
    r"|everyone)",
    re.I,
)


def find_people(text: str, blocked: Sequence[tuple[int, int]]) -> list[Span]:
    """People named by rule (see the module docstring), longest first where they overlap."""
    found: list[Span] = []
    for pattern in (_TITLED, _RELATIVE, _DESCRIBED):
        for m in pattern.finditer(text):
            start, end = m.span()
            name = m.group("name") if pattern is _RELATIVE else None
            if name and (not free(blocked, *m.span("name")) or WEEKDAYS_MONTHS.match(name.strip())):
                end = m.start("name")
            words = text[start:end]
            if _NOT_PEOPLE.fullmatch(words) or not free(blocked, start, end):
                continue
            if _someones_place(text, start, words, relative=pattern is _RELATIVE):
                continue
            if _POSSESSED.match(text[end:]):
                continue  # "his mate Kyle's": a place
            if _PROFESSIONAL.search(words) and _CONTACT_BEFORE.search(text[:start]):
                continue
            if any(s.start <= start and end <= s.end for s in found):
                continue
            found = [s for s in found if not (start <= s.start and s.end <= end)]
            found.append(Span(start, end, "person", words, 0.8))
    return sorted(found, key=lambda s: s.start)


# What may stand between a person and the place the tagger ran them into: "[the lad behind the
# counter] at [the Spar]", "[PC Grady] in [the park]".
_BETWEEN = re.compile(
    r"^\s+(?:at|in|on|by|near|outside|from|behind|opposite|round|inside|down|up)\s+", re.I
)


def merged_people(text: str, spans: list[Span], people: list[Span]) -> list[Span]:
    """`spans` with the people found by rule: a person the tagger also found becomes the longer
    of the two; a place the tagger ran through a person's words gives way ("[PC Grady] in [the
    park]", not "[Grady in the park]"); a person inside a place stays part of it."""
    out = list(spans)
    for person in people:
        keep = True
        for other in [s for s in out if s.overlaps(person)]:
            if other.entity == "person":
                start, end = min(other.start, person.start), max(other.end, person.end)
                person = Span(start, end, "person", text[start:end], other.confidence)
                out.remove(other)
            elif other.entity != "location":
                keep = False
            elif (other.start, other.end) == (person.start, person.end) and _PLURAL_PLACE.search(
                person.value
            ):
                keep = False  # the same words read as a place ("staying at [a mates]")
            elif other.start >= person.start and other.end <= person.end:
                out.remove(other)
            elif other.start >= person.start:
                gap = _BETWEEN.match(text[person.end : other.end])
                if gap is None:
                    keep = False
                    continue
                out.remove(other)
                start = person.end + gap.end()
                out.append(
                    Span(start, other.end, "location", text[start : other.end], other.confidence)
                )
            else:
                keep = False
        if keep:
            out.append(person)
    return sorted(out, key=lambda s: s.start)
