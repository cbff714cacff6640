"""Costs against history (issue 14): the same team's work measured in a small and a large
database, every episode generated through the project's own commands.

    .venv/bin/python benchmarks/scale_benchmark.py --json [--quick] [--sizes 1000,100000]

For each size, a fresh SQLite file is filled by `storage.people` and `storage.commands`
(`open_report`, then `record_return` a day later, each at its own instant, one commit per
batch): one measured team with a fixed history (`--team-episodes`, three children missing now)
and as many other teams as the size needs. Then, through the dialogue manager as a channel
calls it, with the real NLU: a carer's `status`, a manager's `status` (and its SQL statements),
a social worker's `help`, the manager's weekly summary; the reminder sweep; and `homeward run`'s
start-up on that file (seconds until the console is ready, and its resident memory then).
CPU figures are milliseconds of `time.process_time`, the median of `--repeat` runs: the
machine's other load barely moves them.

Prints exactly one JSON object: {"sizes": [{"episodes", "overdue_tasks", ...}, ...]}.
Targets: each per-operation figure at the large size within 1.5x of the small one; the sweep
under 100 ms CPU; start-up under 10 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import select
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Engine, Table, event, func, insert, or_
from sqlalchemy import select as sql_select
from sqlalchemy.orm import Session, sessionmaker

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dialogues.manager import DialogueManager  # noqa: E402
from dialogues.replies import Reply  # noqa: E402
from dialogues.understanding import Understanding  # noqa: E402
from nlu.parser import load_understanding  # noqa: E402
from protocols.vocabulary import Role, TaskStatus  # noqa: E402
from reminders.scheduler import ReminderService  # noqa: E402
from reminders.settings import OfficeHours, ReminderSettings  # noqa: E402
from storage.commands import open_report, record_return  # noqa: E402
from storage.db import make_engine, make_session_factory, migrate  # noqa: E402
from storage.models import Base, Child, Episode, TaskRecord  # noqa: E402
from storage.people import create_child, create_staff, create_team, link_carer  # noqa: E402

PROTOCOL = "staffordshire"
CHILDREN_PER_WORKER = 25
CHILDREN_PER_CARER = 2
EPISODES_PER_CHILD = 10
GAP = timedelta(days=15)  # between a child's episodes
AWAY = timedelta(hours=20)  # each past episode: missing this long, then back
MISSING_NOW = 3  # the measured team's children missing while we measure
BATCH = 500  # episodes per commit
READY_TIMEOUT = 120.0


@dataclass(frozen=True)
class Team:
    manager: int
    workers: list[int]
    carers: list[int]
    children: list[int]


@dataclass(frozen=True)
class Measured:
    """Who the per-message figures are measured as (all in the measured team)."""

    manager: int
    worker: int
    carer: int


def _make_team(session: Session, n: int, children: int, now: datetime) -> Team:
    since = now - timedelta(days=3650)
    team = create_team(session, f"Team {n}", PROTOCOL).id
    manager = create_staff(session, f"Manager {n}", Role.TEAM_MANAGER, now=since, team_id=team).id
    workers = [
        create_staff(
            session,
            f"Worker {n}.{w}",
            Role.SOCIAL_WORKER,
            now=since,
            team_id=team,
            line_manager_id=manager,
        ).id
        for w in range(max(1, children // CHILDREN_PER_WORKER))
    ]
    carers = [
        create_staff(session, f"Carer {n}.{c}", Role.CARER, now=since, team_id=team).id
        for c in range(max(1, children // CHILDREN_PER_CARER))
    ]
    kids: list[int] = []
    for c in range(children):
        child = create_child(
            session,
            f"Child{n}x{c}",
            f"Family{n}",
            "looked_after",
            team,
            allocated_social_worker_id=workers[c % len(workers)],
            placement_type="foster",
        ).id
        link_carer(session, child, carers[c % len(carers)])
        kids.append(child)
    return Team(manager, workers, carers, kids)


def _history(
    sessions: sessionmaker[Session], team: Team, episodes: int, now: datetime, missing: int
) -> None:
    """`episodes` past episodes spread over the team's children, oldest first per child, then
    `missing` children reported missing a few hours ago; one commit per batch."""
    per_child = [episodes // len(team.children)] * len(team.children)
    for i in range(episodes % len(team.children)):
        per_child[i] += 1
    done = 0
    session = sessions()
    try:
        for index, (child, count) in enumerate(zip(team.children, per_child, strict=True)):
            carer = team.carers[index % len(team.carers)]
            for k in range(count):
                start = now - (count - k + 1) * GAP - timedelta(minutes=7 * index)
                opened = open_report(
                    session, carer, child, last_seen=start, now=start + timedelta(hours=1)
                )
                back = start + AWAY
                record_return(session, carer, opened.episode_id, at=back, now=back)
                done += 1
                if done % BATCH == 0:
                    session.commit()
        for index, child in enumerate(team.children[:missing]):
            carer = team.carers[index % len(team.carers)]
            start = now - timedelta(hours=5 + index)
            open_report(session, carer, child, last_seen=start, now=start + timedelta(hours=1))
        session.commit()
    finally:
        session.close()


# The tables one team's block of rows spans, parents first (what `_clone_team` copies).
BLOCK = [
    "teams",
    "staff",
    "children",
    "child_carers",
    "episodes",
    "episode_category_changes",
    "episode_risk_assessments",
    "episode_events",
    "tasks",
]


def _block_filter(table: Table, team_id: int) -> ColumnElement[bool]:
    """Which rows of `table` belong to the team's block."""
    tables = Base.metadata.tables
    children = sql_select(tables["children"].c.id).where(tables["children"].c.team_id == team_id)
    episodes = sql_select(tables["episodes"].c.id).where(
        tables["episodes"].c.child_id.in_(children)
    )
    if table.name == "teams":
        return table.c.id == team_id
    if table.name in ("staff", "children"):
        return table.c.team_id == team_id
    if table.name in ("child_carers", "episodes"):
        return table.c.child_id.in_(children)
    return table.c.episode_id.in_(episodes)


