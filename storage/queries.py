"""Read-only questions the conversations and reminders ask: what is due, who is missing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from protocols.vocabulary import TaskStatus
from storage.episodes import OPEN
from storage.models import Child, Episode, TaskRecord

ACTIONABLE = (TaskStatus.OPEN.value, TaskStatus.OVERDUE.value)


@dataclass(frozen=True)
class OpenEpisode:
    episode: Episode
    child: Child
    missing_for: timedelta  # since last seen / expected back, at the `now` asked about


def open_tasks_for_staff(session: Session, staff_id: int) -> list[TaskRecord]:
    """Tasks handed to this person that still need doing, soonest due first."""
    return list(
        session.scalars(
            select(TaskRecord)
            .where(TaskRecord.assignee_staff_id == staff_id, TaskRecord.status.in_(ACTIONABLE))
            .order_by(TaskRecord.due_at, TaskRecord.id)
        )
    )


def open_episodes_for_team(session: Session, team_id: int, now: datetime) -> list[OpenEpisode]:
    """The team's children missing now, longest missing first."""
    rows = session.execute(
        select(Episode, Child)
        .join(Child, Child.id == Episode.child_id)
        .where(Child.team_id == team_id, Episode.status == OPEN)
        .order_by(Episode.started_at, Episode.id)
    )
    return [OpenEpisode(episode, child, now - episode.started_at) for episode, child in rows]


def overdue_tasks_for_team(session: Session, team_id: int, now: datetime) -> list[TaskRecord]:
    """Tasks past due for the team's children, including those the engine has not yet marked
    overdue (it only does so when an episode is refreshed)."""
    return list(
        session.scalars(
            select(TaskRecord)
            .join(Episode, Episode.id == TaskRecord.episode_id)
            .join(Child, Child.id == Episode.child_id)
            .where(
                Child.team_id == team_id,
                or_(
                    TaskRecord.status == TaskStatus.OVERDUE.value,
                    (TaskRecord.status == TaskStatus.OPEN.value) & (TaskRecord.due_at < now),
                ),
            )
            .order_by(TaskRecord.due_at, TaskRecord.id)
        )
    )


def tasks_for_episode(session: Session, episode_id: int) -> list[TaskRecord]:
    return list(
        session.scalars(
            select(TaskRecord)
            .where(TaskRecord.episode_id == episode_id)
            .order_by(TaskRecord.due_at, TaskRecord.id)
        )
    )
