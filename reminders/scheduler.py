"""APScheduler 3 as the alarm clock; the database stays the truth.

Each task with a step coming up gets one job, id `task:<task id>:<occurrence>`, holding the task id
only, in a SQLAlchemy job store in the same database. When it fires it runs the engine for that
task and re-plans the task's job. A sweep job (every `sweep_every`) delivers anything due that has
no job (a task created a moment ago), re-plans the jobs within the horizon, and beats the
heartbeat. Only the process holding the leader lock adds the shared job store; the others keep a
local job that tries the lock every `retry_every` and watches the heartbeat.

APScheduler's default misfire grace (1 s) would silently drop a job that fires late, e.g. after a
pause or a restart. Here misfire_grace_time is None (run however late: the engine decides what is
still due and marks it late) and coalesce is on (a job missed several times runs once).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from reminders.engine import mark_unconfirmed, next_step_at, run_due
from reminders.heartbeat import alert_if_stalled, beat
from reminders.hours import day_start
from reminders.leader import LeaderLock
from reminders.outbound import Outbound
from reminders.settings import ReminderSettings
from storage.db import make_session_factory
from storage.deliveries import SchedulerJob
from storage.models import TaskRecord

log = logging.getLogger(__name__)

# Extra work on each sweep (reminders.profile_review.ProfileReviewSweep): sessions, now, outbound.
Sweep = Callable[[sessionmaker[Session], datetime, Outbound], Awaitable[object]]
JOB_DEFAULTS: dict[str, Any] = {"misfire_grace_time": None, "coalesce": True, "max_instances": 1}
SHARED, LOCAL = "shared", "local"
SWEEP_JOB = "sweep"


def job_id(task_id: int, occurrence: int) -> str:
    return f"task:{task_id}:{occurrence}"


@dataclass(frozen=True)
class Timing:
    horizon: timedelta = timedelta(hours=6)  # jobs exist for steps this far ahead
    sweep_every: timedelta = timedelta(seconds=30)
    retry_every: timedelta = timedelta(seconds=2)  # a standby tries the lock this often
    stale_after: timedelta = timedelta(minutes=2)  # a heartbeat older than this is a stall


@dataclass(frozen=True)
class ReconcileReport:
    planned: int
    added: int
    removed: int


_SERVICE: ReminderService | None = None


async def fire_task(task_id: int) -> None:
    """The persistent jobs' function, found by its textual reference after a restart."""
    if _SERVICE is not None:
        await _SERVICE.fire(task_id)


async def sweep() -> None:
    if _SERVICE is not None:
        await _SERVICE.tick()


