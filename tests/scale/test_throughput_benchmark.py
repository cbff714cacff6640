"""The throughput benchmark's short profile: two worker processes on a throwaway PostgreSQL for
one second, printing one JSON object of the documented shape. Skipped, with the reason, where
the PostgreSQL server binaries are absent. The figure itself is in docs/scale.md."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.storage.pg_cluster import NO_BINARIES, NO_SERVER_USER, find_bin_dir, server_user

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "throughput_benchmark.py"


def test_two_processes_each_handle_carer_messages() -> None:
    if find_bin_dir() is None:
        pytest.skip(NO_BINARIES)
    if server_user() is None:
        pytest.skip(NO_SERVER_USER)
    command = [sys.executable, str(BENCHMARK), "--json", "--seconds", "1", "--start-after", "20"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1, done.stdout
    found = json.loads(lines[0])
    assert found["processes"] == 2 and len(found["per_process"]) == 2
    assert all(n > 0 for n in found["per_process"])
    assert found["carer_messages"] == sum(found["per_process"])
