"""The scale benchmark's short profile: tiny histories, checking that it runs end to end (the
commands, the copies, every measured operation, `homeward run`'s start-up) and prints exactly
one JSON object of the documented shape. The figures themselves come from
`benchmarks/scale_benchmark.py --json [--quick]` (docs/scale.md); tests assert no timings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "scale_benchmark.py"
KEYS = {
    "episodes",
    "overdue_tasks",
    "carer_message_cpu_ms",
    "manager_status_cpu_ms",
    "manager_status_sql",
    "help_cpu_ms",
    "weekly_summary_cpu_ms",
    "sweep_cpu_ms",
    "startup_s",
    "rss_mb",
}


def test_the_benchmark_prints_one_object_per_size() -> None:
    command = [
        sys.executable,
        str(BENCHMARK),
        "--json",
        "--sizes",
        "20,150",
        "--team-episodes",
        "10",
        "--team-size",
        "4",
        "--repeat",
        "1",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1, done.stdout
    sizes = json.loads(lines[0])["sizes"]
    # The measured team's 10 and 3 missing now; then 10, or 40 and three copies of them.
    assert [s["episodes"] for s in sizes] == [23, 173]
    for size in sizes:
        assert set(size) >= KEYS
        assert all(isinstance(size[k], int | float) and size[k] >= 0 for k in KEYS)
    # Same team, more history elsewhere: the manager's screen takes the same statements.
    assert sizes[0]["manager_status_sql"] == sizes[1]["manager_status_sql"]
    assert sizes[1]["overdue_tasks"] > sizes[0]["overdue_tasks"]
