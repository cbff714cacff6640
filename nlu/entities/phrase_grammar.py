"""The small grammar every phrase rule shares: determiners, words that end a phrase, and
growing a span without running into another extractor's words."""

from __future__ import annotations

import re
from collections.abc import Sequence

from nlu.entities.spans import Span


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


DET = r"(?:the|a|an|his|her|their|my|our|your|this|that|da|tha)"
# Words that end a noun phrase: a modifier between a determiner and the tagged words is none
# of these ("the train [station]", not "the lad at the [station]").
STOP = words(
    """a an the and or but with by for of at to in on from off into onto over under near
    behind opposite outside inside above below next round around across up down out back
    is was were are be been being has had have he she they we i you it him her them his its
    hes shes theyre im not no just still then when where while who which that this said says
    went gone go going seen saw see left come came got get getting walked ran run met meet
    and as if so very about after before since till until there here"""
)
WEEKDAYS_MONTHS = re.compile(
    r"^(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?$|^(?:jan(?:uary)?"
    r"|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)$",
    re.I,
)


def with_text(span: Span, text: str, start: int, end: int) -> Span:
    return Span(start, end, span.entity, text[start:end], span.confidence)


def free(blocked: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return not any(s < end and start < e for s, e in blocked)


def grow(text: str, span: Span, by: int, blocked: Sequence[tuple[int, int]]) -> Span:
    if by <= 0 or not free(blocked, span.end, span.end + by):
        return span
    return with_text(span, text, span.start, span.end + by)
