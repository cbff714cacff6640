"""Issue 10, never lost: a database error never stops the scheduler, the watchdogs notice a
stalled loop, a single process raises the stall alert itself, and recurring tasks keep coming
without anyone typing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, event, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from protocols.engine import compute_tasks
from protocols.vocabulary import LegalStatus, Role
from reminders.buttons import handle_button
from reminders.scheduler import ReminderService, Timing
from reminders.settings import ReminderSettings
from reminders.watchdog import LoopWatchdog
from storage.db import make_session_factory
from storage.deliveries import Delivery
from storage.episodes import child_facts, episode_events, open_episode
from storage.people import (
    add_address,
    create_child,
    create_staff,
    create_team,
    get_staff,
    link_carer,
)
from storage.queries import tasks_for_episode
from storage.roster_check import find_gaps
from storage.tasks import refresh_tasks
from tests.reminders.helpers import FakeOutbound, Org, add_task, at, build_org, drive

FAR = timedelta(days=3650)


class DatabaseDown:
    """While `down`, every statement on the engine fails as a lost server connection does."""

    def __init__(self, engine: Engine) -> None:
        self.down = False
        event.listen(engine, "before_cursor_execute", self._check)
        self._engine = engine

    def _check(self, *args: Any) -> None:
        if self.down:
            raise OperationalError("SELECT", {}, Exception("server closed the connection"))

    def remove(self) -> None:
        event.remove(self._engine, "before_cursor_execute", self._check)


def _service(
    engine: Engine, out: FakeOutbound, now: list[datetime], **kwargs: Any
) -> ReminderService:
    settings = ReminderSettings(admins=kwargs.pop("admins", ()))
    return ReminderService(
        engine, out, lambda: now[0], settings, to_real=lambda t: t + FAR, **kwargs
    )


async def test_a_database_error_in_a_sweep_is_caught_and_the_next_sweep_delivers(
    engine: Engine, org: Org
) -> None:
    out = FakeOutbound()
    now = [at(11)]
    service = _service(engine, out, now)
    outage = DatabaseDown(engine)
    try:
        assert await service.start()
        now[0] = at(11, 30)
        outage.down = True
        assert await service.tick() is False  # caught, logged
        await service.fire(1)  # a job during the outage: caught too
        assert service.scheduler.running and service.leading
        assert out.sent == []
        outage.down = False
        now[0] = at(11, 31)
        assert await service.tick() is True
        assert out.to(org.social_worker)[0].startswith("Reminder: K.M., episode 1")
        assert service.failed_sweeps == 1
    finally:
        outage.remove()
        service.shutdown()


async def test_an_outcome_the_database_could_not_take_is_written_later_not_resent(
    engine: Engine, sessions: sessionmaker[Session], org: Org
) -> None:
    now = [at(11)]
    outage = DatabaseDown(engine)

    class DownAfterSend(FakeOutbound):
        async def deliver(self, staff_id: int, reply: Any) -> bool:
            sent = await super().deliver(staff_id, reply)
            outage.down = True  # the database goes just after Telegram took the message
            return sent

    out = DownAfterSend()
    service = _service(engine, out, now)
    try:
        await service.start()
        now[0] = at(11, 30)
        assert await service.tick() is False
        outage.down = False
        now[0] = at(11, 31)
        again = FakeOutbound()
        service.outbound = again
        assert await service.tick() is True
        assert again.sent == []  # the sweep wrote the outcome it held instead of resending
        with sessions() as session:
            row = session.scalars(select(Delivery)).one()
            assert (row.stage, row.status) == ("remind", "sent")
    finally:
        outage.remove()
        service.shutdown()


async def test_the_watchdog_restarts_a_scheduler_whose_sweeps_stopped(
    engine: Engine, org: Org
) -> None:
    clock = [0.0]
    now = [at(11)]
    timing = Timing(stall_after=timedelta(minutes=2))
    service = _service(engine, FakeOutbound(), now, timing=timing, monotonic=lambda: clock[0])
    try:
        await service.start()
        old = service.scheduler
        clock[0] = 60.0
        assert await service.check_sweeps() is False
        clock[0] = 200.0  # no sweep finished for 200 s
        assert await service.check_sweeps() is True
        assert service.scheduler is not old and service.scheduler.running
        assert not old.running and service.restarts == 1
        names = sorted(job.id.split(":")[0] for job in service.scheduler.get_jobs())
        assert names == ["standby", "sweep", "task"]  # rebuilt from the database
        assert await service.check_sweeps() is False  # the restart swept
    finally:
        service.shutdown()


def test_the_thread_watchdog_ends_a_process_whose_loop_is_blocked() -> None:
    clock = [0.0]
    stuck: list[bool] = []
    dog = LoopWatchdog(300, on_stuck=lambda: stuck.append(True), monotonic=lambda: clock[0])
    dog.pet()
    clock[0] = 299.0
    assert not dog.stuck()
    dog.pet()
    clock[0] = 600.0
    assert dog.stuck()


async def test_a_single_process_raises_the_stall_alert_after_an_outage(
    engine: Engine, sessions: sessionmaker[Session], org: Org
) -> None:
    out = FakeOutbound()
    now = [at(10)]
    service = _service(engine, out, now, admins=(org.director,))
    outage = DatabaseDown(engine)
    try:
        await service.start()
        outage.down = True
        now[0] = at(10, 5)
        assert await service.tick() is False
        outage.down = False
        now[0] = at(10, 6)
        assert await service.tick() is True
        assert out.to(org.director) == [
            "Homeward's reminder scheduler has not checked in since Tue 03 Mar 2026 10:00. "
            "Reminders may be late: please check the service."
        ]
        now[0] = at(10, 7)
        await service.tick()
        assert len(out.to(org.director)) == 1  # once per stall
    finally:
        outage.remove()
        service.shutdown()


async def test_recurring_reviews_keep_coming_without_anyone_typing(engine: Engine) -> None:
    """Essex: the carer reviews the risk every 2 hours. Nobody records anything all night; the
    sweep still creates each next review, as `homeward simulate` lists them."""
    sessions = make_session_factory(engine)
    start = datetime(2026, 3, 3, 22, 0, tzinfo=UTC)
    with sessions() as session:
        team = create_team(session, "Essex South", "essex").id
        carer = create_staff(session, "Dee Okafor", Role.CARER, now=start, team_id=team).id
        child = create_child(session, "Ruby", "Hale", LegalStatus.LOOKED_AFTER, team).id
        link_carer(session, child, carer)
        episode = open_episode(session, child, start, start, carer).id
        refresh_tasks(session, episode, start)
        session.commit()
    out = FakeOutbound()
    now = [start]
    service = _service(engine, out, now)
    try:
        await service.start()
        for minutes in range(0, 8 * 60 + 1, 30):  # a sweep every half hour, all night
            now[0] = start + timedelta(minutes=minutes)
            await service.tick()
        with sessions() as session:
            stored = [t for t in tasks_for_episode(session, episode) if t.code == "risk_review"]
            facts = child_facts(session, child, episode)
            events = episode_events(session, episode)
        simulated = [
            t for t in compute_tasks("essex", facts, events, now[0]) if t.code == "risk_review"
        ]
        assert [(t.key, t.due_at) for t in stored] == [(t.key, t.due) for t in simulated]
        assert len(stored) >= 4
        reviews = [text for text in out.to(carer) if "Review the risk" in text]
        # Each review was reminded as it came (not all at dawn), one message per occurrence.
        assert len(reviews) >= len(stored) - 1
    finally:
        service.shutdown()


async def test_steps_go_only_to_active_staff(
    engine: Engine, sessions: sessionmaker[Session], org: Org
) -> None:
    with sessions() as session:
        get_staff(session, org.social_worker).active = False
        session.commit()
    out = FakeOutbound()
    now = [at(11, 30)]
    service = _service(engine, out, now)
    try:
        await service.start()
    finally:
        service.shutdown()
    assert out.to(org.social_worker) == []  # never even tried
    assert out.to(org.team_manager)[0].startswith("Escalation: Tobias Wren can't be reached")


async def test_new_tasks_never_go_to_inactive_staff(engine: Engine) -> None:
    sessions = make_session_factory(engine)
    with sessions() as session:
        org = build_org(session)
        get_staff(session, org.social_worker).active = False
        episode = open_episode(session, org.child, at(9), at(9, 30), org.carer)
        rows = refresh_tasks(session, episode.id, at(9, 30))
        session.commit()
    holders = {row.assignee_staff_id for row in rows}
    assert org.social_worker not in holders
    assert org.team_manager in holders  # the leaver's manager has their new tasks


async def test_the_gap_finder_names_who_reminders_cannot_reach(
    engine: Engine, sessions: sessionmaker[Session], org: Org
) -> None:
    out = FakeOutbound(unreachable={org.social_worker})  # e.g. blocked the bot
    await drive(sessions, out, at(11, 30))
    with sessions() as session:
        add_address(session, org.social_worker, "telegram", "555")
        add_task(session, org, "notify:dol", at(13), Role.TEAM_MANAGER)
        add_task(session, org, "notify:director", at(13), Role.DIRECTOR)
        session.commit()
        gaps = {(gap.kind, gap.subject) for gap in find_gaps(session)}
    assert ("unreachable", f"staff {org.social_worker} Tobias Wren") in gaps
    assert ("no_chat", f"staff {org.team_manager} Mina Castleford") in gaps
    # The director holds a task and has nobody above: its escalation would reach nobody.
    assert ("holder_without_manager", f"staff {org.director} Orla Penhallow") in gaps
    assert ("holder_without_manager", f"staff {org.team_manager} Mina Castleford") not in gaps


async def test_a_handled_message_nudges_a_sweep_soon(engine: Engine, org: Org) -> None:
    service = _service(engine, FakeOutbound(), [at(10)])
    try:
        await service.start()
        service.nudge()
        service.nudge()  # nudges in quick succession share one sweep
        nudges = [job for job in service.scheduler.get_jobs() if job.id == "nudge"]
        assert len(nudges) == 1
    finally:
        service.shutdown()


async def test_who_handed_a_task_over_hears_when_the_new_holder_is_unreachable(
    engine: Engine, sessions: sessionmaker[Session], org: Org
) -> None:
    out = FakeOutbound(unreachable={org.team_manager})
    await drive(sessions, out, at(11, 30))
    payload = dict(out.sent[-1][1].buttons)["Not me"]
    with sessions() as session:
        handle_button(session, org.social_worker, payload, at(11, 31))
        session.commit()
    out.clear()
    await drive(sessions, out, at(11, 31))
    assert out.to(org.dol)[0].startswith("Escalation: Mina Castleford can't be reached")
    assert out.to(org.social_worker) == [
        "Mina Castleford can't be reached on Homeward (no linked chat, the bot is blocked, or no "
        "longer active), so the task you handed them has gone to their manager: K.M., episode 1: "
        "Do notify:team_manager, due 12:00."
    ]
