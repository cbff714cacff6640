"""Telling the people who need to know when it happens: a child reported missing, graded high
risk by the police, or back. The command that records the fact writes one row per person to
tell, in the same transaction (so a fact is never recorded without its notices, nor a notice
without its fact):

- the allocated social worker (pushed in office hours; at night only when no out-of-hours
  team covers the child's team);
- the out-of-hours team (the emergency duty team of the team that covers the child's team),
  pushed when the fact was recorded out of office hours;
- the manager (the social worker's line manager, else the team manager) where the pack says
  a manager is told (a rule `notify:team_manager` or `notify:service_manager`).

The person who recorded the fact is never told about it. The reminder service pushes pending
rows (reminders.event_notices: `claim_push` before sending, so never twice) and the dialogues
show unseen ones on the person's next message (`unseen_for`, `mark_seen`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from protocols.pack_loader import load_protocol
from protocols.vocabulary import Role
from storage.episodes import WITHDRAWN, retracted_ids
from storage.models import Child, Episode, EventNotice, Staff, Team
from storage.people import staff_holding_role

MISSING, GRADED_HIGH, BACK = "missing", "graded_high", "back"
SOCIAL_WORKER, COVER, MANAGER = "social_worker", "cover", "manager"
PENDING, CLAIMED, SENT, NOT_NEEDED = "pending", "claimed", "sent", "not_needed"
_MANAGER_NOTIFICATIONS = frozenset({"notify:team_manager", "notify:service_manager"})


def record_event_notices(
    session: Session, episode: Episode, event_id: int, kind: str, actor_staff_id: int, now: datetime
) -> list[EventNotice]:
    """One pending notice per person to tell about this fact (see the module's docstring)."""
    child = session.get(Child, episode.child_id)
    team = session.get(Team, child.team_id) if child is not None else None
    if child is None or team is None:
        return []
    wanted: dict[int, str] = {}
    worker = _active(session, child.allocated_social_worker_id)
    if worker is not None:
        wanted.setdefault(worker.id, SOCIAL_WORKER)
    if team.out_of_hours_team_id is not None:
        cover = staff_holding_role(session, team.out_of_hours_team_id, Role.EMERGENCY_DUTY_TEAM)
        if cover is not None:
            wanted.setdefault(cover.id, COVER)
    if _pack_tells_manager(team.protocol_id):
        manager = _active(session, worker.line_manager_id) if worker is not None else None
        manager = manager or staff_holding_role(session, team.id, Role.TEAM_MANAGER)
        if manager is not None:
            wanted.setdefault(manager.id, MANAGER)
    wanted.pop(actor_staff_id, None)
    rows = [
        EventNotice(
            episode_id=episode.id,
            event_id=event_id,
            kind=kind,
            staff_id=staff_id,
            audience=audience,
            created_at=now,
            push=PENDING,
        )
        for staff_id, audience in wanted.items()
    ]
    session.add_all(rows)
    session.flush()
    return rows


def pending_pushes(session: Session, limit: int) -> list[EventNotice]:
    return list(
        session.scalars(
            select(EventNotice)
            .where(EventNotice.push == PENDING)
            .order_by(EventNotice.id)
            .limit(limit)
        )
    )


def has_cover(session: Session, notice: EventNotice) -> bool:
    """Whether an out-of-hours colleague is told about the same fact."""
    found = session.scalar(
        select(EventNotice.id).where(
            EventNotice.event_id == notice.event_id, EventNotice.audience == COVER
        )
    )
    return found is not None


def still_true(session: Session, notice: EventNotice) -> bool:
    """False when the fact was undone (or the whole record withdrawn) before anyone was told."""
    episode = session.get(Episode, notice.episode_id)
    if episode is None or episode.status == WITHDRAWN:
        return False
    return notice.event_id not in retracted_ids(session, episode.id)


def claim_push(session: Session, notice_id: int, now: datetime) -> bool:
    """Take the push for this process; False when another process (or an earlier run) has.
    The caller commits before sending, so a crash mid-send never sends it twice."""
    claimed = session.execute(
        update(EventNotice)
        .where(EventNotice.id == notice_id, EventNotice.push == PENDING)
        .values(push=CLAIMED, pushed_at=now)
    )
    return bool(getattr(claimed, "rowcount", 0) == 1)


def mark_push(session: Session, notice_id: int, status: str, now: datetime) -> None:
    session.execute(
        update(EventNotice).where(EventNotice.id == notice_id).values(push=status, pushed_at=now)
    )


def unseen_for(session: Session, staff_id: int) -> list[EventNotice]:
    return list(
        session.scalars(
            select(EventNotice)
            .where(EventNotice.staff_id == staff_id, EventNotice.seen_at.is_(None))
            .order_by(EventNotice.id)
        )
    )


def mark_seen(session: Session, notices: list[EventNotice], now: datetime) -> None:
    for notice in notices:
        notice.seen_at = now
    session.flush()


def _active(session: Session, staff_id: int | None) -> Staff | None:
    staff = session.get(Staff, staff_id) if staff_id is not None else None
    return staff if staff is not None and staff.active else None


def _pack_tells_manager(protocol_id: str) -> bool:
    pack, _ = load_protocol(protocol_id)
    return any(rule.code in _MANAGER_NOTIFICATIONS for rule in pack.rules)
