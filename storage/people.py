"""Teams, staff, children and who is responsible for whom."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from protocols.vocabulary import EXTERNAL_ROLES, Flag, LegalStatus, Role
from storage.errors import get_row
from storage.models import Child, ChildCarer, Staff, StaffAddress, Team


def create_team(
    session: Session,
    name: str,
    protocol_id: str,
    *,
    out_of_hours_team_id: int | None = None,
    authority: str = "",
) -> Team:
    team = Team(
        name=name,
        protocol_id=protocol_id,
        out_of_hours_team_id=out_of_hours_team_id,
        authority=authority,
    )
    session.add(team)
    session.flush()
    return team


def find_team(session: Session, name: str) -> Team | None:
    return session.scalars(select(Team).where(Team.name == name)).one_or_none()


def get_team(session: Session, team_id: int) -> Team:
    return get_row(session, Team, team_id)


def staff_role(role: Role | str) -> Role:
    """The role as a vocabulary value; external parties are notified, never given accounts."""
    value = Role(role)
    if value in EXTERNAL_ROLES:
        raise ValueError(f"{value} is an external party, not a staff role")
    return value


def create_staff(
    session: Session,
    name: str,
    role: Role | str,
    *,
    now: datetime,
    team_id: int | None = None,
    line_manager_id: int | None = None,
) -> Staff:
    staff = Staff(
        name=name,
        role=staff_role(role).value,
        team_id=team_id,
        line_manager_id=line_manager_id,
        active=True,
        created_at=now,
    )
    session.add(staff)
    session.flush()
    return staff


def get_staff(session: Session, staff_id: int) -> Staff:
    return get_row(session, Staff, staff_id)


def find_staff(session: Session, name: str, *, team_id: int | None = None) -> list[Staff]:
    query = select(Staff).where(func.lower(Staff.name) == name.lower(), Staff.active)
    if team_id is not None:
        query = query.where(Staff.team_id == team_id)
    return list(session.scalars(query.order_by(Staff.id)))


def set_line_manager(session: Session, staff_id: int, manager_id: int | None) -> None:
    get_staff(session, staff_id).line_manager_id = manager_id
    session.flush()


def add_address(session: Session, staff_id: int, channel: str, address: str) -> StaffAddress:
    row = StaffAddress(staff_id=staff_id, channel=channel, address=address)
    session.add(row)
    session.flush()
    return row


def staff_by_address(session: Session, channel: str, address: str) -> Staff | None:
    """Who is writing to us; someone who has left gets no answer about children."""
    return session.scalars(
        select(Staff)
        .join(StaffAddress, StaffAddress.staff_id == Staff.id)
        .where(StaffAddress.channel == channel, StaffAddress.address == address, Staff.active)
    ).one_or_none()


def create_child(
    session: Session,
    given_name: str,
    family_name: str,
    legal_status: LegalStatus | str,
    team_id: int,
    *,
    flags: Iterable[Flag | str] = (),
    preferred_name: str | None = None,
    date_of_birth: date | None = None,
    placement_type: str | None = None,
    responsible_authority: str | None = None,
    host_authority: str | None = None,
    arrived_in_uk: date | None = None,
    allocated_social_worker_id: int | None = None,
    description: str | None = None,
    medical_history: str | None = None,
    known_associates: str | None = None,
    usual_places: str | None = None,
    religion: str | None = None,
    sexual_orientation: str | None = None,
    photo_reference: str | None = None,
) -> Child:
    child = Child(
        given_name=given_name,
        family_name=family_name,
        preferred_name=preferred_name,
        legal_status=LegalStatus(legal_status).value,
        flags=sorted({Flag(flag).value for flag in flags}),
        date_of_birth=date_of_birth,
        placement_type=placement_type,
        responsible_authority=responsible_authority,
        host_authority=host_authority,
        arrived_in_uk=arrived_in_uk,
        team_id=team_id,
        allocated_social_worker_id=allocated_social_worker_id,
        description=description,
        medical_history=medical_history,
        known_associates=known_associates,
        usual_places=usual_places,
        religion=religion,
        sexual_orientation=sexual_orientation,
        photo_reference=photo_reference,
    )
    session.add(child)
    session.flush()
    return child


def get_child(session: Session, child_id: int) -> Child:
    return get_row(session, Child, child_id)


def find_children(session: Session, name: str, *, team_id: int | None = None) -> list[Child]:
    """Children any of whose names (given, preferred, family) match, case-insensitively."""
    needle = name.strip().lower()
    query = select(Child).where(
        or_(
            func.lower(Child.given_name) == needle,
            func.lower(Child.preferred_name) == needle,
            func.lower(Child.family_name) == needle,
        )
    )
    if team_id is not None:
        query = query.where(Child.team_id == team_id)
    return list(session.scalars(query.order_by(Child.id)))


def link_carer(session: Session, child_id: int, staff_id: int) -> ChildCarer:
    existing = session.scalars(
        select(ChildCarer).where(ChildCarer.child_id == child_id, ChildCarer.staff_id == staff_id)
    ).one_or_none()
    if existing is not None:
        return existing
    link = ChildCarer(child_id=child_id, staff_id=staff_id)
    session.add(link)
    session.flush()
    return link


def carers_of(session: Session, child_id: int) -> list[Staff]:
    """The child's carers, first linked first."""
    return list(
        session.scalars(
            select(Staff)
            .join(ChildCarer, ChildCarer.staff_id == Staff.id)
            .where(ChildCarer.child_id == child_id, Staff.active)
            .order_by(ChildCarer.id)
        )
    )


