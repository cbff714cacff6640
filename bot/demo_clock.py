"""The demo clock on Telegram: reading "2h" / "30m" for an admin's `/wait`, and moving the
clock through the reminder service so what falls due on the way is delivered in order."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reminders.clock import OffsetClock
    from reminders.scheduler import ReminderService

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


def demo_advance(
    clock: OffsetClock, services: Sequence[ReminderService]
) -> Callable[[timedelta], Awaitable[datetime]]:
    """What `/wait` calls: the clock moves on by the step, through every reminder on the way
    (as the console's `wait`); returns the new demo time."""

    async def advance(step: timedelta) -> datetime:
        target = clock() + step
        for service in services:
            await service.advance(target, clock.jump_to)
        clock.jump_to(target)
        return clock()

    return advance
