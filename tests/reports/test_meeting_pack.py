"""The missing-meeting pack: figures on a hand-made year (clock changes, open episodes at the
period's edge) and on generated data, the PDF and the CSVs through the real command."""

from __future__ import annotations

import csv
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from bot.cli import main
from protocols.clock import parse_duration
from reports.meeting_figures import Figure, Threshold
from reports.meeting_pack import (
    build,
    child_histories,
    repeat_thresholds,
    summary,
    write_csvs,
)
from tests.reports.generated import generate
from tests.reports.world import database_file, episode, exit_code, populate

LATER = datetime(2028, 1, 1, tzinfo=UTC)


def _pairs(figure: Figure) -> dict[object, object]:
    return {row[0]: row[1] for row in figure.rows}


def test_autumn_clock_change_lands_on_sunday_midnight(session: Session) -> None:
    populate(session)
    pack = build(session, ["Northgate"], date(2026, 10, 1), date(2026, 10, 31), LATER)
    grid = {row[0]: row[1:] for row in pack.figures.by_name("when_missing").rows}
    # 23:30 UTC on Saturday 24 October is 00:30 BST on Sunday 25 October.
    assert grid["00:00"][6] == 1 and grid["23:00"][5] == 0
    durations = _pairs(pack.figures.by_name("durations"))
    assert durations["1 to 3 days"] == 1  # 26 elapsed hours across the change
    weekly = {row[0]: row[1:] for row in pack.figures.by_name("episodes_per_week").rows}
    assert weekly["2026-10-19"] == (0, 1, 1)  # began away, in the week of Monday 19th


def test_open_episode_at_the_periods_edge(session: Session) -> None:
    populate(session)
    pack = build(session, [], date(2027, 3, 1), date(2027, 3, 31), LATER)
    durations = _pairs(pack.figures.by_name("durations"))
    # Ada's year-end episode (began 30 March) came back on 2 April: still away in this pack.
    assert durations["still away"] == 1
    # Cy's began in February and never ended: away at the end too, though not counted as begun.
    assert "2 still away at the end of the period." in summary(pack)
    histories = {c.external_id: rows for c, rows in child_histories(pack)}
    last = histories["C1001"][-1]
    assert last[3] == "" and last[4] == "still away"  # the April return is after the pack
    # the withdrawn episode is not part of the history
    assert [row[1] for row in histories["C1001"]] == [1, 2, 3, 5]


def test_return_interviews_and_hotspots(session: Session) -> None:
    populate(session)
    pack = build(session, ["Northgate"], date(2026, 3, 1), date(2026, 10, 31), LATER)
    interviews = _pairs(pack.figures.by_name("return_interviews"))
    assert interviews["within 72 hours"] == 1  # the spring one, at 50 hours
    assert interviews["declined"] == 1  # autumn
    assert interviews["not done within 72 hours"] == 2  # Ada in March, Bo in June
    assert interviews["share within 72 hours"] == "25%"
    assert interviews["national figure"] == "63%"
    places = [(row[1], row[2]) for row in pack.figures.by_name("hotspots").rows]
    assert places == [("Bus station", 1), ("Carrow retail park", 1)]
    risk = _pairs(pack.figures.by_name("risk_levels"))
    assert risk["high"] == 1


def test_repeat_thresholds_come_from_the_packs(session: Session) -> None:
    found = repeat_thresholds(["staffordshire", "thames_valley", "nowhere"])
    days90 = parse_duration("P90D")
    assert {Threshold(3, days90), Threshold(5, days90), Threshold(9, days90)} <= set(found)
    assert Threshold(2, parse_duration("P6M")) in found
    year = populate(session)
    start = datetime(2026, 5, 1, 20, 0, tzinfo=UTC)
    for day in range(0, 15, 3):  # five episodes in a fortnight
        episode(session, year.org.looked_after, start + timedelta(days=day),
                by=year.org.carer, returned_after=timedelta(hours=4))
    pack = build(session, ["Northgate"], date(2026, 5, 1), date(2026, 5, 31), LATER)
    row = pack.figures.by_name("repeat_children").rows[0]
    # Five in May, plus the two at the end of March: seven within 90 days of 13 May.
    assert row[0] == "Ada Quill" and row[2] == 5 and row[3] == 7
    assert "3 in 90 days" in str(row[4]) and "5 in 90 days" in str(row[4])
    assert "9 in 90 days" not in str(row[4])


def test_generated_figures_add_up(session: Session, tmp_path: Path) -> None:
    made = generate(session, seed=3, children=10, first=date(2026, 1, 5), days=90)
    assert made.episodes > 10
    pack = build(session, [], date(2026, 2, 1), date(2026, 3, 31), LATER)
    figures = pack.figures
    began = sum(int(str(r[3])) for r in figures.by_name("episodes_per_week").rows)
    assert began > 0
    assert sum(int(str(r[1])) for r in figures.by_name("durations").rows) == began
    assert sum(int(str(r[1])) for r in figures.by_name("risk_levels").rows) == began
    assert sum(int(str(v)) for r in figures.by_name("when_missing").rows for v in r[1:]) == began
    # A recurring task counts once per episode, however many reviews were missed.
    assert all(int(str(r[2])) <= len(pack.views) for r in figures.by_name("overdue_tasks").rows)
    written = write_csvs(pack, tmp_path / "csv")
    assert {p.name for p in written} >= {"hotspots.csv", "when_missing.csv", "child_histories.csv"}
    with (tmp_path / "csv" / "when_missing.csv").open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    assert header == ["hour", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] and len(rows) == 24


def test_meeting_command_writes_pdf_csv_and_charts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:

    db, _ = database_file(tmp_path)
    pdf, folder = tmp_path / "pack.pdf", tmp_path / "figures"
    argv = ["report", "meeting", "--db", str(db), "--team", "Northgate", "--from", "2026-03-01",
            "--to", "2026-10-31", "--out", str(pdf), "--csv-dir", str(folder)]
    assert main(argv) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert (folder / "when_missing.png").read_bytes().startswith(b"\x89PNG")
    assert (folder / "episodes_per_week.csv").exists()
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "Missing meeting pack: Northgate" in text
        assert "Ada Quill, 15: missing history" in text
        assert "said she went to Dee" in text  # what was learnt in the return interview
    capsys.readouterr()
    bad = ["report", "meeting", "--db", str(db), "--team", "Nowhere", "--from", "2026-03-01",
           "--to", "2026-03-31", "--out", str(pdf)]
    assert exit_code(bad) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("homeward: --team: no team called 'Nowhere'") and "\n" not in err
