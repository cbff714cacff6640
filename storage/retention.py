"""Removing a child's record when its retention period ends (UK GDPR art. 5(1)(e)), and the log
of what was removed, which itself holds no personal data.

This is the one place that deletes from the append-only log: the law requires records not to be
kept longer than needed, and the log is part of the record. Rows that point at the child, their
episodes or those episodes' tasks are found through the schema's foreign keys, so tables other
modules add later (deliveries, photos, …) go with the record without a change here.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, Table, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.models import SHORT, Base, Child, Episode, EpisodeEvent, TaskRecord

DELETED = "deleted"
ANONYMISED = "anonymised"
ACTIONS = (DELETED, ANONYMISED)
# Event data that is someone's words or identifies a person or place; the rest (category,
# risk level, task code, how they came back, the danger answer) is kept for statistics.
FREE_TEXT_KEYS = frozenset(
    {"text", "note", "reason", "location", "person", "police_reference", "by", "recorded_by"}
)
ANONYMOUS_NAME = "Anonymised"


class RetentionLogEntry(Base):
    """One record removed: when, how, under which rule, and how many rows. No ids, names or
    dates of the child (a due date would give away a date of birth)."""

    __tablename__ = "retention_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_at: Mapped[datetime]
    action: Mapped[str] = mapped_column(String(16))
    rule: Mapped[str] = mapped_column(String(SHORT))
    rows: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


def delete_child_record(session: Session, child_id: int) -> Counter[str]:
    """Delete the child and everything that refers to them; rows removed per table."""
    removed: Counter[str] = Counter()
    _delete_with_dependants(session, Base.metadata.tables["children"], [child_id], removed)
    session.flush()
    return removed


def anonymise_child_record(session: Session, child_id: int) -> Counter[str]:
    """Keep the episodes' shape (dates, categories, risk, tasks) for statistics and remove
    everything that identifies the child or repeats what anyone said. Reads of the record and
    the links to carers go: nobody can be said to read a record that names no one. Tables other
    modules add that point at an episode are kept as they are (only the log and tasks are
    scrubbed here)."""
    changed: Counter[str] = Counter()
    child = session.get(Child, child_id)
    if child is None:
        return changed
    for column in Child.__table__.columns:
        if column.key in _KEPT_CHILD_COLUMNS:
            continue
        setattr(child, column.key, None)
    child.given_name, child.family_name, child.flags = ANONYMOUS_NAME, "", []
    changed["children"] += 1
    episode_ids = list(session.scalars(select(Episode.id).where(Episode.child_id == child_id)))
    for episode in session.scalars(select(Episode).where(Episode.id.in_(episode_ids))):
        episode.police_reference = None
        changed["episodes"] += 1
    events = select(EpisodeEvent).where(EpisodeEvent.episode_id.in_(episode_ids))
    for event in session.scalars(events):
        event.text = None
        event.data = {k: v for k, v in (event.data or {}).items() if k not in FREE_TEXT_KEYS}
        changed["episode_events"] += 1
    tasks = select(TaskRecord).where(TaskRecord.episode_id.in_(episode_ids))
    for task in session.scalars(tasks):
        task.note = task.done_by = None
        changed["tasks"] += 1
    # Everything else about the child goes: reads, carers' links, and whatever other modules
    # keep per child (a photo, say), found through the foreign keys; the episodes stay.
    children = Base.metadata.tables["children"]
    for other in Base.metadata.sorted_tables:
        if other.name == Episode.__tablename__:
            continue
        for key in other.foreign_keys:
            if key.column.table is children and other is not children:
                _delete_referring(session, other, key.parent, child_id, changed)
    session.flush()
    return changed


def _delete_referring(
    session: Session, table: Table, column: Any, child_id: int, removed: Counter[str]
) -> None:
    primary = list(table.primary_key.columns)
    if len(primary) == 1:
        ids = list(session.scalars(select(primary[0]).where(column == child_id)))
        _delete_with_dependants(session, table, ids, removed)
    else:
        result = session.execute(delete(table).where(column == child_id))
        removed[table.name] += int(getattr(result, "rowcount", 0) or 0)


# Kept: what a statistical return needs (legal status, team). The names and flags cannot be
# empty, so they are overwritten rather than cleared.
_KEPT_CHILD_COLUMNS = frozenset(
    {"id", "legal_status", "team_id", "flags", "given_name", "family_name"}
)


def log_removal(
    session: Session, *, action: str, rule: str, rows: Counter[str], now: datetime
) -> RetentionLogEntry:
    if action not in ACTIONS:
        raise ValueError(f"retention action must be one of {ACTIONS}, not {action!r}")
    counts = dict(sorted(rows.items()))
    entry = RetentionLogEntry(run_at=now, action=action, rule=rule, rows=counts)
    session.add(entry)
    session.flush()
    return entry


def retention_log(session: Session) -> list[RetentionLogEntry]:
    query = select(RetentionLogEntry).order_by(RetentionLogEntry.run_at, RetentionLogEntry.id)
    return list(session.scalars(query))


def _delete_with_dependants(
    session: Session, table: Table, ids: list[Any], removed: Counter[str]
) -> None:
    if not ids:
        return
    for other in Base.metadata.sorted_tables:
        if other is table:
            continue
        for key in other.foreign_keys:
            if key.column.table is not table:
                continue
            primary = list(other.primary_key.columns)
            if len(primary) == 1:
                found = list(session.scalars(select(primary[0]).where(key.parent.in_(ids))))
                _delete_with_dependants(session, other, found, removed)
            else:
                result = session.execute(delete(other).where(key.parent.in_(ids)))
                removed[other.name] += int(getattr(result, "rowcount", 0) or 0)
    (primary_key,) = table.primary_key.columns
    result = session.execute(delete(table).where(primary_key.in_(ids)))
    removed[table.name] += int(getattr(result, "rowcount", 0) or 0)
