"""Reading "2h" / "30m" for a demo clock jump (the console's `wait` and Telegram's `/wait`)."""

from __future__ import annotations

import re
from datetime import timedelta

_STEP = re.compile(r"^(\d{1,4})\s*(m|min|mins|minutes?|h|hr|hrs|hours?|d|days?)$")
LONGEST = timedelta(days=14)  # a demo walks through a protocol's deadlines, not a year


def parse_step(text: str) -> timedelta | None:
    """The step asked for, or None when it is not one (or longer than LONGEST)."""
    match = _STEP.match(text.strip().lower())
    if match is None:
        return None
    amount, unit = int(match.group(1)), match.group(2)
    if unit.startswith("d"):
        step = timedelta(days=amount)
    elif unit.startswith("h"):
        step = timedelta(hours=amount)
    else:
        step = timedelta(minutes=amount)
    return step if timedelta(0) < step <= LONGEST else None
