"""How reminders behave, read from the environment once at start-up."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta

from protocols.clock import parse_duration


@dataclass(frozen=True)
class OfficeHours:
    """The day team's hours on working days (Mon–Fri, not England and Wales bank holidays)."""

    start: time = time(8, 30)
    end: time = time(17, 0)


@dataclass(frozen=True)
class ReminderSettings:
    lead: timedelta = timedelta(minutes=30)  # first reminder this long before the deadline
    repeat_every: timedelta = timedelta(minutes=30)  # an unacknowledged reminder repeats...
    repeats: int = 1  # ...this many times, then climbs the line-management chain
    escalate_every: timedelta = timedelta(hours=1)  # one level up per interval
    overdue_after: timedelta = timedelta(0)  # the manager hears of a task this long past due
    snooze: timedelta = timedelta(minutes=30)
    # Overdue and protocol-escalation notices wait this long after a task's first reminder.
    escalation_gap: timedelta = timedelta(minutes=5)
    # A failed send is tried again after these waits (the last one repeats).
    retry_backoff: tuple[timedelta, ...] = tuple(
        timedelta(seconds=s) for s in (2, 5, 15, 30, 60, 120, 300)
    )
    # A reminder that goes out more than this after it should have is marked late in its text.
    late_after: timedelta = timedelta(minutes=1)
    office_hours: OfficeHours = field(default_factory=OfficeHours)
    admins: tuple[int, ...] = ()  # staff ids told when the scheduler stalls


def _duration(env: Mapping[str, str], name: str, default: timedelta) -> timedelta:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        parsed = parse_duration(raw)
    except ValueError as error:
        raise ValueError(f"{name}: {error}") from None
    if parsed.months:
        raise ValueError(f"{name}: use hours or days, not months ({raw!r})")
    return parsed.elapsed


def parse_office_hours(raw: str) -> OfficeHours:
    """'08:30-17:00' -> OfficeHours; raises ValueError naming what was expected."""
    try:
        start_text, end_text = (part.strip() for part in raw.split("-"))
        start, end = time.fromisoformat(start_text), time.fromisoformat(end_text)
    except ValueError:
        raise ValueError(f"HOMEWARD_OFFICE_HOURS: expected HH:MM-HH:MM, got {raw!r}") from None
    if start >= end:
        raise ValueError(f"HOMEWARD_OFFICE_HOURS: the day must start before it ends ({raw!r})")
    return OfficeHours(start, end)


def parse_admins(raw: str) -> tuple[int, ...]:
    """'1, 7' -> (1, 7); anything but staff ids is an error."""
    parts = [part.strip() for part in raw.split(",") if part.strip()]
    if not all(part.isdigit() for part in parts):
        raise ValueError(f"HOMEWARD_ADMINS: expected comma-separated staff ids, got {raw!r}")
    return tuple(int(part) for part in parts)


def settings_from_env(env: Mapping[str, str]) -> ReminderSettings:
    base = ReminderSettings()
    repeats = env.get("HOMEWARD_REMINDER_REPEATS", "").strip()
    if repeats and not repeats.isdigit():
        raise ValueError(f"HOMEWARD_REMINDER_REPEATS: expected a whole number, got {repeats!r}")
    hours = env.get("HOMEWARD_OFFICE_HOURS", "").strip()
    return ReminderSettings(
        lead=_duration(env, "HOMEWARD_REMINDER_LEAD", base.lead),
        repeat_every=_duration(env, "HOMEWARD_REMINDER_REPEAT_EVERY", base.repeat_every),
        repeats=int(repeats) if repeats else base.repeats,
        escalate_every=_duration(env, "HOMEWARD_ESCALATE_EVERY", base.escalate_every),
        overdue_after=_duration(env, "HOMEWARD_OVERDUE_AFTER", base.overdue_after),
        snooze=_duration(env, "HOMEWARD_SNOOZE", base.snooze),
        office_hours=parse_office_hours(hours) if hours else base.office_hours,
        admins=parse_admins(env.get("HOMEWARD_ADMINS", "")),
    )
