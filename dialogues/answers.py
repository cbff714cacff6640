"""Typed answers to the flows' questions: each parser returns an answer or `UNCLEAR`.

A parser reads only what a person clearly meant. Anything else is `UNCLEAR`, and unclear never
records a fact: the step asks again, with buttons. The parsers are pure (text in, answer out), so
they are tested on their own with generated junk (tests/dialogues/test_answers.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from protocols.vocabulary import ReturnHow


class Unclear:
    """Not an answer to this step: ask again, record nothing."""

    _instance: Unclear | None = None

    def __new__(cls) -> Unclear:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNCLEAR"


UNCLEAR: Final = Unclear()

# Said instead of an answer by someone who is unsure what to type; never a fact, never a note.
_FILLERS = frozenset(
    [
        "idk",
        "hmm",
        "hm",
        "hmmm",
        "lol",
        "ok",
        "okay",
        "k",
        "kk",
        "um",
        "umm",
        "uh",
        "er",
        "erm",
        "eh",
        "huh",
        "what",
        "wat",
        "?",
        "??",
        "???",
        "...",
        "test",
        "asdf",
        "qwerty",
        "x",
        "xx",
        "xxx",
        "null",
        "none",
        "undefined",
        "nan",
        "true",
        "false",
    ]
)


def normalise(text: str) -> str:
    """Lowercase, one space between words, straight apostrophes, no trailing punctuation."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.lower().split()).strip(" .!?,;")


def letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


# One token shaped like a button's payload ("child:12", "done:", "rem:9"): a stale or forged
# button, never a person's words.
_PAYLOAD_SHAPE = re.compile(r"^[a-z_]+:\S*$")


def looks_like_payload(text: str) -> bool:
    """One token shaped like a button's payload ("done:", "child:12"): typed or forged, it is
    never a person's words nor a typed button label."""
    return bool(_PAYLOAD_SHAPE.match(normalise(text)))


def is_words(text: str) -> bool:
    """Whether `text` is words a person wrote (not emoji, symbols, digits, a filler or a
    button's payload)."""
    lowered = normalise(text)
    # Letters counted as typed: NFKC would turn a symbol such as "㍱" into letters.
    return letters(text) >= 2 and lowered not in _FILLERS and not _PAYLOAD_SHAPE.match(lowered)


def worth_keeping(text: str) -> bool:
    """Free text typed at a step that did not take it, which must not be lost: at least two
    words, or one long one ("phone off", "went off with a lad called dean in a car")."""
    lowered = normalise(text)
    if not is_words(text):
        return False
    words = [w for w in lowered.split() if letters(w) >= 1]
    return len(words) >= 2 or letters(lowered) >= 12


def _first(lowered: str) -> str:
    return lowered.split()[0].strip(",.!?;:") if lowered else ""


# Yes / no / not sure -------------------------------------------------------------------------


class Danger(StrEnum):
    """The answer to "is the child in immediate danger?", all three recorded as facts."""

    YES = "yes"
    NO = "no"
    UNSURE = "unsure"


_UNSURE = re.compile(
    r"\b(not sure|unsure|dunno|don'?t know|do not know|no idea|not certain|can'?t (say|tell)|"
    r"hard to say|maybe|possibly|might be|perhaps|no clue)\b"
)
_YES_WORDS = frozenset({"yes", "y", "yeah", "yep", "yup", "yea", "definitely", "absolutely"})
_NO_WORDS = frozenset({"no", "n", "nope", "nah", "na"})
_YES_PHRASES = frozenset(
    {"i think so", "think so", "in danger", "he is", "she is", "they are", "danger", "i do"}
)
_NO_PHRASES = frozenset(
    {
        "not in danger",
        "don't think so",
        "i don't think so",
        "dont think so",
        "not really",
        "no danger",
        "i don't",
        "he isn't",
        "she isn't",
        "they aren't",
        "he's not",
        "she's not",
        "they're not",
    }
)


def danger(text: str) -> Danger | Unclear:
    """yes / no / not sure. "dunno", "no idea", "not sure" are UNSURE on purpose (never a
    silent no); "idk", emoji and empty text are UNCLEAR and asked again."""
    lowered = normalise(text)
    if lowered in {"unsure", "danger:unsure"}:
        return Danger.UNSURE
    if not is_words(text):
        return UNCLEAR
    if _UNSURE.search(lowered):
        return Danger.UNSURE
    if lowered in _NO_PHRASES or _first(lowered) in _NO_WORDS:
        return Danger.NO
    if lowered in _YES_PHRASES or _first(lowered) in _YES_WORDS:
        return Danger.YES
    return UNCLEAR


_DANGER_CHANGE = re.compile(
    r"\b(?P<neg>not |n't |no longer |isn't |aren't )?(?:be |is |are |'s |'re |am )?"
    r"in (?:immediate |serious |real )*danger\b"
)


