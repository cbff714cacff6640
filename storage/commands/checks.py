"""What every command checks before it writes: who is acting, on what, and whether the instant
and the words can be true. Each check raises a storage.errors.CommandError naming the field."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy.orm import Session

from storage.episodes import CLOSED, OPEN, get_episode
from storage.errors import ImplausibleTime, InvalidInput, NotAllowed, TaskNotOpen
from storage.ids import MAX_ROW_ID
from storage.models import Child, Episode, Staff, TaskRecord
from storage.policy import Action, allowed
from storage.queries import ACTIONABLE

RowT = TypeVar("RowT")

# A report can be opened for a child last seen up to this long ago; anything older is a typo
# ("99999 hours ago") or a record for another system. Conversations confirm a few days first.
MAX_BACKDATE = timedelta(days=30)
# An agreed deadline or next meeting is at most this far ahead.
MAX_AHEAD = timedelta(days=366)
MAX_TEXT = 10_000
# What a police reference looks like: "SP-2603-0199", "incident 552", "log 77 of 3rd",
# "19/8812". At least two digits; letters, digits, spaces and - / . # : only.
_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 \-/.#:]{1,62}[A-Za-z0-9.]$")
_REFERENCE_DIGITS = 2
_PHONE_NUMBERS = frozenset({"999", "112", "101", "911"})  # numbers dialled, not references


def row(session: Session, model: type[RowT], row_id: int) -> RowT | None:
    """The row, or None for an id no row can have (a forged 23-digit or negative id)."""
    if not 0 < row_id <= MAX_ROW_ID:
        return None
    return session.get(model, row_id)


def acting_staff(session: Session, staff_id: int) -> Staff:
    """The active member of staff doing this; a removed person can do nothing."""
    staff = row(session, Staff, staff_id)
    if staff is None or not staff.active:
        raise NotAllowed("actor", f"staff {staff_id} is not an active member of staff")
    return staff


def child_of(session: Session, episode: Episode) -> Child:
    child = session.get(Child, episode.child_id)
    if child is None:  # a foreign key: only a broken database gets here
        raise InvalidInput("episode", f"episode {episode.id} has no child")
    return child


def check_may(
    session: Session, staff: Staff, action: Action, child: Child, task: TaskRecord | None = None
) -> None:
    if not allowed(session, staff, action, child, task):
        raise NotAllowed("actor", f"staff {staff.id} may not {action.value} for child {child.id}")


def episode_for(session: Session, staff: Staff, episode_id: int, action: Action) -> Episode:
    """The episode, checked to exist, to be live (not withdrawn) and to be this person's."""
    episode = row(session, Episode, episode_id)
    if episode is None:
        raise InvalidInput("episode", f"no episode {episode_id}")
    if episode.status not in (OPEN, CLOSED):
        raise InvalidInput("episode", f"episode {episode_id} was withdrawn")
    check_may(session, staff, action, child_of(session, episode))
    return episode


def open_task(session: Session, staff: Staff, task_id: int) -> TaskRecord:
    """The task, by its row id (its rule key, never its code), still open and this person's."""
    task = row(session, TaskRecord, task_id)
    if task is None:
        raise InvalidInput("task", f"no task {task_id}")
    episode = get_episode(session, task.episode_id)
    check_may(session, staff, Action.TASK, child_of(session, episode), task)
    if task.status not in ACTIONABLE:
        raise TaskNotOpen("task", f"task {task_id} is {task.status}")
    return task


def rule_id(task: TaskRecord) -> str:
    """The rule a task comes from: its key without the occurrence of a recurring task."""
    return task.key.split("#", 1)[0]


def aware(field: str, instant: datetime) -> datetime:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise InvalidInput(field, "expected a timezone-aware instant")
    return instant


def in_the_past(field: str, instant: datetime, now: datetime) -> datetime:
    if aware(field, instant) > aware("now", now):
        raise ImplausibleTime(field, f"{instant.isoformat()} is in the future")
    return instant


def during_episode(field: str, instant: datetime, episode: Episode, now: datetime) -> datetime:
    """A fact about the episode happens after it started and not after now."""
    in_the_past(field, instant, now)
    if instant < episode.started_at:
        raise ImplausibleTime(field, "before the child went missing")
    return instant


def ahead(field: str, instant: datetime, now: datetime) -> datetime:
    if aware(field, instant) < now:
        raise ImplausibleTime(field, f"{instant.isoformat()} has already passed")
    if instant > now + MAX_AHEAD:
        raise ImplausibleTime(field, "more than a year ahead")
    return instant


def words(field: str, text: str | None) -> str:
    """Someone's own words: kept as typed (trimmed), but never empty, never only symbols."""
    kept = (text or "").strip()
    if not kept:
        raise InvalidInput(field, "expected some words, got nothing")
    if len(kept) > MAX_TEXT:
        raise InvalidInput(field, f"longer than {MAX_TEXT} characters")
    if not any(unicodedata.category(ch)[0] in "LN" for ch in kept):
        raise InvalidInput(field, "expected words, got only symbols")
    return kept


def police_reference(text: str) -> str:
    """A reference as the police give one; "I don't know", "no", "1" or emoji are not."""
    kept = " ".join(text.split())
    digits = sum(ch in "0123456789" for ch in kept)
    if not _REFERENCE.match(kept) or digits < _REFERENCE_DIGITS or kept in _PHONE_NUMBERS:
        raise InvalidInput("reference", f"{text!r} does not look like a police reference")
    return kept
