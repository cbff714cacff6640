"""Free-text times for "when last seen / expected back", read on the London wall clock.

A carer at 3am says "10" or "half 10" and means last night: of the readings a phrase allows
(10:00 or 22:00, today or yesterday) the most recent one not after `now` is taken.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from protocols.clock import LONDON, on_london_wall_clock

_FILLER = re.compile(
    r"\b(at|about|around|approx|approximately|roughly|by|last seen|o'?clock)\b|ish\b"
)
_AGO = re.compile(
    # At most 5 digits: "9999999999 hours ago" is unreadable (asked again), not an overflow.
    r"^(?P<n>[0-9]{1,5}|an?|one|two|three|four|five|six)\s*"
    r"(?P<unit>hours?|hrs?|h|minutes?|mins?|m)\s+ago$"
)
_HALF = re.compile(r"^half\s+(?:past\s+)?(?P<h>\d{1,2})\s*(?P<ampm>am|pm)?$")
_CLOCK = re.compile(r"^(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ampm>am|pm)?$")
_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def parse_time(text: str, now: datetime) -> datetime | None:
    """The instant meant by `text` (UTC-aware), or None when it cannot be read."""
    cleaned = _FILLER.sub(" ", text.strip().lower())
    cleaned = " ".join(cleaned.split())
    if cleaned in {"now", "just now", "right now"}:
        return now
    ago = _AGO.match(cleaned)
    if ago:
        n = _WORDS.get(ago["n"]) or int(ago["n"])
        unit = ago["unit"]
        delta = timedelta(hours=n) if unit.startswith("h") else timedelta(minutes=n)
        return now - delta
    half = _HALF.match(cleaned)
    if half:
        return _latest(int(half["h"]), 30, half["ampm"], now)
    clock = _CLOCK.match(cleaned)
    if clock:
        return _latest(int(clock["h"]), int(clock["m"] or 0), clock["ampm"], now)
    return None


def _latest(hour: int, minute: int, ampm: str | None, now: datetime) -> datetime | None:
    if minute > 59:
        return None
    if ampm is not None:
        if not 1 <= hour <= 12:
            return None
        hours = [hour % 12 + (12 if ampm == "pm" else 0)]
    elif hour > 23:
        return None
    elif 1 <= hour <= 12:
        hours = [hour % 12, hour % 12 + 12]  # "10" could be morning or night
    else:
        hours = [hour]
    today = now.astimezone(LONDON).date()
    candidates = []
    for h in hours:
        for day in (today, today - timedelta(days=1)):
            instant = on_london_wall_clock(datetime.combine(day, time(h, minute)))
            if instant <= now:
                candidates.append(instant)
                break
    return max(candidates) if candidates else None
