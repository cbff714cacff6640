"""What happens to a real organisation over time: a child moves placement, gets a new social
worker, leaves care or moves team (or authority); a member of staff leaves or loses their phone.

Each function validates first, then changes the roster, moves the open tasks that depended on the
old arrangement, refreshes the open episode's tasks and records the change (`roster_changes`, and
the episode's audit log when an episode is open). Each only flushes: the caller commits once, so
a change is all or nothing. A call that would change nothing returns None and records nothing,
which is what makes a second identical roster import a no-op.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from protocols.vocabulary import EXTERNAL_ROLES, Flag, LegalStatus, Placement, Role
from storage.episodes import log_audit, open_episode_for_child
from storage.models import Child, ChildCarer, Episode, Staff, StaffAddress, TaskRecord, Team
from storage.queries import ACTIONABLE, episodes_for_children
from storage.roster_log import RosterChange, record_change
from storage.tasks import reassign_task, refresh_tasks, resolve_assignee

# Audit kind for "your work changed because the roster did"; dialogues.notices shows it once.
ROSTER_NOTICE = "roster_notice"
CARING_ROLES = frozenset({Role.CARER.value, Role.HOME_MANAGER.value})


class LifecycleError(ValueError):
    """Why a change cannot be made, in words fit to show an administrator."""


def child_subject(child_id: int) -> str:
    return f"child:{child_id}"


def staff_subject(staff_id: int) -> str:
    return f"staff:{staff_id}"


def _child(session: Session, child_id: int) -> Child:
    child = session.get(Child, child_id)
    if child is None:
        raise LifecycleError(f"there is no child with id {child_id}")
    return child


def _active_staff(session: Session, staff_id: int) -> Staff:
    staff = session.get(Staff, staff_id)
    if staff is None or not staff.active:
        raise LifecycleError(f"there is no active member of staff with id {staff_id}")
    return staff


def _actionable(session: Session, episode_id: int) -> list[TaskRecord]:
    return list(
        session.scalars(
            select(TaskRecord)
            .where(TaskRecord.episode_id == episode_id, TaskRecord.status.in_(ACTIONABLE))
            .order_by(TaskRecord.due_at, TaskRecord.id)
        )
    )


def _move_tasks(
    session: Session,
    tasks: Sequence[TaskRecord],
    to_staff_id: int | None,
    *,
    now: datetime,
    actor_staff_id: int | None,
    reason: str,
) -> list[int]:
    """Give each task to `to_staff_id` (a hand-over the new holder is told about), or to nobody
    so the next refresh finds the role's holder. Returns the ids of the tasks moved."""
    moved: list[int] = []
    for task in tasks:
        if task.assignee_staff_id == to_staff_id:
            continue
        if to_staff_id is not None:
            reassign_task(
                session, task.id, to_staff_id, by_staff_id=actor_staff_id, now=now, reason=reason
            )
        else:
            data = {"task": task.key, "from_staff_id": task.assignee_staff_id, "reason": reason}
            task.assignee_staff_id = None
            task.updated_at = now
            log_audit(session, task.episode_id, "task_unassigned", data, actor_staff_id, now=now)
        moved.append(task.id)
    return moved


def _tell(
    session: Session,
    episode: Episode | None,
    staff_id: int | None,
    what: str,
    data: dict[str, object],
    *,
    now: datetime,
    actor_staff_id: int | None,
) -> None:
    if episode is None or staff_id is None:
        return
    notice = {"to_staff_id": staff_id, "what": what, "child_id": episode.child_id, **data}
    log_audit(session, episode.id, ROSTER_NOTICE, notice, actor_staff_id, now=now)


def move_placement(
    session: Session,
    child_id: int,
    carer_ids: Sequence[int],
    *,
    now: datetime,
    by: str,
    placement_type: str | None = None,
    actor_staff_id: int | None = None,
) -> RosterChange | None:
    """The child now lives with `carer_ids` (first = main carer). The new carers see the child
    at once, the old ones no longer do, and an open episode's carer tasks follow the child."""
    child = _child(session, child_id)
    new = list(dict.fromkeys(carer_ids))
    for staff_id in new:
        carer = _active_staff(session, staff_id)
        if carer.role not in CARING_ROLES:
            raise LifecycleError(
                f"{carer.name} (staff {staff_id}) is a {carer.role}, not a carer or home manager"
            )
    new_type = child.placement_type if placement_type is None else Placement(placement_type).value
    links = list(
        session.scalars(
            select(ChildCarer).where(ChildCarer.child_id == child_id).order_by(ChildCarer.id)
        )
    )
    old = [link.staff_id for link in links]
    if old == new and new_type == child.placement_type:
        return None
    if old != new:
        for link in links:
            session.delete(link)
        session.flush()
        for staff_id in new:
            session.add(ChildCarer(child_id=child_id, staff_id=staff_id))
    old_type, child.placement_type = child.placement_type, new_type
    session.flush()
    data: dict[str, object] = {
        "from_carers": old,
        "to_carers": new,
        "from_placement": old_type,
        "to_placement": new_type,
    }
    episode = open_episode_for_child(session, child_id)
    if episode is not None:
        gone = set(old) - set(new)
        held = [t for t in _actionable(session, episode.id) if t.assignee_staff_id in gone]
        data["tasks_moved"] = _move_tasks(
            session,
            held,
            new[0] if new else None,
            now=now,
            actor_staff_id=actor_staff_id,
            reason="placement moved",
        )
        log_audit(session, episode.id, "placement_moved", data, actor_staff_id, now=now)
        refresh_tasks(session, episode.id, now)
    return record_change(session, "placement_moved", child_subject(child_id), data, by=by, now=now)


