"""Adding staff and inviting them: the same steps for the `homeward` CLI and the bot's /invite."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from protocols.clock import london_text
from protocols.vocabulary import EXTERNAL_ROLES, Role
from storage.invites import IssuedInvite, create_invite
from storage.models import NAME, Staff, Team
from storage.people import create_staff, find_team, staff_role


class AdminError(ValueError):
    """Why an admin request cannot be done, in words fit to show the administrator."""


@dataclass(frozen=True)
class Invitation:
    staff_id: int
    name: str
    role: str
    team: str
    code: str
    expires: str  # London time, as shown to people
    link: str | None


def add_staff(
    session: Session,
    name: str,
    role: str,
    team_name: str,
    *,
    now: datetime,
    manager_id: int | None = None,
) -> Staff:
    name = " ".join(name.split())
    if not name:
        raise AdminError("the name is empty")
    if len(name) > NAME:
        raise AdminError(f"the name is longer than {NAME} characters")
    try:
        role_value = staff_role(role.strip().lower().replace(" ", "_"))
    except ValueError as err:
        roles = ", ".join(r.value for r in Role if r not in EXTERNAL_ROLES)
        raise AdminError(f"{role!r} is not a staff role; expected one of {roles}") from err
    team = find_team(session, team_name.strip())
    if team is None:
        raise AdminError(f"there is no team called {team_name.strip()!r}")
    if manager_id is not None:
        manager = session.get(Staff, manager_id)
        if manager is None or not manager.active:
            raise AdminError(f"there is no active member of staff with id {manager_id}")
    return create_staff(
        session, name, role_value, now=now, team_id=team.id, line_manager_id=manager_id
    )


def invite(
    session: Session,
    staff_id: int,
    *,
    now: datetime,
    lifetime: timedelta,
    bot_username: str | None = None,
    created_by_id: int | None = None,
) -> Invitation:
    staff = session.get(Staff, staff_id)
    if staff is None or not staff.active:
        raise AdminError(f"there is no active member of staff with id {staff_id}")
    issued: IssuedInvite = create_invite(
        session, staff_id, now=now, lifetime=lifetime, created_by_id=created_by_id
    )
    team = session.get(Team, staff.team_id) if staff.team_id is not None else None
    return Invitation(
        staff_id=staff.id,
        name=staff.name,
        role=staff.role.replace("_", " "),
        team=team.name if team else "no team",
        code=issued.code,
        expires=london_text(issued.expires_at),
        link=f"https://t.me/{bot_username}?start={issued.code}" if bot_username else None,
    )


def deactivate(session: Session, staff_id: int) -> Staff:
    """Someone has left: every channel stops answering them on their next message."""
    staff = session.get(Staff, staff_id)
    if staff is None:
        raise AdminError(f"there is no member of staff with id {staff_id}")
    staff.active = False
    session.flush()
    return staff