def _clone_team(session: Session, team_id: int, copy: int) -> None:
    """A copy of the team's whole block (people, children, episodes, their log and tasks) with
    fresh ids: the same history the commands wrote, at SQL speed, for the large sizes."""
    tables = Base.metadata.tables
    offsets = {
        name: int(session.scalar(sql_select(func.max(tables[name].c.id))) or 0) for name in BLOCK
    }
    for name in BLOCK:
        table = tables[name]
        columns: list[Any] = []
        for column in table.c:
            references = [fk.column.table.name for fk in column.foreign_keys]
            if column.primary_key:
                columns.append(column + offsets[name])
            elif references and references[0] in offsets:
                columns.append(column + offsets[references[0]])
            elif name == "teams" and column.name == "name":
                columns.append(column + f" copy {copy}")
            else:
                columns.append(column)
        session.execute(
            insert(table).from_select(
                [c.name for c in table.c],
                sql_select(*columns).where(_block_filter(table, team_id)),
            )
        )


def generate(
    url: str, episodes: int, team_episodes: int, now: datetime, team_size: int = 100
) -> Measured:
    """The measured team's history and one other team's through the commands; the remaining
    teams as copies of that other team's rows (`_clone_team`)."""
    engine = make_engine(url)
    try:
        migrate(engine)
        sessions = make_session_factory(engine)
        with sessions() as session:
            measured = _make_team(session, 0, team_size, now)
            session.commit()
        _history(sessions, measured, min(team_episodes, episodes), now, MISSING_NOW)
        rest = max(episodes - team_episodes, 0)
        per_team = team_size * EPISODES_PER_CHILD
        if rest:
            with sessions() as session:
                template = _make_team(session, 1, team_size, now)
                session.commit()
            _history(sessions, template, min(per_team, rest), now, 0)
            with sessions() as session:
                template_team = session.get(Child, template.children[0])
                assert template_team is not None
                for copy in range(1, (rest + per_team - 1) // per_team):
                    _clone_team(session, template_team.team_id, copy)
                    session.commit()
        return Measured(measured.manager, measured.workers[0], measured.carers[0])
    finally:
        engine.dispose()


def count_episodes(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return int(session.scalar(sql_select(func.count()).select_from(Episode)) or 0)


class StatementCounter:
    def __init__(self, engine: Engine) -> None:
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *args: Any) -> None:
        self.count += 1


def cpu_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        action()
        times.append((time.process_time() - start) * 1000)
    return round(statistics.median(times), 2)


def overdue_tasks(sessions: sessionmaker[Session], now: datetime) -> int:
    with sessions() as session:
        return int(
            session.scalar(
                sql_select(func.count())
                .select_from(TaskRecord)
                .where(
                    or_(
                        TaskRecord.status == TaskStatus.OVERDUE.value,
                        (TaskRecord.status == TaskStatus.OPEN.value) & (TaskRecord.due_at < now),
                    )
                )
            )
            or 0
        )


def measure_messages(
    url: str, who: Measured, nlu: Understanding, now: datetime, repeat: int
) -> dict[str, float | int]:
    engine = make_engine(url)
    try:
        sessions = make_session_factory(engine)
        manager = DialogueManager(sessions, nlu)
        counter = StatementCounter(engine)

        def say(staff_id: int, text: str) -> Callable[[], object]:
            return lambda: manager.handle(staff_id, text, now)

        for staff_id, text in [(who.carer, "status"), (who.manager, "status")]:
            say(staff_id, text)()  # warm: caches, first notices marked seen
        before = counter.count
        say(who.manager, "status")()
        status_sql = counter.count - before
        return {
            "episodes": count_episodes(sessions),
            "overdue_tasks": overdue_tasks(sessions, now),
            "carer_message_cpu_ms": cpu_ms(say(who.carer, "status"), repeat),
            "manager_status_cpu_ms": cpu_ms(say(who.manager, "status"), repeat),
            "manager_status_sql": status_sql,
            "help_cpu_ms": cpu_ms(say(who.worker, "help"), repeat),
            "weekly_summary_cpu_ms": cpu_ms(say(who.manager, "weekly summary"), repeat),
        }
    finally:
        engine.dispose()


class Accepting:
    """An outbound channel that takes every reminder at once: the sweep's own cost is measured."""

    async def deliver(self, staff_id: int, reply: Reply) -> bool:
        return True


async def _ticks(url: str, now: datetime, repeat: int) -> float:
    engine = make_engine(url)
    service = ReminderService(
        engine,
        Accepting(),
        lambda: now,
        ReminderSettings(office_hours=OfficeHours()),  # round the clock: no office calendar
        to_real=lambda instant: instant + timedelta(days=3650),  # only our sweeps run
    )
    try:
        await service.start()  # leads, and its first sweep catches up on everything due
        return _median([await _one_tick(service) for _ in range(repeat)])
    finally:
        service.shutdown()
        engine.dispose()


async def _one_tick(service: ReminderService) -> float:
    start = time.process_time()
    await service.tick()
    return (time.process_time() - start) * 1000


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 2)


