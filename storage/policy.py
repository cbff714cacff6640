"""Who may see and do what: the one access policy every read and every action goes through.

The rule is `allowed` below; everything else here is a way of asking it for many children at
once, or of logging a read. In words:

- Nobody inactive may see or do anything (a removed carer's old buttons stop working).
- A **carer** sees the children in their care, records facts about them, and closes their own
  tasks and the tasks done where the child lives (carer, home manager).
- A **social worker** sees their caseload and their team's children while missing; they record
  facts, close tasks and request things (the return interview) for their caseload.
- A **manager** (the management ladder, and a home's manager on duty) sees and acts for every
  child of the teams they lead, down their line.
- Anyone else (duty, IRO, co-ordinators) sees their team's children while missing.
- The team covering a team out of hours (the emergency duty team) sees that team's children
  and may close their tasks (it is sent their reminders at night).
- Anyone may close or hand over a task handed to them by name.
- In a regional deployment (teams of several local authorities, `Team.authority`), nobody but
  a carer reaches a child of another authority's team, whatever the line management or cover
  says: a carer may look after a child placed from another authority.

Screens that name a child call `read_child`, which asks the rule and logs the read
(storage.reads), so the audit of who looked at which child is complete.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum, StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocols.vocabulary import MANAGEMENT_LADDER, Role
from storage.episodes import OPEN
from storage.errors import get_row
from storage.models import Child, ChildCarer, Episode, Staff, TaskRecord, Team
from storage.reads import log_read

# home_manager is the manager on duty in a children's home: a manager for what they may see.
MANAGER_ROLES = frozenset({Role.HOME_MANAGER, *MANAGEMENT_LADDER})
# Tasks done where the child lives: the carer's, and the manager on duty's in a children's home
# (childrens_home §6.4 gives the notifications to the home, not to the residential worker).
PLACEMENT_ROLES = frozenset({Role.CARER.value, Role.HOME_MANAGER.value})


class Action(StrEnum):
    SEE = "see"  # read the child's record
    RECORD = "record"  # record a fact about the child (missing, back, police, a note…)
    REQUEST = "request"  # ask for something on the child's behalf (the return interview)
    TASK = "task"  # close, waive or hand over one of the child's tasks


class Relation(Enum):
    """How a member of staff stands to a child, the only thing the rule looks at."""

    NONE = "none"
    CARER_OF = "carer_of"  # a carer linked to the child
    ALLOCATED = "allocated"  # the child's allocated social worker
    LEADS_TEAM = "leads_team"  # a manager of the child's team, or above it in the line
    TEAM_LIVE = "team_live"  # same team, and the child is missing now
    COVERS = "covers"  # of the team covering the child's team out of hours (EDT)


def allowed(
    session: Session,
    staff: Staff | None,
    action: Action,
    child: Child,
    task: TaskRecord | None = None,
) -> bool:
    """THE rule: may this person do `action` for this child (on `task`, for Action.TASK)?"""
    if staff is None or not staff.active:
        return False
    if action is Action.TASK and task is not None and task.assignee_staff_id == staff.id:
        return True
    relation = relation_to(session, staff, child)
    if action is Action.SEE:
        return relation is not Relation.NONE
    if action is Action.RECORD:
        return relation in (Relation.CARER_OF, Relation.ALLOCATED, Relation.LEADS_TEAM)
    if action is Action.REQUEST:
        return relation in (Relation.ALLOCATED, Relation.LEADS_TEAM)
    if task is None:
        return False
    if relation is Relation.CARER_OF:
        return task.assignee_role in PLACEMENT_ROLES
    return relation in (Relation.ALLOCATED, Relation.LEADS_TEAM, Relation.COVERS)


def relation_to(session: Session, staff: Staff, child: Child) -> Relation:
    """The person's relation to the child, by their role (one role, one question)."""
    role = staff.role
    if role == Role.CARER:
        linked = session.scalar(
            select(ChildCarer.id).where(
                ChildCarer.child_id == child.id, ChildCarer.staff_id == staff.id
            )
        )
        return Relation.CARER_OF if linked is not None else Relation.NONE
    if authority_of(session, staff.team_id) != authority_of(session, child.team_id):
        return Relation.NONE
    if role in MANAGER_ROLES and child.team_id in led_team_ids(session, staff):
        return Relation.LEADS_TEAM
    if role == Role.SOCIAL_WORKER and child.allocated_social_worker_id == staff.id:
        return Relation.ALLOCATED
    if child.team_id == staff.team_id and _is_missing(session, child.id):
        return Relation.TEAM_LIVE
    if child.team_id in _covered_team_ids(session, staff):
        return Relation.COVERS
    return Relation.NONE


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


def visible_child_ids(session: Session, staff: Staff) -> set[int]:
    """Every child `allowed(…, Action.SEE, …)` admits: `child_ids_for` with SEE."""
    return child_ids_for(session, staff, Action.SEE)


