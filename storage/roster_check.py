"""Gaps in the organisation that would make a reminder or an escalation reach nobody.

`find_gaps` is what `homeward check` prints and what `homeward run` logs at start-up: each gap
names the record and what is missing, in words an operator can act on. It is the one gap
finder: the organisation's standing gaps, and the people holding open tasks now whom reminders
cannot reach (left, blocked the bot) or above whom there is nobody to escalate to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocols.vocabulary import EXTERNAL_ROLES, LegalStatus, Role
from storage.deliveries import SENT, UNREACHABLE, Delivery
from storage.models import Child, ChildCarer, Staff, StaffAddress, TaskRecord, Team
from storage.people import line_manager_chain, staff_holding_role
from storage.queries import ACTIONABLE

# The kinds, in the order they are listed.
ORDER = (
    "carer_without_manager",
    "no_out_of_hours",
    "role_unheld",
    "no_social_worker",
    "no_carer",
    "no_chat",
    "unreachable",
    "left_with_tasks",
    "holder_without_manager",
)

# A pack's escalation roles, by protocol id (the reminders escalate `escalate:<role>` tasks to
# whoever holds that role in the child's team).
EscalationRoles = Callable[[str], Iterable[str]]


@dataclass(frozen=True)
class Gap:
    kind: str  # one of ORDER
    subject: str  # "staff 7 Sam Carter", "team Essex South", "child 4 Kai Turner"
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.subject}: {self.detail}"


def pack_escalation_roles(protocol_id: str) -> list[str]:
    """The staff roles the protocol's `escalate:<role>` rules name, for its variant."""
    from protocols.pack_loader import UnknownProtocol, load_protocol

    try:
        pack, variant = load_protocol(protocol_id)
    except UnknownProtocol:
        return []
    roles: set[str] = set()
    for rule in pack.rules:
        if rule.when.variant is not None and variant not in rule.when.variant:
            continue  # another variant's escalation (stoke's strategic manager)
        prefix, _, role = rule.code.partition(":")
        staff_role = prefix == "escalate" and role in Role.__members__.values()
        if staff_role and Role(role) not in EXTERNAL_ROLES:
            roles.add(role)
    return sorted(roles)


