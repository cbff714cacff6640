"""Killing the process at each step of a send loses nothing and duplicates nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from reminders.engine import mark_unconfirmed
from storage.db import make_session_factory
from storage.deliveries import Delivery
from storage.episodes import audit_log
from tests.reminders.helpers import FakeOutbound, ProcessKilled, add_task, at, build_org, drive


def _world(engine: Engine) -> tuple[sessionmaker[Session], int]:
    """The sessions, and the social worker's id."""
    sessions = make_session_factory(engine)
    with sessions() as session:
        org = build_org(session)
        add_task(session, org, "notify:team_manager", at(12))
        session.commit()
    return sessions, org.social_worker


def _stages(sessions: sessionmaker[Session]) -> list[tuple[str, str]]:
    with sessions() as session:
        rows = session.scalars(select(Delivery).order_by(Delivery.id))
        return [(row.stage, row.status) for row in rows]


async def test_killed_before_the_claim_sends_it_on_restart(engine: Engine) -> None:
    sessions, worker = _world(engine)
    # Dead before anything was written: the restart finds the reminder due and sends it, late.
    restarted = FakeOutbound()
    mark_unconfirmed(sessions, at(11, 45))
    await drive(sessions, restarted, at(11, 45))
    assert restarted.to(worker)[0].startswith(
        "Sent late: this was due to reach you at 11:30. Reminder:"
    )


async def test_killed_after_the_claim_before_the_send(engine: Engine) -> None:
    sessions, worker = _world(engine)
    dying = FakeOutbound(kill_before="Reminder: K.M.")
    with pytest.raises(ProcessKilled):
        await drive(sessions, dying, at(11, 30))
    assert dying.sent == []
    restarted = FakeOutbound()
    assert mark_unconfirmed(sessions, at(11, 31)) == 1
    await drive(sessions, restarted, at(11, 31))
    assert restarted.sent == []  # not resent: it might have gone
    # The safety net: the repeat reaches the social worker at its usual time.
    await drive(sessions, restarted, at(12))
    assert restarted.to(worker)[0].startswith("Reminder again")
    assert _stages(sessions)[0] == ("remind", "unconfirmed")
    with sessions() as session:
        episode_id = session.scalars(select(Delivery.episode_id)).first()
        assert episode_id is not None
        assert len(audit_log(session, episode_id, "reminder_unconfirmed")) == 1


async def test_killed_after_the_send_before_the_record(engine: Engine) -> None:
    sessions, worker = _world(engine)
    dying = FakeOutbound(kill_after="Reminder: K.M.")
    with pytest.raises(ProcessKilled):
        await drive(sessions, dying, at(11, 30))
    assert len(dying.sent) == 1
    restarted = FakeOutbound()
    mark_unconfirmed(sessions, at(11, 40))
    await drive(sessions, restarted, at(11, 40), at(11, 59))
    assert restarted.sent == []  # no duplicate
    await drive(sessions, restarted, at(12))
    assert restarted.to(worker)[0].startswith("Reminder again")


async def test_killed_after_the_record(engine: Engine) -> None:
    sessions, _ = _world(engine)
    first = FakeOutbound()
    await drive(sessions, first, at(11, 30))
    restarted = FakeOutbound()
    assert mark_unconfirmed(sessions, at(11, 35)) == 0
    await drive(sessions, restarted, at(11, 35))
    assert restarted.sent == []
    assert _stages(sessions) == [("remind", "sent")]


async def test_a_failing_channel_is_recorded_and_the_chain_goes_on(engine: Engine) -> None:
    sessions, worker = _world(engine)

    class Broken(FakeOutbound):
        async def deliver(self, staff_id: int, reply: object) -> bool:
            raise ConnectionError("network down")

    await drive(sessions, Broken(), at(11, 30))
    assert _stages(sessions) == [("remind", "failed")]
    later = FakeOutbound()
    await drive(sessions, later, at(12))
    assert later.to(worker)[0].startswith("Reminder again")
