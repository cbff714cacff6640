"""Every statement of the screens issue 14 bounded reads by index, checked without timing.

A carer's status, a manager's status (and its next page), a social worker's status and `help`,
and the manager's weekly summary are sent through the dialogue manager on a small history
built by the scale benchmark's own generator; `EXPLAIN QUERY PLAN` of each statement they run
(on SQLite) must show no full scan of a table and no walk of the tasks' status index.

Why the status index: the open and overdue tasks grow with history (a closed episode keeps its
missed tasks), so a statement that starts there reads every such task in the database and
filters by team afterwards. That is how the out-of-hours cover read (`storage.cover`) made the
manager's status grow again, from 37 to 224 ms CPU between 1k and 20k episodes, with no full
scan in its plan. Queries that name their episodes wrap the status (`storage.queries.past_due`,
`actionable`) so SQLite reads those episodes' tasks by the episode index instead.

SQLite keeps no statistics unless told to (nothing here runs ANALYZE), so the plans it picks
on this small history are the ones it picks on a large one.
"""

from __future__ import annotations

import importlib.util
import sys
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy import event

from dialogues.manager import DialogueManager
from storage.db import make_engine, make_session_factory
from storage.models import Base
from tests.dialogues.nlu_once import understanding

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "scale_benchmark.py"
NOW = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
# Index walks whose rows grow with history even though the plan says SEARCH.
HISTORY_WALKS = ("USING INDEX ix_tasks_status_due_at",)


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("scale_benchmark_plans", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def _faults(plan: list[str]) -> list[str]:
    """The plan's lines that read a whole table or walk history: `SCAN <table>` (with or
    without an index: no constraint either way) and the walks named above. `SCAN CONSTANT
    ROW` and `SCAN (subquery-1)` are SQLite's own rows, not a table."""
    tables = set(Base.metadata.tables)
    faults = []
    for line in plan:
        words = line.split()
        whole = words[:1] == ["SCAN"] and len(words) > 1 and words[1] in tables
        if whole or any(walk in line for walk in HISTORY_WALKS):
            faults.append(line)
    return faults


def test_no_screen_reads_a_table_whole_or_walks_the_history_of_tasks(tmp_path: Path) -> None:
    scale = _benchmark()
    url = f"sqlite:///{tmp_path / 'plans.sqlite3'}"
    # The measured team (4 children, 10 past episodes, 3 missing now) and three other teams.
    who = scale.generate(url, 90, 10, NOW, team_size=4)
    engine = make_engine(url)
    statements: list[tuple[str, str, Any]] = []
    asked = ""

    def seen(_c: Any, _k: Any, sql: str, parameters: Any, _x: Any, many: bool) -> None:
        # A batch (executemany) has one plan: its first row's parameters explain it.
        statements.append((asked, sql, parameters[0] if many else parameters))

    try:
        manager = DialogueManager(make_session_factory(engine), understanding())
        event.listen(engine, "after_cursor_execute", seen)
        for staff_id, text in [
            (who.carer, "status"),
            (who.manager, "status"),
            (who.manager, "tasks:more:4"),
            (who.worker, "status"),
            (who.worker, "help"),
            (who.manager, "weekly summary"),
        ]:
            asked = f"{text!r} by staff {staff_id}"
            manager.handle(staff_id, text, NOW)
        event.remove(engine, "after_cursor_execute", seen)

        read = [s for s in statements if not s[1].lstrip().upper().startswith("INSERT")]
        assert len({a for a, _, _ in read}) == 6  # every screen ran statements
        found: list[str] = []
        connection = engine.raw_connection()
        try:
            cursor = connection.cursor()
            for asked_as, sql, parameters in read:
                cursor.execute("EXPLAIN QUERY PLAN " + sql, parameters)
                plan = [str(row[3]) for row in cursor.fetchall()]
                found += [f"{asked_as}: {f}\n  in {' '.join(sql.split())}" for f in _faults(plan)]
        finally:
            connection.close()
        assert not found, "\n".join(found)
    finally:
        engine.dispose()


def test_the_check_sees_a_walk_of_the_status_index() -> None:
    # The plan the out-of-hours cover read had before it was scoped to the covered teams.
    before = [
        "SEARCH tasks USING INDEX ix_tasks_status_due_at (status=?)",
        "SEARCH episodes USING INTEGER PRIMARY KEY (rowid=?)",
        "SCAN CONSTANT ROW",
        "SCAN (subquery-1)",
    ]
    assert _faults(before) == [before[0]]
    assert _faults(["SCAN episode_events", "SCAN tasks USING INDEX ix_x"]) == [
        "SCAN episode_events",
        "SCAN tasks USING INDEX ix_x",
    ]
