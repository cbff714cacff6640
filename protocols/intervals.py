"""Half-open time intervals [start, end); end None means "still so". Rules are active over
unions of these, so category changes, risk changes and the return all become set algebra."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

Interval = tuple[datetime, datetime | None]
Intervals = tuple[Interval, ...]

EMPTY: Intervals = ()


def _end_key(end: datetime | None) -> tuple[int, datetime | None]:
    return (1, None) if end is None else (0, end)


def normalise(parts: Iterable[Interval]) -> Intervals:
    """Sort, drop empty pieces, merge overlapping or touching ones."""
    ordered = sorted((p for p in parts if p[1] is None or p[0] < p[1]), key=lambda p: p[0])
    merged: list[Interval] = []
    for start, end in ordered:
        if merged:
            last_start, last_end = merged[-1]
            if last_end is None or start <= last_end:
                new_end = None if end is None or last_end is None else max(last_end, end)
                merged[-1] = (last_start, new_end)
                continue
        merged.append((start, end))
    return tuple(merged)


def intersect(a: Intervals, b: Intervals) -> Intervals:
    out: list[Interval] = []
    for a_start, a_end in a:
        for b_start, b_end in b:
            start = max(a_start, b_start)
            ends = [e for e in (a_end, b_end) if e is not None]
            end = min(ends) if ends else None
            if end is None or start < end:
                out.append((start, end))
    return normalise(out)


def union(*sets: Intervals) -> Intervals:
    return normalise(p for s in sets for p in s)


def from_instant(start: datetime) -> Intervals:
    return ((start, None),)


def until(start: datetime, end: datetime | None) -> Intervals:
    return normalise([(start, end)])


def contains(intervals: Intervals, instant: datetime) -> bool:
    return any(start <= instant and (end is None or instant < end) for start, end in intervals)


def sort_key_end(interval: Interval) -> tuple[int, datetime | None]:
    return _end_key(interval[1])