def change_social_worker(
    session: Session,
    child_id: int,
    social_worker_id: int | None,
    *,
    now: datetime,
    by: str,
    actor_staff_id: int | None = None,
) -> RosterChange | None:
    """Allocate the child to another worker. The open tasks the old worker held for this child
    move to the new one (a hand-over they are told about); the old worker is told too."""
    child = _child(session, child_id)
    if social_worker_id is not None:
        worker = _active_staff(session, social_worker_id)
        if worker.role in CARING_ROLES or Role(worker.role) in EXTERNAL_ROLES:
            raise LifecycleError(f"{worker.name} (staff {worker.id}) is a {worker.role}")
    old = child.allocated_social_worker_id
    if old == social_worker_id:
        return None
    child.allocated_social_worker_id = social_worker_id
    session.flush()
    data: dict[str, object] = {"from_staff_id": old, "to_staff_id": social_worker_id}
    # Work outlives the episode: a child who is back still has the return interview and the
    # meetings open on a closed episode, and those move with the case too.
    episodes = episodes_for_children(session, [child_id])
    episode = open_episode_for_child(session, child_id) or (episodes[-1] if episodes else None)
    if episode is not None:
        held = [
            t
            for e in episodes
            for t in _actionable(session, e.id)
            if (old is not None and t.assignee_staff_id == old)
            or (t.assignee_staff_id is None and t.assignee_role == Role.SOCIAL_WORKER.value)
        ]
        data["tasks_moved"] = _move_tasks(
            session,
            held,
            social_worker_id,
            now=now,
            actor_staff_id=actor_staff_id,
            reason="new social worker",
        )
        notice: dict[str, object] = {"from_staff_id": old, "new_staff_id": social_worker_id}
        _tell(
            session, episode, old, "case_moved_away", notice, now=now, actor_staff_id=actor_staff_id
        )
        _tell(
            session,
            episode,
            social_worker_id,
            "case_allocated",
            notice,
            now=now,
            actor_staff_id=actor_staff_id,
        )
        for touched in {t.episode_id for t in held} | {episode.id}:
            refresh_tasks(session, touched, now)
    return record_change(
        session, "social_worker_changed", child_subject(child_id), data, by=by, now=now
    )


def successor_of(session: Session, staff: Staff) -> Staff | None:
    """Who takes a leaver's work: their line manager, else their team's team manager."""
    if staff.line_manager_id is not None:
        manager = session.get(Staff, staff.line_manager_id)
        if manager is not None and manager.active and manager.id != staff.id:
            return manager
    if staff.team_id is None:
        return None
    return session.scalars(
        select(Staff)
        .where(
            Staff.team_id == staff.team_id,
            Staff.role == Role.TEAM_MANAGER.value,
            Staff.active,
            Staff.id != staff.id,
        )
        .order_by(Staff.created_at, Staff.id)
        .limit(1)
    ).one_or_none()


def staff_leaves(
    session: Session,
    staff_id: int,
    *,
    now: datetime,
    by: str,
    actor_staff_id: int | None = None,
) -> RosterChange | None:
    """Someone has left: they are inactive, every chat of theirs is cut off, and their open tasks
    go to their line manager (or the team manager), who is told of each."""
    staff = session.get(Staff, staff_id)
    if staff is None:
        raise LifecycleError(f"there is no member of staff with id {staff_id}")
    addresses = list(session.scalars(select(StaffAddress).where(StaffAddress.staff_id == staff_id)))
    held = list(
        session.scalars(
            select(TaskRecord).where(
                TaskRecord.assignee_staff_id == staff_id, TaskRecord.status.in_(ACTIONABLE)
            )
        )
    )
    if not staff.active and not addresses and not held:
        return None
    successor = successor_of(session, staff)
    staff.active = False
    for address in addresses:
        session.delete(address)
    session.flush()
    moved = _move_tasks(
        session,
        held,
        successor.id if successor else None,
        now=now,
        actor_staff_id=actor_staff_id,
        reason="previous holder left",
    )
    for episode_id in sorted({t.episode_id for t in held}):
        episode = session.get(Episode, episode_id)
        if episode is not None and episode.status == "open":
            refresh_tasks(session, episode_id, now)
    data = {
        "chats_cut_off": len(addresses),
        "tasks_moved": moved,
        "to_staff_id": successor.id if successor else None,
    }
    return record_change(session, "staff_left", staff_subject(staff_id), data, by=by, now=now)


