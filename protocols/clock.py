"""Time arithmetic the protocols need: ISO durations, London dates, working days.

One rule for every duration, ISO 8601's own: the date part (years, months, weeks, days) moves
the London calendar, keeping the wall-clock time ("5 days" from 22:00 Monday is 22:00 Saturday,
even across a clock change), and the time part (hours, minutes) is elapsed time ("72 hours" is
72 hours, whatever the clocks did). Packs write a seed's "3 days" as P3D and its "72 hours" as
PT72H. Working days skip weekends and England and Wales bank holidays.
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
    months: int = 0  # calendar months on the London wall clock (years are 12)
    days: int = 0  # calendar days on the London wall clock (weeks are 7)
    time: timedelta = timedelta(0)  # elapsed time

    @property
    def elapsed(self) -> timedelta:
        """The length ignoring clock changes and months, for settings that want a timedelta."""
        return timedelta(days=self.days) + self.time

    def after(self, instant: datetime) -> datetime:
        """The instant this long after `instant` (aware in, aware UTC out)."""
        return self._move(instant, 1)

    def before(self, instant: datetime) -> datetime:
        """The instant this long before `instant` (e.g. the start of a 90-day window)."""
        return self._move(instant, -1)

    def _move(self, instant: datetime, sign: int) -> datetime:
        moved = add_months(instant, sign * self.months) if self.months else instant
        if self.days:
            moved = add_days(moved, sign * self.days)
        return (moved + sign * self.time).astimezone(UTC)

    def __str__(self) -> str:
        return describe(self)


def parse_duration(text: str) -> Duration:
    """Parse an ISO 8601 duration such as PT6H, P3D, P10W, P1M. Raises ValueError."""
    match = _DURATION.match(text.strip()) if isinstance(text, str) else None
    if match is None or text.strip() in {"P", "PT"} or text.strip().endswith("T"):
        raise ValueError(f"expected an ISO 8601 duration like PT6H or P3D, got {text!r}")
    parts = {k: int(v) for k, v in match.groupdict().items() if v is not None}
    if any(len(str(v)) > 7 for v in parts.values()):
        raise ValueError(f"expected a duration of at most 100 years, got {text!r}")
    duration = Duration(
        months=parts.get("years", 0) * 12 + parts.get("months", 0),
        days=parts.get("weeks", 0) * 7 + parts.get("days", 0),
        time=timedelta(
            hours=parts.get("hours", 0),
            minutes=parts.get("minutes", 0),
            seconds=parts.get("seconds", 0),
        ),
    )
    if duration.months > 1200 or duration.elapsed > timedelta(days=36525):
        raise ValueError(f"expected a duration of at most 100 years, got {text!r}")
    return duration


def describe(duration: Duration) -> str:
    """Plain words for a duration: '6 hours', '3 days', '72 hours', '1 month'."""
    bits: list[str] = []
    if duration.months:
        bits.append(_plural(duration.months, "month"))
    if duration.days and duration.days % 7 == 0:
        bits.append(_plural(duration.days // 7, "week"))
    elif duration.days:
        bits.append(_plural(duration.days, "day"))
    seconds = int(duration.time.total_seconds())
    hours, rest = divmod(seconds, 3600)
    if hours:
        bits.append(_plural(hours, "hour"))
    if rest // 60:
        bits.append(_plural(rest // 60, "minute"))
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


def add_days(instant: datetime, days: int) -> datetime:
    """The same London wall-clock time `days` calendar days later (or earlier)."""
    local = instant.astimezone(LONDON).replace(tzinfo=None)
    return on_london_wall_clock(local + timedelta(days=days))


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
