"""The figures for the weekly operational missing meeting (staffordshire §15): pure computation
over plain records and an injected `now`, so it is tested with fixed data and no database."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

WEEK = timedelta(days=7)
REPEAT_WINDOW = timedelta(days=90)
REPEAT_THRESHOLD = 3
RETURN_INTERVIEW_LIMIT = timedelta(hours=72)
NOT_GRADED = "not graded"


@dataclass(frozen=True)
class EpisodeFacts:
    episode_id: int
    child_id: int
    started_at: datetime
    returned_at: datetime | None
    risk_level: str | None


@dataclass(frozen=True)
class TaskFacts:
    episode_id: int
    code: str
    status: str  # open | overdue | done | cancelled | not_required
    due_at: datetime
    done_at: datetime | None


@dataclass(frozen=True)
class WeeklySummary:
    start: datetime
    end: datetime
    started: int
    closed: int
    missing_now: tuple[tuple[int, timedelta, str], ...]  # child, how long, risk
    repeat_children: tuple[tuple[int, int], ...]  # child, episodes in 90 days
    overdue_by_code: tuple[tuple[str, int], ...]
    interviews_within: int
    interviews_late: int
    interviews_pending: int
    risk_levels: tuple[tuple[str, int], ...]


RETURN_INTERVIEW = "return_interview"
EARLIEST = REPEAT_WINDOW  # no figure looks at an episode that ended before now - EARLIEST


def summarise(
    episodes: Sequence[EpisodeFacts],
    tasks: Sequence[TaskFacts],
    now: datetime,
    overdue_by_code: Sequence[tuple[str, int]] | None = None,
) -> WeeklySummary:
    """The week's figures. `overdue_by_code`, when given, is the count the database made over
    the whole history (the caller then passes only the window's episodes and tasks)."""
    start = now - WEEK
    in_week = [e for e in episodes if _touches(e, start, now)]
    returned = {e.episode_id: e.returned_at for e in episodes}
    missing = sorted(
        (
            (e.child_id, now - e.started_at, e.risk_level or NOT_GRADED)
            for e in episodes
            if e.returned_at is None and e.started_at <= now
        ),
        key=lambda row: -row[1],
    )
    recent = Counter(e.child_id for e in episodes if now - REPEAT_WINDOW <= e.started_at <= now)
    overdue = (
        dict(overdue_by_code)
        if overdue_by_code is not None
        else Counter(t.code for t in tasks if _overdue(t, now))
    )
    within = late = pending = 0
    for task in tasks:
        back = returned.get(task.episode_id)
        if task.code != RETURN_INTERVIEW or back is None or back > now:
            continue
        limit = back + RETURN_INTERVIEW_LIMIT
        relevant = back >= start or (task.done_at is not None and task.done_at >= start)
        if not relevant and limit < start:
            continue
        if task.done_at is not None:
            within, late = (within + 1, late) if task.done_at <= limit else (within, late + 1)
        elif task.status in ("cancelled", "not_required"):
            continue
        elif now > limit:
            late += 1
        else:
            pending += 1
    return WeeklySummary(
        start=start,
        end=now,
        started=sum(1 for e in episodes if start <= e.started_at <= now),
        closed=sum(1 for e in episodes if e.returned_at and start <= e.returned_at <= now),
        missing_now=tuple(missing),
        repeat_children=tuple(sorted((c, n) for c, n in recent.items() if n >= REPEAT_THRESHOLD)),
        overdue_by_code=tuple(sorted(overdue.items())),
        interviews_within=within,
        interviews_late=late,
        interviews_pending=pending,
        risk_levels=tuple(sorted(Counter(e.risk_level or NOT_GRADED for e in in_week).items())),
    )


def _touches(e: EpisodeFacts, start: datetime, end: datetime) -> bool:
    """Missing at some point during the week."""
    return e.started_at <= end and (e.returned_at is None or e.returned_at >= start)


def _overdue(task: TaskFacts, now: datetime) -> bool:
    return task.status == "overdue" or (task.status == "open" and task.due_at < now)