def children_for_carer(session: Session, staff_id: int) -> list[Child]:
    return list(
        session.scalars(
            select(Child)
            .join(ChildCarer, ChildCarer.child_id == Child.id)
            .where(ChildCarer.staff_id == staff_id)
            .order_by(Child.id)
        )
    )


def caseload(session: Session, social_worker_id: int) -> list[Child]:
    return list(
        session.scalars(
            select(Child)
            .where(Child.allocated_social_worker_id == social_worker_id)
            .order_by(Child.id)
        )
    )


def staff_name(session: Session, staff_id: int) -> str:
    """The person's name, or 'someone' for an id that no longer exists."""
    staff = session.get(Staff, staff_id)
    return staff.name if staff is not None else "someone"


def is_active(session: Session, staff_id: int) -> bool:
    staff = session.get(Staff, staff_id)
    return staff is not None and staff.active


def line_manager_chain(session: Session, staff_id: int) -> list[Staff]:
    """The managers above `staff_id`, nearest first. A loop in the data (someone managing
    their own manager) ends the walk instead of hanging an escalation."""
    chain: list[Staff] = []
    seen = {staff_id}
    current = get_staff(session, staff_id)
    while current.line_manager_id is not None and current.line_manager_id not in seen:
        seen.add(current.line_manager_id)
        current = get_staff(session, current.line_manager_id)
        chain.append(current)
    return chain


def staff_holding_role(session: Session, team_id: int, role: Role | str) -> Staff | None:
    """The longest-serving active member of the team with that role, if any."""
    return session.scalars(
        select(Staff)
        .where(Staff.team_id == team_id, Staff.role == Role(role).value, Staff.active)
        .order_by(Staff.created_at, Staff.id)
        .limit(1)
    ).one_or_none()


def addresses_on(session: Session, staff_id: int, channels: tuple[str, ...]) -> list[str]:
    """A person's addresses on the given channels (e.g. phone numbers to print), oldest first."""
    rows = session.scalars(
        select(StaffAddress.address)
        .where(StaffAddress.staff_id == staff_id, StaffAddress.channel.in_(channels))
        .order_by(StaffAddress.id)
    )
    return list(rows)
