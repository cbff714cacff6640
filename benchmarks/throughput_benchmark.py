"""Carer messages per second in total, with several processes on one PostgreSQL (issue 14).

    .venv/bin/python benchmarks/throughput_benchmark.py --json [--processes 2] [--seconds 10]

Starts a throwaway PostgreSQL server (as the storage tests do; needs its binaries), fills a
database through `storage.people` and `storage.commands` (teams of carers, each with a child,
a third of the children missing now), then runs `--processes` worker processes at once, each
with its own engine, dialogue manager and real NLU, sending its share of the carers' messages
(`status`, which reads the carer's children, episodes and tasks, their notices, and writes the
conversation state and the read log) one after another for `--seconds`. Prints one JSON object:
messages handled in total, per second in total, and per process. Target: at least 100/s with
two processes.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from scale_benchmark import _make_team  # noqa: E402

from storage.commands import open_report  # noqa: E402
from storage.db import make_engine, make_session_factory, migrate  # noqa: E402
from tests.storage.pg_cluster import (  # noqa: E402
    NO_BINARIES,
    NO_SERVER_USER,
    find_bin_dir,
    scratch_database,
    server_user,
    throwaway_cluster,
)

TEAMS = 4
CHILDREN_PER_TEAM = 50
WARM_UP = 20  # messages each worker sends before the clock starts


def seed(url: str, now: datetime) -> list[int]:
    """The carers, after teams and children are made and every third child reported missing."""
    engine = make_engine(url)
    try:
        migrate(engine)
        sessions = make_session_factory(engine)
        carers: list[int] = []
        with sessions() as session:
            for n in range(TEAMS):
                team = _make_team(session, n, CHILDREN_PER_TEAM, now)
                for index, child in enumerate(team.children):
                    carer = team.carers[index % len(team.carers)]
                    if index % 3 == 0:
                        start = now - timedelta(hours=3)
                        open_report(session, carer, child, last_seen=start, now=start)
                carers.extend(team.carers)
            session.commit()
        return carers
    finally:
        engine.dispose()


def worker(url: str, carers: list[int], start_at: float, seconds: float) -> int:
    """Messages handled between `start_at` and `start_at + seconds` (wall clock)."""
    from dialogues.manager import DialogueManager
    from nlu.parser import load_understanding

    engine = make_engine(url)
    manager = DialogueManager(make_session_factory(engine), load_understanding())
    now = datetime.now(UTC)
    for n in range(WARM_UP):
        manager.handle(carers[n % len(carers)], "status", now)
    while time.time() < start_at:
        time.sleep(0.01)
    done = 0
    while time.time() < start_at + seconds:
        manager.handle(carers[done % len(carers)], "status", now)
        done += 1
    engine.dispose()
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print JSON (the only output)")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument(
        "--start-after", type=float, default=30.0, help="seconds for the workers to warm up"
    )
    parser.add_argument("--worker", nargs=4, metavar=("URL", "CARERS", "START", "SECONDS"))
    args = parser.parse_args(argv)
    if args.worker:
        url, carers, start_at, seconds = args.worker
        ids = [int(c) for c in carers.split(",")]
        print(worker(url, ids, float(start_at), float(seconds)))
        return 0
    bin_dir = find_bin_dir()
    run_as = server_user()
    if bin_dir is None or run_as is None:
        print(NO_BINARIES if bin_dir is None else NO_SERVER_USER, file=sys.stderr)
        return 2
    with throwaway_cluster(bin_dir, run_as) as admin, scratch_database(admin) as url:
        carers = seed(url, datetime.now(UTC).replace(microsecond=0))
        # Time for every worker to start, load the NLU and warm up before the clock starts.
        start_at = time.time() + args.start_after
        shares = [carers[p :: args.processes] for p in range(args.processes)]
        processes = [
            subprocess.Popen(
                [
                    sys.executable,
                    __file__,
                    "--worker",
                    url,
                    ",".join(map(str, share)),
                    str(start_at),
                    str(args.seconds),
                ],
                stdout=subprocess.PIPE,
                text=True,
            )
            for share in shares
        ]
        counts = [int(p.communicate()[0].strip().splitlines()[-1]) for p in processes]
    total = sum(counts)
    print(
        json.dumps(
            {
                "processes": args.processes,
                "seconds": args.seconds,
                "carer_messages": total,
                "carer_messages_per_s": round(total / args.seconds, 1),
                "per_process": counts,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
