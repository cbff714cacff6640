"""Future dates for "when is the next meeting?", read on the London wall clock.

A date without a time means 10:00 (meetings are in working hours); a weekday means the next one
after today. Only instants after `now` are accepted: a next meeting is never in the past.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from protocols.clock import LONDON, on_london_wall_clock

DEFAULT_TIME = time(10, 0)
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
)  # fmt: skip
_TIME = re.compile(r"(?:\bat\s+)?\b(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ampm>am|pm)\b|"
                   r"(?:\bat\s+)?\b(?P<h24>\d{1,2}):(?P<m24>\d{2})\b")  # fmt: skip
_ISO = re.compile(r"\b(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})\b")
_SLASH = re.compile(r"\b(?P<d>\d{1,2})/(?P<mo>\d{1,2})(?:/(?P<y>\d{2,4}))?\b")
_DAY_MONTH = re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon>[a-z]{3})[a-z]*\b")
_MONTH_DAY = re.compile(r"\b(?P<mon>[a-z]{3})[a-z]*\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b")


def parse_future_date(text: str, now: datetime) -> datetime | None:
    """The instant meant by `text` (UTC-aware), or None when unreadable or not in the future."""
    lowered = " ".join(text.lower().split())
    clock, rest = _time_of_day(lowered)
    if clock is None and rest == lowered and not _has_date(rest):
        return None
    today = now.astimezone(LONDON).date()
    day = _day(rest, today)
    if day is None:
        if clock is None:
            return None
        day = today
    instant = on_london_wall_clock(datetime.combine(day, clock or DEFAULT_TIME))
    return instant if instant > now else None


def _has_date(text: str) -> bool:
    return _day(text, date(2000, 1, 1)) is not None


def _time_of_day(text: str) -> tuple[time | None, str]:
    match = _TIME.search(text)
    if match is None:
        return None, text
    rest = (text[: match.start()] + " " + text[match.end() :]).strip()
    if match["h24"] is not None:
        hour, minute = int(match["h24"]), int(match["m24"])
    else:
        hour, minute = int(match["h"]), int(match["m"] or 0)
        if not 1 <= hour <= 12:
            return None, text
        hour = hour % 12 + (12 if match["ampm"] == "pm" else 0)
    if hour > 23 or minute > 59:
        return None, text
    return time(hour, minute), rest


def _day(text: str, today: date) -> date | None:
    if "today" in text:
        return today
    if "tomorrow" in text:
        return today + timedelta(days=1)
    for i, name in enumerate(_DAYS):
        if re.search(rf"\b{name[:3]}(?:{name[3:]})?\b", text):
            ahead = (i - today.weekday()) % 7 or 7
            return today + timedelta(days=ahead)
    if (iso := _ISO.search(text)) is not None:
        return _safe(int(iso["y"]), int(iso["mo"]), int(iso["d"]))
    if (slash := _SLASH.search(text)) is not None:
        year = _year(slash["y"], today)
        return _upcoming(year, int(slash["mo"]), int(slash["d"]), today, slash["y"] is None)
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        found = pattern.search(text)
        if found is not None and found["mon"] in _MONTHS:
            month = _MONTHS.index(found["mon"]) + 1
            return _upcoming(today.year, month, int(found["d"]), today, True)
    return None


def _year(text: str | None, today: date) -> int:
    if text is None:
        return today.year
    year = int(text)
    return year + 2000 if year < 100 else year


def _upcoming(year: int, month: int, day: int, today: date, roll: bool) -> date | None:
    """A day-and-month with no year means the next one to come."""
    found = _safe(year, month, day)
    if found is not None and roll and found < today:
        found = _safe(year + 1, month, day)
    return found


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
