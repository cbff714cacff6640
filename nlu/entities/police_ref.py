"""Police references: incident logs, CAD and crime numbers, force-prefixed codes.

Forces write these many ways ("SP-2603-0199", "log 1234 of 02/03", "CAD 4411", "crime no
43/12345/26", "ref: TVP26000123"). A reference is only taken when it contains digits and is
either in a recognisable shape or follows a word that introduces one, so ages and counts are not.
"""

from __future__ import annotations

import re

from nlu.entities.spans import Span, longest_non_overlapping

_DATE_AFTER_OF = (
    r"(?:\d{1,2}/\d{1,2}(?:/\d{2,4})?|the\s+\d{1,2}(?:st|nd|rd|th)?"
    r"|\d{1,2}(?:st|nd|rd|th)?(?:\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)?"
    r"|today|yesterday|last\s+night)"
)
_OF_DATE = rf"(?:\s+of\s+{_DATE_AFTER_OF})?"
_CODE = r"(?=[A-Za-z0-9/\-]*\d)[A-Za-z0-9][A-Za-z0-9/\-]*[A-Za-z0-9]"
_KEYWORD = (
    r"(?:ref(?:erence)?|incident|inc|log|cad|crime|crn|urn|occurrence|occ|misper|report"
    r"|case|job)"
    r"(?:\s+(?:ref(?:erence)?|no\.?|nos?|number|num|#))?"
)
_PATTERNS = (
    # Keyword-led: the keyword is context, the span is the reference itself.
    re.compile(rf"\b{_KEYWORD}\s*(?:is|was|=|:|-|#)?\s*(?P<core>{_CODE}{_OF_DATE})", re.IGNORECASE),
    # Force-prefixed codes such as SP-2603-0199 or TVP/26/001234.
    re.compile(r"\b(?P<core>[A-Za-z]{2,5}[-/]\d{2,}(?:[-/]\d{2,})*)\b"),
    # Crime-number shape 43/12345/26.
    re.compile(r"\b(?P<core>\d{2}/\d{4,8}/\d{2,4})\b"),
    # Incident-log shape "1234 of 02/03" without a keyword.
    re.compile(rf"\b(?P<core>\d{{3,6}}\s+of\s+{_DATE_AFTER_OF})", re.IGNORECASE),
)


_IS_CODE = re.compile(r"(?!\d+(?:st|nd|rd|th)$)(?=.*\d)[A-Za-z0-9/\-]+")


def normalise(reference: str) -> str:
    words = re.sub(r"\s+", " ", reference.strip()).split(" ")
    return " ".join(w.upper() if _IS_CODE.fullmatch(w) else w.lower() for w in words)


def find_police_references(text: str) -> list[Span]:
    spans = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span("core")
            core = text[start:end]
            digits = sum(ch.isdigit() for ch in core)
            if digits < 3:
                continue
            spans.append(Span(start, end, "police_reference", normalise(core)))
    return longest_non_overlapping(spans)
