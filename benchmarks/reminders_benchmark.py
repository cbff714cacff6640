"""Reminder scheduling under load: 100,000 open tasks in one SQLite database.

    .venv/bin/python benchmarks/reminders_benchmark.py [--tasks 100000] [--window 20]

Prints: the start-up reconcile (planning every task's next step and writing the jobs within
the horizon), the catch-up delivery of what came due while the process was down, peak memory,
and how late reminders fire when the real scheduler runs for `--window` seconds with reminders
falling due throughout. Targets: reconcile under 10 s, each reminder within 1 s of due.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dialogues.replies import Reply  # noqa: E402
from protocols.vocabulary import Role  # noqa: E402
from reminders.scheduler import LOCAL, ReminderService, Timing  # noqa: E402
from reminders.settings import OfficeHours, ReminderSettings  # noqa: E402
from storage.db import make_engine, make_session_factory, migrate  # noqa: E402
from storage.models import Child, Episode, Staff, TaskRecord, Team  # noqa: E402

TASKS_PER_EPISODE = 10
WINDOW_START = 40.0  # seconds after seeding: start-up is over by then
# Round the clock, every day: the benchmark measures the scheduler, not the office calendar.
ALWAYS = ReminderSettings(office_hours=OfficeHours())


def _wall() -> datetime:
    return datetime.now(UTC)


class Recorder:
    """Notes the real instant each reminder reached the channel."""

    def __init__(self) -> None:
        self.at: list[tuple[datetime, str]] = []

    async def deliver(self, staff_id: int, reply: Reply) -> bool:
        self.at.append((_wall(), reply.text))
        return True


def seed(url: str, tasks: int, now: datetime, past_due: int, soon: int, window: float) -> None:
    engine = make_engine(url)
    migrate(engine)
    sessions = make_session_factory(engine)
    episodes = tasks // TASKS_PER_EPISODE
    with sessions() as session:
        session.execute(insert(Team), [{"id": 1, "name": "Bench", "protocol_id": "essex"}])
        session.execute(
            insert(Staff),
            [
                {
                    "id": 1,
                    "name": "Manager",
                    "role": Role.TEAM_MANAGER.value,
                    "team_id": 1,
                    "line_manager_id": None,
                    "active": True,
                    "created_at": now,
                },
                {
                    "id": 2,
                    "name": "Worker",
                    "role": Role.SOCIAL_WORKER.value,
                    "team_id": 1,
                    "line_manager_id": 1,
                    "active": True,
                    "created_at": now,
                },
            ],
        )
        session.execute(
            insert(Child),
            [
                {
                    "id": i + 1,
                    "given_name": "Test",
                    "family_name": f"Child{i}",
                    "legal_status": "looked_after",
                    "flags": [],
                    "team_id": 1,
                    "allocated_social_worker_id": 2,
                    "date_of_birth": date(2012, 1, 1),
                }
                for i in range(episodes)
            ],
        )
        session.execute(
            insert(Episode),
            [
                {
                    "id": i + 1,
                    "child_id": i + 1,
                    "number": 1,
                    "status": "open",
                    "category": "missing",
                    "started_at": now - timedelta(days=1),
                    "recorded_at": now - timedelta(days=1),
                }
                for i in range(episodes)
            ],
        )
        rows = []
        lead = ALWAYS.lead
        for n in range(tasks):
            if n < past_due:  # came due while the process was down
                due = now + lead - timedelta(minutes=5 + n % 50)
            elif n < past_due + soon:  # reminders falling due during the measured window
                offset = WINDOW_START + window * (n - past_due) / soon
                due = now + lead + timedelta(seconds=offset)
            else:  # the rest spread over the next 30 days
                due = now + timedelta(hours=8) + timedelta(seconds=(n * 25.9) % (30 * 86400))
            rows.append(
                {
                    "episode_id": n // TASKS_PER_EPISODE + 1,
                    "key": f"rule{n % TASKS_PER_EPISODE}",
                    "code": "risk_review",
                    "title": "Review the risk",
                    "due_at": due,
                    "assignee_role": "social_worker",
                    "assignee_staff_id": 2,
                    "source": "bench",
                    "status": "open",
                    "occurrence": 1,
                    "recurring": False,
                    "why": "",
                    "updated_at": now - timedelta(days=1),
                }
            )
        for start in range(0, len(rows), 10_000):
            session.execute(insert(TaskRecord), rows[start : start + 10_000])
        session.commit()
    engine.dispose()


async def measure(url: str, seeded: datetime, soon: int, window: float) -> None:
    engine = make_engine(url)
    out = Recorder()
    timing = Timing(sweep_every=timedelta(seconds=30))
    service = ReminderService(engine, out, _wall, ALWAYS, timing=timing)
    started = time.perf_counter()
    await service.start()  # lock, unconfirmed claims, catch-up delivery, reconcile
    startup = time.perf_counter() - started
    caught_up = len(out.at)
    # A cold reconcile: every task job gone (as on a first start), planned again from the tasks.
    for job in service.scheduler.get_jobs(jobstore=LOCAL):
        if job.id.startswith("task:"):
            job.remove()
    again = time.perf_counter()
    report = service.reconcile(_wall())
    cold = time.perf_counter() - again
    again = time.perf_counter()
    service.reconcile(_wall())
    warm = time.perf_counter() - again
    print(
        f"start-up, catch-up included ({caught_up} late messages sent): {startup:.2f} s "
        f"({startup / max(caught_up, 1) * 1000:.1f} ms a message)"
    )
    print(f"reconcile, cold ({report.planned} jobs within the horizon written): {cold:.2f} s")
    print(f"reconcile, nothing changed: {warm:.2f} s")
    out.at.clear()
    end = seeded + timedelta(seconds=WINDOW_START + window + 5)
    await asyncio.sleep(max(0.0, (end - _wall()).total_seconds()))
    service.shutdown()
    engine.dispose()
    planned = sorted(_planned_instants(url))
    arrived = sorted(reached for reached, text in out.at if text.startswith("Reminder:"))
    delays = sorted((a - p).total_seconds() for p, a in zip(planned, arrived, strict=False))
    if delays:
        p99 = delays[min(len(delays) - 1, int(len(delays) * 0.99))]
        print(f"reminders fired during the {window:.0f} s window: {len(arrived)} of {soon}")
        print(
            f"lateness: median {statistics.median(delays) * 1000:.0f} ms, "
            f"p99 {p99 * 1000:.0f} ms, max {delays[-1] * 1000:.0f} ms"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {rss:.0f} MB RSS")


def _planned_instants(url: str) -> list[datetime]:
    from sqlalchemy import select

    from storage.deliveries import Delivery

    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        rows = session.scalars(
            select(Delivery.planned_at).where(Delivery.stage == "remind", Delivery.late.is_(False))
        )
        found = list(rows)
    engine.dispose()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--window", type=float, default=20.0, help="seconds of live firing")
    parser.add_argument("--past-due", type=int, default=500)
    parser.add_argument("--soon", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        t = time.perf_counter()
        seeded = _wall()
        seed(url, args.tasks, seeded, args.past_due, args.soon, args.window)
        print(f"{args.tasks} open tasks seeded in {time.perf_counter() - t:.1f} s")
        asyncio.run(measure(url, seeded, args.soon, args.window))
    return 0


if __name__ == "__main__":
    sys.exit(main())
