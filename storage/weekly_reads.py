"""What the manager's weekly summary reads, bounded by its window rather than by the team's
history: the episodes of the last `since` (and those still open), their return interviews, and
the overdue tasks counted by the database (a missed deadline stays overdue however old)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from storage.episodes import WITHDRAWN
from storage.models import Episode, TaskRecord
from storage.queries import past_due


def episodes_since(
    session: Session, child_ids: list[int], since: datetime, interview_code: str
) -> list[Episode]:
    """These children's episodes (withdrawn reports left out: recorded in error) that are still
    open, or started or ended since `since`, or whose return interview was done since then;
    oldest first."""
    if not child_ids:
        return []
    # Asked of each of these children's episodes (by the tasks' episode index): a question
    # across every task in the database would grow with the country, not the team.
    interviewed = (
        select(TaskRecord.id)
        .where(
            TaskRecord.episode_id == Episode.id,
            TaskRecord.code == interview_code,
            TaskRecord.done_at >= since,
        )
        .exists()
    )
    return list(
        session.scalars(
            select(Episode)
            .where(
                Episode.child_id.in_(child_ids),
                Episode.status != WITHDRAWN,
                or_(
                    Episode.returned_at.is_(None),
                    Episode.started_at >= since,
                    Episode.returned_at >= since,
                    interviewed,
                ),
            )
            .order_by(Episode.started_at, Episode.id)
        )
    )


def tasks_of_code(session: Session, episode_ids: list[int], code: str) -> list[TaskRecord]:
    if not episode_ids:
        return []
    return list(
        session.scalars(
            select(TaskRecord)
            .where(TaskRecord.episode_id.in_(episode_ids), TaskRecord.code == code)
            .order_by(TaskRecord.due_at, TaskRecord.id)
        )
    )


def overdue_counts(
    session: Session, child_ids: list[int], now: datetime
) -> list[tuple[str, int, str]]:
    """(code, how many, a title) of the past-due tasks on these children's episodes, by code:
    one grouped statement however long the history."""
    if not child_ids:
        return []
    episodes = select(Episode.id).where(
        Episode.child_id.in_(child_ids), Episode.status != WITHDRAWN
    )
    rows = session.execute(
        select(TaskRecord.code, func.count(), func.max(TaskRecord.title))
        .where(TaskRecord.episode_id.in_(episodes), past_due(now))
        .group_by(TaskRecord.code)
        .order_by(TaskRecord.code)
    )
    return [(code, int(n), str(title)) for code, n, title in rows]
