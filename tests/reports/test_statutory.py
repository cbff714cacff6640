"""The SSDA903 Missing table, the SSD's ssd_missing and Annex A list 8 on a generated year:
clock changes, periods across the year's edges, category changes, withdrawn episodes."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from bot.cli import main
from protocols.facts import Event, EventType
from reports.statutory import annex_a_missing, ssd_missing, ssda903_missing
from reports.subcommands import write_csv
from storage.episodes import append_event
from storage.models import Child
from tests.reports.dfe_missing_rules import check
from tests.reports.world import database_file, exit_code, populate

YEAR = (date(2026, 4, 1), date(2027, 3, 31))


def test_903_rows_follow_london_dates_and_the_years_edges(session: Session) -> None:
    populate(session)
    result = ssda903_missing(session, *YEAR)
    assert result.rows == [
        ("C1001", "15/06/2011", "M", "31/03/2026", "01/04/2026"),  # began before the year
        ("C1001", "15/06/2011", "A", "25/10/2026", "25/10/2026"),  # 00:30 BST, not 24/10
        ("C1001", "15/06/2011", "M", "25/10/2026", "26/10/2026"),  # across the clock change
        ("C1001", "15/06/2011", "M", "30/03/2027", ""),  # still away on 31 March
        ("C2001", "09/09/2010", "M", "01/02/2027", ""),  # never returned
    ]
    assert result.left_out == []


def test_903_file_passes_the_dfe_missing_rules(session: Session, tmp_path: Path) -> None:
    populate(session)
    result = ssda903_missing(session, *YEAR)
    out = tmp_path / "missing.csv"
    write_csv(out, result.columns, result.rows)
    assert check(out, *YEAR) == []
    assert out.read_text(encoding="utf-8").splitlines()[0] == "CHILD,DOB,MISSING,MIS_START,MIS_END"


def test_spring_clock_change_start_is_the_london_date(session: Session) -> None:
    populate(session)
    rows = ssda903_missing(session, date(2026, 3, 1), date(2026, 3, 31)).rows
    # 23:30 UTC on 29 March is 00:30 BST on 30 March; the next episode is open on 31 March.
    assert rows == [
        ("C1001", "15/06/2011", "M", "30/03/2026", "30/03/2026"),
        ("C1001", "15/06/2011", "M", "31/03/2026", ""),
    ]


def test_checker_catches_what_the_dfe_rejects(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    write_csv(bad, ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"], [
        ("C1", "01/01/2010", "X", "01/05/2026", ""),
        ("C1", "01/01/2010", "M", "02/05/2026", "01/05/2026"),
        ("C2", "01/01/2010", "M", "1/5/2026", "02/04/2027"),
        ("C3", "01/06/2026", "A", "01/05/2026", ""),
    ])
    found = {e.split(":")[0] for e in check(bad, *YEAR)}
    assert {"1006", "574", "567", "1004", "571", "586"} <= found


def test_ssd_missing_has_every_child_real_times_and_interviews(session: Session) -> None:
    year = populate(session)
    result = ssd_missing(session, *YEAR)
    rows = {r[0]: r for r in result.rows}
    assert rows[f"{year.spring}-1"][1:] == (
        "C1001", "2026-03-31 23:00:00", "M", "2026-04-01 10:00:00", "Y", "Y"
    )
    # Away then missing (3 elapsed hours after 00:30 BST is 02:30 GMT): the first period ended
    # by the change (NA), the second by the return;
    # the interview was offered and declined.
    assert rows[f"{year.autumn}-1"][3:] == ("A", "2026-10-25 02:30:00", "NA", "NA")
    assert rows[f"{year.autumn}-2"][2:] == (
        "2026-10-25 02:30:00", "M", "2026-10-26 01:30:00", "Y", "N"
    )
    assert rows[f"{year.in_need}-1"][1] == str(year.org.in_need)  # no external id: internal
    assert rows[f"{year.open_now}-1"][4:] == ("", "", "")
    assert f"{year.withdrawn}-1" not in rows
    # The real end is kept in the SSD, even after the reporting period.
    assert rows[f"{year.year_end}-1"][4] == "2027-04-02 21:00:00"


def test_annex_a_counts_missing_and_absent_and_the_last_interview(session: Session) -> None:
    populate(session)
    result = annex_a_missing(session, date(2027, 3, 31))
    by_child = {r[0]: r for r in result.rows}
    # Spring (M), autumn (A then M), year end (M); the last ended one was autumn: declined.
    assert by_child["C1001"][1:] == ("3", "1", "Y", "N", "Northgate", "Ivo Petrak")
    assert by_child["C2001"][1:5] == ("1", "0", "", "")
    assert len(result.rows) == 2  # Bo is a child in need, not in care


def test_csv_files_read_back(session: Session, tmp_path: Path) -> None:
    populate(session)
    result = ssd_missing(session, *YEAR)
    out = tmp_path / "ssd.csv"
    write_csv(out, result.columns, result.rows)
    with out.open(encoding="utf-8", newline="") as handle:
        assert list(csv.reader(handle))[1:] == [list(r) for r in result.rows]


def test_return_commands_write_files_and_refuse_bad_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, _ = database_file(tmp_path)
    out = tmp_path / "903.csv"
    argv = ["report", "ssda903-missing", "--db", str(db), "--from", "2026-04-01",
            "--to", "2027-03-31", "--out", str(out)]
    assert main(argv) == 0
    assert check(out, *YEAR) == []
    assert len(out.read_text(encoding="utf-8").splitlines()) == 6
    for name in ("ssd-missing",):
        target = tmp_path / f"{name}.csv"
        assert main(["report", name, "--db", str(db), "--from", "2026-04-01", "--to",
                     "2027-03-31", "--out", str(target)]) == 0
        assert target.read_text(encoding="utf-8").startswith("miss_table_id,")
    annex = tmp_path / "annex.csv"
    assert main(["report", "annex-a", "--db", str(db), "--to", "2027-03-31",
                 "--out", str(annex)]) == 0
    assert annex.read_text(encoding="utf-8").startswith("Child Unique ID,")
    capsys.readouterr()
    for bad in (
        ["report", "ssda903-missing", "--from", "01/04/2026", "--to", "2027-03-31", "--out", "x"],
        ["report", "ssda903-missing", "--from", "2027-04-01", "--to", "2027-03-31", "--out", "x"],
        ["report", "ssda903-missing", "--from", "2026-04-01", "--to", "2027-03-31"],
        ["report", "ssda903-missing", "--from", "2026-04-01", "--to", "2027-03-31", "--out",
         str(tmp_path / "no" / "such" / "folder.csv")],
        ["report", "annex-a", "--to", "last year", "--out", "x"],
        ["report", "meeting", "--from", "2026-04-01", "--to", "2026-04-30"],
    ):
        assert exit_code([*bad[:2], "--db", str(db), *bad[2:]]) == 2, bad
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1, err


def test_child_without_birth_date_is_left_out_and_said(session: Session) -> None:
    year = populate(session)
    ada = session.get(Child, year.org.looked_after)
    assert ada is not None
    ada.date_of_birth = None
    session.flush()
    result = ssda903_missing(session, *YEAR)
    assert {r[0] for r in result.rows} == {"C2001"}
    assert result.left_out == ["child C1001: no date of birth, so no valid 903 row"]


def test_category_change_recorded_after_the_return_splits_nothing(session: Session) -> None:
    year = populate(session)
    late = Event(datetime(2026, 10, 27, 9, tzinfo=UTC), EventType.CATEGORY_CHANGED,
                 {"category": "absent"})
    append_event(session, year.autumn, late, year.org.worker, now=late.at)
    rows = [r for r in ssda903_missing(session, *YEAR).rows if r[3] == "25/10/2026"]
    assert [r[2] for r in rows] == ["A", "M"]