def measure_sweep(url: str, now: datetime, repeat: int) -> dict[str, float]:
    """CPU of one steady-state reminder sweep (after the catch-up), as the scheduler runs it."""
    return {"sweep_cpu_ms": asyncio.run(_ticks(url, now, repeat))}


@contextmanager
def homeward_run(path: Path) -> Iterator[subprocess.Popen[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "HOMEWARD_D"))}
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "homeward"), "run", "--db", str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        yield process
    finally:
        if process.stdin:
            process.stdin.close()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def measure_startup(path: Path, timeout: float) -> dict[str, float | None]:
    """Seconds until `homeward run` offers the console's first prompt, and its memory then;
    startup_s is null when it was not ready within `timeout` (memory is read at that point)."""
    start = time.perf_counter()
    with homeward_run(path) as process:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], timeout)
        if ready:
            process.stdout.readline()
        startup = time.perf_counter() - start
        rss_kb = 0
        for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss_kb = int(line.split()[1])
    return {"startup_s": round(startup, 2) if ready else None, "rss_mb": round(rss_kb / 1024, 1)}


def measure_size(
    folder: Path, episodes: int, args: argparse.Namespace, nlu: Understanding
) -> dict[str, float | int | None]:
    path = folder / f"scale-{episodes}.sqlite3"
    url = f"sqlite:///{path}"
    now = datetime.now(UTC).replace(microsecond=0)
    began = time.perf_counter()
    who = generate(url, episodes, args.team_episodes, now, args.team_size)
    generated = time.perf_counter() - began
    figures: dict[str, float | int | None] = {}
    figures |= measure_messages(url, who, nlu, now, args.repeat)
    figures |= measure_startup(path, args.startup_timeout)
    figures |= measure_sweep(url, now, max(1, min(args.repeat, 5)))
    figures["generate_s"] = round(generated, 1)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print JSON (the only output)")
    parser.add_argument("--quick", action="store_true", help="1k and 20k episodes")
    parser.add_argument("--sizes", help="comma-separated episode counts (default 1000,100000)")
    parser.add_argument("--team-episodes", type=int, default=500)
    parser.add_argument("--team-size", type=int, default=100, help="children per team")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--startup-timeout", type=float, default=READY_TIMEOUT)
    args = parser.parse_args(argv)
    sizes = (
        [int(s) for s in args.sizes.split(",")]
        if args.sizes
        else [1000, 20000]
        if args.quick
        else [1000, 100000]
    )
    nlu = load_understanding()
    with tempfile.TemporaryDirectory(prefix="homeward-scale-") as folder:
        results = [measure_size(Path(folder), n, args, nlu) for n in sizes]
    print(json.dumps({"sizes": results}, indent=None if args.json else 2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
