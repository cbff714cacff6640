"""The other facts a report or a return carries (the parse result's `secondary_intents`).

"Kai's back, he stinks of weed" is a return and a risk; "Kai's not back, rang 999, ref 4411"
is a report and a police report; "Kai's missing, his mate saw him at the bus station" is a report
and a sighting. The router starts the flow of the main intent; this module decides what of the
rest that flow carries:

* words: the message itself, kept on the episode once the flow knows it (the flows' held words,
  dialogues/flows/kept_words.py): a note in the person's words, with a concern recorded for each
  risk it names. Held only when a secondary fact is sure: a named risk that is not negated, or
  news/whereabouts the classifier is confident of or that names a place or a person.
* a police reference: the report flow asks to confirm it at its police step ("You said the
  police gave you reference 4411. Is that right?"), and a yes records the report with it.
* a 999/police call without a reference: the report flow says so when it asks about the police.

Never a fact from an unsure secondary: a risk said with a "no"/"not" before it ("no drugs on
him"), or a runner-up the classifier is not sure of, records nothing; the person is told what
was not recorded and asked to say it in a message of its own. A return is never a secondary
fact (nlu/facts.py never offers one).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dialogues import answers
from dialogues import messages as m
from dialogues.answers import PoliceReference
from dialogues.context import Turn
from dialogues.flows.common import missing_children, named, visible_children
from dialogues.replies import Reply, say
from nlu.types import is_companion

# At least this confident, a news or whereabouts runner-up is a fact (nlu/confidence.py's
# threshold for acting on a main intent).
SURE = 0.45
_NEWS = frozenset({"new_information", "whereabouts_known"})
# "no drugs on him", "not drinking", "never had a knife": the risk is denied, not disclosed.
# Medical needs are the exception ("no insulin with her" is the risk itself).
_NOT = r"(?:\b(?:has|have|is|was|did|does|do|are|were|had|ai)n'?t\b|\bnot\b|\bnever\b)"
_DENIED = re.compile(rf"(?:\b(?:no|nothing|without)\b|{_NOT})\W+(?:\w+\W+){{0,2}}$", re.I)
_STILL_A_RISK = frozenset({"medical"})
# "should I call the police?": a question about calling, not a report that they were called.
_QUESTION = re.compile(
    r"\?|\b(?:should|shall|do|can|could|would|must)\s+(?:i|we)\s+(?:call|ring|phone|report)\b"
    r"|\b(?:going|about)\s+to\s+(?:call|ring|phone)\b|\bwill\s+(?:call|ring|phone)\b",
    re.I,
)
# The words of a report: the child is missing now. Not "won't come home" (whereabouts known).
_SAYS_MISSING = re.compile(
    r"\b(?:missing(?!\s+(?:her|his|their|my|the|a|school|lessons?|class|contact)\b)|mfh|awol"
    r"|absconded|run\s+(?:away|off)|ran\s+(?:away|off)|done\s+a\s+runner|legged\s+it"
    # "hasn't come in", not "has never been in trouble" / "in touch".
    rf"|{_NOT}\s+(?:(?:come|came|been|got)\s+(?:home|back|in\b(?!\s+(?:trouble|touch|contact|care"
    r"|bother|a|an|the|any|with|to|for|his|her|their)\b))|returned"
    r"|made\s+it\s+(?:home|back)|back|home)\b)",
    re.I,
)
_WHAT = {
    "risk_concern": "a risk",
    "new_information": "some news",
    "whereabouts_known": "where they are",
    "police_reported": "the police",
}


@dataclass(frozen=True)
class Carried:
    """What the flow of the main intent takes from the message's other facts."""

    words: tuple[str, ...] = ()  # the message, to keep on the episode (note and concerns)
    police_reference: str | None = None  # to confirm at the report's police step
    police_called: bool = False  # said the police or 999 were called, with no reference
    unsure: tuple[str, ...] = ()  # secondary intents too unsure to record anything from


