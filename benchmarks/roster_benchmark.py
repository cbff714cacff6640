"""Roster import at a county's size: teams, staff and children written as the three CSVs, then
`homeward roster import`'s steps timed on a fresh SQLite file.

    .venv/bin/python benchmarks/roster_benchmark.py [--children 3000] [--quick]

Prints JSON: seconds for reading and checking the files, the first import, a second import of
the same files (no changes), an import where a tenth of the children move placement and social
worker, an export, and `homeward check`'s gap-finding.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storage.db import make_engine, make_session_factory, migrate  # noqa: E402
from storage.roster_check import find_gaps  # noqa: E402
from storage.roster_export import export_roster  # noqa: E402
from storage.roster_import import apply_roster  # noqa: E402
from storage.roster_rows import read_roster  # noqa: E402

T = TypeVar("T")
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
CHILDREN_PER_WORKER = 15
CHILDREN_PER_CARER = 2


def write_files(folder: Path, children: int, *, moved: bool = False) -> None:
    teams = max(1, children // 150)
    workers = max(1, children // CHILDREN_PER_WORKER)
    carers = max(1, children // CHILDREN_PER_CARER)
    lines = ["team,protocol,out_of_hours_team", "Duty,staffordshire,"]
    lines += [f"Team {t},staffordshire,Duty" for t in range(teams)]
    (folder / "teams.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    staff = [
        "staff_id,name,role,team,line_manager_id,active",
        "DOL,Dana Lead,district_operational_lead,Team 0,,yes",
        "EDT,Eli Duty,emergency_duty_team,Duty,DOL,yes",
    ]
    staff += [f"TM{t},Manager {t},team_manager,Team {t},DOL,yes" for t in range(teams)]
    staff += [
        f"SW{w},Worker {w},social_worker,Team {w % teams},TM{w % teams},yes" for w in range(workers)
    ]
    staff += [f"FC{c},Carer {c},carer,Team {c % teams},TM{c % teams},yes" for c in range(carers)]
    (folder / "staff.csv").write_text("\n".join(staff) + "\n", encoding="utf-8")
    rows = [
        "child_id,given_name,family_name,date_of_birth,legal_status,team,social_worker_id,"
        "placement_type,carer_ids"
    ]
    for n in range(children):
        shift = 1 if moved and n % 10 == 0 else 0
        worker = (n // CHILDREN_PER_WORKER + shift) % workers
        carer = (n // CHILDREN_PER_CARER + shift) % carers
        rows.append(
            f"C{n},Child{n},Family{n},2011-01-{1 + n % 28:02d},looked_after,"
            f"Team {worker % teams},SW{worker},foster,FC{carer}"
        )
    (folder / "children.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def timed(action: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = action()
    return round(time.perf_counter() - start, 3), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, default=3000)
    parser.add_argument("--quick", action="store_true", help="300 children")
    args = parser.parse_args()
    children = 300 if args.quick else args.children
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        files = folder / "files"
        files.mkdir()
        write_files(files, children)
        engine = make_engine(f"sqlite:///{folder / 'bench.sqlite3'}")
        migrate(engine)
        sessions = make_session_factory(engine)

        def known(protocol: str) -> bool:
            return True  # the pack loader is not what is measured

        read_s, roster = timed(lambda: read_roster(files, known))

        def load(hours: int) -> int:
            with sessions() as session:
                report = apply_roster(
                    session, read_roster(files, known), now=NOW + timedelta(hours=hours)
                )
                session.commit()
                return len(report.changes)

        first_s, first = timed(lambda: load(0))
        again_s, again = timed(lambda: load(1))
        write_files(files, children, moved=True)
        moved_s, moved = timed(lambda: load(2))
        with sessions() as session:
            export_s, _ = timed(lambda: export_roster(session, folder / "out"))
            check_s, gaps = timed(lambda: find_gaps(session, channels=()))
        engine.dispose()
    print(
        json.dumps(
            {
                "children": children,
                "staff": len(roster.staff),
                "read_and_check_s": read_s,
                "first_import_s": first_s,
                "first_import_changes": first,
                "second_import_s": again_s,
                "second_import_changes": again,
                "tenth_moved_import_s": moved_s,
                "tenth_moved_changes": moved,
                "export_s": export_s,
                "check_s": check_s,
                "gaps": len(gaps),
            }
        )
    )


if __name__ == "__main__":
    main()
