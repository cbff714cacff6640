"""A small invented organisation to test against (no real people)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from protocols.tasks import Task
from protocols.vocabulary import Flag, LegalStatus, Role, TaskStatus
from storage.people import create_child, create_staff, create_team, link_carer

T0 = datetime(2026, 3, 2, 22, 0, tzinfo=UTC)


@dataclass(frozen=True)
class World:
    team: int
    director: int
    assistant_director: int
    team_manager: int
    social_worker: int
    iro: int
    carer: int
    second_carer: int
    child: int


def build_world(session: Session) -> World:
    team = create_team(session, "North Fostering", "staffordshire").id

    def staff(name: str, role: Role, manager: int | None = None) -> int:
        return create_staff(session, name, role, now=T0, team_id=team, line_manager_id=manager).id

    director = staff("Orla Penhallow", Role.DIRECTOR)
    assistant_director = staff("Idris Quarrie", Role.ASSISTANT_DIRECTOR, director)
    team_manager = staff("Mina Castleford", Role.TEAM_MANAGER, assistant_director)
    social_worker = staff("Tobias Wren", Role.SOCIAL_WORKER, team_manager)
    iro = staff("Hester Abernathy", Role.IRO)
    carer = staff("Juniper Ashcombe", Role.CARER)
    second_carer = staff("Rafe Ashcombe", Role.CARER)
    child = create_child(
        session,
        "Kit",
        "Marlowe",
        LegalStatus.LOOKED_AFTER,
        team,
        flags=[Flag.CSE_RISK],
        date_of_birth=date(2011, 4, 2),
        allocated_social_worker_id=social_worker,
        placement_type="foster",
    ).id
    link_carer(session, child, carer)
    link_carer(session, child, second_carer)
    return World(
        team,
        director,
        assistant_director,
        team_manager,
        social_worker,
        iro,
        carer,
        second_carer,
        child,
    )


def task(key: str, assignee: Role, due_hours: int = 24, **changes: object) -> Task:
    """An engine task as the engine would emit it, with `changes` applied."""
    base = Task(
        key=key,
        code=key.split("#")[0],
        title=f"Do {key}",
        due=T0 + timedelta(hours=due_hours),
        assignee=assignee,
        source="staffordshire §14.1",
        status=TaskStatus.OPEN,
        episode=1,
    )
    return replace(base, **changes)  # type: ignore[arg-type]
