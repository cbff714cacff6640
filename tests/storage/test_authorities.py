"""A regional deployment: teams of two local authorities in one database. Whatever line
management, out-of-hours cover or allocation says across the boundary, nobody but a carer
reaches the other authority's children, and the set queries agree with the rule."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocols.vocabulary import LegalStatus, Role
from storage.episodes import open_episode
from storage.models import Child, Staff
from storage.people import (
    create_child,
    create_staff,
    create_team,
    get_team,
    link_carer,
    set_line_manager,
)
from storage.policy import Action, allowed, child_ids_for, children_for
from tests.storage.world import T0, build_world

ACTIONS = (Action.SEE, Action.RECORD, Action.REQUEST, Action.TASK)


def test_no_relation_crosses_an_authority_except_a_carer_s(session: Session) -> None:
    world = build_world(session)  # Staffordshire's North Fostering
    get_team(session, world.team).authority = "Staffordshire"
    edt_team = create_team(
        session, "Staffordshire EDT", "staffordshire", authority="Staffordshire"
    ).id
    edt = create_staff(session, "Ellis Grant", Role.EMERGENCY_DUTY_TEAM, now=T0, team_id=edt_team)
    stoke = create_team(
        session,
        "Stoke Children",
        "staffordshire",
        out_of_hours_team_id=edt.team_id,
        authority="Stoke-on-Trent",
    ).id
    stoke_manager = create_staff(session, "Bram Ottley", Role.TEAM_MANAGER, now=T0, team_id=stoke)
    # Misconfigured across the boundary: a Staffordshire manager above Stoke's, a Staffordshire
    # social worker allocated a Stoke child; Stoke covered at night by Staffordshire's EDT.
    set_line_manager(session, stoke_manager.id, world.team_manager)
    abroad = create_child(
        session,
        "Noor",
        "Vale",
        LegalStatus.LOOKED_AFTER,
        stoke,
        allocated_social_worker_id=world.social_worker,
    ).id
    # Placed with a Staffordshire foster carer: the carer looks after the child wherever from.
    link_carer(session, abroad, world.carer)
    open_episode(session, abroad, T0, T0, world.carer)
    session.flush()

    children = list(session.scalars(select(Child)))
    people = list(session.scalars(select(Staff)))
    for person in people:
        for action in ACTIONS:
            listed = child_ids_for(session, person, action)
            for child in children:
                expected = allowed(session, person, action, child)
                if action is not Action.TASK:  # TASK as a set means RECORD's reach
                    assert (child.id in listed) == expected, (person.name, action, child.id)
                if child.id == abroad and person.role != Role.CARER:
                    crosses = get_team(session, person.team_id or 0).authority != "Stoke-on-Trent"
                    assert not (crosses and expected), (person.name, action)
    for staff_id in (world.team_manager, world.social_worker, edt.id, world.director):
        staff = session.get(Staff, staff_id)
        assert staff is not None
        assert abroad not in {c.id for c in children_for(session, staff)}
    carer = session.get(Staff, world.carer)
    assert carer is not None and abroad in child_ids_for(session, carer, Action.RECORD)
    stoke_staff = session.get(Staff, stoke_manager.id)
    assert stoke_staff is not None and child_ids_for(session, stoke_staff) == {abroad}


def test_one_authority_deployments_are_unchanged(session: Session) -> None:
    """Every team in the default authority (""): the relations work as before."""
    world = build_world(session)
    manager = session.get(Staff, world.team_manager)
    assert manager is not None and world.child in child_ids_for(session, manager, Action.RECORD)
