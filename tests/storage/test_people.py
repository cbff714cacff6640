from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from protocols.vocabulary import Role
from storage.errors import NotFound
from storage.people import (
    add_address,
    carers_of,
    caseload,
    children_for_carer,
    create_child,
    create_staff,
    create_team,
    find_children,
    find_team,
    get_staff,
    line_manager_chain,
    set_line_manager,
    staff_by_address,
    staff_holding_role,
)
from tests.storage.world import T0, build_world


def test_staff_roles_come_from_the_vocabulary(session: Session) -> None:
    with pytest.raises(ValueError):
        create_staff(session, "Pim Oakes", "wizard", now=T0)
    with pytest.raises(ValueError, match="external party"):
        create_staff(session, "Pim Oakes", Role.POLICE, now=T0)
    assert create_staff(session, "Pim Oakes", "iro", now=T0).role == "iro"


def test_children_are_validated_against_the_vocabulary(session: Session) -> None:
    team = create_team(session, "South", "stoke").id
    with pytest.raises(ValueError):
        create_child(session, "Ned", "Brook", "orphan", team)
    with pytest.raises(ValueError):
        create_child(session, "Ned", "Brook", "looked_after", team, flags=["grumpy"])
    child = create_child(session, "Ned", "Brook", "child_in_need", team, flags=["uasc", "uasc"])
    assert child.flags == ["uasc"]


def test_find_team_and_children_by_any_name(session: Session) -> None:
    world = build_world(session)
    assert find_team(session, "North Fostering") is not None
    assert find_team(session, "Nowhere") is None
    assert [c.id for c in find_children(session, "kit")] == [world.child]
    assert [c.id for c in find_children(session, "MARLOWE", team_id=world.team)] == [world.child]
    assert find_children(session, "Kit", team_id=world.team + 1) == []


def test_staff_are_found_by_channel_address(session: Session) -> None:
    world = build_world(session)
    add_address(session, world.carer, "telegram", "5550001")
    add_address(session, world.carer, "console", "juniper")
    found = staff_by_address(session, "telegram", "5550001")
    assert found is not None and found.id == world.carer
    assert staff_by_address(session, "console", "5550001") is None
    get_staff(session, world.carer).active = False
    assert staff_by_address(session, "telegram", "5550001") is None


def test_an_address_belongs_to_one_person(session: Session) -> None:
    world = build_world(session)
    add_address(session, world.carer, "telegram", "5550001")
    with pytest.raises(IntegrityError):
        add_address(session, world.social_worker, "telegram", "5550001")


def test_carers_caseload_and_children_for_carer(session: Session) -> None:
    world = build_world(session)
    assert [s.id for s in carers_of(session, world.child)] == [world.carer, world.second_carer]
    assert [c.id for c in children_for_carer(session, world.second_carer)] == [world.child]
    assert [c.id for c in caseload(session, world.social_worker)] == [world.child]
    assert caseload(session, world.carer) == []


def test_line_manager_chain_walks_up_nearest_first(session: Session) -> None:
    world = build_world(session)
    chain = line_manager_chain(session, world.social_worker)
    assert [s.id for s in chain] == [world.team_manager, world.assistant_director, world.director]
    assert line_manager_chain(session, world.director) == []


def test_line_manager_chain_survives_a_cycle(session: Session) -> None:
    world = build_world(session)
    set_line_manager(session, world.director, world.team_manager)
    chain = line_manager_chain(session, world.social_worker)
    assert [s.id for s in chain] == [world.team_manager, world.assistant_director, world.director]
    set_line_manager(session, world.iro, world.iro)
    assert line_manager_chain(session, world.iro) == []


def test_staff_holding_role_in_a_team(session: Session) -> None:
    world = build_world(session)
    holder = staff_holding_role(session, world.team, Role.IRO)
    assert holder is not None and holder.id == world.iro
    assert staff_holding_role(session, world.team, Role.MISSING_COORDINATOR) is None
    get_staff(session, world.iro).active = False
    assert staff_holding_role(session, world.team, "iro") is None


def test_unknown_ids_raise_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        line_manager_chain(session, 999)
