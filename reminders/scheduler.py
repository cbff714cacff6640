"""APScheduler 3 as an in-memory alarm clock; the database stays the truth.

Nothing about the schedule is stored outside the tasks and deliveries: each task with a step or a
retry coming up within the horizon (a few sweeps ahead) gets one in-memory job, id
`task:<task id>`, at that instant, rebuilt from the database at start-up and by every sweep. So
no job-store write can fail, and a database error can never wedge APScheduler's wake-up. When a
job fires it runs the engine for that task and re-plans the task's job; several runs of one
task's job may overlap (a follow-up due milliseconds after the step still being sent), which is
safe because the delivery claim decides who sends.

The sweep reads only tasks whose indexed next step (`tasks.next_step_at`, storage.next_step)
falls within the horizon, so its cost follows the work due, not the history. Its database work
runs in the service's worker threads (reminders.off_loop, each call with its own sessions);
APScheduler, which is not thread-safe, is only called on the event loop. Sweeps run one at a time.

The sweep (every `sweep_every`) writes outcomes it could not write before, resends claims a dead
process left, creates the next occurrence of recurring tasks that fell due, delivers everything
due, re-plans the jobs, raises the stall alert if its own last beat is stale (e.g. the database
was away), and beats the heartbeat. Any exception in a job or a sweep is caught and logged; the
next sweep tries again.

Two watchdogs: `watch` (on the event loop) restarts APScheduler when no sweep has finished for
`stall_after`, and a thread (reminders.watchdog) exits the process non-zero when the event loop
itself stops answering for `loop_stall_after`, or when one sweep has been running that long (its
database work, in a thread, is stuck: the loop is free, so only this can tell).

Only the process holding the leader lock (PostgreSQL advisory lock) sends; the others retry the
lock every `retry_every` and alert the administrators when the leader's heartbeat goes stale.

misfire_grace_time is None (run however late: the engine decides what is still due and marks it
late) and coalesce is on (a job missed several times runs once).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from reminders.engine import (
    Ledger,
    mark_unconfirmed,
    next_step_at,
    record_pending,
    run_due,
)
from reminders.heartbeat import alert_if_stalled, beat
from reminders.hours import day_start
from reminders.off_loop import off_loop
from reminders.outbound import Outbound
from reminders.settings import ReminderSettings
from reminders.watchdog import LoopWatchdog
from storage.db import Engine, SessionFactory, make_session_factory
from storage.deliveries import episodes_needing_next_occurrence
from storage.leader_lock import LeaderLock
from storage.tasks import refresh_tasks

log = logging.getLogger(__name__)

# Extra work on each sweep (reminders.profile_review.ProfileReviewSweep): sessions, now, outbound.
Sweep = Callable[[SessionFactory, datetime, Outbound], Awaitable[object]]
# max_instances > 1: a task's job may fire again while its previous run is still sending.
JOB_DEFAULTS: dict[str, Any] = {"misfire_grace_time": None, "coalesce": True, "max_instances": 16}
LOCAL = "local"
SWEEP_JOB = "sweep"
STANDBY_JOB = "standby"
NUDGE_JOB = "nudge"
NUDGE_AFTER = timedelta(milliseconds=300)


def job_id(task_id: int) -> str:
    return f"task:{task_id}"


@dataclass(frozen=True)
class Timing:
    # Jobs exist for steps this far ahead; each sweep adds the ones that come within it, so a
    # few sweeps' worth is enough, and the sweep plans no further than the work due that soon.
    horizon: timedelta = timedelta(minutes=2)
    sweep_every: timedelta = timedelta(seconds=30)
    retry_every: timedelta = timedelta(seconds=2)  # a standby tries the lock this often
    stale_after: timedelta = timedelta(minutes=2)  # a heartbeat older than this is a stall
    stall_after: timedelta = timedelta(minutes=2)  # no sweep finished: restart APScheduler
    loop_stall_after: timedelta = timedelta(minutes=5)  # event loop blocked: exit non-zero


@dataclass(frozen=True)
class ReconcileReport:
    planned: int
    added: int
    removed: int


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
        loop_watchdog: LoopWatchdog | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.engine = engine
        self.sessions: SessionFactory = make_session_factory(engine)
        self.outbound = outbound
        self.clock = clock
        self.settings = settings
        self.timing = timing or Timing()
        self._to_real = to_real or (lambda instant: instant)
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}"
        self.lock = LeaderLock(engine)
        self.ledger = Ledger()
        self.scheduler = self._new_scheduler()
        self.leading = False
        self.sweeps = 0  # sweeps finished, whether or not they succeeded
        self.failed_sweeps = 0
        self.restarts = 0
        self._monotonic = monotonic
        self._last_sweep = monotonic()
        self._refreshed: dict[int, datetime] = {}  # episode -> occurrence refreshed for
        self._loop_watchdog = loop_watchdog
        self._watch_task: asyncio.Task[None] | None = None
        self.extra_sweeps = tuple(sweeps)  # more work on each sweep, e.g. profile_review
        self._catch_up_later = False
        self._catch_up: asyncio.Task[bool] | None = None
        # One sweep at a time (a nudge, the interval and a restart may ask at once); made on
        # the loop that runs them.
        self._sweeping: asyncio.Lock | None = None
        self._sweep_started: float | None = None  # monotonic, while a sweep runs

    def _new_scheduler(self) -> AsyncIOScheduler:
        return AsyncIOScheduler(
            jobstores={LOCAL: MemoryJobStore()}, job_defaults=JOB_DEFAULTS, timezone=UTC
        )

    async def start(
        self, *, watch: bool = False, exit_on_stall: bool = False, catch_up_later: bool = False
    ) -> bool:
        """Start the scheduler; lead now if the lock is free, else stand by. True if leading.
        `watch`: run the in-loop watchdog; `exit_on_stall`: also the thread that exits the
        process when the loop is blocked (the real service; tests drive them directly).
        `catch_up_later`: return at once and let the first sweep (what came due while nobody
        was running) go out in the background, so the channel is ready without waiting."""
        self._catch_up_later = catch_up_later
        self.scheduler.start()
        self._add_standby_job()
        if exit_on_stall and self._loop_watchdog is None:
            self._loop_watchdog = LoopWatchdog(self.timing.loop_stall_after.total_seconds())
        if self._loop_watchdog is not None:
            self._loop_watchdog.start()
        if watch or self._loop_watchdog is not None:
            self._watch_task = asyncio.get_running_loop().create_task(self.watch())
        return await self.standby()

    def _add_standby_job(self) -> None:
        self.scheduler.add_job(
            self.standby,
            "interval",
            seconds=self.timing.retry_every.total_seconds(),
            id=STANDBY_JOB,
            jobstore=LOCAL,
            replace_existing=True,
        )

    def _add_sweep_job(self) -> None:
        self.scheduler.add_job(
            self._interval_tick,
            "interval",
            seconds=self.timing.sweep_every.total_seconds(),
            id=SWEEP_JOB,
            jobstore=LOCAL,
            replace_existing=True,
        )

    async def standby(self) -> bool:
        """Take the lead if the lock is free; otherwise watch the leader's heartbeat. Never
        raises: a database error here is logged and the next try comes in `retry_every`."""
        try:
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
        except Exception:
            log.exception("the scheduler's standby check failed; trying again shortly")
        return self.leading

    async def _lead(self) -> None:
        self.leading = True
        self._last_sweep = self._monotonic()
        self._add_sweep_job()
        # Catch up first: everything that came due while no one was running goes now, late;
        # claims a dead process left go again, marked as possibly repeated.
        if self._catch_up_later:
            self._catch_up = asyncio.get_running_loop().create_task(self.tick())
        else:
            await self.tick()

    def _stop_leading(self) -> None:
        self.leading = False
        for job in self.scheduler.get_jobs(jobstore=LOCAL):
            if job.id != STANDBY_JOB:
                job.remove()

    async def _interval_tick(self) -> None:
        """The sweep job: skipped while a sweep is still running (a long catch-up), rather than
        queueing sweeps that would then run back to back; the next interval comes soon."""
        if self._sweeping is not None and self._sweeping.locked():
            return
        await self.tick()

    async def tick(self) -> bool:
        """One sweep. Never raises: a failure is logged and the next sweep tries again.
        True when it went through."""
        if self._sweeping is None:
            self._sweeping = asyncio.Lock()
        try:
            async with self._sweeping:
                if not self.leading:
                    return False
                self._sweep_started = self._monotonic()
                await self._sweep()
                return True
        except Exception:
            self.failed_sweeps += 1
            log.exception("reminder sweep failed; the next sweep retries")
            return False
        finally:
            self._sweep_started = None
            self.sweeps += 1
            self._last_sweep = self._monotonic()

    async def _sweep(self) -> None:
        """The database work runs in worker threads, each with its own sessions, so the event
        loop (the channel's updates, the watchdog) stays free; APScheduler, which is not
        thread-safe, is only touched here on the loop."""
        now = self.clock()
        await off_loop(self._recover, now)
        await run_due(self.sessions, now, self.outbound, self.settings, ledger=self.ledger)
        for extra in self.extra_sweeps:
            # One failing extra (a profile reminder) must not hold up reconciling the timers.
            try:
                await extra(self.sessions, now, self.outbound)
            except Exception:
                log.exception("extra sweep %r failed; the next sweep retries", extra)
        due = await off_loop(self._plan, now, None)
        self._set_jobs(due, None)
        # A single process raises the stall alert too: its own last beat is stale when the
        # database was away, or the process was down, for longer than `stale_after`.
        await alert_if_stalled(
            self.sessions, now, self.outbound, self.settings.admins, self.timing.stale_after
        )
        await off_loop(self._beat)

    def _beat(self) -> None:
        with self.sessions() as session:
            beat(session, self.holder, self.clock())
            session.commit()

    def _recover(self, now: datetime) -> None:
        """Outcomes not written yet, claims a dead process left, next occurrences that fell
        due: what a sweep settles before sending."""
        record_pending(self.sessions, self.ledger, self.settings)
        with self.ledger.claims:  # no claim can be made and not yet listed as in flight
            left = mark_unconfirmed(self.sessions, now, self.ledger.busy())
        if left:
            log.warning("%s reminder(s) were claimed but never recorded; sending them again", left)
        self.refresh_recurring(now)

    def refresh_recurring(self, now: datetime) -> int:
        """Recompute the tasks of episodes whose newest recurring occurrence has fallen due,
        so the next occurrence (and its reminder) exists without anyone recording a fact.
        Returns how many episodes were refreshed."""
        with self.sessions() as session:
            due = episodes_needing_next_occurrence(session, now)
        refreshed = 0
        for episode_id, newest in due.items():
            if self._refreshed.get(episode_id) == newest:
                continue  # done already for this occurrence; the engine listed nothing newer
            try:
                with self.sessions() as session:
                    refresh_tasks(session, episode_id, now)
                    session.commit()
            except Exception:
                # e.g. a conversation refreshed the same episode at the same moment
                log.warning("could not refresh episode %s; next sweep", episode_id, exc_info=True)
                continue
            self._refreshed[episode_id] = newest
            refreshed += 1
        return refreshed

    def nudge(self) -> None:
        """Something may have changed (a message was handled): sweep within `NUDGE_AFTER`
        rather than at the next sweep, so a task due at once is reminded within a second.
        Nudges in quick succession share one sweep."""
        if not self.leading or not self.scheduler.running:
            return
        self.scheduler.add_job(
            self.tick,
            "date",
            run_date=self._to_real(self.clock() + NUDGE_AFTER),
            id=NUDGE_JOB,
            jobstore=LOCAL,
            replace_existing=True,
        )

    async def poke(self) -> None:
        """Deliver anything due now (after a message was handled), if this process leads."""
        if self.leading:
            await self.tick()

    async def fire(self, task_id: int) -> None:
        """A task's job: what is due for it now, then its next job. Never raises."""
        try:
            if not self.leading:
                return
            now = self.clock()
            await run_due(
                self.sessions, now, self.outbound, self.settings, [task_id], ledger=self.ledger
            )
            due = await off_loop(self._plan, now, [task_id])
            self._set_jobs(due, [task_id])
        except Exception:
            log.exception("reminder job for task %s failed; the next sweep retries", task_id)

    def reconcile(self, now: datetime, task_ids: Sequence[int] | None = None) -> ReconcileReport:
        """Make the scheduler hold exactly one job per task with a step (or a retry) within the
        horizon, at that instant. Idempotent: run it as often as you like."""
        return self._set_jobs(self._plan(now, task_ids), task_ids)

    def _plan(self, now: datetime, task_ids: Sequence[int] | None) -> dict[int, datetime]:
        """Task id -> its next step within the horizon (database work: any thread)."""
        with self.sessions() as session:
            return next_step_at(session, now, now + self.timing.horizon, self.settings, task_ids)

    def _set_jobs(
        self, due: dict[int, datetime], task_ids: Sequence[int] | None
    ) -> ReconcileReport:
        """One job per task in `due`, at its instant (APScheduler: on the event loop only)."""
        wanted = {job_id(task_id): (task_id, at) for task_id, at in due.items()}
        existing = {
            job.id: job
            for job in self.scheduler.get_jobs(jobstore=LOCAL)
            if job.id.startswith("task:")
        }
        if task_ids is not None:
            names = {job_id(task_id) for task_id in task_ids}
            existing = {name: job for name, job in existing.items() if name in names}
        removed = 0
        for name in existing.keys() - wanted.keys():
            existing[name].remove()
            removed += 1
        added = 0
        for name, (task_id, at) in wanted.items():
            real = self._to_real(at)
            known = existing.get(name)
            planned = known.next_run_time if known is not None else None
            if planned is not None and abs(planned.timestamp() - real.timestamp()) < 0.001:
                continue
            self.scheduler.add_job(
                self.fire,
                "date",
                run_date=real,
                args=[task_id],
                id=name,
                jobstore=LOCAL,
                replace_existing=True,
            )
            added += 1
        return ReconcileReport(len(wanted), added, removed)

    async def watch(self) -> None:
        """The in-loop watchdog: pets the thread watchdog, and restarts APScheduler when no
        sweep has finished for `stall_after` while leading."""
        interval = min(self.timing.sweep_every, self.timing.retry_every).total_seconds()
        while True:
            if self._loop_watchdog is not None and not self.sweep_stuck():
                self._loop_watchdog.pet()
            await self.check_sweeps()
            await asyncio.sleep(interval)

    def sweep_stuck(self) -> bool:
        """One sweep has been running for `loop_stall_after`: its database work (in a worker
        thread) hangs. The watchdog then stops being petted and ends the process, as it would
        for a blocked loop."""
        started = self._sweep_started
        limit = self.timing.loop_stall_after.total_seconds()
        return started is not None and self._monotonic() - started > limit

    async def check_sweeps(self) -> bool:
        """Restart APScheduler if sweeps have stopped; True when it did. Not while a sweep is
        running: APScheduler did start it, and it is merely slow (sweep_stuck covers a hang)."""
        quiet = self._monotonic() - self._last_sweep
        if not self.leading or quiet <= self.timing.stall_after.total_seconds():
            return False
        if self._sweep_started is not None:
            log.warning("a reminder sweep has been running for %.0f s", quiet)
            return False
        log.error("no reminder sweep has finished for %.0f s; restarting the scheduler", quiet)
        await self.restart_scheduler()
        return True

    async def restart_scheduler(self) -> None:
        """A fresh APScheduler with the same jobs, rebuilt from the database."""
        self.restarts += 1
        old = self.scheduler
        try:
            if old.running:
                old.shutdown(wait=False)  # takes effect on the loop's next turn
                await asyncio.sleep(0)
        except Exception:
            log.exception("the old scheduler did not shut down cleanly")
        self.scheduler = self._new_scheduler()
        self.scheduler.start()
        self._add_standby_job()
        if self.leading:
            self._add_sweep_job()
        await self.tick()

    async def advance(self, to: datetime, jump: Callable[[datetime], None]) -> None:
        """Move a demo clock to `to` through every instant something falls due on the way, so
        reminders and escalations go out at their own times rather than all at once, late."""
        while True:
            now = self.clock()
            self.refresh_recurring(now)
            with self.sessions() as session:
                steps = next_step_at(session, now, to, self.settings)
            stops = [at for at in steps.values() if now < at <= to]
            morning = day_start(to, self.settings.office_hours)
            if morning is not None and now < morning <= to:
                stops.append(morning)
            if not stops:
                break
            jump(min(stops))
            await run_due(
                self.sessions, self.clock(), self.outbound, self.settings, ledger=self.ledger
            )
            with self.sessions() as session:  # the demo clock moved, not a stall
                beat(session, self.holder, self.clock())
                session.commit()
        jump(to)
        await self.tick()

    def shutdown(self) -> None:
        if self._catch_up is not None:
            self._catch_up.cancel()
            self._catch_up = None
        if self._watch_task is not None:
            self._watch_task.cancel()
            self._watch_task = None
        if self._loop_watchdog is not None:
            self._loop_watchdog.stop()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        self.lock.release()
        self.leading = False
