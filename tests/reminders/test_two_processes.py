"""Two processes on one database deliver each reminder once: the claim is the arbiter."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta

from sqlalchemy import Engine, func, select

from protocols.vocabulary import Role
from reminders.engine import run_due
from reminders.settings import ReminderSettings
from storage.db import make_engine, make_session_factory
from storage.deliveries import Delivery
from tests.reminders.helpers import FakeOutbound, add_task, at, build_org

TASKS = 40


async def test_two_processes_deliver_each_reminder_once(engine: Engine) -> None:
    sessions = make_session_factory(engine)
    with sessions() as session:
        org = build_org(session)
        for i in range(TASKS):
            add_task(session, org, f"risk_review#{i + 1}", at(12) + timedelta(minutes=i % 5))
        add_task(session, org, "escalate:district_operational_lead", at(12), Role.TEAM_MANAGER)
        session.commit()
    second = make_engine(engine.url.render_as_string(hide_password=False))
    outbounds = [FakeOutbound(), FakeOutbound()]
    factories = [sessions, make_session_factory(second)]
    barrier = threading.Barrier(2)

    def process(index: int) -> None:
        barrier.wait()
        for minute in (30, 31, 32, 33, 34):
            asyncio.run(
                run_due(factories[index], at(11, minute), outbounds[index], ReminderSettings())
            )
        asyncio.run(run_due(factories[index], at(12, 5), outbounds[index], ReminderSettings()))

    threads = [threading.Thread(target=process, args=(i,)) for i in range(2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        second.dispose()
    texts = [reply.text for out in outbounds for _, reply in out.sent]
    assert len(texts) == len(set(texts))  # nobody heard anything twice
    reminders = [t for t in texts if t.startswith("Reminder: K.M.")]
    assert len(reminders) == TASKS + 1
    assert sum("Protocol escalation" in t for t in texts) == 1
    with sessions() as session:
        claimed = session.scalar(select(func.count()).select_from(Delivery))
        assert claimed == len(texts)