def danger_change(text: str) -> Danger | None:
    """A changed view of the danger said in passing ("actually I think he is in danger",
    "I don't think she's in danger now"): YES or NO, or None when the text says neither."""
    lowered = normalise(text).replace("’", "'")
    found = _DANGER_CHANGE.search(lowered)
    if found is None:
        return None
    before = lowered[: found.start()]
    negated = found["neg"] is not None or re.search(r"\b(not|don'?t|doesn'?t|no longer)\b", before)
    return Danger.NO if negated else Danger.YES


class YesNo(StrEnum):
    YES = "yes"
    NO = "no"


_CLEAR_YES = frozenset(
    {"yes", "y", "yeah", "yep", "yup", "yes please", "yes do", "do it", "correct", "that's right",
     "yes that's right", "yes change it", "change it", "please do", "right"}
)  # fmt: skip
_CLEAR_NO = frozenset(
    {"no", "n", "nope", "nah", "no thanks", "no thank you", "don't", "dont", "leave it",
     "no leave it", "keep it", "not yet", "wrong", "that's wrong", "no that's wrong"}
)  # fmt: skip


def yes_no(text: str) -> YesNo | Unclear:
    """A clear yes or no, nothing else: emoji, "ok?", "maybe" or a sentence ask again (a
    category change or a confirmed time must never come from a guess)."""
    lowered = normalise(text)
    if lowered in _CLEAR_YES:
        return YesNo.YES
    if lowered in _CLEAR_NO:
        return YesNo.NO
    return UNCLEAR


# Police reference ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PoliceReference:
    """A reference as typed, or None when the police have not given one yet."""

    value: str | None


_NONE_YET = re.compile(
    r"\b(not (been )?given (me )?(one|a ref\w*|it)?( yet)?|not yet|no ref\w*( yet)?|"
    r"(haven'?t|have not|hasn'?t|has not) (given|got|sent)|"
    r"(don'?t|do not|didn'?t) (have|get|got)( one| a ref\w*| it)?( yet)?|haven'?t got one|"
    r"none yet|they('ll| will) (send|text|give) it|waiting for (one|it|the ref\w*))\b"
)
_REF_WORDS = re.compile(r"\b(incident|log|ref|reference|crime|cad|occurrence|case|number|no)\b")
_TIME_WORDS = re.compile(r"\b(hours?|hrs?|mins?|minutes?|ago|am|pm|days?)\b")
_PHONE_NUMBERS = frozenset({"999", "101", "112", "111"})
_ASCII_DIGITS = frozenset("0123456789")  # "٣" or "²" are not in any police reference
# A number on its own is taken as a reference only at an incident number's length.
_BARE_DIGITS = (5, 16)
_REF_SHAPE = re.compile(r"^[a-z0-9][a-z0-9/\-. ]*$")


def police_reference(text: str) -> PoliceReference | Unclear:
    """What looks like a police reference ("SP-2603-0199", "incident 552", "log 77 of 3rd",
    "19/8812") or an explicit "not given one yet". Never "I don't know", "no", "1", "999",
    a time, or emoji."""
    raw = " ".join(unicodedata.normalize("NFKC", text).split()).strip(" .!,;")
    lowered = normalise(raw)
    if _NONE_YET.search(lowered):
        return PoliceReference(None)
    digits = sum(ch in _ASCII_DIGITS for ch in lowered)
    if not 2 <= digits <= 20 or len(raw) > 40 or len(lowered.split()) > 6:
        return UNCLEAR
    if _PAYLOAD_SHAPE.match(lowered) and not _REF_WORDS.match(lowered):
        return UNCLEAR  # a button's payload ("done:12"), not something the police said
    if (
        lowered.isascii()
        and lowered.isdigit()
        and not _BARE_DIGITS[0] <= len(lowered) <= _BARE_DIGITS[1]
    ):
        return UNCLEAR  # "12", "2010": a count, a time or a year more likely than a reference
    if lowered in _PHONE_NUMBERS or _TIME_WORDS.search(lowered) or _UNSURE.search(lowered):
        return UNCLEAR
    shaped = lowered.replace("#", " ").replace(":", " ")
    if not _REF_SHAPE.match(" ".join(shaped.split())):
        return UNCLEAR
    mixed = any(letters(t) >= 2 and any(c in _ASCII_DIGITS for c in t) for t in lowered.split())
    if digits < 3 and not mixed and not _REF_WORDS.search(lowered):
        return UNCLEAR  # "12" alone is more likely a count or a time than a reference
    return PoliceReference(raw)


# How the child came back ---------------------------------------------------------------------

