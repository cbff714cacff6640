"""Export writes the three files import reads: a round trip changes nothing, and records made
without an authority id come back as the same records."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Child, Staff
from storage.roster_export import export_roster
from storage.roster_import import apply_roster
from storage.roster_rows import read_roster
from tests.storage.roster_files import copy_example, known_protocol
from tests.storage.world import T0, build_world


def test_an_imported_roster_exports_to_the_same_files_and_reimports_as_no_change(
    session: Session, tmp_path: Path
) -> None:
    folder = copy_example(tmp_path)
    apply_roster(session, read_roster(folder, known_protocol), now=T0)
    session.commit()
    out = tmp_path / "out"
    counts = export_roster(session, out)
    assert counts == {"teams.csv": 3, "staff.csv": 11, "children.csv": 4}
    for name in ("teams.csv", "staff.csv", "children.csv"):
        assert (out / name).read_text().splitlines() == (folder / name).read_text().splitlines()
    assert apply_roster(session, read_roster(out, known_protocol), now=T0).changes == []


def test_records_without_an_authority_id_round_trip_as_local_ids(
    session: Session, tmp_path: Path
) -> None:
    world = build_world(session)
    session.commit()
    export_roster(session, tmp_path)
    assert f"local-{world.director}," in (tmp_path / "staff.csv").read_text()
    report = apply_roster(session, read_roster(tmp_path, known_protocol), now=T0)
    assert report.changes == []
    session.commit()
    assert session.scalar(select(func.count()).select_from(Staff)) == 7
    assert session.scalar(select(func.count()).select_from(Child)) == 1
    export_roster(session, tmp_path / "again")
    assert (tmp_path / "again" / "children.csv").read_text() == (
        tmp_path / "children.csv"
    ).read_text()
