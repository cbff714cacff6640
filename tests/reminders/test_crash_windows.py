"""Killing the process at each step of a send loses nothing: a send whose outcome is unknown is
sent again after the restart, saying it may be a repeat (missing a reminder is worse than a
duplicate). A failing channel is retried until the reminder gets through."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from dialogues.replies import Reply
from reminders.engine import mark_unconfirmed
from reminders.outbound import SendFailed
from storage.db import make_session_factory
from storage.deliveries import Delivery
from storage.episodes import audit_log
from storage.models import Staff
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
    # Sent again at once, saying it may be a repeat (here it is not, but nobody can know).
    assert restarted.to(worker) == [
        "Sent again after a restart or a network fault: you may already have this. "
        "Reminder: K.M., episode 1: Do notify:team_manager, due 12:00."
    ]
    assert _stages(sessions) == [("remind", "sent")]
    await drive(sessions, restarted, at(11, 45))
    assert len(restarted.sent) == 1  # once only
    with sessions() as session:
        episode_id = session.scalars(select(Delivery.episode_id)).first()
        assert episode_id is not None
        assert len(audit_log(session, episode_id, "reminder_unconfirmed")) == 1
    # The chain goes on as usual: the repeat at 12:00.
    await drive(sessions, restarted, at(12))
    assert restarted.to(worker)[-1].startswith("Reminder again")


async def test_killed_after_the_send_before_the_record(engine: Engine) -> None:
    sessions, worker = _world(engine)
    dying = FakeOutbound(kill_after="Reminder: K.M.")
    with pytest.raises(ProcessKilled):
        await drive(sessions, dying, at(11, 30))
    assert len(dying.sent) == 1
    restarted = FakeOutbound()
    mark_unconfirmed(sessions, at(11, 40))
    await drive(sessions, restarted, at(11, 40), at(11, 59))
    # A duplicate, but a marked one: better than a reminder nobody got.
    assert restarted.to(worker) == [
        "Sent again after a restart or a network fault: you may already have this. "
        "Sent late: this was due to reach you at 11:30. "
        "Reminder: K.M., episode 1: Do notify:team_manager, due 12:00."
    ]
    await drive(sessions, restarted, at(12))
    assert restarted.to(worker)[-1].startswith("Reminder again")


async def test_killed_after_the_record(engine: Engine) -> None:
    sessions, _ = _world(engine)
    first = FakeOutbound()
    await drive(sessions, first, at(11, 30))
    restarted = FakeOutbound()
    assert mark_unconfirmed(sessions, at(11, 35)) == 0
    await drive(sessions, restarted, at(11, 35))
    assert restarted.sent == []
    assert _stages(sessions) == [("remind", "sent")]


async def test_a_failing_channel_is_retried_until_the_reminder_gets_through(
    engine: Engine,
) -> None:
    sessions, worker = _world(engine)

    class Broken(FakeOutbound):
        async def deliver(self, staff_id: int, reply: object) -> bool:
            raise ConnectionError("network down")

    await drive(sessions, Broken(), at(11, 30))
    assert _stages(sessions) == [("remind", "failed")]
    with sessions() as session:
        row = session.scalars(select(Delivery)).one()
        assert row.attempts == 1 and row.retry_at is not None
        first_retry = row.retry_at
    await drive(sessions, Broken(), first_retry)  # fails again: backs off further
    with sessions() as session:
        row = session.scalars(select(Delivery)).one()
        assert row.attempts == 2 and row.retry_at is not None
        assert row.retry_at - first_retry > first_retry - at(11, 30)
        second_retry = row.retry_at
    later = FakeOutbound()
    await drive(sessions, later, second_retry)
    assert len(later.to(worker)) == 1 and "Reminder: K.M." in later.to(worker)[0]
    assert _stages(sessions) == [("remind", "sent")]


async def test_a_failed_step_at_the_top_of_the_chain_is_retried_though_the_climb_ended(
    engine: Engine,
) -> None:
    # Found by benchmarks/reminders_faults.py: the step after the top reaches nobody, and must
    # not count as the chain having moved on.
    sessions, _ = _world(engine)
    with sessions() as session:
        top = session.scalars(select(Staff.id).where(Staff.line_manager_id.is_(None))).first()
    assert top is not None
    failing = {top}

    class TopUnreachableForNow(FakeOutbound):
        async def deliver(self, staff_id: int, reply: Reply) -> bool:
            if staff_id in failing:
                raise SendFailed("502 Bad Gateway", maybe_sent=True)
            return await super().deliver(staff_id, reply)

    out = TopUnreachableForNow()
    await drive(sessions, out, at(11, 30), at(12), at(13), at(14), at(15), at(16), at(17))
    assert ("escalate:5", "no_recipient") in _stages(sessions)
    assert out.to(top) == []
    failing.clear()
    await drive(sessions, out, at(17, 10))
    assert len(out.to(top)) == 1
    assert out.to(top)[0].startswith("Sent again after a restart or a network fault")
