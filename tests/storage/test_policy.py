from __future__ import annotations

from sqlalchemy.orm import Session

from protocols.vocabulary import LegalStatus, Role
from storage.episodes import open_episode
from storage.people import create_child, create_staff, create_team, get_staff
from storage.policy import can_see_child, led_team_ids, visible_child_ids
from tests.storage.world import T0, build_world


def test_each_role_sees_its_own_children(session: Session) -> None:
    world = build_world(session)
    other_team = create_team(session, "South Fostering", "essex").id
    other_manager = create_staff(
        session,
        "Bram Ottley",
        Role.TEAM_MANAGER,
        now=T0,
        team_id=other_team,
        line_manager_id=world.assistant_director,
    ).id
    stranger = create_child(session, "Noor", "Vale", LegalStatus.LOOKED_AFTER, other_team).id
    teammate = create_child(session, "Ezra", "Pike", LegalStatus.LOOKED_AFTER, world.team).id

    def sees(staff_id: int) -> set[int]:
        return visible_child_ids(session, get_staff(session, staff_id))

    assert sees(world.carer) == {world.child}
    assert sees(world.social_worker) == {world.child}  # caseload; Ezra is not missing
    assert sees(world.team_manager) == {world.child, teammate}
    assert sees(other_manager) == {stranger}
    assert sees(world.assistant_director) == {world.child, teammate, stranger}
    assert led_team_ids(session, get_staff(session, world.iro)) == {world.team}
    assert sees(world.iro) == set()
    open_episode(session, teammate, T0, T0, None)
    assert teammate in sees(world.social_worker) and teammate in sees(world.iro)
    assert not can_see_child(session, world.carer, teammate)


def test_someone_who_left_sees_nothing(session: Session) -> None:
    world = build_world(session)
    get_staff(session, world.carer).active = False
    assert not can_see_child(session, world.carer, world.child)
