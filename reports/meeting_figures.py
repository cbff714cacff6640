"""The figures of a missing-meeting pack, computed from episodes (no I/O, no clock).

Each figure is a small table (columns and rows) so it can be drawn, printed in the PDF and
written as CSV from the same numbers. Weeks, hours and weekdays are London wall-clock time;
durations are elapsed time (a night across a clock change is 1 hour shorter or longer).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from protocols.clock import LONDON, Duration, describe, london_date, parse_duration
from reports.records import (
    INTERVIEW_LIMIT,
    EpisodeView,
    child_name,
    interview,
    latest_risk,
)

NATIONAL_WITHIN_72H = 0.63  # Missing People, 2023-24 survey of councils
NATIONAL_SOURCE = "about 63% nationally (Missing People, 2023-24 survey of councils)"
DEFAULT_THRESHOLD = (3, parse_duration("P90D"))
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
RISK_ORDER = ("high", "medium", "low", "not graded")
DURATION_BANDS: tuple[tuple[str, timedelta | None], ...] = (
    ("under 6 hours", timedelta(hours=6)),
    ("6 to 24 hours", timedelta(hours=24)),
    ("1 to 3 days", timedelta(days=3)),
    ("3 to 7 days", timedelta(days=7)),
    ("over 7 days", None),
)
STILL_AWAY = "still away"


@dataclass(frozen=True)
class Figure:
    name: str  # file-safe: the CSV and PNG are named after it
    title: str
    columns: tuple[str, ...]
    rows: list[tuple[object, ...]]
    note: str = ""


@dataclass(frozen=True)
class Threshold:
    count: int
    window: Duration

    @property
    def label(self) -> str:
        return f"{self.count} in {describe(self.window)}"


@dataclass(frozen=True)
class MeetingFigures:
    first: date
    last: date
    as_at: datetime
    figures: list[Figure] = field(default_factory=list)

    def by_name(self, name: str) -> Figure:
        return next(f for f in self.figures if f.name == name)


def in_period(view: EpisodeView, start: datetime, end: datetime) -> bool:
    """The episode began inside the period (the counts of a meeting pack)."""
    return start <= view.episode.started_at <= end


def compute(
    views: Sequence[EpisodeView],
    history: Sequence[EpisodeView],
    first: date,
    last: date,
    start: datetime,
    end: datetime,
    as_at: datetime,
    thresholds: Sequence[Threshold],
) -> MeetingFigures:
    """`views`: the teams' non-withdrawn episodes overlapping the period; `history`: all the
    same children's episodes (for repeat counts that began before the period)."""
    began = [v for v in views if in_period(v, start, end)]
    result = MeetingFigures(first, last, as_at)
    result.figures.extend(
        [
            episodes_per_week(began, first, last),
            repeat_children(began, history, thresholds),
            return_interviews(views, start, end, as_at),
            overdue_tasks(views, as_at),
            risk_levels(began),
            durations(began, as_at),
            when_missing(began),
            hotspots(views, start, end),
        ]
    )
    return result


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def episodes_per_week(began: Sequence[EpisodeView], first: date, last: date) -> Figure:
    counts: dict[date, Counter[str]] = {}
    week = _monday(first)
    while week <= last:
        counts[week] = Counter()
        week += timedelta(days=7)
    for view in began:
        week = _monday(london_date(view.episode.started_at))
        counts.setdefault(week, Counter())["away" if _away(view) else "missing"] += 1
    rows: list[tuple[object, ...]] = [
        (week.isoformat(), c["missing"], c["away"], c["missing"] + c["away"])
        for week, c in sorted(counts.items())
    ]
    return Figure(
        "episodes_per_week",
        "Episodes per week",
        ("week_starting", "missing", "away_without_authorisation", "total"),
        rows,
        "Weeks start on Monday (UK time); an episode counts in the week it began, by the "
        "category it began in.",
    )


def _away(view: EpisodeView) -> bool:
    opening = next((f for f in view.live if f.type == "missing"), None)
    category = str(opening.data.get("category")) if opening else view.episode.category
    return category != "missing"


