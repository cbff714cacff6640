from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from protocols.facts import Event, EventType
from protocols.vocabulary import Role, TaskStatus
from storage.episodes import append_event, open_episode
from storage.people import create_child, create_team
from storage.queries import (
    open_episodes_for_team,
    open_tasks_for_staff,
    overdue_tasks_for_team,
    tasks_for_episode,
)
from storage.tasks import sync_tasks
from tests.storage.world import T0, build_world, task

H = timedelta(hours=1)


def test_flow_queries(session: Session) -> None:
    world = build_world(session)
    other_team = create_team(session, "East Residential", "essex").id
    sibling = create_child(
        session, "Lark", "Marlowe", "looked_after", world.team, allocated_social_worker_id=None
    ).id
    elsewhere = create_child(session, "Finch", "Tamsin", "child_in_need", other_team).id

    kit = open_episode(session, world.child, T0, T0, world.carer, "missing").id
    lark = open_episode(session, sibling, T0 - 5 * H, T0, world.carer, "absent").id
    finch = open_episode(session, elsewhere, T0, T0, None, "missing").id
    now = T0 + 10 * H

    sync_tasks(
        session,
        kit,
        [
            task("notify:iro", Role.SOCIAL_WORKER, due_hours=24),
            task("strategy_meeting", Role.SOCIAL_WORKER, due_hours=2),
            task("report_to_police", Role.CARER, due_hours=1, status=TaskStatus.DONE),
            task("risk_review#1", Role.CARER, due_hours=12, status=TaskStatus.OVERDUE),
        ],
        now,
    )
    sync_tasks(session, lark, [task("case_review_meeting", Role.SOCIAL_WORKER, 3)], now)
    sync_tasks(session, finch, [task("strategy_meeting", Role.SOCIAL_WORKER, due_hours=1)], now)

    mine = open_tasks_for_staff(session, world.social_worker)
    assert [t.key for t in mine] == ["strategy_meeting", "notify:iro"]
    assert [t.key for t in open_tasks_for_staff(session, world.carer)] == ["risk_review#1"]

    overdue = overdue_tasks_for_team(session, world.team, now)
    assert [(t.episode_id, t.key) for t in overdue] == [
        (kit, "strategy_meeting"),
        (lark, "case_review_meeting"),
        (kit, "risk_review#1"),  # the engine's own verdict, though due later than now
    ]
    assert [t.key for t in overdue_tasks_for_team(session, other_team, now)] == ["strategy_meeting"]

    missing = open_episodes_for_team(session, world.team, now)
    assert [(m.child.given_name, m.missing_for) for m in missing] == [
        ("Lark", 15 * H),
        ("Kit", 10 * H),
    ]
    append_event(session, lark, Event(now, EventType.RETURNED), world.carer, now=now)
    assert [m.episode.id for m in open_episodes_for_team(session, world.team, now)] == [kit]

    assert [t.key for t in tasks_for_episode(session, kit)] == [
        "report_to_police",
        "strategy_meeting",
        "risk_review#1",
        "notify:iro",
    ]
