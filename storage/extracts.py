"""Read-only extracts for exports, statutory returns and meeting packs (reports/).

Whole-table reads in bulk (a few queries per report, never one per row), so a year's return
over thousands of episodes stays quick. Nothing here writes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from storage.models import AuditRead, Child, Episode, EpisodeEvent, Staff, TaskRecord, Team


def episodes_overlapping(
    session: Session,
    since: datetime | None,
    until: datetime | None,
    *,
    child_ids: Sequence[int] | None = None,
) -> list[Episode]:
    """Episodes during which the child was away at some instant of [since, until] (either end
    may be open), oldest first. An episode still open reaches to now and beyond; a withdrawn
    one (recorded in error) reaches to when it was withdrawn."""
    query = select(Episode)
    if until is not None:
        query = query.where(Episode.started_at <= until)
    if since is not None:
        ended = func.coalesce(Episode.returned_at, Episode.closed_at, Episode.started_at)
        query = query.where(or_(Episode.status == "open", ended >= since))
    if child_ids is not None:
        query = query.where(Episode.child_id.in_(list(child_ids)))
    return list(session.scalars(query.order_by(Episode.started_at, Episode.id)))


def log_rows_by_episode(
    session: Session, episode_ids: Sequence[int]
) -> dict[int, list[EpisodeEvent]]:
    """Every row of these episodes' logs (facts and audit entries), in log order."""
    rows: dict[int, list[EpisodeEvent]] = defaultdict(list)
    for chunk in _chunks(episode_ids):
        query = (
            select(EpisodeEvent)
            .where(EpisodeEvent.episode_id.in_(chunk))
            .order_by(EpisodeEvent.episode_id, EpisodeEvent.at, EpisodeEvent.id)
        )
        for row in session.scalars(query):
            rows[row.episode_id].append(row)
    return rows


def tasks_by_episode(session: Session, episode_ids: Sequence[int]) -> dict[int, list[TaskRecord]]:
    """Every task of these episodes, soonest due first."""
    rows: dict[int, list[TaskRecord]] = defaultdict(list)
    for chunk in _chunks(episode_ids):
        query = (
            select(TaskRecord)
            .where(TaskRecord.episode_id.in_(chunk))
            .order_by(TaskRecord.due_at, TaskRecord.id)
        )
        for row in session.scalars(query):
            rows[row.episode_id].append(row)
    return rows


def children_by_id(session: Session, child_ids: Sequence[int] | None = None) -> dict[int, Child]:
    """These children (all of them when None)."""
    query = select(Child)
    if child_ids is not None:
        found: dict[int, Child] = {}
        for chunk in _chunks(child_ids):
            found.update({c.id: c for c in session.scalars(query.where(Child.id.in_(chunk)))})
        return found
    return {child.id: child for child in session.scalars(query.order_by(Child.id))}


def child_by_reference(session: Session, reference: str) -> Child | None:
    """A child by the authority's own id, else by the internal id."""
    child = session.scalars(select(Child).where(Child.external_id == reference)).one_or_none()
    if child is None and reference.isdigit():
        child = session.get(Child, int(reference))
    return child


def teams_by_id(session: Session) -> dict[int, Team]:
    return {team.id: team for team in session.scalars(select(Team))}


def staff_by_id(session: Session) -> dict[int, Staff]:
    return {staff.id: staff for staff in session.scalars(select(Staff))}


def reads_by_child(session: Session, child_id: int) -> list[AuditRead]:
    """Who looked at the child's record and when, oldest first."""
    query = select(AuditRead).where(AuditRead.child_id == child_id)
    return list(session.scalars(query.order_by(AuditRead.at, AuditRead.id)))


def last_episode_start_by_child(session: Session) -> dict[int, datetime]:
    """The latest episode start of every child who has one."""
    latest: dict[int, datetime] = {}
    for child_id, started in session.execute(select(Episode.child_id, Episode.started_at)):
        if child_id not in latest or started > latest[child_id]:
            latest[child_id] = started
    return latest


def last_episode_end_by_child(session: Session) -> dict[int, datetime | None]:
    """When each child's latest episode ended (None while one is still open)."""
    ends: dict[int, datetime | None] = {}
    open_children: set[int] = set()
    query = select(Episode.child_id, Episode.returned_at, Episode.closed_at, Episode.status)
    for child_id, returned, closed, status in session.execute(query):
        if status == "open":
            open_children.add(child_id)
            continue
        end = returned or closed
        current = ends.get(child_id)
        if end is not None and (current is None or end > current):
            ends[child_id] = end
    for child_id in open_children:
        ends[child_id] = None
    return ends


def _chunks(ids: Sequence[int], size: int = 500) -> list[list[int]]:
    # Keeps IN lists under SQLite's bound-parameter limit on large extracts.
    values = list(ids)
    return [values[i : i + size] for i in range(0, len(values), size)]