def repeat_children(
    began: Sequence[EpisodeView], history: Sequence[EpisodeView], thresholds: Sequence[Threshold]
) -> Figure:
    """Children with more than one episode in the period, and the repeat thresholds they
    reached (the default 3 in 90 days and the protocol packs' own)."""
    by_child: dict[int, list[EpisodeView]] = defaultdict(list)
    for view in began:
        by_child[view.child.id].append(view)
    starts: dict[int, list[datetime]] = defaultdict(list)
    for view in history:
        starts[view.child.id].append(view.episode.started_at)
    period_starts = {c: [v.episode.started_at for v in vs] for c, vs in by_child.items()}
    rows: list[tuple[object, ...]] = []
    default = Threshold(*DEFAULT_THRESHOLD)
    for child_id, views in by_child.items():
        if len(views) < 2:
            continue
        latest = max(period_starts[child_id])
        known = [s for s in starts[child_id] if s <= latest]
        reached = [
            t.label
            for t in thresholds
            if _reached_in_period(known, period_starts[child_id], t.window) >= t.count
        ]
        rows.append(
            (
                child_name(views[0].child),
                views[0].team.name,
                len(views),
                _reached_in_period(known, period_starts[child_id], default.window),
                "; ".join(reached),
            )
        )
    rows.sort(key=lambda r: (-int(str(r[3])), -int(str(r[2])), str(r[0])))
    return Figure(
        "repeat_children",
        "Children with repeat episodes",
        ("child", "team", "episodes_in_period", "most_in_90_days", "thresholds_reached"),
        rows,
        "Most in 90 days counts earlier episodes too; thresholds are 3 in 90 days and those "
        "in each team's protocol.",
    )


def _reached_in_period(
    all_starts: Sequence[datetime], period_starts: Sequence[datetime], window: Duration
) -> int:
    """The highest count reached at an episode that began in the period."""
    best = 0
    for moment in period_starts:
        best = max(best, sum(1 for s in all_starts if s <= moment and window.after(s) > moment))
    return best


def return_interviews(
    views: Sequence[EpisodeView], start: datetime, end: datetime, as_at: datetime
) -> Figure:
    """Episodes that ended in the period and how their return interview went, against the
    national figure. The percentage is of those whose 72 hours had passed by `as_at`."""
    counts: Counter[str] = Counter()
    for view in views:
        back = view.episode.returned_at
        if back is None or not start <= back <= end:
            continue
        done = interview(view)
        limit = back + INTERVIEW_LIMIT
        if done.done_at is not None and done.done_at <= limit:
            counts["within 72 hours"] += 1
        elif done.done_at is not None:
            counts["after 72 hours"] += 1
        elif done.accepted is False:
            counts["declined"] += 1
        elif limit > as_at:
            counts["72 hours not yet passed"] += 1
        else:
            counts["not done within 72 hours"] += 1
    due = sum(n for k, n in counts.items() if k != "72 hours not yet passed")
    share = counts["within 72 hours"] / due if due else None
    rows: list[tuple[object, ...]] = [
        (k, counts[k])
        for k in (
            "within 72 hours",
            "after 72 hours",
            "declined",
            "not done within 72 hours",
            "72 hours not yet passed",
        )
    ]
    rows.append(("share within 72 hours", "" if share is None else f"{share:.0%}"))
    rows.append(("national figure", f"{NATIONAL_WITHIN_72H:.0%}"))
    return Figure(
        "return_interviews",
        "Return interviews within 72 hours",
        ("outcome", "episodes"),
        rows,
        f"Episodes that ended in the period; share of those whose 72 hours had passed; "
        f"{NATIONAL_SOURCE}.",
    )


