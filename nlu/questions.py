"""Which kind of question: about a record here and now, or about a rule.

The labelling guideline (docs/nlu_labelling_guideline.md) puts a question about a current
episode, child or deadline in `status_query` and a question about a rule or what to do in
`ask_guidance`. The classifier mixes them up when a record question uses a rule's words ("when's
the RHI deadline for Con", "does Cal's episode need a strat yet") and reads a rule asked by its
number ("section 14.1?") as out of scope. Two rules settle those from the words and the names
found; each only reorders the classifier's own ranking.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nlu.types import Entity, IntentScore

_QUESTION = re.compile(
    r"\?\s*$|^\s*(?:what|whats|what's|when|whens|when's|which|who|whose|has|have|had|is|are|was"
    r"|were|did|does|do|any|how)\b",
    re.I,
)
# What to do, whether one must or may: guidance even when it names a child ("Amara isn't back,
# what do I do", "do I need to report Tariq", "can she refuse the RHI", "what if Noor won't").
_WHAT_TO_DO = re.compile(
    r"\b(?:what\s+(?:do|should|shall|can|would|must)\s+(?:i|we|you)|what\s+(?:if|happens|now)"
    r"|do\s+(?:i|we)\s+(?:still\s+)?(?:need|have|report|ring|call|tell|class)|need\s+to\s+report"
    r"|should\s+(?:i|we|she|he|they)|can\s+(?:i|we|she|he|they)|could\s+(?:i|we)|am\s+i\b|are\s+we\s+allowed"
    r"|allowed|whose|advise|is\s+(?:that|it)\s+ok|if\b|how\s+(?:do|should|can)\s+(?:i|we)"
    r"|^\s*(?:can|could|may|must|should)\b"
    # What a thing is in general: "what does a return interview involve".
    r"|what\s+(?:does|do|is|are)\s+(?:a|an)\b)",
    re.I,
)
# A rule by its number: "section 14.1?", "14.2 - who gets the minutes", "para 6.3".
_RULE_NUMBER = re.compile(
    r"\b(?:section|sec|para|paragraph|rule|step|§)\s*\d+(?:\.\d+)*\b"
    r"|^\s*\d{1,2}\.\d{1,2}\s*(?:\?|[-–:]|(?:what|who|when|how|why|does|is)\b)",
    re.I,
)


def _first(name: str, ranking: list[IntentScore]) -> list[IntentScore]:
    wanted = [s for s in ranking if s["name"] == name]
    return wanted[:1] + [s for s in ranking if s["name"] != name]


def promote_record_question(
    text: str, ranking: list[IntentScore], entities: Sequence[Entity]
) -> tuple[list[IntentScore], bool]:
    """A question that names a child, and does not ask what to do, asks about that child's
    record: status, not guidance."""
    if (
        not ranking
        or ranking[0]["name"] != "ask_guidance"
        or not any(e["entity"] == "child_name" for e in entities)
        or not _QUESTION.search(text)
        or _WHAT_TO_DO.search(text)
        or not any(s["name"] == "status_query" for s in ranking)
    ):
        return ranking, False
    return _first("status_query", ranking), True


def promote_rule_question(text: str, ranking: list[IntentScore]) -> tuple[list[IntentScore], bool]:
    """A rule asked by its number is a question about the protocol, not out of scope."""
    if (
        not ranking
        or ranking[0]["name"] != "out_of_scope"
        or not _RULE_NUMBER.search(text)
        or not any(s["name"] == "ask_guidance" for s in ranking)
    ):
        return ranking, False
    return _first("ask_guidance", ranking), True
