"""Odd button presses get a kind message, never an exception, and change nothing."""

from __future__ import annotations

from sqlalchemy import Engine, select

from reminders.buttons import handle_button
from storage.db import make_session_factory
from storage.deliveries import Delivery
from storage.models import TaskRecord
from tests.reminders.helpers import FakeOutbound, add_task, at, build_org, drive


async def test_odd_presses_are_answered_kindly(engine: Engine) -> None:
    sessions = make_session_factory(engine)
    with sessions() as session:
        org = build_org(session)
        add_task(session, org, "notify:team_manager", at(12))
        session.commit()
    out = FakeOutbound()
    await drive(sessions, out, at(11, 30), at(12))
    with sessions() as session:
        remind, overdue = (
            session.scalars(select(Delivery).where(Delivery.stage == s)).one()
            for s in ("remind", "overdue")
        )

        def press(staff_id: int, payload: str) -> str:
            return " ".join(r.text for r in handle_button(session, staff_id, payload, at(12, 5)))

        sw, tm = org.social_worker, org.team_manager
        assert press(sw, "rem:ack:999999").startswith("I can't find that reminder")
        assert press(sw, "rem:dance:1").startswith("I can't find that reminder")
        assert press(sw, "rem:ack:").startswith("I can't find that reminder")
        assert press(tm, f"rem:ack:{remind.id}").startswith("That reminder was for someone else")
        assert press(tm, f"rem:notme:{overdue.id}").startswith("That button doesn't apply")
        assert press(tm, f"rem:snooze:{overdue.id}").startswith("That button doesn't apply")
        assert press(sw, f"rem:ack:{remind.id}").startswith("Thanks, acknowledged")
        assert press(sw, f"rem:snooze:{remind.id}").startswith("You already acknowledged")
        task = session.scalars(select(TaskRecord)).one()
        task.status = "cancelled"
        assert press(tm, f"rem:ack:{overdue.id}").startswith("That task is already no longer")
        session.rollback()
