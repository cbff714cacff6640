"""Which children a member of staff may see: a carer the children in their care, a social worker
their caseload and their team's open episodes, a manager every child of the teams they lead.

Channels ask here before showing anything about a child, and log the read (storage.reads)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocols.vocabulary import MANAGEMENT_LADDER, Role
from storage.episodes import OPEN
from storage.models import Child, ChildCarer, Episode, Staff

# home_manager is the manager on duty in a children's home: a manager for what they may see.
MANAGER_ROLES = frozenset({Role.HOME_MANAGER, *MANAGEMENT_LADDER})


def led_team_ids(session: Session, manager: Staff) -> set[int]:
    """The manager's own team and the team of everyone below them in the line."""
    teams = {manager.team_id} if manager.team_id is not None else set()
    frontier, seen = [manager.id], {manager.id}
    while frontier:
        reports = list(
            session.execute(
                select(Staff.id, Staff.team_id).where(Staff.line_manager_id.in_(frontier))
            )
        )
        frontier = [sid for sid, _ in reports if sid not in seen]
        seen.update(frontier)
        teams.update(team for _, team in reports if team is not None)
    return teams


def _team_open_episode_children(session: Session, team_id: int | None) -> set[int]:
    if team_id is None:
        return set()
    return set(
        session.scalars(
            select(Child.id)
            .join(Episode, Episode.child_id == Child.id)
            .where(Child.team_id == team_id, Episode.status == OPEN)
        )
    )


def visible_child_ids(session: Session, staff: Staff) -> set[int]:
    if not staff.active:
        return set()
    role = staff.role
    if role == Role.CARER:
        return set(
            session.scalars(select(ChildCarer.child_id).where(ChildCarer.staff_id == staff.id))
        )
    if role in MANAGER_ROLES:
        teams = led_team_ids(session, staff)
        return set(session.scalars(select(Child.id).where(Child.team_id.in_(teams))))
    team_episodes = _team_open_episode_children(session, staff.team_id)
    if role == Role.SOCIAL_WORKER:
        caseload = session.scalars(
            select(Child.id).where(Child.allocated_social_worker_id == staff.id)
        )
        return set(caseload) | team_episodes
    # Duty, IRO, coordinators: only what is live in their team.
    return team_episodes


def can_see_child(session: Session, staff_id: int, child_id: int) -> bool:
    staff = session.get(Staff, staff_id)
    return staff is not None and child_id in visible_child_ids(session, staff)
