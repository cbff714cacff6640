"""Placeholders for names, times and police references before the intent is classified.

"Kai is missing" and "Ruby is missing" are the same report; a child's name, a clock time or a
log number should not sway the intent. With a few hundred examples a linear model learns that
"kai" co-occurs with report_missing in one sentence and with status_query in another, so the
name becomes noise. Replacing each with one placeholder word, in training and at parse time,
lets every example of "<child> is missing" count towards the same words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from nlu.entities.child_names import find_child_names
from nlu.entities.name_words import COMMON_WORDS
from nlu.entities.police_ref import find_police_references
from nlu.entities.spans import Span, longest_non_overlapping
from nlu.times import find_times
from nlu.training_data import Example

# Plain letters, so the normaliser keeps each as one word; unlike any English word.
PLACEHOLDERS: dict[str, str] = {
    "child_name": "childname",
    "time": "timeref",
    "police_reference": "policeref",
}
# Spans do not depend on the reference instant, only resolved values do.
_ANY_INSTANT = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def _times_and_references(text: str) -> list[Span]:
    refs = find_police_references(text)
    spans = list(refs)
    # Waits ("back in 10 mins") are no time entity but are hidden from the classifier as before.
    blocked = [(s.start, s.end) for s in refs]
    for match in find_times(text, _ANY_INSTANT, exclude=blocked, waits=True):
        spans.append(Span(match.start, match.end, "time", match.value))
    return spans


def maskable_spans(text: str, child_names: Sequence[str]) -> list[Span]:
    """Where the names on the roster, times and police references are in `text`."""
    return _times_and_references(text) + find_child_names(text, child_names)


def mask(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """`text` with each (start, end, entity) span of a maskable type replaced by its placeholder.

    Overlapping spans keep the longest; other entity types are left as they are.
    """
    candidates = [
        Span(start, end, entity, "") for start, end, entity in spans if entity in PLACEHOLDERS
    ]
    out = text
    for span in reversed(longest_non_overlapping(candidates)):
        out = f"{out[: span.start]} {PLACEHOLDERS[span.entity]} {out[span.end :]}"
    return out


def mask_text(text: str, child_names: Sequence[str]) -> str:
    return mask(text, ((s.start, s.end, s.entity) for s in maskable_spans(text, child_names)))


class TrainingMasker:
    """Masks training examples the way `mask_text` masks messages, fast enough for first use.

    Fuzzy-matching a hundred training names against a thousand examples would add most of a
    second to the build; the training data spells its names correctly, so the annotations and
    an exact (case-insensitive) match of the roster do the same job. As at parse time, an
    ordinary word that is also a name ("will") only counts when capitalised.
    """

    def __init__(self, child_names: Sequence[str]) -> None:
        variants = {name for name in child_names if name.strip()}
        variants |= {name.split()[0] for name in variants}
        alternatives = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
        self._names = (
            re.compile(rf"(?<![\w'-])(?:{alternatives})(?![\w-])", re.IGNORECASE)
            if alternatives
            else None
        )

    def __call__(self, example: Example) -> str:
        text = example.text
        spans = [(s.start, s.end, s.entity) for s in _times_and_references(text)]
        spans += [(e.start, e.end, e.entity) for e in example.entities if e.entity == "child_name"]
        for match in self._names.finditer(text) if self._names else ():
            word = match.group(0)
            if word.lower() in COMMON_WORDS and not word[:1].isupper():
                continue
            spans.append((match.start(), match.end(), "child_name"))
        return mask(text, spans)