def staff_returns(
    session: Session, staff_id: int, *, now: datetime, by: str
) -> RosterChange | None:
    """A leaver marked active again (a correction, or they came back); they need a new invite."""
    staff = session.get(Staff, staff_id)
    if staff is None:
        raise LifecycleError(f"there is no member of staff with id {staff_id}")
    if staff.active:
        return None
    staff.active = True
    session.flush()
    return record_change(session, "staff_returned", staff_subject(staff_id), {}, by=by, now=now)


def unlink_chats(
    session: Session, staff_id: int, *, now: datetime, by: str, channel: str | None = None
) -> RosterChange | None:
    """A lost phone: the person's chats stop reaching their record until they redeem a new
    invite. Their history (events, tasks, reads) is keyed by staff id and stays as it was."""
    staff = session.get(Staff, staff_id)
    if staff is None:
        raise LifecycleError(f"there is no member of staff with id {staff_id}")
    query = delete(StaffAddress).where(StaffAddress.staff_id == staff_id)
    if channel is not None:
        query = query.where(StaffAddress.channel == channel)
    count = session.execute(query).rowcount  # type: ignore[attr-defined]
    if not count:
        return None
    data = {"channel": channel or "all", "chats_unlinked": int(count)}
    return record_change(session, "chat_unlinked", staff_subject(staff_id), data, by=by, now=now)


def leave_care(
    session: Session,
    child_id: int,
    *,
    now: datetime,
    by: str,
    legal_status: str = LegalStatus.NOT_KNOWN.value,
    care_leaver: bool = True,
    actor_staff_id: int | None = None,
) -> RosterChange | None:
    """The child leaves care (or turns 18): a new legal status and the care_leaver flag. An open
    episode stays open (the police search goes on), and its tasks are recomputed for the new
    status: tasks the protocol no longer requires become cancelled, done ones stay done."""
    child = _child(session, child_id)
    status = LegalStatus(legal_status).value
    flags = set(child.flags)
    if care_leaver:
        flags.add(Flag.CARE_LEAVER.value)
    else:
        flags.discard(Flag.CARE_LEAVER.value)
    new_flags = sorted(flags)
    if child.legal_status == status and child.flags == new_flags:
        return None
    data: dict[str, object] = {
        "from_legal_status": child.legal_status,
        "to_legal_status": status,
        "care_leaver": care_leaver,
    }
    child.legal_status = status
    child.flags = new_flags
    session.flush()
    episode = open_episode_for_child(session, child_id)
    if episode is not None:
        log_audit(session, episode.id, "left_care", data, actor_staff_id, now=now)
        refresh_tasks(session, episode.id, now)
    return record_change(session, "left_care", child_subject(child_id), data, by=by, now=now)


def transfer_child(
    session: Session,
    child_id: int,
    team_id: int,
    *,
    now: datetime,
    by: str,
    social_worker_id: int | None = None,
    actor_staff_id: int | None = None,
) -> RosterChange | None:
    """The child's case moves to another team. A team of another protocol is another authority:
    an open episode's tasks are then recomputed under the new protocol (the old protocol's open
    tasks become cancelled, done ones stay in the record). Tasks held by role (team manager,
    duty roles) go to the new team's holders. Without a named new worker, the old one keeps the
    case within the same authority and is unallocated when the authority changes."""
    child = _child(session, child_id)
    new_team = session.get(Team, team_id)
    if new_team is None:
        raise LifecycleError(f"there is no team with id {team_id}")
    old_team = session.get(Team, child.team_id)
    assert old_team is not None
    if old_team.id == new_team.id:
        if social_worker_id is not None:
            return change_social_worker(
                session, child_id, social_worker_id, now=now, by=by, actor_staff_id=actor_staff_id
            )
        return None
    authority_changed = old_team.protocol_id != new_team.protocol_id
    child.team_id = new_team.id
    session.flush()
    if social_worker_id is not None:
        change_social_worker(
            session, child_id, social_worker_id, now=now, by=by, actor_staff_id=actor_staff_id
        )
    elif authority_changed and child.allocated_social_worker_id is not None:
        change_social_worker(session, child_id, None, now=now, by=by, actor_staff_id=actor_staff_id)
    data: dict[str, object] = {
        "from_team": old_team.name,
        "to_team": new_team.name,
        "from_protocol": old_team.protocol_id,
        "to_protocol": new_team.protocol_id,
    }
    episode = open_episode_for_child(session, child_id)
    if episode is not None:
        carers_and_worker = {Role.CARER.value, Role.SOCIAL_WORKER.value}
        for task in _actionable(session, episode.id):
            if task.assignee_role in carers_and_worker:
                continue
            target = resolve_assignee(session, child, Role(task.assignee_role))
            _move_tasks(
                session,
                [task],
                target,
                now=now,
                actor_staff_id=actor_staff_id,
                reason="child transferred",
            )
        log_audit(session, episode.id, "child_transferred", data, actor_staff_id, now=now)
        refresh_tasks(session, episode.id, now)
    return record_change(
        session, "child_transferred", child_subject(child_id), data, by=by, now=now
    )
