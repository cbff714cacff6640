"""Undo: a person takes back the last fact they recorded, for a few minutes after recording it.

The log is append-only (essex appendix 4), so undoing never deletes: an audit entry marks the fact
void, the engine stops seeing it, and the episode's derived columns are rebuilt from what is left.
Undoing the fact that opened an episode withdraws the episode (recorded in error).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocols.facts import EventType
from protocols.vocabulary import TaskStatus
from storage.episodes import (
    AUDIT_PREFIX,
    OPEN,
    RETRACTED,
    WITHDRAWN,
    get_episode,
    log_audit,
    rederive,
    retracted_ids,
)
from storage.errors import EpisodeAlreadyOpen, get_row
from storage.models import Episode, EpisodeEvent
from storage.queries import ACTIONABLE, tasks_for_episode

UNDO_WINDOW = timedelta(minutes=5)


def last_undoable(session: Session, staff_id: int, now: datetime) -> EpisodeEvent | None:
    """This person's most recent fact still inside the undo window and not already undone."""
    rows = session.scalars(
        select(EpisodeEvent)
        .where(
            EpisodeEvent.actor_staff_id == staff_id,
            EpisodeEvent.recorded_at >= now - UNDO_WINDOW,
            EpisodeEvent.recorded_at <= now,
            EpisodeEvent.type.not_like(AUDIT_PREFIX + "%"),
        )
        .order_by(EpisodeEvent.recorded_at.desc(), EpisodeEvent.id.desc())
    )
    for row in rows:
        episode = get_episode(session, row.episode_id)
        if episode.status != WITHDRAWN and row.id not in retracted_ids(session, row.episode_id):
            return row
    return None


def undo(
    session: Session, event_id: int, staff_id: int, now: datetime, also: Sequence[int] = ()
) -> Episode:
    """Retract the fact (and `also`, facts recorded with it as one answer). Raises ValueError
    when it is not this person's, is too old, or the child's record has moved on so that
    undoing would contradict it (e.g. a new episode)."""
    row = get_row(session, EpisodeEvent, event_id)
    latest = last_undoable(session, staff_id, now)
    if latest is None or latest.id != row.id:
        raise ValueError("only your most recent fact, within a few minutes, can be undone")
    episode = get_episode(session, row.episode_id)
    log_audit(session, episode.id, RETRACTED, {"ids": [row.id, *also]}, staff_id, now=now)
    if row.type == EventType.MISSING:
        _withdraw(session, episode, now)
        return episode
    if episode.status != OPEN and row.type in (EventType.RETURNED, EventType.FOUND):
        _check_can_reopen(session, episode)
    rederive(session, episode)
    return episode


def _withdraw(session: Session, episode: Episode, now: datetime) -> None:
    episode.status = WITHDRAWN
    episode.closed_at = now
    for task in tasks_for_episode(session, episode.id):
        if task.status in ACTIONABLE:
            task.status = TaskStatus.CANCELLED.value
            task.updated_at = now
    session.flush()


def _check_can_reopen(session: Session, episode: Episode) -> None:
    other = session.scalar(
        select(Episode.id).where(
            Episode.child_id == episode.child_id, Episode.status == OPEN, Episode.id != episode.id
        )
    )
    if other is not None:
        raise EpisodeAlreadyOpen("the child has a newer open episode; undo that one first")
