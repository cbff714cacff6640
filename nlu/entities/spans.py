"""Span bookkeeping shared by the extractors."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    entity: str
    value: str
    confidence: float = 1.0
    # Rasa's entity role; for a person, whether the child is with them (person_roles.py).
    role: str | None = None

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


def longest_non_overlapping(spans: list[Span]) -> list[Span]:
    """Keep the longest of overlapping spans (then the earliest), in text order."""
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if not any(span.overlaps(c) for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)
