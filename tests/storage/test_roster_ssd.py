"""`--format ssd`: the same facts from an invented Standard Safeguarding Dataset extract
(docs/ssd-example), with teams.csv, staff.csv and children.csv supplying what the SSD lacks."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Child, Staff
from storage.people import carers_of
from storage.roster_import import apply_roster
from storage.roster_rows import RosterErrors
from storage.roster_ssd import placement_of, read_ssd_roster
from tests.storage.roster_files import EXAMPLE, edit, known_protocol
from tests.storage.world import T0

SSD_EXAMPLE = EXAMPLE.parent / "ssd-example"
TODAY = date(2026, 12, 1)


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "ssd"
    shutil.copytree(SSD_EXAMPLE, target)
    return target


def test_codes_map_to_placement_types() -> None:
    assert [placement_of(c) for c in ("U4", "k2", "P1", "T0", "Z1")] == [
        "foster",
        "residential",
        "family",
        "other",
        "other",
    ]


def test_the_extract_gives_children_workers_teams_and_placements(
    session: Session, tmp_path: Path
) -> None:
    roster = read_ssd_roster(_copy(tmp_path), known_protocol, TODAY)
    apply_roster(session, roster, now=T0)
    session.commit()
    children = {c.external_id: c for c in session.scalars(select(Child))}
    assert set(children) == {"P100", "P101", "P102", "P103"}  # P104 left care in 2024
    staff = {s.external_id: s for s in session.scalars(select(Staff))}
    toby = children["P100"]
    assert (toby.legal_status, toby.placement_type, toby.preferred_name) == (
        "looked_after",
        "residential",  # the current placement (K2), not the earlier foster one
        "Toby",
    )
    assert toby.flags == ["cse_risk"]
    assert toby.allocated_social_worker_id == staff["W2"].id  # the current involvement
    assert [c.external_id for c in carers_of(session, toby.id)] == ["RH1"]
    assert staff["W2"].line_manager_id == staff["M1"].id  # staff.csv supplies line managers
    dawit = children["P102"]
    assert dawit.flags == ["uasc"] and dawit.arrived_in_uk == date(2026, 9, 18)
    assert dawit.legal_status == "looked_after"
    assert staff["W3"].role == "social_worker" and staff["W3"].name == "Corin Ashby"
    assert children["P103"].legal_status == "child_in_need"
    assert "W1" not in staff  # no current involvement
    again = read_ssd_roster(_copy(tmp_path / "2"), known_protocol, TODAY)
    assert apply_roster(session, again, now=T0).changes == []


def test_a_bad_extract_names_the_table_row_and_field(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    edit(folder / "ssd_person.csv", "2012-07-19 00:00:00.000", "19/07/2012")
    edit(folder / "ssd_involvements.csv", "T20,2026-09-20", "T99,2026-09-20")
    with pytest.raises(RosterErrors) as caught:
        read_ssd_roster(folder, known_protocol, TODAY)
    errors = caught.value.errors
    assert (
        "ssd_person.csv:3:pers_dob: expected an ISO date (YYYY-MM-DD, time optional), "
        "got '19/07/2012'"
    ) in errors
    assert (
        "ssd_involvements.csv:5:invo_professional_team: expected a dept_team_id, got 'T99'"
        in errors
    )
    (folder / "ssd_department.csv").unlink()
    with pytest.raises(RosterErrors) as caught:
        read_ssd_roster(folder, known_protocol, TODAY)
    assert "ssd_department.csv:0:-: expected this SSD table in the extract" in caught.value.errors
