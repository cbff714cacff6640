"""Places the tagger missed, found where the words leave no doubt: a preposition of place, then
a noun phrase ending in a place noun ("outside the pharmacy", "round the gates") or a
capitalised name ("traced to Crewe", "in Longton")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from nlu.entities.phrase_grammar import DET as _DET
from nlu.entities.phrase_grammar import WEEKDAYS_MONTHS as _WEEKDAYS_MONTHS
from nlu.entities.phrase_grammar import free as _free
from nlu.entities.place_phrases import SENTENCE_WORDS as _SENTENCE_WORDS
from nlu.entities.place_phrases import place_phrase as _place_phrase
from nlu.entities.spans import Span

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


def place_seeds(text: str, spans: list[Span], blocked: Sequence[tuple[int, int]]) -> list[Span]:
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
