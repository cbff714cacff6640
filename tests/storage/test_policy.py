from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocols.vocabulary import LegalStatus, Role
from storage.episodes import open_episode
from storage.models import Child, Staff
from storage.people import create_child, create_staff, create_team, get_staff, get_team
from storage.policy import (
    Action,
    allowed,
    can_see_child,
    child_ids_for,
    led_team_ids,
    may_act_on_task,
    visible_child_ids,
)
from storage.queries import tasks_for_episode
from storage.tasks import refresh_tasks
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


def test_the_set_queries_agree_with_the_rule_child_by_child(session: Session) -> None:
    world = build_world(session)
    other_team = create_team(session, "South Fostering", "essex").id
    create_staff(session, "Bram Ottley", Role.TEAM_MANAGER, now=T0, team_id=other_team)
    create_staff(session, "Cleo Dunn", Role.SOCIAL_WORKER, now=T0, team_id=world.team)
    create_child(session, "Noor", "Vale", LegalStatus.LOOKED_AFTER, other_team)
    teammate = create_child(session, "Ezra", "Pike", LegalStatus.LOOKED_AFTER, world.team).id
    edt_team = create_team(session, "Emergency Duty", "staffordshire").id
    get_team(session, world.team).out_of_hours_team_id = edt_team
    edt = create_staff(session, "Ellis Grant", Role.EMERGENCY_DUTY_TEAM, now=T0, team_id=edt_team)
    children = list(session.scalars(select(Child)))
    people = list(session.scalars(select(Staff)))

    def check() -> None:
        for person in people:
            for action in (Action.SEE, Action.RECORD, Action.REQUEST):
                listed = child_ids_for(session, person, action)
                for child in children:
                    expected = allowed(session, person, action, child)
                    assert (child.id in listed) == expected, (person.name, action, child.id)

    check()
    assert child_ids_for(session, edt, Action.SEE) == {world.child, teammate}
    assert child_ids_for(session, edt, Action.RECORD) == set()
    open_episode(session, teammate, T0, T0, None)
    get_staff(session, world.social_worker).active = False
    check()


def test_task_actions_follow_the_relation(session: Session) -> None:
    world = build_world(session)
    episode = open_episode(session, world.child, T0, T0, world.carer).id
    refresh_tasks(session, episode, T0)
    tasks = tasks_for_episode(session, episode)
    carer = get_staff(session, world.carer)
    for task in tasks:
        mine = task.assignee_staff_id == carer.id
        assert may_act_on_task(session, carer, task) == (mine or task.assignee_role == "carer")
        assert may_act_on_task(session, get_staff(session, world.team_manager), task)
        assert not may_act_on_task(session, get_staff(session, world.iro), task) or (
            task.assignee_staff_id == world.iro
        )
