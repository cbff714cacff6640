"""Who may see and act on what (issue 3): a carer their children, a social worker their caseload
and their team's episodes, a manager their team (and the teams of the people who report to them).

Kept apart from the flows so every screen asks the same question the same way."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocols.vocabulary import Role
from storage.episodes import get_episode
from storage.models import Child, Staff, TaskRecord
from storage.people import caseload, children_for_carer, get_staff

# home_manager is the manager on duty in a children's home: a manager for what they may see.
MANAGER_ROLES = frozenset(
    {
        Role.HOME_MANAGER,
        Role.TEAM_MANAGER,
        Role.SERVICE_MANAGER,
        Role.HEAD_OF_SERVICE,
        Role.DISTRICT_OPERATIONAL_LEAD,
        Role.STRATEGIC_MANAGER,
        Role.ASSISTANT_DIRECTOR,
        Role.DIRECTOR,
        Role.DIRECTOR_LOCAL_DELIVERY,
    }
)


@dataclass(frozen=True)
class Viewer:
    staff: Staff
    kind: str  # carer | social_worker | manager | other
    team_ids: frozenset[int]


def viewer(session: Session, staff_id: int) -> Viewer:
    staff = get_staff(session, staff_id)
    role = Role(staff.role)
    if role is Role.CARER:
        kind = "carer"
    elif role is Role.SOCIAL_WORKER:
        kind = "social_worker"
    elif role in MANAGER_ROLES:
        kind = "manager"
    else:
        kind = "other"
    teams = {staff.team_id} if staff.team_id is not None else set()
    if kind == "manager":
        teams |= _teams_below(session, staff.id)
    return Viewer(staff, kind, frozenset(teams))


def _teams_below(session: Session, manager_id: int) -> set[int]:
    """Teams of everyone who reports to this manager, directly or further down."""
    teams: set[int] = set()
    seen = {manager_id}
    frontier = [manager_id]
    while frontier:
        rows = session.execute(
            select(Staff.id, Staff.team_id).where(Staff.line_manager_id.in_(frontier))
        ).all()
        frontier = [sid for sid, _ in rows if sid not in seen]
        seen.update(frontier)
        teams.update(team for _, team in rows if team is not None)
    return teams


def visible_children(session: Session, who: Viewer) -> list[Child]:
    """Children whose records this person may see."""
    if who.kind == "carer":
        return children_for_carer(session, who.staff.id)
    own = caseload(session, who.staff.id)
    if who.kind in ("social_worker", "manager") and who.team_ids:
        team = session.scalars(
            select(Child).where(Child.team_id.in_(who.team_ids)).order_by(Child.id)
        )
        seen = {c.id for c in own}
        return [*own, *(c for c in team if c.id not in seen)]
    return own


def may_see_child(session: Session, who: Viewer, child_id: int) -> bool:
    return any(c.id == child_id for c in visible_children(session, who))


def may_act_on(session: Session, who: Viewer, task: TaskRecord) -> bool:
    """Whether this person may mark the task done, hand it over or request on it: their own
    tasks; a social worker's caseload; a manager's teams."""
    if task.assignee_staff_id == who.staff.id:
        return True
    child = session.get(Child, get_episode(session, task.episode_id).child_id)
    if child is None:
        return False
    if who.kind == "social_worker":
        return child.allocated_social_worker_id == who.staff.id
    if who.kind == "manager":
        return child.team_id in who.team_ids
    return False


def may_act_for_child(who: Viewer, child: Child) -> bool:
    """Whether this person may ask for things on the child's behalf (e.g. the return
    interview): the allocated social worker, or a manager of the child's team."""
    if who.kind == "manager":
        return child.team_id in who.team_ids
    return child.allocated_social_worker_id == who.staff.id