def child_ids_for(session: Session, staff: Staff, action: Action = Action.SEE) -> set[int]:
    """The children `allowed` admits for `action` (TASK as RECORD: the children whose tasks
    they may close beyond their own), found with one query per relation instead of one per
    child. tests/storage/test_policy.py checks it against `allowed` child by child."""
    if not staff.active:
        return set()
    role = staff.role
    if role == Role.CARER:
        if action is Action.REQUEST:
            return set()
        return set(
            session.scalars(select(ChildCarer.child_id).where(ChildCarer.staff_id == staff.id))
        )
    own: set[int] = set()  # led teams' children, or a social worker's caseload
    if role in MANAGER_ROLES:
        teams = _same_authority(session, staff, led_team_ids(session, staff))
        own = set(session.scalars(select(Child.id).where(Child.team_id.in_(teams))))
    elif role == Role.SOCIAL_WORKER:
        own = set(
            session.scalars(
                select(Child.id)
                .join(Team, Team.id == Child.team_id)
                .where(
                    Child.allocated_social_worker_id == staff.id,
                    Team.authority == authority_of(session, staff.team_id),
                )
            )
        )
    if action in (Action.RECORD, Action.REQUEST):
        return own
    covered = _same_authority(session, staff, _covered_team_ids(session, staff))
    covering = set(session.scalars(select(Child.id).where(Child.team_id.in_(covered))))
    if action is Action.TASK:
        return own | covering
    return own | covering | _team_missing_child_ids(session, staff.team_id)


def children_for(session: Session, staff: Staff, action: Action = Action.SEE) -> list[Child]:
    """The children this person may see (or act for), their own caseload first, then by id."""
    ids = child_ids_for(session, staff, action)
    if not ids:
        return []
    rows = session.scalars(select(Child).where(Child.id.in_(ids)).order_by(Child.id))
    return sorted(rows, key=lambda c: (c.allocated_social_worker_id != staff.id, c.id))


def can_see_child(session: Session, staff_id: int, child_id: int) -> bool:
    staff = session.get(Staff, staff_id)
    child = session.get(Child, child_id)
    return child is not None and allowed(session, staff, Action.SEE, child)


def may_act_on_task(session: Session, staff: Staff, task: TaskRecord) -> bool:
    episode = session.get(Episode, task.episode_id)
    child = session.get(Child, episode.child_id) if episode is not None else None
    return child is not None and allowed(session, staff, Action.TASK, child, task)


def read_child(session: Session, staff_id: int, child_id: int, what: str, *, now: datetime) -> bool:
    """Ask whether the person may see the child and, when they may, log the read: every screen
    that names a child goes through here. False means show nothing about the child."""
    if not can_see_child(session, staff_id, child_id):
        return False
    log_read(session, staff_id, child_id, what, now=now)
    return True


def log_reads(
    session: Session, staff_id: int, child_ids: Iterable[int], what: str, *, now: datetime
) -> None:
    """Log that a screen named these children to this person (screens listing what the person
    holds or may see: status, notices, the weekly summary)."""
    for child_id in sorted(set(child_ids)):
        log_read(session, staff_id, child_id, what, now=now)


@dataclass(frozen=True)
class Viewer:
    """Who is looking, as the screens lay things out for them."""

    staff: Staff
    kind: str  # carer | social_worker | manager | other
    team_ids: frozenset[int]


def viewer(session: Session, staff_id: int) -> Viewer:
    staff = get_row(session, Staff, staff_id)
    role = staff.role
    if role == Role.CARER:
        kind = "carer"
    elif role == Role.SOCIAL_WORKER:
        kind = "social_worker"
    elif role in MANAGER_ROLES:
        kind = "manager"
    else:
        kind = "other"
    teams = {staff.team_id} if staff.team_id is not None else set()
    if kind == "manager":
        teams |= led_team_ids(session, staff)
    return Viewer(staff, kind, frozenset(teams))


def authority_of(session: Session, team_id: int | None) -> str:
    """The team's local authority; staff without a team belong to the default one ("")."""
    team = session.get(Team, team_id) if team_id is not None else None
    return team.authority if team is not None else ""


def _same_authority(session: Session, staff: Staff, team_ids: set[int]) -> set[int]:
    """Those of the teams in the person's own authority."""
    if not team_ids:
        return set()
    mine = authority_of(session, staff.team_id)
    return set(
        session.scalars(select(Team.id).where(Team.id.in_(team_ids), Team.authority == mine))
    )


def _covered_team_ids(session: Session, staff: Staff) -> set[int]:
    """The teams whose nights and weekends this person's team covers."""
    if staff.team_id is None:
        return set()
    return set(session.scalars(select(Team.id).where(Team.out_of_hours_team_id == staff.team_id)))


def _is_missing(session: Session, child_id: int) -> bool:
    found = session.scalar(
        select(Episode.id).where(Episode.child_id == child_id, Episode.status == OPEN).limit(1)
    )
    return found is not None


def _team_missing_child_ids(session: Session, team_id: int | None) -> set[int]:
    if team_id is None:
        return set()
    return set(
        session.scalars(
            select(Child.id)
            .join(Episode, Episode.child_id == Child.id)
            .where(Child.team_id == team_id, Episode.status == OPEN)
        )
    )
