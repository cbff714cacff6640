"""The APScheduler wiring, without sleeping: jobs are an in-memory timer rebuilt from the
database, carry ids only, are idempotent, run however late, and a start-up delivers what came due
while nobody was running."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session, sessionmaker

from reminders.heartbeat import alert_if_stalled, beat
from reminders.scheduler import LOCAL, ReminderService, Timing, job_id
from reminders.settings import ReminderSettings
from storage.db import make_engine
from tests.reminders.helpers import FakeOutbound, Org, add_task, at, build_org

FAR = timedelta(days=3650)  # jobs are put this far in the real future so none fires mid-test


def _far(instant: datetime) -> datetime:
    return instant + FAR


@pytest.fixture
def world(sessions: sessionmaker[Session]) -> Iterator[tuple[Org, int]]:
    with sessions() as session:
        org = build_org(session)
        task = add_task(session, org, "notify:team_manager", at(12))
        session.commit()
        yield org, task.id


def _service(engine: Engine, out: FakeOutbound, now: list[datetime]) -> ReminderService:
    # A horizon wide enough that a reminder hours ahead has its job already (the default is
    # minutes: each sweep adds the jobs that come within it).
    timing = Timing(horizon=timedelta(hours=6))
    return ReminderService(
        engine, out, lambda: now[0], ReminderSettings(), timing=timing, to_real=_far
    )


async def test_jobs_are_an_in_memory_timer_with_ids_only(
    engine: Engine, sessions: sessionmaker[Session], world: tuple[Org, int]
) -> None:
    _, task_id = world
    out = FakeOutbound()
    now = [at(10)]
    service = _service(engine, out, now)
    try:
        assert await service.start()
        job = service.scheduler.get_job(job_id(task_id), jobstore=LOCAL)
        assert job is not None
        assert job.args == (task_id,) and job.kwargs == {}
        assert job.misfire_grace_time is None and job.coalesce is True
        assert job.max_instances > 1  # a follow-up may fire while a step is still sending
        assert job.next_run_time == _far(at(11, 30))
        with sessions() as session:  # APScheduler's job table is gone (migration 0007)
            assert "apscheduler_jobs" not in inspect(session.connection()).get_table_names()
        # Idempotent: planning again changes nothing.
        assert service.reconcile(now[0]).added == 0
        # The job fires (called directly): the reminder goes and the job moves to the next step.
        now[0] = at(11, 30)
        await service.fire(task_id)
        assert out.sent[0][1].text.startswith("Reminder: K.M., episode 1")
        job = service.scheduler.get_job(job_id(task_id), jobstore=LOCAL)
        assert job is not None and job.next_run_time == _far(at(12))
        # A new process (or a restarted scheduler) rebuilds the same timer from the database.
        service.shutdown()
        again = _service(engine, FakeOutbound(), now)
        try:
            await again.start()
            rebuilt = again.scheduler.get_job(job_id(task_id), jobstore=LOCAL)
            assert rebuilt is not None and rebuilt.next_run_time == _far(at(12))
        finally:
            again.shutdown()
    finally:
        service.shutdown()


async def test_start_up_delivers_what_came_due_while_down_saying_it_is_late(
    engine: Engine, world: tuple[Org, int]
) -> None:
    org, _ = world
    out = FakeOutbound()
    service = _service(engine, out, [at(11, 50)])
    try:
        await service.start()
    finally:
        service.shutdown()
    assert out.to(org.social_worker) == [
        "Sent late: this was due to reach you at 11:30. "
        "Reminder: K.M., episode 1: Do notify:team_manager, due 12:00."
    ]
    # A second start-up sends nothing again.
    again = FakeOutbound()
    service = _service(engine, again, [at(11, 51)])
    try:
        await service.start()
    finally:
        service.shutdown()
    assert again.sent == []


async def test_a_closed_task_loses_its_job(
    engine: Engine, sessions: sessionmaker[Session], world: tuple[Org, int]
) -> None:
    _, task_id = world
    service = _service(engine, FakeOutbound(), [at(10)])
    try:
        await service.start()
        with sessions() as session:
            from storage.models import TaskRecord

            task = session.get(TaskRecord, task_id)
            assert task is not None
            task.status = "cancelled"
            session.commit()
        assert service.reconcile(at(10)).removed == 1
        names = sorted(job.id for job in service.scheduler.get_jobs(jobstore=LOCAL))
        assert names == ["standby", "sweep"]
    finally:
        service.shutdown()


async def test_heartbeat_stall_alerts_the_administrators_once(
    sessions: sessionmaker[Session], world: tuple[Org, int]
) -> None:
    org, _ = world
    with sessions() as session:
        beat(session, "host:1", at(10))
        session.commit()
    out = FakeOutbound()
    admins = (org.director,)
    assert not await alert_if_stalled(sessions, at(10, 1), out, admins, timedelta(minutes=2))
    assert await alert_if_stalled(sessions, at(10, 3), out, admins, timedelta(minutes=2))
    assert not await alert_if_stalled(sessions, at(10, 4), out, admins, timedelta(minutes=2))
    assert [who for who, _ in out.sent] == [org.director]
    assert out.sent[0][1].text.startswith("Homeward's reminder scheduler has not checked in")


@pytest.mark.postgres
async def test_a_standby_takes_over_when_the_leader_dies(
    postgres_engine: Engine,
) -> None:
    url = postgres_engine.url.render_as_string(hide_password=False)
    first, second = make_engine(url), make_engine(url)
    now = [at(10)]
    leader = _service(first, FakeOutbound(), now)
    standby = _service(second, FakeOutbound(), now)
    try:
        assert await leader.start()
        assert not await standby.start()
        assert not await standby.standby()
        leader.shutdown()  # the lock's connection goes, as when a process dies
        first.dispose()
        assert await standby.standby()
        assert standby.leading
    finally:
        leader.shutdown()
        standby.shutdown()
        second.dispose()
