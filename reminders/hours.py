"""Office hours on the London wall clock, and the next start of a working day."""

from __future__ import annotations

from datetime import datetime, timedelta

from protocols.clock import LONDON, is_working_day, london_date, on_london_wall_clock
from reminders.settings import OfficeHours


def in_office_hours(instant: datetime, hours: OfficeHours) -> bool:
    local = instant.astimezone(LONDON)
    return is_working_day(local.date()) and hours.start <= local.time() < hours.end


def day_start(instant: datetime, hours: OfficeHours) -> datetime | None:
    """When today's working day began (London), if today is a working day and it has begun."""
    day = london_date(instant)
    if not is_working_day(day):
        return None
    start = on_london_wall_clock(datetime.combine(day, hours.start))
    return start if start <= instant else None


def previous_day_end(start: datetime, hours: OfficeHours) -> datetime:
    """The end of the working day before the one starting at `start`: the night began then."""
    day = london_date(start) - timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return on_london_wall_clock(datetime.combine(day, hours.end))
