"""A small invented organisation so `make run` has someone to talk as. Every name is made up."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from protocols.vocabulary import Role
from storage.models import Team
from storage.people import (
    create_child,
    create_staff,
    create_team,
    get_team,
    link_carer,
    set_line_manager,
)

_TEAMS = (
    (
        "Staffordshire North",
        "staffordshire",
        ("Priya Shah", "Tom Evans", "Sam Carter"),
        (
            dict(
                given_name="Jay",
                family_name="Morgan",
                legal_status="looked_after",
                flags=["cse_risk"],
                date_of_birth=date(2011, 4, 2),
                description="White, 5ft 4, slim, short brown hair; grey hoodie, black joggers",
                medical_history="Asthma: carries a blue inhaler",
                known_associates="Older friends at the skate park; 'Dee' (about 19)",
                usual_places="Hanley bus station, the skate park on Festival Way",
                religion="None",
                sexual_orientation="Not known",
            ),
            dict(
                given_name="Lily",
                family_name="Brooks",
                legal_status="child_in_need",
                flags=["mental_health"],
                date_of_birth=date(2009, 9, 15),
                description="Mixed heritage, 5ft 6, long curly black hair, nose stud",
                medical_history="Takes sertraline daily",
                known_associates="Her cousin Mia in Longton",
                usual_places="Longton park, her aunt's flat",
                religion="Christian",
                sexual_orientation="Not known",
            ),
        ),
    ),
    (
        "Essex South",
        "essex",
        ("Helen Ward", "Marcus Bell", "Dee Okafor"),
        (
            dict(
                given_name="Kai",
                family_name="Turner",
                legal_status="looked_after",
                flags=["learning_disability"],
                date_of_birth=date(2013, 1, 20),
                description="Black British, 4ft 10, short hair, red puffer jacket",
                medical_history="Autism and a learning disability; epilepsy medication twice a day",
                known_associates="Classmate Ollie",
                usual_places="Southend seafront arcades, the library",
                religion="Muslim",
                sexual_orientation="Not known",
            ),
            dict(
                given_name="Ruby",
                family_name="Hale",
                legal_status="looked_after",
                flags=[],
                date_of_birth=date(2010, 6, 5),
                description="White, 5ft 2, dyed pink hair, black school blazer",
                medical_history="None known",
                known_associates="Boyfriend 'Reece' (17), friends at the retail park",
                usual_places="Basildon retail park, her mum's address in Pitsea",
                religion="None",
                sexual_orientation="Not known",
            ),
        ),
    ),
)


def is_empty(session: Session) -> bool:
    return not session.scalar(select(func.count()).select_from(Team))


# Appended after the six people above so their numbers in the console's list stay 1..6:
# (team, name, role).
_OUT_OF_HOURS_TEAM = ("Emergency Duty Team", "staffordshire")
_MORE_PEOPLE = (
    ("Emergency Duty Team", "Ellis Grant", Role.EMERGENCY_DUTY_TEAM),
    ("Staffordshire North", "Bea Lindqvist", Role.DISTRICT_OPERATIONAL_LEAD),
    ("Staffordshire North", "Idris Quarrie", Role.ASSISTANT_DIRECTOR),
    ("Essex South", "Noor Faraday", Role.HEAD_OF_SERVICE),
)


def seed_demo(session: Session, now: datetime) -> None:
    """Two teams, each with a team manager, a social worker, a foster carer and two children;
    then out-of-hours cover and the managers escalation climbs to."""
    managers: dict[str, int] = {}
    teams: dict[str, int] = {}
    for team_name, protocol, (manager, worker, carer), children in _TEAMS:
        team = create_team(session, team_name, protocol)
        teams[team_name] = team.id
        tm = create_staff(session, manager, Role.TEAM_MANAGER, now=now, team_id=team.id)
        managers[team_name] = tm.id
        sw = create_staff(
            session, worker, Role.SOCIAL_WORKER, now=now, team_id=team.id, line_manager_id=tm.id
        )
        fc = create_staff(session, carer, Role.CARER, now=now, team_id=team.id)
        for fields in children:
            child = create_child(
                session,
                team_id=team.id,
                allocated_social_worker_id=sw.id,
                **fields,  # type: ignore[arg-type]
            )
            link_carer(session, child.id, fc.id)
    cover = create_team(session, *_OUT_OF_HOURS_TEAM)
    teams[cover.name] = cover.id
    made = {
        name: create_staff(session, name, role, now=now, team_id=teams[team]).id
        for team, name, role in _MORE_PEOPLE
    }
    # Escalation climbs line management: team manager -> DOL -> AD; team manager -> HoS.
    set_line_manager(session, managers["Staffordshire North"], made["Bea Lindqvist"])
    set_line_manager(session, made["Bea Lindqvist"], made["Idris Quarrie"])
    set_line_manager(session, managers["Essex South"], made["Noor Faraday"])
    for team_name, _, _, _ in _TEAMS:
        get_team(session, teams[team_name]).out_of_hours_team_id = cover.id
    session.flush()


def demo_team_names() -> tuple[str, ...]:
    """Every team the demo creates (`homeward demo seed` checks for them before seeding)."""
    return (*(team[0] for team in _TEAMS), _OUT_OF_HOURS_TEAM[0])
