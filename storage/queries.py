"""Read-only questions the conversations and reminders ask: what is due, who is missing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from protocols.vocabulary import TaskStatus
from storage.episodes import AUDIT_PREFIX, OPEN
from storage.models import Child, Episode, EpisodeEvent, Staff, TaskRecord

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


def past_due(now: datetime) -> ColumnElement[bool]:
    """Overdue, including tasks the engine has not yet marked overdue (it only does so when an
    episode is refreshed). For queries that name their episodes (a team's, a missing child's):
    the status is wrapped so the database walks those episodes' tasks by their index rather
    than every past-due task in the database by the status index, which SQLite, knowing
    nothing of how the statuses are spread, would otherwise prefer."""
    status = func.coalesce(TaskRecord.status, "")
    return or_(
        status == TaskStatus.OVERDUE.value,
        (status == TaskStatus.OPEN.value) & (TaskRecord.due_at < now),
    )


def actionable() -> ColumnElement[bool]:
    """Open or overdue, for queries that name their episodes (the teams one covers, a child's):
    wrapped like `past_due`, so SQLite reads those episodes' tasks by the episode index
    instead of walking every open or overdue task in the database by the status index, which
    grows with history (closed episodes keep their missed tasks)."""
    return func.coalesce(TaskRecord.status, "").in_(ACTIONABLE)


def _team_episode_ids(team_ids: Iterable[int]) -> Select[int]:
    """The episodes of the teams' children, as a subquery: the task queries start from the
    team (children by team index, episodes by child), never from every task in the database."""
    return (
        select(Episode.id)
        .join(Child, Child.id == Episode.child_id)
        .where(Child.team_id.in_(list(team_ids)))
    )


def overdue_tasks_for_team(session: Session, team_id: int, now: datetime) -> list[TaskRecord]:
    """Tasks past due for the team's children."""
    return [task for task, _ in overdue_page_for_teams(session, [team_id], now)[0]]


def overdue_page_for_teams(
    session: Session,
    team_ids: Iterable[int],
    now: datetime,
    *,
    offset: int = 0,
    limit: int | None = None,
    not_held_by: int | None = None,
) -> tuple[list[tuple[TaskRecord, int]], int]:
    """One page of the teams' past-due tasks with each task's child id, team by team then
    soonest due first, and how many there are in all. `not_held_by` leaves out one person's
    tasks (a manager's own are listed separately). Two statements whatever the page."""
    teams = sorted(set(team_ids))
    if not teams:
        return [], 0
    conditions = [TaskRecord.episode_id.in_(_team_episode_ids(teams)), past_due(now)]
    if not_held_by is not None:
        conditions.append(
            or_(
                TaskRecord.assignee_staff_id.is_(None),
                TaskRecord.assignee_staff_id != not_held_by,
            )
        )
    total = session.scalar(select(func.count()).select_from(TaskRecord).where(*conditions))
    query = (
        select(TaskRecord, Episode.child_id)
        .join(Episode, Episode.id == TaskRecord.episode_id)
        .join(Child, Child.id == Episode.child_id)
        .where(*conditions)
        .order_by(Child.team_id, TaskRecord.due_at, TaskRecord.id)
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    rows = [(task, child_id) for task, child_id in session.execute(query)]
    return rows, total or 0


def overdue_tasks_for_episodes(
    session: Session, episode_ids: list[int], now: datetime
) -> list[TaskRecord]:
    """Past-due tasks of these episodes (the manager's missing children), soonest due first."""
    if not episode_ids:
        return []
    return list(
        session.scalars(
            select(TaskRecord)
            .where(TaskRecord.episode_id.in_(episode_ids), past_due(now))
            .order_by(TaskRecord.due_at, TaskRecord.id)
        )
    )


def child_ids_of_episodes(session: Session, episode_ids: list[int]) -> dict[int, int]:
    """Each episode's child id, in one statement."""
    if not episode_ids:
        return {}
    rows = session.execute(
        select(Episode.id, Episode.child_id).where(Episode.id.in_(sorted(set(episode_ids))))
    )
    return {episode_id: child_id for episode_id, child_id in rows}


def load_people(session: Session, child_ids: Iterable[int], staff_ids: Iterable[int]) -> None:
    """Load these children and staff into the session in two statements, so naming each on a
    screen (session.get) costs no further query."""
    children = sorted(set(child_ids))
    staff = sorted({i for i in staff_ids if i is not None})
    if children:
        session.scalars(select(Child).where(Child.id.in_(children))).all()
    if staff:
        session.scalars(select(Staff).where(Staff.id.in_(staff))).all()


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
            .where(Episode.child_id.in_(child_ids), actionable())
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


def audit_entries_to(
    session: Session, staff_id: int, kinds: tuple[str, ...], since: datetime
) -> list[EpisodeEvent]:
    """Audit entries of these kinds addressed to this person since `since`, written by someone
    else, oldest first: one person's notices, by index, whatever the size of the log."""
    return list(
        session.scalars(
            select(EpisodeEvent)
            .where(
                EpisodeEvent.to_staff_id == staff_id,
                EpisodeEvent.recorded_at >= since,
                EpisodeEvent.type.in_([AUDIT_PREFIX + kind for kind in kinds]),
                or_(
                    EpisodeEvent.actor_staff_id.is_(None),
                    EpisodeEvent.actor_staff_id != staff_id,
                ),
            )
            .order_by(EpisodeEvent.id)
        )
    )


def audit_entries_by(
    session: Session, staff_id: int, kind: str, since: datetime
) -> list[EpisodeEvent]:
    """Audit entries of one kind this person wrote since `since` (e.g. the notices they saw)."""
    return list(
        session.scalars(
            select(EpisodeEvent)
            .where(
                EpisodeEvent.actor_staff_id == staff_id,
                EpisodeEvent.type == AUDIT_PREFIX + kind,
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
