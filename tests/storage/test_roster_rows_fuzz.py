"""Whatever is in the cells, reading the roster files never crashes: it returns checked rows or
raises RosterErrors whose every line is `FILE:ROW:COLUMN: expected …`."""

from __future__ import annotations

import csv
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage.roster_rows import CHILD_COLUMNS, STAFF_COLUMNS, RosterErrors, read_roster
from tests.storage.roster_files import known_protocol

LINE = re.compile(r"^(teams|staff|children)\.csv:\d+:[^:]+: \S.*$")
cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "yes", "no", "carer", "looked_after", "2011-04-02", "North", "S1;S2"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    staff=st.lists(st.lists(cell, min_size=6, max_size=6), max_size=4),
    children=st.lists(st.lists(cell, min_size=12, max_size=12), max_size=4),
)
def test_any_cells_give_rows_or_located_errors(
    staff: list[list[str]], children: list[list[str]]
) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "teams.csv").write_text("team,protocol\nNorth,staffordshire\n", encoding="utf-8")
        for file, header, rows in (
            ("staff.csv", STAFF_COLUMNS, staff),
            ("children.csv", CHILD_COLUMNS, children),
        ):
            with (folder / file).open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(header)
                writer.writerows(rows)
        try:
            roster = read_roster(folder, known_protocol)
        except RosterErrors as err:
            assert err.errors
            for line in err.errors:
                assert LINE.match(line), line
        else:
            assert len(roster.teams) == 1
            assert all(row.staff_id and row.name for row in roster.staff)


def test_bytes_that_are_not_utf8_are_an_error_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "staff.csv").write_bytes(b"staff_id,name,role,team\nS1,\xff\xfe,carer,North\n")
    try:
        read_roster(tmp_path, known_protocol)
    except RosterErrors as err:
        assert err.errors[0].startswith("staff.csv:")
    else:
        raise AssertionError("expected RosterErrors")
