"""Every protocol's tasks remind the person who holds them at the right instant, and every
protocol escalation (`escalate:<role>`) reaches whoever holds that role for the child's team."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from protocols.facts import Event, EventType
from protocols.vocabulary import EXTERNAL_ROLES, LegalStatus, Role
from reminders.engine import run_due
from reminders.plan import escalation_role
from reminders.settings import ReminderSettings
from storage.db import make_session_factory
from storage.episodes import append_event, open_episode
from storage.models import TaskRecord
from storage.people import create_child, create_staff, create_team, link_carer
from storage.queries import tasks_for_episode
from storage.tasks import refresh_tasks
from tests.reminders.helpers import FakeOutbound

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PROTOCOLS = ["childrens_home", "essex", "rutland", "staffordshire", "stoke", "thames_valley"]
SETTINGS = ReminderSettings()


def _everyone(session: Session, protocol: str) -> tuple[dict[str, int], int]:
    """A team with one holder of every staff role, managed up the ladder; and a child."""
    team = create_team(session, f"Team {protocol}", protocol).id
    people: dict[str, int] = {}
    manager: int | None = None
    ladder = [
        Role.DIRECTOR,
        Role.DIRECTOR_LOCAL_DELIVERY,
        Role.ASSISTANT_DIRECTOR,
        Role.STRATEGIC_MANAGER,
        Role.DISTRICT_OPERATIONAL_LEAD,
        Role.HEAD_OF_SERVICE,
        Role.SERVICE_MANAGER,
        Role.TEAM_MANAGER,
        Role.SOCIAL_WORKER,
    ]
    for role in ladder:
        manager = create_staff(
            session, f"{role.value} person", role, now=START, team_id=team, line_manager_id=manager
        ).id
        people[role.value] = manager
    for role in Role:
        if role.value not in people and role not in EXTERNAL_ROLES:
            made = create_staff(session, f"{role.value} person", role, now=START, team_id=team)
            people[role.value] = made.id
    child = create_child(
        session,
        "Ada",
        "Quill",
        LegalStatus.LOOKED_AFTER,
        team,
        flags=["cse_risk"],
        allocated_social_worker_id=people["social_worker"],
    ).id
    link_carer(session, child, people["carer"])
    return people, child


@pytest.mark.parametrize("protocol", PROTOCOLS)
async def test_every_task_and_protocol_escalation_reaches_the_right_person(
    engine: Engine, protocol: str
) -> None:
    sessions = make_session_factory(engine)
    with sessions() as session:
        people, child = _everyone(session, protocol)
        episode = open_episode(session, child, START, START, people["carer"])
        # Missing for a week, never found: every time-based escalation falls due.
        later = START + timedelta(days=7)
        append_event(
            session,
            episode.id,
            Event(START + timedelta(minutes=30), EventType.REPORTED_TO_POLICE, {}),
            people["carer"],
            now=START + timedelta(minutes=30),
        )
        refresh_tasks(session, episode.id, later)
        tasks = [
            t for t in tasks_for_episode(session, episode.id) if t.status in ("open", "overdue")
        ]
        session.commit()
    escalations = [t for t in tasks if escalation_role(t.code)]
    if protocol in ("staffordshire", "stoke", "rutland"):
        assert escalations, f"{protocol} should have protocol escalations"
    checked = 0
    for task in tasks:
        out = FakeOutbound()
        if task.assignee_staff_id is not None:
            remind = task.due_at - SETTINGS.lead
            await run_due(sessions, remind - timedelta(seconds=1), out, SETTINGS, [task.id])
            assert out.sent == [], task.key
            await run_due(sessions, remind, out, SETTINGS, [task.id])
            assert [who for who, _ in out.sent] == [task.assignee_staff_id], task.key
            assert out.sent[0][1].text.startswith("Reminder: A.Q., episode 1:"), task.key
            checked += 1
        role = escalation_role(task.code)
        if role is not None:
            out.clear()
            await run_due(sessions, task.due_at, out, SETTINGS, [task.id])
            told = [who for who, reply in out.sent if reply.text.startswith("Protocol escalation")]
            assert told == [people[role]], task.key
    assert checked
    with sessions() as session:
        assert session.query(TaskRecord).count() >= len(tasks)