def overdue_tasks(views: Sequence[EpisodeView], as_at: datetime) -> Figure:
    """Tasks past due and not done at `as_at`, by team and kind of task; and how many of the
    period's tasks were done late. A recurring task (a review every two hours) counts once per
    episode however many of its occurrences were missed, so one long episode does not drown
    the rest."""
    overdue_sets: dict[tuple[str, str], set[tuple[int, int]]] = defaultdict(set)
    late_sets: dict[tuple[str, str], set[tuple[int, int]]] = defaultdict(set)
    for view in views:
        for task in view.tasks:
            key = (view.team.name, task.code)
            if task.status == "cancelled" or task.due_at > as_at:
                continue
            one = (view.episode.id, 0 if task.recurring else task.id)
            if task.done_at is None or task.done_at > as_at:
                overdue_sets[key].add(one)
            elif task.done_at > task.due_at:
                late_sets[key].add(one)
    overdue = Counter({key: len(found) for key, found in overdue_sets.items()})
    late = Counter({key: len(found) for key, found in late_sets.items()})
    keys = sorted(set(overdue) | set(late), key=lambda k: (-overdue[k], k))
    rows: list[tuple[object, ...]] = [(t, c, overdue[(t, c)], late[(t, c)]) for t, c in keys]
    return Figure(
        "overdue_tasks",
        "Overdue tasks by kind and team",
        ("team", "task", "overdue_at_end", "done_late"),
        rows,
        "Overdue at the end of the period (or now), and done after they fell due; a recurring "
        "task counts once per episode.",
    )


def risk_levels(began: Sequence[EpisodeView]) -> Figure:
    counts = Counter(latest_risk(view) or "not graded" for view in began)
    return Figure(
        "risk_levels",
        "Risk levels (latest grading of each episode)",
        ("risk", "episodes"),
        [(level, counts[level]) for level in RISK_ORDER],
    )


def durations(began: Sequence[EpisodeView], as_at: datetime) -> Figure:
    counts: Counter[str] = Counter()
    for view in began:
        back = view.episode.returned_at
        if back is None or back > as_at:
            counts[STILL_AWAY] += 1
            continue
        length = back - view.episode.started_at
        band = next(name for name, limit in DURATION_BANDS if limit is None or length < limit)
        counts[band] += 1
    names = [name for name, _ in DURATION_BANDS] + [STILL_AWAY]
    return Figure(
        "durations",
        "How long episodes lasted",
        ("duration", "episodes"),
        [(name, counts[name]) for name in names],
        "Elapsed time from last seen to the return.",
    )


def when_missing(began: Sequence[EpisodeView]) -> Figure:
    grid: Counter[tuple[int, int]] = Counter()
    for view in began:
        local = view.episode.started_at.astimezone(LONDON)
        grid[(local.weekday(), local.hour)] += 1
    rows: list[tuple[object, ...]] = [
        (f"{hour:02d}:00", *(grid[(day, hour)] for day in range(7))) for hour in range(24)
    ]
    return Figure(
        "when_missing",
        "When children go missing (hour and weekday, UK time)",
        ("hour", *WEEKDAYS),
        rows,
        "Last seen or expected back, by hour of the day and day of the week.",
    )


def hotspots(views: Sequence[EpisodeView], start: datetime, end: datetime) -> Figure:
    """Places named in sightings, updates and returns during the period, most named first."""
    mentions: Counter[str] = Counter()
    children: dict[str, set[int]] = defaultdict(set)
    spelling: dict[str, Counter[str]] = defaultdict(Counter)
    last_named: dict[str, datetime] = {}
    for view in views:
        for fact in view.live:
            if not start <= fact.at <= end:
                continue
            for place in places_of(fact.data):
                key = " ".join(place.casefold().split())
                mentions[key] += 1
                children[key].add(view.child.id)
                spelling[key][place] += 1
                last_named[key] = max(last_named.get(key, fact.at), fact.at)
    ranked = sorted(mentions, key=lambda k: (-mentions[k], -len(children[k]), k))
    rows: list[tuple[object, ...]] = [
        (
            rank,
            spelling[key].most_common(1)[0][0],
            mentions[key],
            len(children[key]),
            london_date(last_named[key]).isoformat(),
        )
        for rank, key in enumerate(ranked, start=1)
    ]
    return Figure(
        "hotspots",
        "Places named in sightings and returns",
        ("rank", "place", "mentions", "children", "last_named"),
        rows,
    )


def places_of(data: dict[str, object]) -> list[str]:
    value = str(data.get("location") or "").strip()
    return [value] if value else []

