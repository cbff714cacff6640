"""How long the data-out commands take on generated data; prints one JSON object.

    .venv/bin/python benchmarks/reports_benchmark.py [--quick] [--children N] [--days N]
        [--keep DIR]

Generates invented children and episodes (tests/reports/generated.py, through storage's own
functions) into a temporary SQLite file, then times `export --json`, the SSDA903 Missing table,
and the meeting pack (figures, charts and PDF). --keep writes the pack, its CSVs and charts to
DIR (the sample charts in docs/reports.md come from this).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from reports.episode_export import export
from reports.meeting_pack import build, write_csvs, write_pdf
from reports.statutory import ssda903_missing
from storage.db import make_engine, make_session_factory, migrate
from storage.models import Episode

ROOT = Path(__file__).resolve().parents[1]
FIRST = date(2026, 1, 5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small run for CI")
    parser.add_argument("--children", type=int, default=120)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="write the pack, CSVs and charts here")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))  # the generator lives with the tests
    from tests.reports.generated import generate

    children, days = (12, 60) if args.quick else (args.children, args.days)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "bench.sqlite3"
        engine = make_engine(f"sqlite:///{path}")
        migrate(engine)
        sessions = make_session_factory(engine)
        started = time.perf_counter()
        with sessions() as session:
            generate(session, seed=args.seed, children=children, first=FIRST, days=days)
            session.commit()
        generated = time.perf_counter() - started
        last = FIRST + timedelta(days=days - 1)
        now = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
        figures: dict[str, object] = {"children": children, "days": days}
        with sessions() as session:
            figures["episodes"] = session.scalar(select(func.count()).select_from(Episode))
            figures["generate_s"] = round(generated, 2)
            figures["export_json_s"] = _timed(lambda: json.dumps(export(session, None, None)))
            figures["ssda903_s"] = _timed(lambda: ssda903_missing(session, FIRST, last))
            pack_start = time.perf_counter()
            pack = build(session, [], FIRST, last, now)
            figures["meeting_figures_s"] = round(time.perf_counter() - pack_start, 2)
        out = args.keep or Path(scratch) / "pack"
        out.mkdir(parents=True, exist_ok=True)
        figures["meeting_csv_s"] = _timed(lambda: write_csvs(pack, out))
        figures["meeting_pdf_and_charts_s"] = _timed(
            lambda: write_pdf(pack, out / "pack.pdf", charts=out)
        )
        figures["pdf_bytes"] = (out / "pack.pdf").stat().st_size
        engine.dispose()
    print(json.dumps(figures))
    return 0


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return round(time.perf_counter() - started, 2)


if __name__ == "__main__":
    sys.exit(main())
