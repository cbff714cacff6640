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
from storage.people import get_staff
from storage.visibility import MANAGER_ROLES, led_team_ids, visible_child_ids


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
        teams |= led_team_ids(session, staff)
    return Viewer(staff, kind, frozenset(teams))


def visible_children(session: Session, who: Viewer) -> list[Child]:
    """Children whose records this person may see (one rule for every channel:
    storage.visibility): their caseload first, then the rest by id."""
    ids = visible_child_ids(session, who.staff)
    if not ids:
        return []
    rows = session.scalars(select(Child).where(Child.id.in_(ids)).order_by(Child.id))
    mine = who.staff.id
    return sorted(rows, key=lambda c: (c.allocated_social_worker_id != mine, c.id))


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
