"""Police references: incident logs, CAD and crime numbers, force-prefixed codes.

Forces write these many ways ("SP-2603-0199", "log 1234 of 02/03", "CAD 4411", "crime no
43/12345/26", "ref: TVP26000123"). A reference is only taken when it contains digits and is
either in a recognisable shape or follows a word that introduces one, so ages and counts are not.

The word that says what kind of reference it is ("incident 552", "log 77 of 3rd", "CAD 2841",
"occurrence 19/8812") belongs to the reference: "552" alone means nothing to the next person who
reads the record. Generic words ("ref", "reference", "number") and verbs ("is", ":") do not.
"""

from __future__ import annotations

import re

from nlu.entities.spans import Span, longest_non_overlapping

_DATE_AFTER_OF = (
    r"(?:\d{1,2}/\d{1,2}(?:/\d{2,4})?|the\s+\d{1,2}(?:st|nd|rd|th)?"
    r"|\d{1,2}(?:st|nd|rd|th)?(?:\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)?"
    r"|today|yesterday|last\s+night)"
)
# "log 238 of the 14th", "CAD 2245 03/12": the day the number belongs to is part of it.
_OF_DATE = rf"(?:\s+(?:of|dated)\s+{_DATE_AFTER_OF}|\s+\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\b)?"
_CODE = r"(?=[A-Za-z0-9/\-]*\d)[A-Za-z0-9][A-Za-z0-9/\-]*[A-Za-z0-9]"
# "ref is SX 8870": a force's letters and the number with a space between.
_SPACED_CODE = rf"(?:(?-i:[A-Z]{{2,4}})\s\d{{3,}}\b|{_CODE})"
# Words naming the kind of reference; kept in the span when they lead straight into it.
_KIND = (
    r"(?:storm\s+log|storm|incident|inc|log|cad|crime|crn|urn|occurrence|occ|serial"
    r"|niche(?:\s+ref)?)"
)
_GENERIC = r"(?:ref(?:erence)?|misper|report|case|job)"
_PARTICLE = r"(?:\s+(?:ref(?:erence)?|no\.?|nos?|number|num|#)){0,2}"
_ACRONYMS = frozenset({"cad", "crn", "urn"})
_PATTERNS = (
    # Kind-led and touching: "incident 552", "crime ref 43/1/26"; the kind is in the span.
    re.compile(
        rf"\b(?P<core>(?P<kind>{_KIND}){_PARTICLE}\s*#?\s*{_CODE}{_OF_DATE})", re.IGNORECASE
    ),
    # Keyword-led with a separator ("incident number is 4567", "ref: SP-1"): the span is the
    # reference itself, the value still says what kind it is.
    re.compile(
        rf"\b(?:(?P<kind>{_KIND})|{_GENERIC}){_PARTICLE}\s*(?:is|was|=|:|-|#)?\s*"
        rf"(?P<core>{_SPACED_CODE}{_OF_DATE})",
        re.IGNORECASE,
    ),
    # Force-prefixed codes such as SP-2603-0199 or TVP/26/001234.
    re.compile(r"\b(?P<core>[A-Za-z]{2,5}[-/]\d{2,}(?:[-/]\d{2,})*)\b"),
    # Crime-number shape 43/12345/26.
    re.compile(r"\b(?P<core>\d{2}/\d{4,8}/\d{2,4})\b"),
    # Incident-log shape "1234 of 02/03" without a keyword.
    re.compile(rf"\b(?P<core>\d{{3,6}}\s+of\s+{_DATE_AFTER_OF})", re.IGNORECASE),
)


_UNIT_AFTER = re.compile(
    r"\s*(?:mins?|minutes?|hrs?|hours?|days?|weeks?|times|calls|people|%|:\d|[.:]\d)", re.I
)
_IS_CODE = re.compile(r"(?!\d+(?:st|nd|rd|th)$)(?=.*\d)[A-Za-z0-9/\-]+")


def normalise(reference: str) -> str:
    words = re.sub(r"\s+", " ", reference.strip()).split(" ")
    return " ".join(
        w.upper() if _IS_CODE.fullmatch(w) or w.lower() in _ACRONYMS else w.lower() for w in words
    )


def find_police_references(text: str) -> list[Span]:
    spans = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span("core")
            core = text[start:end]
            digits = sum("0" <= ch <= "9" for ch in core)
            kind = m.groupdict().get("kind")
            # "log 77", "incident 47": a short number is a reference when its kind says so
            # (forces number logs from 1 each day), but not a count or a time ("log 10 mins").
            if digits < 3 and not (kind and digits == 2 and not _UNIT_AFTER.match(text[end:])):
                continue
            value = normalise(core)
            if kind and not core.lower().startswith(kind.lower()):
                value = normalise(f"{kind} {core}")
            spans.append(Span(start, end, "police_reference", value))
    return longest_non_overlapping(spans)