_NOT_A_WAY = re.compile(
    r"\b(not|never|unknown|no one|nobody|dunno|no idea|don'?t know|not sure|unsure|yet)\b|n't\b"
)
_TYPED_HOW = (
    ("police", ReturnHow.POLICE),
    ("own", ReturnHow.OWN_ACCORD),
    ("themsel", ReturnHow.OWN_ACCORD),
    ("walked in", ReturnHow.OWN_ACCORD),
    ("turned up", ReturnHow.OWN_ACCORD),
    ("came home", ReturnHow.OWN_ACCORD),
    ("collected", ReturnHow.CARER),
    ("picked", ReturnHow.CARER),
    ("we found", ReturnHow.CARER),
    ("i found", ReturnHow.CARER),
    ("found", ReturnHow.FOUND),
    ("another way", ReturnHow.OTHER),
    ("other", ReturnHow.OTHER),
)


def return_how(text: str) -> ReturnHow | Unclear:
    """How the child came back. "not known", "the police haven't found him", "not found" are
    not a way of coming back: they are UNCLEAR."""
    lowered = normalise(text)
    value = lowered.removeprefix("how:")
    if value in {h.value for h in ReturnHow}:
        return ReturnHow(value)
    if _NOT_A_WAY.search(lowered):
        return UNCLEAR
    return next((how for word, how in _TYPED_HOW if word in lowered), UNCLEAR)


# Notes ---------------------------------------------------------------------------------------


class NoteChoice(StrEnum):
    NO_NOTE = "no note"
    NOT_YET = "not yet"  # the task is not done: record nothing
    NOT_REQUIRED = "not required"


@dataclass(frozen=True)
class Note:
    text: str


_NO_NOTE = frozenset({"no note", "none", "no", "nothing", "skip", "n/a", "na", "nothing to add"})
_NOT_YET = re.compile(
    r"^(not yet|wait|hold on|hang on|later|not done( yet)?|no not yet|not finished|"
    r"i haven'?t( done it)?( yet)?|haven'?t yet|one sec|one minute|just a sec)$"
)
_NOT_REQUIRED = frozenset({"not required", "not needed", "notreq"})


def note(text: str) -> Note | NoteChoice | Unclear:
    """The note for a task or review: its words, "no note", "not yet" (nothing recorded) or
    "not required". Junk (emoji, digits, fillers, empty) is UNCLEAR."""
    lowered = normalise(text)
    if lowered in _NO_NOTE:
        return NoteChoice.NO_NOTE
    if _NOT_YET.match(lowered):
        return NoteChoice.NOT_YET
    if lowered in _NOT_REQUIRED:
        return NoteChoice.NOT_REQUIRED
    if not is_words(text):
        return UNCLEAR
    return Note(" ".join(text.split()))


def reason(text: str) -> str | Unclear:
    """A few words of reason (why a search was skipped, why a task is not required)."""
    return " ".join(text.split()) if is_words(text) else UNCLEAR


# Checklists ----------------------------------------------------------------------------------


class Checked(StrEnum):
    DONE = "done"
    NOT_POSSIBLE = "not possible"
    SKIPPED = "skipped"
    NOT_NEEDED = "not needed"


_DONE = frozenset({"done", "d", "yes", "y", "done it", "did it", "yep", "yeah", "checked"})
_NOT_POSSIBLE = frozenset({"not possible", "can't", "cant", "cannot", "couldn't", "impossible"})
_SKIPPED = frozenset({"skip", "skipped", "skip it", "pass"})
_NOT_NEEDED = frozenset({"not needed", "no", "not necessary", "n/a", "na", "skip", "nope"})


def search_step(text: str) -> Checked | Unclear:
    lowered = normalise(text)
    if lowered in _DONE:
        return Checked.DONE
    if lowered in _NOT_POSSIBLE:
        return Checked.NOT_POSSIBLE
    if lowered in _SKIPPED:
        return Checked.SKIPPED
    return UNCLEAR


def need_step(text: str) -> Checked | Unclear:
    lowered = normalise(text)
    if lowered in _DONE:
        return Checked.DONE
    if lowered in _NOT_NEEDED:
        return Checked.NOT_NEEDED
    return UNCLEAR


def choice(text: str, payloads: frozenset[str] | set[str]) -> str | Unclear:
    """One of the offered buttons' payloads, exactly (typed labels are mapped to payloads by the
    manager before a flow sees them)."""
    lowered = normalise(text)
    return lowered if lowered in payloads else UNCLEAR


# Children's names that are also words ----------------------------------------------------------


def names_capitalised(text: str, names: list[str] | tuple[str, ...]) -> str:
    """`text` with the person's own children's names capitalised, so "lily's back" is read as
    Lily coming back and not as "cancel": a carer typing their child's name in lowercase still
    means the child. Only the given names (the person's own children) are touched."""
    for name in sorted({n for n in names if n and len(n) >= 2}, key=len, reverse=True):
        pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", re.IGNORECASE)
        text = pattern.sub(name, text)
    return text
