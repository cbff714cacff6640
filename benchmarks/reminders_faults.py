"""Reminders under faults: the real reminder service as its own process, killed -9 again and
again, its PostgreSQL stopped with `pg_ctl -m immediate` mid-run, and a sender that fails.

    .venv/bin/python benchmarks/reminders_faults.py --json [--quick | --smoke] [--backend B]

Seeds an invented organisation whose tasks fall due over the run (every social worker has a
team manager, who has a district lead at the top), then starts the service
(`--serve`, the same ReminderService `homeward run` uses) against a recording sender: every
message that "reaches Telegram" is appended to a file, with its delivery id and the time. The
sender fails a share of sends (`sender_fault_rate`: 500, 502, 429 after the rate limiter, read
timeouts after the message went, connection errors), takes up to 0.4 s a send, and now and
then kills its own process just before or just after a message leaves. The driver kills the
service at random moments and restarts it, and stops the database once for a while.

Each task must reach five people or stages: remind, repeat:1 (its holder), overdue and
escalate:1 (the team manager), escalate:2 (the district lead). Prints exactly one JSON object:
kill_cycles, db_outages, sender_fault_rate, expected, sent (distinct expected steps that
arrived), lost, duplicated (extra arrivals of a step: the resends after a crash or timeout,
each marked as possibly repeated), max_lateness_s (worst first arrival after its planned
instant; outages and kills included).

Profiles: default (55 tasks, 55+ kills, a 68 s outage: about 8 minutes), `--quick` (under
5 minutes: 40 tasks, 20+ kills, one 15 s outage), `--smoke` (the `make test` profile: 4 tasks,
3+ kills, a 3 s outage), `--calm` (no faults at all: lateness when all is well). PostgreSQL is
used when its server binaries exist; `--backend sqlite` runs without the outage.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import URL, create_engine, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dialogues.replies import Reply  # noqa: E402
from protocols.tasks import Task  # noqa: E402
from protocols.vocabulary import LegalStatus, Role, TaskStatus  # noqa: E402
from reminders import messages as m  # noqa: E402
from reminders.outbound import SendFailed  # noqa: E402
from reminders.scheduler import ReminderService, Timing  # noqa: E402
from reminders.settings import OfficeHours, ReminderSettings  # noqa: E402
from storage.db import make_engine, make_session_factory, migrate  # noqa: E402
from storage.deliveries import Delivery  # noqa: E402
from storage.episodes import open_episode  # noqa: E402
from storage.people import create_child, create_staff, create_team  # noqa: E402
from storage.tasks import sync_tasks  # noqa: E402
from tests.storage.pg_cluster import find_bin_dir, server_user  # noqa: E402

# Short intervals so a chain runs its course in seconds; the logic is the production one.
SETTINGS = ReminderSettings(
    lead=timedelta(seconds=10),
    repeat_every=timedelta(seconds=10),
    repeats=1,
    escalate_every=timedelta(seconds=10),
    escalation_gap=timedelta(seconds=2),
    office_hours=OfficeHours(),
    retry_backoff=tuple(timedelta(seconds=s) for s in (1, 2, 3, 5)),
)
TIMING = Timing(sweep_every=timedelta(seconds=2), retry_every=timedelta(seconds=1))
EXPECTED_STAGES = ("remind", "repeat:1", "overdue", "escalate:1", "escalate:2")
FAULTS = ("500", "502", "429", "read timeout", "connect error")


@dataclass(frozen=True)
class Profile:
    tasks: int
    window: float  # seconds over which the tasks fall due
    kill_every: tuple[float, float]  # seconds between kills (uniform)
    kills: int  # at least this many kill cycles
    outage: float  # seconds the database is stopped (0: none)
    settle: float  # at most this long after the faults for the last steps to arrive
    fault_rate: float = 0.3
    self_kill_rate: float = 0.02  # per send, the sender kills its own process


PROFILES = {
    "full": Profile(55, 200.0, (2.0, 6.0), 55, 68.0, 240.0),
    "quick": Profile(40, 80.0, (2.0, 6.0), 20, 15.0, 150.0),
    "smoke": Profile(4, 6.0, (1.5, 2.5), 3, 3.0, 60.0),
    # No faults at all: how late steps are when nothing goes wrong (target: within 1 s).
    "calm": Profile(40, 60.0, (1.0, 1.0), 0, 0.0, 60.0, fault_rate=0.0, self_kill_rate=0.0),
}
START = 20.0  # seconds from seeding to the first deadline: start-up is over by then


def wall() -> datetime:
    return datetime.now(UTC)


# ---- the service process ----------------------------------------------------------------


class RecordingOutbound:
    """Telegram, as far as the service can tell: appends what arrives, fails as told."""

    def __init__(self, path: Path, fault_rate: float, self_kill_rate: float, seed: int) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self._rng = random.Random(seed)
        self._fault_rate = fault_rate
        self._self_kill_rate = self_kill_rate

    async def deliver(self, staff_id: int, reply: Reply) -> bool:
        delivery = int(reply.buttons[0][1].rsplit(":", 1)[1])
        await asyncio.sleep(self._rng.uniform(0.0, 0.4))  # a slow Bot API widens the windows
        if self._rng.random() < self._self_kill_rate / 2:
            os.kill(os.getpid(), signal.SIGKILL)  # dies after the claim, before the send
        if self._rng.random() < self._fault_rate:
            fault = self._rng.choice(FAULTS)
            if fault == "read timeout":
                self._arrived(delivery, staff_id, reply)  # it went; the answer never came back
                raise SendFailed("read timeout", maybe_sent=True)
            if fault == "429":
                raise SendFailed("flood control", retry_after=1.0)
            raise SendFailed(fault, maybe_sent=fault != "connect error")
        self._arrived(delivery, staff_id, reply)
        if self._rng.random() < self._self_kill_rate / 2:
            os.kill(os.getpid(), signal.SIGKILL)  # dies after the send, before recording it
        return True

    def _arrived(self, delivery: int, staff_id: int, reply: Reply) -> None:
        marked = int(reply.text.startswith(m.SENT_AGAIN))
        os.write(self._fd, f"{delivery} {staff_id} {time.time():.6f} {marked}\n".encode())


def serve(url: str, record: Path, fault_rate: float, self_kill_rate: float) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
    engine = make_engine(url)
    outbound = RecordingOutbound(record, fault_rate, self_kill_rate, os.getpid())
    service = ReminderService(engine, outbound, wall, SETTINGS, timing=TIMING)

    async def main() -> None:
        await service.start(watch=True, exit_on_stall=True)
        while True:
            await asyncio.sleep(3600)

    asyncio.run(main())
    return 0


# ---- the database ------------------------------------------------------------------------


class Postgres:
    """A throwaway cluster we can stop with `-m immediate` and start again on the same port."""

    def __init__(self, root: Path) -> None:
        bin_dir, run_as = find_bin_dir(), server_user()
        if bin_dir is None or run_as is None:
            raise RuntimeError("PostgreSQL server binaries (or a user to run them) not found")
        self.bin_dir, self.run_as = bin_dir, run_as
        self.root, self.data = root, root / "data"
        if "user" in run_as:
            os.chown(root, run_as["user"], run_as["group"])
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self._run("initdb", "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C")
        self.start()

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin_dir / tool), "-D", str(self.data), *args]
        subprocess.run(command, check=True, capture_output=True, cwd=self.root, **self.run_as)

    def start(self) -> None:
        options = f"-h 127.0.0.1 -p {self.port} -k {self.root}"
        self._run("pg_ctl", "-l", str(self.root / "server.log"), "-o", options, "-w", "start")

    def stop_immediately(self) -> None:
        self._run("pg_ctl", "-m", "immediate", "-w", "stop")

    def url(self) -> str:
        admin = URL.create("postgresql+psycopg", "postgres", None, "127.0.0.1", self.port)
        engine = create_engine(admin.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.exec_driver_sql("CREATE DATABASE homeward_faults")
        engine.dispose()
        return admin.set(database="homeward_faults").render_as_string(hide_password=False)


@contextmanager
def database(backend: str, root: Path) -> Iterator[tuple[str, Postgres | None]]:
    if backend == "sqlite":
        yield f"sqlite:///{root / 'homeward.sqlite3'}", None
        return
    server = Postgres(root)
    try:
        yield server.url(), server
    finally:
        with suppress(subprocess.CalledProcessError):
            server.stop_immediately()


def seed(url: str, profile: Profile, first_due: datetime) -> None:
    engine = make_engine(url)
    migrate(engine)
    sessions = make_session_factory(engine)
    now = wall()
    with sessions() as session:
        team = create_team(session, "Faults", "staffordshire").id
        lead = create_staff(session, "Dara Lead", Role.DISTRICT_OPERATIONAL_LEAD, now=now).id
        manager = create_staff(
            session, "Mo Manager", Role.TEAM_MANAGER, now=now, team_id=team, line_manager_id=lead
        ).id
        per_child = 10
        for child_index in range(0, profile.tasks, per_child):
            worker = create_staff(
                session,
                f"Sol Worker {child_index}",
                Role.SOCIAL_WORKER,
                now=now,
                team_id=team,
                line_manager_id=manager,
            ).id
            child = create_child(
                session,
                "Ash",
                f"Example{child_index}",
                LegalStatus.LOOKED_AFTER,
                team,
                allocated_social_worker_id=worker,
            ).id
            episode = open_episode(session, child, now, now, None)
            tasks = []
            for i in range(child_index, min(child_index + per_child, profile.tasks)):
                due = first_due + timedelta(seconds=profile.window * i / max(profile.tasks, 1))
                tasks.append(
                    Task(
                        key=f"notify:team_manager#{i}",
                        code="notify:team_manager",
                        title=f"Inform the team manager ({i})",
                        due=due,
                        assignee=Role.SOCIAL_WORKER,
                        source="invented §1",
                        status=TaskStatus.OPEN,
                        episode=episode.number,
                    )
                )
            sync_tasks(session, episode.id, tasks, now)
        session.commit()
    engine.dispose()


# ---- the driver --------------------------------------------------------------------------


class Service:
    """The service process, killed and restarted at will."""

    def __init__(self, url: str, record: Path, log: Path, profile: Profile) -> None:
        self._command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--serve",
            url,
            "--record",
            str(record),
            "--fault-rate",
            str(profile.fault_rate),
            "--self-kill-rate",
            str(profile.self_kill_rate),
        ]
        self._log = log.open("ab")
        self.kills = 0
        self.process = self._spawn()

    def _spawn(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(self._command, stdout=self._log, stderr=self._log)

    def revive_if_dead(self) -> None:
        """A sender that killed itself counts as a kill cycle; start a new process."""
        if self.process.poll() is not None:
            self.kills += self.process.returncode == -signal.SIGKILL
            self.process = self._spawn()

    def kill_and_restart(self) -> None:
        self.revive_if_dead()
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.kills += 1
        self.process = self._spawn()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
        self._log.close()


def _arrivals(record: Path) -> list[tuple[int, float, bool]]:
    if not record.exists():
        return []
    found = []
    for line in record.read_text().splitlines():
        parts = line.split()
        if len(parts) == 4:
            found.append((int(parts[0]), float(parts[2]), parts[3] == "1"))
    return found


def _steps(url: str) -> dict[int, tuple[int, str, datetime]]:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            rows = session.execute(
                select(Delivery.id, Delivery.task_id, Delivery.stage, Delivery.planned_at)
            )
            return {row[0]: (row[1], row[2], row[3]) for row in rows}
    finally:
        engine.dispose()


def _dump(url: str, path: Path) -> None:
    """Every delivery row, for reading a run afterwards (HOMEWARD_KEEP_FAULT_RUN=1)."""
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            rows = session.scalars(select(Delivery).order_by(Delivery.task_id, Delivery.id))
            path.write_text(
                "".join(
                    f"{r.id} {r.task_id} {r.stage} {r.status} {r.attempts} {r.maybe_sent} "
                    f"planned={r.planned_at.isoformat()} claimed={r.claimed_at.isoformat()} "
                    f"retry={r.retry_at.isoformat() if r.retry_at else '-'}\n"
                    for r in rows
                )
            )
    finally:
        engine.dispose()


def _sleep_watching(service: Service, seconds: float) -> None:
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        time.sleep(min(0.2, left))
        service.revive_if_dead()


def run(profile: Profile, backend: str, seed_value: int = 7) -> dict[str, Any]:
    rng = random.Random(seed_value)
    root = Path(tempfile.mkdtemp(prefix="homeward-faults-"))
    record, log = root / "arrived.txt", root / "service.log"
    outages = 0
    try:
        with database(backend, root) as (url, server):
            first_due = wall() + timedelta(seconds=START)
            seed(url, profile, first_due)
            task_count = profile.tasks
            service = Service(url, record, log, profile)
            try:
                # Faults while the tasks fall due, and until enough kill cycles have happened.
                faults_end = time.monotonic() + START + profile.window
                outage_at = time.monotonic() + START + profile.window / 3
                while profile.kills and (
                    time.monotonic() < faults_end or service.kills < profile.kills
                ):
                    _sleep_watching(service, rng.uniform(*profile.kill_every))
                    outage_due = server is not None and profile.outage and not outages
                    if outage_due and time.monotonic() >= outage_at:
                        assert server is not None
                        server.stop_immediately()
                        outages += 1
                        _sleep_watching(service, profile.outage)
                        server.start()
                        continue
                    service.kill_and_restart()
                # Let the last steps arrive, then count.
                settle_end = max(time.monotonic(), faults_end) + profile.settle
                expected = task_count * len(EXPECTED_STAGES)
                while time.monotonic() < settle_end:
                    _sleep_watching(service, 2.0)
                    steps = _steps(url)
                    got = {steps[d][:2] for d, _, _ in _arrivals(record) if d in steps}
                    if len([s for s in got if s[1] in EXPECTED_STAGES]) >= expected:
                        break
            finally:
                service.stop()
            steps = _steps(url)
            if os.environ.get("HOMEWARD_KEEP_FAULT_RUN"):
                _dump(url, root / "deliveries.txt")
    finally:
        arrivals = _arrivals(record)
        kept = os.environ.get("HOMEWARD_KEEP_FAULT_RUN")
        if not kept:
            shutil.rmtree(root, ignore_errors=True)
    first: dict[tuple[int, str], float] = {}
    total = 0
    for delivery, at, _marked in arrivals:
        if delivery not in steps:
            continue
        task_id, stage, planned = steps[delivery]
        if stage not in EXPECTED_STAGES:
            continue
        total += 1
        key = (task_id, stage)
        lateness = at - planned.timestamp()
        first[key] = min(first.get(key, lateness), lateness)
    expected = task_count * len(EXPECTED_STAGES)
    return {
        "kill_cycles": service.kills,
        "db_outages": outages,
        "sender_fault_rate": profile.fault_rate,
        "expected": expected,
        "sent": len(first),
        "lost": expected - len(first),
        "duplicated": total - len(first),
        "max_lateness_s": round(max(first.values(), default=0.0), 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="under 5 minutes")
    size.add_argument("--smoke", action="store_true", help="the short profile make test runs")
    size.add_argument("--calm", action="store_true", help="no faults: lateness when all is well")
    parser.add_argument("--backend", choices=("postgresql", "sqlite"), default=None)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--record", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--fault-rate", type=float, default=0.0, help=argparse.SUPPRESS)
    parser.add_argument("--self-kill-rate", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        return serve(args.serve, args.record, args.fault_rate, args.self_kill_rate)
    name = "quick" if args.quick else "smoke" if args.smoke else "calm" if args.calm else "full"
    profile = PROFILES[name]
    backend = args.backend or (
        "postgresql" if find_bin_dir() and server_user() is not None else "sqlite"
    )
    result = run(profile, backend, args.seed)
    if args.json:
        print(json.dumps(result))
    else:
        for name, value in result.items():
            print(f"{name}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