def carried(text: str, parsed: Mapping[str, Any]) -> Carried:
    """The message's secondary facts, sorted into what is sure and what is not."""
    seconds = _secondaries(parsed)
    entities: Sequence[Mapping[str, Any]] = parsed.get("entities") or []
    main = str(parsed.get("intent", {}).get("name", ""))
    keep = False
    unsure: list[str] = []
    reference: str | None = None
    called = False
    for name, confidence in seconds:
        if name == main:
            continue
        if name == "risk_concern":
            if _risk_disclosed(text, entities):
                keep = True
            else:
                unsure.append(name)
        elif name in _NEWS:
            if confidence >= SURE or _names_place_or_person(entities):
                keep = True
            else:
                unsure.append(name)
        elif name == "police_reported":
            if _QUESTION.search(text):
                unsure.append(name)
                continue
            references = [e for e in entities if e.get("entity") == "police_reference"]
            if references:
                # Read as the police step would read it typed, so a yes can record it.
                typed = answers.police_reference(str(references[0].get("value") or ""))
                if isinstance(typed, PoliceReference) and typed.value:
                    reference = typed.value
            called = reference is None
            keep = True  # what was said to the police is worth keeping in their words
    words = (" ".join(text.split()),) if keep and text.strip() else ()
    return Carried(words, reference, called, tuple(dict.fromkeys(unsure)))


def as_report(turn: Turn, text: str, parsed: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """An update that is really a report: "Lily is missing, her friend saw her at the bus
    station" read as news (or a risk, a police report) about a child who is not recorded
    missing. Then the report is the main fact and the update its secondary one; None when the
    update stands (the child is missing already, or the message does not say they are)."""
    if not _SAYS_MISSING.search(text):
        return None
    missing = missing_children(turn)
    chosen = named(turn, text, visible_children(turn))
    away = {child.id for child, _ in missing}
    if missing and not (len(chosen) == 1 and chosen[0].id not in away):
        return None  # news about a missing child, or about which child is not clear
    update = parsed.get("intent") or {}
    seconds = [dict(update), *(parsed.get("secondary_intents") or [])]
    report = {"name": "report_missing", "confidence": float(update.get("confidence", 0.0))}
    return {**parsed, "intent": report, "secondary_intents": seconds}


def unsure_replies(found: Carried) -> list[Reply]:
    """What was not recorded, said once, so the person can say it plainly if it matters."""
    if not found.unsure:
        return []
    what = " or ".join(_WHAT.get(n, n.replace("_", " ")) for n in found.unsure)
    return [say(m.SECONDARY_NOT_RECORDED.format(what=what))]


def _secondaries(parsed: Mapping[str, Any]) -> list[tuple[str, float]]:
    out = []
    for item in parsed.get("secondary_intents") or []:
        if isinstance(item, Mapping) and isinstance(item.get("name"), str):
            try:
                out.append((item["name"], float(item.get("confidence", 0.0))))
            except (TypeError, ValueError):
                continue
    return out


def _risk_disclosed(text: str, entities: Sequence[Mapping[str, Any]]) -> bool:
    """True when the message names a risk that no "no"/"not" just before it denies."""
    return any(e.get("entity") == "risk_factor" and not risk_denied(text, e) for e in entities)


def risk_denied(text: str, entity: Mapping[str, Any]) -> bool:
    """A risk factor span with "no"/"not"/"never" just before it ("no drugs on him"): said to
    be absent, so never a concern to record. A medical need stays one ("no insulin")."""
    start = int(entity.get("start", 0))
    before = text[max(0, start - 40) : start]
    return entity.get("value") not in _STILL_A_RISK and _DENIED.search(before) is not None


def _names_place_or_person(entities: Sequence[Mapping[str, Any]]) -> bool:
    """A place, or someone the child is with ("her mum says" alone is no sighting)."""
    return any(e.get("entity") == "location" or is_companion(e) for e in entities)
