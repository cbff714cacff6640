"""Reporting periods given as London dates, turned into instants, and per-child away periods
for the statutory returns (SSDA903 Missing, SSD ssd_missing)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from protocols.clock import london_date, on_london_wall_clock
from reports.records import EpisodeView, Period, category_periods

LOOKED_AFTER = "looked_after"


def start_of(day: date) -> datetime:
    """Midnight at the start of a London date, as a UTC instant (clock changes respected)."""
    return on_london_wall_clock(datetime.combine(day, time(0, 0)))


def end_of(day: date) -> datetime:
    """The last instant of a London date: midnight of the next day, exclusive."""
    return start_of(day + timedelta(days=1)) - timedelta(microseconds=1)


@dataclass(frozen=True)
class ChildPeriod:
    view: EpisodeView
    period: Period
    start_day: date
    end_day: date | None  # None: still away at the end of the reporting period


def away_periods(
    views: list[EpisodeView], first: date, last: date, *, looked_after_only: bool
) -> list[ChildPeriod]:
    """Every period away (missing or away without authorisation) that touches [first, last]
    (London dates, inclusive), per child in time order, never overlapping: a period that began
    before the previous one ended (a "last seen" written earlier than the last return) starts
    when the previous one ended. The episode still open comes last whatever its "last seen"
    says (a child is away once at a time). A period still going at the end of `last` has no
    end."""
    by_child: dict[int, list[tuple[EpisodeView, Period]]] = defaultdict(list)
    for view in views:
        if view.withdrawn:
            continue
        if looked_after_only and view.child.legal_status != LOOKED_AFTER:
            continue
        for period in category_periods(view):
            by_child[view.child.id].append((view, period))
    rows: list[ChildPeriod] = []
    for pairs in by_child.values():
        previous_end: datetime | None = None
        for view, period in sorted(pairs, key=_in_order):
            start = period.start
            if previous_end is not None and start < previous_end:
                start = previous_end
            end = period.end
            if end is not None and end < start:
                end = start
            previous_end = end if end is not None else previous_end
            start_day = london_date(start)
            end_day = london_date(end) if end is not None else None
            if start_day > last or (end_day is not None and end_day < first):
                continue
            if end_day is not None and end_day > last:
                end_day = None  # still away when the reporting period ended
            rows.append(ChildPeriod(view, Period(start, end, period.code), start_day, end_day))
    return rows


def _in_order(pair: tuple[EpisodeView, Period]) -> tuple[bool, datetime, int, datetime]:
    view, period = pair
    episode = view.episode
    return (episode.returned_at is None, episode.started_at, episode.id, period.start)