def find_gaps(
    session: Session,
    *,
    escalation_roles: EscalationRoles = pack_escalation_roles,
    channels: tuple[str, ...] = ("telegram",),
) -> list[Gap]:
    """Every gap, by kind then record. `channels` are those a chat counts on (the console needs
    none, so pass () there)."""
    teams = list(session.scalars(select(Team).order_by(Team.id)))
    staff = list(session.scalars(select(Staff).where(Staff.active).order_by(Staff.id)))
    children = list(session.scalars(select(Child).order_by(Child.id)))
    busy_teams = {c.team_id for c in children}
    gaps: list[Gap] = []
    roles_of: dict[str, list[str]] = {}
    carer_ids = set(session.scalars(select(ChildCarer.staff_id)))
    for person in staff:
        if person.role == Role.CARER.value and not line_manager_chain(session, person.id):
            caring = " (caring for children)" if person.id in carer_ids else ""
            gaps.append(
                Gap(
                    "carer_without_manager",
                    _who(person),
                    f"no line manager{caring}: their overdue tasks escalate to nobody",
                )
            )
    for team in teams:
        if team.id not in busy_teams:
            continue
        cover = session.get(Team, team.out_of_hours_team_id) if team.out_of_hours_team_id else None
        if cover is None:
            gaps.append(
                Gap(
                    "no_out_of_hours",
                    f"team {team.name}",
                    "no out-of-hours team: nights and weekends stay with the day worker",
                )
            )
        elif staff_holding_role(session, cover.id, Role.EMERGENCY_DUTY_TEAM) is None:
            gaps.append(
                Gap(
                    "no_out_of_hours",
                    f"team {team.name}",
                    f"its out-of-hours team {cover.name} "
                    "has nobody active in the emergency_duty_team role",
                )
            )
        if team.protocol_id not in roles_of:  # each pack is read once
            roles_of[team.protocol_id] = list(escalation_roles(team.protocol_id))
        for role in roles_of[team.protocol_id]:
            if staff_holding_role(session, team.id, role) is None:
                gaps.append(
                    Gap(
                        "role_unheld",
                        f"team {team.name}",
                        f"the {team.protocol_id} pack "
                        f"escalates to {role}, and nobody active in the team holds that role",
                    )
                )
    active_ids = {s.id for s in staff}
    for child in children:
        worker = child.allocated_social_worker_id
        if worker is None:
            gaps.append(Gap("no_social_worker", _child(child), "no allocated social worker"))
        elif worker not in active_ids:
            gaps.append(Gap("no_social_worker", _child(child), f"social worker {worker} has left"))
    cared_for = set(
        session.scalars(
            select(ChildCarer.child_id)
            .join(Staff, Staff.id == ChildCarer.staff_id)
            .where(Staff.active)
        )
    )
    for child in children:
        if child.legal_status == LegalStatus.LOOKED_AFTER.value and child.id not in cared_for:
            gaps.append(
                Gap(
                    "no_carer",
                    _child(child),
                    "looked after, but no active carer is linked: "
                    "nobody can report them missing here or receive the carer's tasks",
                )
            )
    linked: set[int] = set()
    if channels:
        linked = set(
            session.scalars(select(StaffAddress.staff_id).where(StaffAddress.channel.in_(channels)))
        )
        for person in staff:
            if person.id not in linked:
                gaps.append(
                    Gap("no_chat", _who(person), "no linked chat: reminders cannot reach them")
                )
    reachable = [p for p in staff if p.id in linked or not channels]
    gaps += _unreachable(session, reachable)
    gaps += _task_holder_gaps(session)
    return sorted(gaps, key=lambda g: ORDER.index(g.kind))


def _unreachable(session: Session, staff: list[Staff]) -> list[Gap]:
    """Those whose last reminder could not be delivered (blocked the bot, learnt when sending);
    someone without a chat is already a no_chat gap."""
    ever = set(
        session.scalars(select(Delivery.staff_id).where(Delivery.status == UNREACHABLE).distinct())
    )
    gaps = []
    for person in staff:
        if person.id not in ever:
            continue
        last = session.scalars(
            select(Delivery.status)
            .where(Delivery.staff_id == person.id, Delivery.status.in_((SENT, UNREACHABLE)))
            .order_by(Delivery.claimed_at.desc(), Delivery.id.desc())
            .limit(1)
        ).first()
        if last == UNREACHABLE:
            detail = "their last reminder could not be delivered (e.g. the bot is blocked)"
            gaps.append(Gap("unreachable", _who(person), detail))
    return gaps


def _task_holder_gaps(session: Session) -> list[Gap]:
    """Holders of open tasks who have left, or above whom there is nobody to escalate to (an
    active carer without a manager is already a carer_without_manager gap)."""
    holders = session.scalars(
        select(Staff)
        .join(TaskRecord, TaskRecord.assignee_staff_id == Staff.id)
        .where(TaskRecord.status.in_(ACTIONABLE))
        .distinct()
        .order_by(Staff.id)
    )
    gaps = []
    for person in holders:
        if not person.active:
            detail = "has left but still holds open tasks: each reminder skips them"
            gaps.append(Gap("left_with_tasks", _who(person), detail))
        carer = person.active and person.role == Role.CARER.value
        if not carer and not line_manager_chain(session, person.id):
            detail = (
                "holds open tasks and has no line manager: their overdue tasks escalate to nobody"
            )
            gaps.append(Gap("holder_without_manager", _who(person), detail))
    return gaps


def _who(person: Staff) -> str:
    return f"staff {person.external_id or person.id} {person.name}"


def _child(child: Child) -> str:
    return f"child {child.external_id or child.id} {child.given_name} {child.family_name}"
