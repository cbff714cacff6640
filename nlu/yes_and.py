"""A yes or a no that adds a fact is that fact (labelling guideline, "Decided in session 23").

"Yes. Dima is back.", "yes I've rung them, CAD 7714", "no, it was 11:40 she came in, not 11":
the training data has some 150 content-free yeses ("yes thats right", "yeah go on") and as many
noes ("no he's still out"), so the classifier reads any message opening with one as affirm or
deny, whatever follows. Here the words after the opening yes or no are classified on their
own; when they state a fact, that fact comes first and the yes or no stays in the ranking.

A no keeps its deny when what follows changes nothing ("no he's still out", "nope not back");
only a "but" after it brings a new fact.
Inside a conversation the dialogue reads a plain yes or no itself (dialogues/answers.py), so
this only decides what a message means when it is read as a whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from nlu.types import IntentScore

_OPENING_YES = re.compile(
    r"^\s*(?:yes+|yeah|yea|yep|yup|yh|ye|aye|ya|yas|affirmative)\b[\s,.!:;-]*(?P<rest>.*)$",
    re.I | re.S,
)
_OPENING_NO = re.compile(r"^\s*(?:no+|nope|nah|naw|na)\b[\s,.!:;-]*(?P<rest>.*)$", re.I | re.S)

# What may follow a yes and be the point of the message: a return, a police report, a step done
# ("yes, the safe and well was done before the officer left"). Not news, a place or a risk:
# "yh she was with her sister", "yeah she had her inhaler on her" answer the question asked.
_AFTER_YES = frozenset({"child_returned", "police_reported", "task_done"})
# After a no, only what follows a "but": "no, but she's finally replied to my text", "no I
# didn't, but my manager reported it at 9". Without one the rest restates the answer ("no hes
# still in custody", "no not reported to police yet", "no he didnt take anything with him").
_AFTER_NO_BUT = frozenset({"police_reported", "task_done", "new_information", "whereabouts_known"})
_BUT = re.compile(r"\bbut\b\s*(?P<rest>.*)$", re.I | re.S)
# The rest on its own must read as that fact at least this surely.
FACT_MIN = 0.6
# Words that only confirm or point ("yeah she did", "yep, 0215 it was", "yes that's him"): the
# rest needs two words besides these to say a fact of its own.
_CONFIRMING = frozenset(
    {"he", "she", "they", "it", "i", "we", "you", "him", "her", "them", "is", "was", "were", "are",
     "am", "did", "does", "do", "has", "have", "had", "that", "thats", "that's", "this", "the",
     "one", "right", "correct", "exactly", "it's", "its", "he's", "she's", "hes", "shes", "yes",
     "please", "thanks", "thank", "ta", "cheers", "so", "too", "as", "well", "then", "now", "ok",
     "okay", "sure", "definitely", "deffo", "think", "reckon", "at", "about", "around",
     "childname", "timeref", "policeref", "not", "no", "a", "an", "and", "of", "to"}
)  # fmt: skip
_WORD = re.compile(r"[a-z']+")


def _says_more_than_yes(rest: str) -> bool:
    return sum(word not in _CONFIRMING for word in _WORD.findall(rest.lower())) >= 2


def read_fact_after_yes_or_no(
    masked: str, ranking: list[IntentScore], rank: Callable[[str], list[IntentScore]]
) -> tuple[list[IntentScore], bool]:
    """`ranking` with the fact first when a yes or no opens `masked` (the message with its
    names, times and references replaced, as the classifier sees it) and the words after it,
    ranked alone by `rank`, are a fact. The fact keeps the confidence it had alone."""
    if not ranking or ranking[0]["name"] not in ("affirm", "deny"):
        return ranking, False
    if ranking[0]["name"] == "affirm":
        match, facts = _OPENING_YES.match(masked), _AFTER_YES
        rest = match.group("rest") if match else ""
    else:
        match, facts = _OPENING_NO.match(masked), _AFTER_NO_BUT
        but = _BUT.search(match.group("rest")) if match else None
        rest = but.group("rest") if but else ""
    if not _says_more_than_yes(rest):
        return ranking, False
    alone = rank(rest)
    if not alone or alone[0]["name"] not in facts or alone[0]["confidence"] < FACT_MIN:
        return ranking, False
    fact = alone[0]
    return [fact, *(s for s in ranking if s["name"] != fact["name"])], True