class ReminderService:
    def __init__(
        self,
        engine: Engine,
        outbound: Outbound,
        clock: Callable[[], datetime],
        settings: ReminderSettings,
        *,
        timing: Timing | None = None,
        to_real: Callable[[datetime], datetime] | None = None,
        holder: str | None = None,
        sweeps: Sequence[Sweep] = (),
    ) -> None:
        self.engine = engine
        self.sessions: sessionmaker[Session] = make_session_factory(engine)
        self.outbound = outbound
        self.clock = clock
        self.settings = settings
        self.timing = timing or Timing()
        self._to_real = to_real or (lambda instant: instant)
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}"
        self.lock = LeaderLock(engine)
        self.scheduler = AsyncIOScheduler(
            jobstores={LOCAL: MemoryJobStore()}, job_defaults=JOB_DEFAULTS, timezone=UTC
        )
        self.leading = False
        self.sweeps = tuple(sweeps)  # more work on each sweep, e.g. profile_review

    async def start(self) -> bool:
        """Start the scheduler; lead now if the lock is free, else stand by. True if leading."""
        self.scheduler.start()
        self.scheduler.add_job(
            self.standby,
            "interval",
            seconds=self.timing.retry_every.total_seconds(),
            id="standby",
            jobstore=LOCAL,
            replace_existing=True,
        )
        return await self.standby()

    async def standby(self) -> bool:
        """Take the lead if the lock is free; otherwise watch the leader's heartbeat."""
        if self.leading:
            if not self.lock.still_held():
                log.error("lost the scheduler lock; standing by")
                self._stop_leading()
            return self.leading
        if self.lock.try_acquire():
            await self._lead()
            return True
        await alert_if_stalled(
            self.sessions,
            self.clock(),
            self.outbound,
            self.settings.admins,
            self.timing.stale_after,
        )
        return False

    async def _lead(self) -> None:
        global _SERVICE
        _SERVICE = self
        self.leading = True
        now = self.clock()
        unconfirmed = mark_unconfirmed(self.sessions, now)
        if unconfirmed:
            log.warning("%s reminder(s) were claimed by a process that died mid-send", unconfirmed)
        self.scheduler.add_jobstore(
            SQLAlchemyJobStore(engine=self.engine, tablename=SchedulerJob.__tablename__), SHARED
        )
        self.scheduler.add_job(
            "reminders.scheduler:sweep",
            "interval",
            seconds=self.timing.sweep_every.total_seconds(),
            id=SWEEP_JOB,
            jobstore=SHARED,
            replace_existing=True,
        )
        # Catch up first: everything that came due while no one was running goes now, late.
        await self.tick()

    def _stop_leading(self) -> None:
        global _SERVICE
        self.leading = False
        if _SERVICE is self:
            _SERVICE = None
        self.scheduler.remove_jobstore(SHARED, shutdown=True)

    async def tick(self) -> None:
        """Deliver what is due, re-plan the jobs, and beat the heartbeat."""
        now = self.clock()
        await run_due(self.sessions, now, self.outbound, self.settings)
        for extra in self.sweeps:
            await extra(self.sessions, now, self.outbound)
        self.reconcile(now)
        with self.sessions() as session:
            beat(session, self.holder, self.clock())
            session.commit()

    async def poke(self) -> None:
        """Deliver anything due now (after a message was handled), if this process leads."""
        if self.leading:
            await self.tick()

    async def fire(self, task_id: int) -> None:
        now = self.clock()
        await run_due(self.sessions, now, self.outbound, self.settings, [task_id])
        self.reconcile(now, [task_id])

    def reconcile(self, now: datetime, task_ids: Sequence[int] | None = None) -> ReconcileReport:
        """Make the job store hold exactly one job per task with a step within the horizon,
        at that step's instant. Idempotent: run it as often as you like."""
        until = now + self.timing.horizon
        with self.sessions() as session:
            due = next_step_at(session, until, self.settings, task_ids)
            occurrences = _occurrences(session, list(task_ids) if task_ids else list(due))
            wanted = {
                job_id(task_id, occurrences[task_id]): (task_id, at) for task_id, at in due.items()
            }
            query = select(SchedulerJob.id, SchedulerJob.next_run_time)
            if task_ids is not None:
                names = [job_id(task_id, occurrences[task_id]) for task_id in occurrences]
                query = query.where(SchedulerJob.id.in_(names))
            else:
                query = query.where(SchedulerJob.id.startswith("task:"))
            rows = list(session.execute(query))
        existing = {name: when for name, when in rows}
        removed = 0
        for name in existing.keys() - wanted.keys():
            self.scheduler.remove_job(name, jobstore=SHARED)
            removed += 1
        added = 0
        for name, (task_id, at) in wanted.items():
            real = self._to_real(at)
            stamp = real.timestamp()
            known = existing.get(name)
            if known is not None and abs(known - stamp) < 0.001:
                continue
            self.scheduler.add_job(
                "reminders.scheduler:fire_task",
                "date",
                run_date=real,
                args=[task_id],
                id=name,
                jobstore=SHARED,
                replace_existing=True,
            )
            added += 1
        return ReconcileReport(len(wanted), added, removed)

    async def advance(self, to: datetime, jump: Callable[[datetime], None]) -> None:
        """Move a demo clock to `to` through every instant something falls due on the way, so
        reminders and escalations go out at their own times rather than all at once, late."""
        while True:
            now = self.clock()
            with self.sessions() as session:
                steps = next_step_at(session, to, self.settings)
            stops = [at for at in steps.values() if now < at <= to]
            morning = day_start(to, self.settings.office_hours)
            if morning is not None and now < morning <= to:
                stops.append(morning)
            if not stops:
                break
            jump(min(stops))
            await run_due(self.sessions, self.clock(), self.outbound, self.settings)
        jump(to)
        await self.tick()

    def shutdown(self) -> None:
        global _SERVICE
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        if _SERVICE is self:
            _SERVICE = None
        self.lock.release()
        self.leading = False


def _occurrences(session: Session, task_ids: list[int]) -> dict[int, int]:
    found: dict[int, int] = {}
    for start in range(0, len(task_ids), 500):
        chunk = task_ids[start : start + 500]
        rows = session.execute(
            select(TaskRecord.id, TaskRecord.occurrence).where(TaskRecord.id.in_(chunk))
        )
        found.update({task_id: occurrence for task_id, occurrence in rows})
    return found
