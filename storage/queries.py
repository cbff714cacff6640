"""Read-only questions the conversations and reminders ask: what is due, who is missing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from protocols.vocabulary import TaskStatus
from storage.episodes import AUDIT_PREFIX, OPEN
from storage.models import Child, Episode, EpisodeEvent, TaskRecord

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


def actionable_tasks_for_children(session: Session, child_ids: list[int]) -> list[TaskRecord]:
    """Open or overdue tasks on any episode of these children, soonest due first."""
    if not child_ids:
        return []
    return list(
        session.scalars(
            select(TaskRecord)
            .join(Episode, Episode.id == TaskRecord.episode_id)
            .where(Episode.child_id.in_(child_ids), TaskRecord.status.in_(ACTIONABLE))
            .order_by(TaskRecord.due_at, TaskRecord.id)
        )
    )


def open_episodes_for_children(
    session: Session, child_ids: list[int], now: datetime
) -> list[OpenEpisode]:
    """These children's episodes still open, longest missing first."""
    if not child_ids:
        return []
    rows = session.execute(
        select(Episode, Child)
        .join(Child, Child.id == Episode.child_id)
        .where(Episode.child_id.in_(child_ids), Episode.status == OPEN)
        .order_by(Episode.started_at, Episode.id)
    )
    return [OpenEpisode(episode, child, now - episode.started_at) for episode, child in rows]


def latest_episode_for_child(session: Session, child_id: int) -> Episode | None:
    return session.scalars(
        select(Episode).where(Episode.child_id == child_id).order_by(Episode.number.desc())
    ).first()


def episodes_for_children(session: Session, child_ids: list[int]) -> list[Episode]:
    """Every episode of these children, oldest first (the weekly summary filters by date)."""
    if not child_ids:
        return []
    return list(
        session.scalars(
            select(Episode)
            .where(Episode.child_id.in_(child_ids))
            .order_by(Episode.started_at, Episode.id)
        )
    )


def tasks_for_episodes(session: Session, episode_ids: list[int]) -> list[TaskRecord]:
    if not episode_ids:
        return []
    return list(
        session.scalars(
            select(TaskRecord)
            .where(TaskRecord.episode_id.in_(episode_ids))
            .order_by(TaskRecord.due_at, TaskRecord.id)
        )
    )


def audit_entries_of_kinds(
    session: Session, kinds: tuple[str, ...], since: datetime
) -> list[EpisodeEvent]:
    """Audit entries of these kinds recorded since `since`, across all episodes, oldest first
    (hand-overs, requests and who has seen them)."""
    return list(
        session.scalars(
            select(EpisodeEvent)
            .where(
                EpisodeEvent.type.in_([AUDIT_PREFIX + kind for kind in kinds]),
                EpisodeEvent.recorded_at >= since,
            )
            .order_by(EpisodeEvent.id)
        )
    )


def task_title(
    session: Session, episode_id: int, code: str, rule_id: str | None = None
) -> str | None:
    """The title of the episode's task a fact named: by its rule id when the fact names one
    (two rules can share a code), else the first task with the code."""
    query = select(TaskRecord.title).where(TaskRecord.episode_id == episode_id)
    if rule_id:
        named = session.scalar(query.where(TaskRecord.key.in_([rule_id, f"{rule_id}#1"])).limit(1))
        if named is not None:
            return named
    return session.scalar(query.where(TaskRecord.code == code).order_by(TaskRecord.id).limit(1))
