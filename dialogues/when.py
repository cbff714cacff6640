"""When something happened or will happen, from what a person types, on the London wall clock.

One module for both directions:
- `parse_past_time`: "when last seen / expected back / came back". A carer at 3am says "10" or
  "half 10" and means last night: of the readings a phrase allows (10:00 or 22:00, today or
  yesterday) the most recent one not after `now` is taken. "midnight", "lunchtime", "teatime"
  and "2 hours ago" work; huge counts ("99999 hours ago") are capped at a year, which
  `plausibility` then refuses.
- `plausibility`: whether a past instant can be the one meant (not in the future, not before the
  child's previous return, not more than a few days ago without asking).
- `parse_future_date`: "when is the next meeting?". A date without a time means 10:00 (meetings
  are in working hours); a weekday means the next one after today; only instants after `now`.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from protocols.clock import LONDON, on_london_wall_clock

# Past times ----------------------------------------------------------------------------------

# Longer ago than this needs the person to confirm it; much longer is refused outright (an
# episode opened years back would be a wrong record, however it was typed).
CONFIRM_AFTER = timedelta(days=3)
REFUSE_AFTER = timedelta(days=31)
_MAX_AGO = timedelta(days=366)  # "n hours ago" is capped here, so no count can overflow

_FILLER = re.compile(
    r"\b(at|about|around|approx|approximately|roughly|by|last seen|o'?clock|"
    r"last night|tonight|this evening|this morning|today)\b|ish\b"
)
_AGO = re.compile(
    r"^(?P<n>[0-9]{1,12}|an?|one|two|three|four|five|six|half an?)\s*"
    r"(?P<unit>hours?|hrs?|h|minutes?|mins?|m|days?)\s+ago$"
)
_HALF = re.compile(r"^half\s+(?:past\s+)?(?P<h>[0-9]{1,2})\s*(?P<ampm>am|pm)?$")
_CLOCK = re.compile(r"^(?P<h>[0-9]{1,2})(?:[:.](?P<m>[0-9]{2}))?\s*(?P<ampm>am|pm)?$")
_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
# Named times of day as a carer says them (teatime: the early-evening meal, 5pm).
_NAMED = {
    "midnight": (0, 0),
    "noon": (12, 0),
    "midday": (12, 0),
    "lunchtime": (12, 30),
    "lunch time": (12, 30),
    "lunch": (12, 30),
    "teatime": (17, 0),
    "tea time": (17, 0),
    "tea": (17, 0),
    "dinnertime": (18, 0),
    "bedtime": (21, 0),
}
_NOW_WORDS = {"now", "just now", "right now", "a minute ago", "a moment ago"}


class Plausible(StrEnum):
    """What `plausibility` found about a past instant."""

    OK = "ok"
    FUTURE = "future"  # after now: refuse
    BEFORE_PREVIOUS = "before_previous"  # before a fact it must follow: refuse
    LONG_AGO = "long_ago"  # more than a few days ago: ask to confirm
    TOO_LONG_AGO = "too_long_ago"  # more than a month ago: refuse


def parse_past_time(text: str, now: datetime) -> datetime | None:
    """The past instant meant by `text` (UTC-aware), or None when it cannot be read."""
    cleaned = _FILLER.sub(" ", text.strip().lower())
    cleaned = " ".join(cleaned.split())
    if cleaned in _NOW_WORDS:
        return now
    if cleaned in _NAMED:
        return _latest(*_NAMED[cleaned], "", now)
    ago = _AGO.match(cleaned)
    if ago:
        return _ago(ago, now)
    half = _HALF.match(cleaned)
    if half:
        return _latest(int(half["h"]), 30, half["ampm"], now)
    clock = _CLOCK.match(cleaned)
    if clock:
        return _latest(int(clock["h"]), int(clock["m"] or 0), clock["ampm"], now)
    return None


def plausibility(
    instant: datetime, now: datetime, *, not_before: datetime | None = None
) -> Plausible:
    """Whether `instant` can be a recent past time: `not_before` is the latest fact it must not
    precede (the child's previous return, the start of the episode, the police report)."""
    if instant > now:
        return Plausible.FUTURE
    if not_before is not None and instant < not_before:
        return Plausible.BEFORE_PREVIOUS
    if now - instant > REFUSE_AFTER:
        return Plausible.TOO_LONG_AGO
    if now - instant > CONFIRM_AFTER:
        return Plausible.LONG_AGO
    return Plausible.OK


def _ago(match: re.Match[str], now: datetime) -> datetime | None:
    raw = match["n"]
    unit = match["unit"]
    if raw.startswith("half"):
        delta = timedelta(minutes=30) if unit.startswith("h") else timedelta(0)
    else:
        n = _WORDS.get(raw) or int(raw)
        if unit.startswith("d"):
            delta = timedelta(days=min(n, _MAX_AGO.days + 1))
        elif unit.startswith("h"):
            delta = timedelta(hours=min(n, 24 * (_MAX_AGO.days + 1)))
        else:
            delta = timedelta(minutes=min(n, 1440 * (_MAX_AGO.days + 1)))
    # Capped, never refused here: `plausibility` then says plainly it is far too long ago.
    return now - min(delta, _MAX_AGO)


def _latest(hour: int, minute: int, ampm: str | None, now: datetime) -> datetime | None:
    if minute > 59:
        return None
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hours = [hour % 12 + (12 if ampm == "pm" else 0)]
    elif hour > 23:
        return None
    elif ampm is None and 1 <= hour <= 12:
        hours = [hour % 12, hour % 12 + 12]  # "10" could be morning or night
    else:
        hours = [hour]  # 24-hour clock, or a named time ("" = exactly this hour)
    today = now.astimezone(LONDON).date()
    candidates = []
    for h in hours:
        for day in (today, today - timedelta(days=1)):
            instant = on_london_wall_clock(datetime.combine(day, time(h, minute)))
            if instant <= now:
                candidates.append(instant)
                break
    return max(candidates) if candidates else None


# Future dates --------------------------------------------------------------------------------

DEFAULT_TIME = time(10, 0)
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
)  # fmt: skip
_TIME = re.compile(r"(?:\bat\s+)?\b(?P<h>[0-9]{1,2})(?::(?P<m>[0-9]{2}))?\s*(?P<ampm>am|pm)\b|"
                   r"(?:\bat\s+)?\b(?P<h24>[0-9]{1,2}):(?P<m24>[0-9]{2})\b")  # fmt: skip
_ISO = re.compile(r"\b(?P<y>[0-9]{4})-(?P<mo>[0-9]{1,2})-(?P<d>[0-9]{1,2})\b")
_SLASH = re.compile(r"\b(?P<d>[0-9]{1,2})/(?P<mo>[0-9]{1,2})(?:/(?P<y>[0-9]{2,4}))?\b")
_DAY_MONTH = re.compile(r"\b(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?\s+(?P<mon>[a-z]{3})[a-z]*\b")
_MONTH_DAY = re.compile(r"\b(?P<mon>[a-z]{3})[a-z]*\s+(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?\b")


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
        return valid_date(int(iso["y"]), int(iso["mo"]), int(iso["d"]))
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
    found = valid_date(year, month, day)
    if found is not None and roll and found < today:
        found = valid_date(year + 1, month, day)
    return found


def valid_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when there is no such day (31 June, 29 February in 2026)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None
