"""What the out-of-hours team covers: the open social-worker tasks of the teams whose nights
and weekends it covers (the reminders send it those tasks out of office hours)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocols.vocabulary import Role
from storage.models import Child, Episode, Staff, TaskRecord, Team
from storage.queries import actionable


def covered_tasks(session: Session, staff: Staff) -> list[TaskRecord]:
    """Open or overdue social-worker tasks of the children of the teams this person's team
    covers out of hours, soonest due first; empty for anyone whose team covers nobody.

    Every status (even a manager's whose team covers nobody) asks this, so it starts from the
    covered teams' children and their episodes and reads those episodes' tasks by index
    (`actionable`): filtered by the status index first, SQLite walked every open or overdue
    task in the database, which grows with history (issue 14)."""
    if staff.team_id is None or not staff.active:
        return []
    covered = select(Team.id).where(Team.out_of_hours_team_id == staff.team_id)
    episodes = (
        select(Episode.id)
        .join(Child, Child.id == Episode.child_id)
        .where(Child.team_id.in_(covered))
    )
    return list(
        session.scalars(
            select(TaskRecord)
            .where(
                TaskRecord.episode_id.in_(episodes),
                actionable(),
                TaskRecord.assignee_role == Role.SOCIAL_WORKER.value,
            )
            .order_by(TaskRecord.due_at, TaskRecord.id)
        )
    )
