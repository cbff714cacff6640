"""The reads issue 14 bounded by the work due: a person's notices by index, the teams' overdue
tasks a page at a time with their total, and the recipient column filled in for entries written
before migration 0013."""

from __future__ import annotations

from datetime import timedelta

from alembic import command
from sqlalchemy import text
from sqlalchemy.orm import Session

from protocols.vocabulary import Role, TaskStatus
from storage.cover import covered_tasks
from storage.db import alembic_config, make_engine, make_session_factory, migrate
from storage.episodes import log_audit, open_episode
from storage.people import create_child, create_staff, create_team, get_staff
from storage.queries import (
    actionable_tasks_for_children,
    audit_entries_by,
    audit_entries_to,
    overdue_page_for_teams,
)
from storage.tasks import sync_tasks
from tests.storage.world import T0, build_world, task

H = timedelta(hours=1)


def test_a_person_reads_only_the_entries_addressed_to_them(session: Session) -> None:
    world = build_world(session)
    kit = open_episode(session, world.child, T0, T0, world.carer, "missing").id
    to_me = log_audit(
        session,
        kit,
        "task_reassigned",
        {"to_staff_id": world.social_worker},
        world.team_manager,
        now=T0,
    )
    log_audit(
        session, kit, "task_reassigned", {"to_staff_id": world.iro}, world.team_manager, now=T0
    )
    log_audit(  # written by the person themselves: not a notice to them
        session,
        kit,
        "task_reassigned",
        {"to_staff_id": world.social_worker},
        world.social_worker,
        now=T0,
    )
    log_audit(session, kit, "task_reassigned", {"to_staff_id": True}, None, now=T0)  # not an id
    log_audit(session, kit, "notice_seen", {"entry_id": to_me.id}, world.social_worker, now=T0)

    got = audit_entries_to(session, world.social_worker, ("task_reassigned",), T0 - H)
    assert [e.id for e in got] == [to_me.id]
    assert audit_entries_to(session, world.social_worker, ("task_reassigned",), T0 + H) == []
    seen = audit_entries_by(session, world.social_worker, "notice_seen", T0 - H)
    assert [e.data["entry_id"] for e in seen] == [to_me.id]


def test_overdue_tasks_come_a_page_at_a_time_with_their_total(session: Session) -> None:
    world = build_world(session)
    other_team = create_team(session, "East Residential", "essex").id
    elsewhere = create_child(session, "Finch", "Tamsin", "child_in_need", other_team).id
    kit = open_episode(session, world.child, T0, T0, world.carer, "missing").id
    finch = open_episode(session, elsewhere, T0, T0, None, "missing").id
    now = T0 + 10 * H
    sync_tasks(
        session,
        kit,
        [task(f"visit#{n}", Role.SOCIAL_WORKER, due_hours=n) for n in range(1, 8)]
        + [task("later", Role.SOCIAL_WORKER, due_hours=20)]
        + [task("done", Role.SOCIAL_WORKER, due_hours=1, status=TaskStatus.DONE)],
        now,
    )
    sync_tasks(session, finch, [task("strategy_meeting", Role.SOCIAL_WORKER, due_hours=1)], now)

    first, total = overdue_page_for_teams(session, [world.team], now, offset=0, limit=5)
    second, again = overdue_page_for_teams(session, [world.team], now, offset=5, limit=5)
    assert total == again == 7
    assert [t.key for t, _ in first + second] == [f"visit#{n}" for n in range(1, 8)]
    assert {child for _, child in first + second} == {world.child}
    both, total = overdue_page_for_teams(session, [other_team, world.team], now, limit=100)
    assert total == 8 and both[-1][0].key == "strategy_meeting"  # team by team
    held = overdue_page_for_teams(session, [world.team], now, not_held_by=world.social_worker)
    assert held[1] == sum(1 for t, _ in first + second if t.assignee_staff_id is None)
    assert overdue_page_for_teams(session, [], now) == ([], 0)


def test_the_cover_reads_only_the_covered_teams_open_social_work(session: Session) -> None:
    # Scoped by the covered teams' episodes (not the status index first, which walked every
    # open task in the database): the same tasks as before, on both databases.
    world = build_world(session)
    night = create_team(session, "Emergency Duty", "staffordshire").id
    duty = create_staff(session, "Ansel Drury", Role.SOCIAL_WORKER, now=T0, team_id=night).id
    covered = create_team(session, "South Fostering", "staffordshire", out_of_hours_team_id=night)
    finch = create_child(session, "Finch", "Tamsin", "child_in_need", covered.id).id
    kit = open_episode(session, world.child, T0, T0, world.carer, "missing").id  # not covered
    away = open_episode(session, finch, T0, T0, None, "missing").id
    now = T0 + 10 * H
    sync_tasks(session, kit, [task("visit", Role.SOCIAL_WORKER, due_hours=1)], now)
    sync_tasks(
        session,
        away,
        [
            task("late", Role.SOCIAL_WORKER, due_hours=1),
            task("soon", Role.SOCIAL_WORKER, due_hours=20),
            task("done", Role.SOCIAL_WORKER, due_hours=2, status=TaskStatus.DONE),
            task("manager_review", Role.TEAM_MANAGER, due_hours=3),
        ],
        now,
    )

    assert [t.key for t in covered_tasks(session, get_staff(session, duty))] == ["late", "soon"]
    assert covered_tasks(session, get_staff(session, world.social_worker)) == []
    open_ones = actionable_tasks_for_children(session, [finch])
    assert [t.key for t in open_ones] == ["late", "manager_review", "soon"]


def test_migration_0013_fills_in_the_recipient_of_earlier_entries(
    empty_database_url: str,
) -> None:
    engine = make_engine(empty_database_url)
    try:
        migrate(engine)
        with make_session_factory(engine).begin() as session:
            world = build_world(session)
            kit = open_episode(session, world.child, T0, T0, world.carer, "missing").id
            data = {"to_staff_id": world.social_worker}
            entry = log_audit(session, kit, "task_reassigned", data, world.iro, now=T0).id
            other = log_audit(session, kit, "notice_seen", {"entry_id": 1}, world.iro, now=T0).id
        # Back to before the column existed, and forward again: it is filled in from the data.
        command.downgrade(alembic_config(engine), "0015")
        command.upgrade(alembic_config(engine), "head")
        with engine.connect() as connection:
            rows: dict[int, int | None] = dict(
                connection.execute(text("SELECT id, to_staff_id FROM episode_events")).all()
            )
        assert rows[entry] == world.social_worker and rows[other] is None
    finally:
        engine.dispose()
