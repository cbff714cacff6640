"""The fault-injection suite, short profile: the real reminder service as a separate process,
killed -9 at random points of the send path (by the driver, and by its own sender just before
and just after a message leaves), with 30 % of sends failing (500, 502, 429, read timeouts after
the message went, connection errors), on SQLite and, with an immediate PostgreSQL stop during
the run, on PostgreSQL. Nothing may be lost. The long profiles are
`benchmarks/reminders_faults.py --json [--quick]` (figures in docs/reminders.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.storage.pg_cluster import NO_BINARIES, NO_SERVER_USER, find_bin_dir, server_user

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "reminders_faults.py"


def _start(backend: str) -> subprocess.Popen[str]:
    command = [sys.executable, str(BENCHMARK), "--json", "--smoke", "--backend", backend]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _result(process: subprocess.Popen[str]) -> dict[str, float]:
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err[-3000:]
    lines = out.strip().splitlines()
    assert len(lines) == 1, out  # exactly one JSON object
    found: dict[str, float] = json.loads(lines[0])
    return found


KEYS = {
    "kill_cycles",
    "db_outages",
    "sender_fault_rate",
    "expected",
    "sent",
    "lost",
    "duplicated",
    "max_lateness_s",
}


@pytest.mark.postgres
def test_nothing_is_lost_under_kills_outages_and_a_failing_sender() -> None:
    # Both backends at once: the two runs mostly wait, so together they take one run's time.
    postgres_possible = find_bin_dir() is not None and server_user() is not None
    runs = {"sqlite": _start("sqlite")}
    if postgres_possible:
        runs["postgresql"] = _start("postgresql")
    results = {backend: _result(process) for backend, process in runs.items()}
    for backend, result in results.items():
        assert set(result) == KEYS, backend
        assert result["lost"] == 0, (backend, result)
        assert result["sent"] == result["expected"] > 0, (backend, result)
        assert result["kill_cycles"] >= 3, (backend, result)
        assert result["sender_fault_rate"] > 0
    if not postgres_possible:
        pytest.skip(NO_BINARIES if find_bin_dir() is None else NO_SERVER_USER)
    assert results["postgresql"]["db_outages"] == 1
