"""Time arithmetic the protocols need: ISO durations, London dates, working days.

Durations in hours, days and weeks are elapsed time ("missing for 3 days" means 72 hours have
passed, whatever the clocks did); months and years are calendar steps on the London wall clock
("at least monthly"). Working days skip weekends and England and Wales bank holidays.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")

_DURATION = re.compile(
    r"^P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?)?$"
)


@dataclass(frozen=True)
class Duration:
    months: int = 0
    elapsed: timedelta = timedelta(0)

    def after(self, instant: datetime) -> datetime:
        """The instant this long after `instant` (aware in, aware UTC out)."""
        moved = add_months(instant, self.months) if self.months else instant
        return (moved + self.elapsed).astimezone(UTC)

    def __str__(self) -> str:
        return describe(self)


def parse_duration(text: str) -> Duration:
    """Parse an ISO 8601 duration such as PT6H, P3D, P10W, P1M. Raises ValueError."""
    match = _DURATION.match(text.strip()) if isinstance(text, str) else None
    if match is None or text.strip() in {"P", "PT"} or text.strip().endswith("T"):
        raise ValueError(f"expected an ISO 8601 duration like PT6H or P3D, got {text!r}")
    parts = {k: int(v) for k, v in match.groupdict().items() if v is not None}
    return Duration(
        months=parts.get("years", 0) * 12 + parts.get("months", 0),
        elapsed=timedelta(
            weeks=parts.get("weeks", 0),
            days=parts.get("days", 0),
            hours=parts.get("hours", 0),
            minutes=parts.get("minutes", 0),
            seconds=parts.get("seconds", 0),
        ),
    )


def describe(duration: Duration) -> str:
    """Plain words for a duration: '6 hours', '3 days', '1 month'."""
    bits: list[str] = []
    if duration.months:
        bits.append(_plural(duration.months, "month"))
    seconds = int(duration.elapsed.total_seconds())
    if seconds:
        days, rest = divmod(seconds, 86400)
        hours, rest = divmod(rest, 3600)
        minutes = rest // 60
        if days and days % 7 == 0 and not hours and not minutes:
            bits.append(_plural(days // 7, "week"))
        elif days:
            bits.append(_plural(days, "day"))
        if hours:
            bits.append(_plural(hours, "hour"))
        if minutes:
            bits.append(_plural(minutes, "minute"))
    return " ".join(bits) if bits else "immediately"


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def add_months(instant: datetime, months: int) -> datetime:
    local = instant.astimezone(LONDON)
    index = local.month - 1 + months
    year, month = local.year + index // 12, index % 12 + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    wall = datetime.combine(date(year, month, day), local.time().replace(tzinfo=None))
    return on_london_wall_clock(wall)


def on_london_wall_clock(wall: datetime) -> datetime:
    """A naive London wall-clock time as an aware UTC instant. In the autumn overlap the first
    (BST) reading is taken; in the spring gap the time is moved forward by the gap."""
    aware = wall.replace(tzinfo=LONDON, fold=0)
    round_trip = aware.astimezone(UTC).astimezone(LONDON).replace(tzinfo=None)
    if round_trip != wall:  # nonexistent local time
        aware = (wall + timedelta(hours=1)).replace(tzinfo=LONDON)
    return aware.astimezone(UTC)


def london_date(instant: datetime) -> date:
    return instant.astimezone(LONDON).date()


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    # England and Wales share their bank holidays; the library keeps the list (including
    # one-off days such as coronations) so no hand-written list goes stale here.
    england = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(england.keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def end_of_working_day(instant: datetime, working_days: int) -> datetime:
    """The end (23:59 London) of the n-th working day after the London date of `instant`."""
    day = london_date(instant)
    counted = 0
    while counted < working_days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return on_london_wall_clock(datetime.combine(day, time(23, 59)))


def iso_z(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def london_text(instant: datetime) -> str:
    return instant.astimezone(LONDON).strftime("%a %d %b %Y %H:%M")
