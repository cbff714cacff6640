"""Roster import: the documented example loads, a second import changes nothing, a changed row
updates the record through the lifecycles, bad files name FILE:ROW:COLUMN and change nothing."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.episodes import open_episode
from storage.models import Child, Staff, StaffAddress, TaskRecord, Team
from storage.people import add_address, carers_of
from storage.queries import ACTIONABLE
from storage.roster_export import export_roster
from storage.roster_import import apply_roster
from storage.roster_log import changes_for
from storage.roster_rows import RosterErrors, read_roster
from storage.tasks import refresh_tasks
from tests.storage.roster_files import EXAMPLE, copy_example, edit, known_protocol, write
from tests.storage.world import T0


def _import(session: Session, folder: Path, hours: int = 0) -> list[str]:
    report = apply_roster(
        session, read_roster(folder, known_protocol), now=T0 + timedelta(hours=hours)
    )
    session.commit()
    return report.changes


def _staff(session: Session, external: str) -> Staff:
    return session.scalars(select(Staff).where(Staff.external_id == external)).one()


def _child(session: Session, external: str) -> Child:
    return session.scalars(select(Child).where(Child.external_id == external)).one()


def _count(session: Session, model: type[object]) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_the_documented_example_loads_and_a_second_import_changes_nothing(
    session: Session, tmp_path: Path
) -> None:
    folder = copy_example(tmp_path)
    changes = _import(session, folder)
    assert any(line.startswith("child C2001") for line in changes)
    roz = _child(session, "C2001")
    assert (roz.preferred_name, roz.legal_status, roz.flags) == (
        "Roz",
        "looked_after",
        ["cse_risk"],
    )
    assert [c.external_id for c in carers_of(session, roz.id)] == ["MD008", "MD009"]
    assert roz.allocated_social_worker_id == _staff(session, "MD004").id
    assert _staff(session, "MD004").line_manager_id == _staff(session, "MD003").id
    fostering = session.scalars(select(Team).where(Team.name == "Moorland Fostering")).one()
    assert fostering.out_of_hours_team_id is not None
    milo = _child(session, "C2003")
    assert milo.arrived_in_uk is not None and milo.flags == ["uasc"]
    imported = changes_for(session, "roster")
    assert [c.kind for c in imported] == ["roster_imported"]
    assert imported[0].data["changes"] == changes
    before = (_count(session, Team), _count(session, Staff), _count(session, Child))
    assert _import(session, folder, hours=1) == []
    assert (_count(session, Team), _count(session, Staff), _count(session, Child)) == before


def test_changed_rows_move_the_placement_the_case_and_the_leavers_work(
    session: Session, tmp_path: Path
) -> None:
    folder = copy_example(tmp_path)
    _import(session, folder)
    roz = _child(session, "C2001")
    episode = open_episode(session, roz.id, T0, T0, _staff(session, "MD008").id)
    refresh_tasks(session, episode.id, T0)
    old_worker = _staff(session, "MD004")
    add_address(session, _staff(session, "MD009").id, "telegram", "555")
    session.commit()
    worker_tasks = session.scalars(
        select(TaskRecord).where(
            TaskRecord.episode_id == episode.id, TaskRecord.assignee_staff_id == old_worker.id
        )
    ).all()
    assert worker_tasks, "the open episode gave the social worker tasks"
    # Roz moves to Juno, gets Ines as her social worker; Bram leaves.
    edit(folder / "children.csv", "MD004,foster,MD008;MD009", "MD005,foster,MD010")
    edit(
        folder / "staff.csv",
        "MD009,Bram Whitlow,carer,Moorland Fostering,MD007,yes",
        "MD009,Bram Whitlow,carer,Moorland Fostering,MD007,no",
    )
    changes = _import(session, folder, hours=1)
    assert "child C2001: social worker MD005" in changes
    assert any(line.startswith("child C2001: placement foster, carers MD010") for line in changes)
    assert any(line.startswith("staff MD009: left") for line in changes)
    session.expire_all()
    assert [c.external_id for c in carers_of(session, roz.id)] == ["MD010"]
    new_worker = _staff(session, "MD005")
    open_tasks = session.scalars(
        select(TaskRecord).where(
            TaskRecord.episode_id == episode.id, TaskRecord.status.in_(ACTIONABLE)
        )
    ).all()
    holders = {t.assignee_staff_id for t in open_tasks}
    assert old_worker.id not in holders and new_worker.id in holders
    bram = _staff(session, "MD009")
    assert not bram.active
    assert session.scalars(select(StaffAddress).where(StaffAddress.staff_id == bram.id)).all() == []
    assert _import(session, folder, hours=2) == []


def test_rows_missing_from_a_later_import_are_not_deleted(session: Session, tmp_path: Path) -> None:
    folder = copy_example(tmp_path)
    _import(session, folder)
    (folder / "children.csv").write_text(
        (folder / "children.csv").read_text().splitlines()[0] + "\n", encoding="utf-8"
    )
    (folder / "staff.csv").unlink()
    assert _import(session, folder, hours=1) == []
    assert _count(session, Child) == 4 and _count(session, Staff) == 11


def test_bad_cells_are_named_by_file_row_and_column(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    write(folder, "teams.csv", "team,protocol\nNorth,staffordshire\nSouth,atlantis\n")
    write(
        folder,
        "staff.csv",
        "staff_id,name,role,team,active\nS1,Ada Quill,foster carer,North,yes\n"
        "S2,,carer,North,maybe\nS1,Bo Quill,carer,North,yes\n",
    )
    write(
        folder,
        "children.csv",
        "child_id,given_name,family_name,date_of_birth,legal_status,flags,team\n"
        "C1,Kit,Marlowe,02/04/2011,in_care,cse;uasc,North\n",
    )
    with pytest.raises(RosterErrors) as caught:
        read_roster(folder, known_protocol)
    errors = caught.value.errors
    assert (
        "teams.csv:3:protocol: expected a protocol id this installation knows, got 'atlantis'"
        in errors
    )
    assert any(
        e.startswith("staff.csv:2:role: expected one of carer, home_manager,") for e in errors
    )
    assert "staff.csv:3:name: expected a value, the cell is empty" in errors
    assert "staff.csv:3:active: expected yes or no, got 'maybe'" in errors
    assert "children.csv:2:date_of_birth: expected a date as YYYY-MM-DD, got '02/04/2011'" in errors
    assert any(
        e.startswith("children.csv:2:legal_status: expected one of looked_after") for e in errors
    )
    assert any(e.startswith("children.csv:2:flags:") and "'cse'" in e for e in errors)


def test_a_name_too_long_for_the_database_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    write(folder, "staff.csv", f"staff_id,name,role,team\nS1,{'A' * 201},carer,North\n")
    with pytest.raises(RosterErrors) as caught:
        read_roster(folder, known_protocol)
    assert caught.value.errors == ["staff.csv:2:name: expected at most 200 characters, got 201"]


def test_a_header_with_an_unknown_or_missing_column_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    write(folder, "staff.csv", "staff_id,name,rolle,team\nS1,Ada Quill,carer,North\n")
    with pytest.raises(RosterErrors) as caught:
        read_roster(folder, known_protocol)
    assert caught.value.errors[0].startswith("staff.csv:1:rolle: unknown column; expected staff_id")
    assert "staff.csv:1:role: expected this column in the header" in caught.value.errors
    write(folder, "staff.csv", "staff_id,name,role,team,team\nS1,Ada Quill,carer,North,South\n")
    with pytest.raises(RosterErrors) as caught:
        read_roster(folder, known_protocol)
    assert caught.value.errors == ["staff.csv:1:team: expected each column once in the header"]


def test_references_to_nobody_fail_the_whole_import(session: Session, tmp_path: Path) -> None:
    folder = copy_example(tmp_path)
    edit(folder / "children.csv", "MD005,family,,", "MD999,family,MD004,")
    with pytest.raises(RosterErrors) as caught:
        apply_roster(session, read_roster(folder, known_protocol), now=T0)
    session.rollback()
    assert caught.value.errors == [
        "children.csv:5:social_worker_id: expected a staff_id in staff.csv or the database, "
        "got 'MD999'",
        "children.csv:5:carer_ids: expected carers (role carer or home_manager), "
        "MD004 is a social_worker",
    ]
    assert _count(session, Team) == 0 and _count(session, Staff) == 0


def test_a_team_moving_to_another_protocol_recomputes_its_open_episodes(
    session: Session, tmp_path: Path
) -> None:
    folder = copy_example(tmp_path)
    _import(session, folder)
    roz = _child(session, "C2001")
    episode = open_episode(session, roz.id, T0, T0, _staff(session, "MD008").id)
    refresh_tasks(session, episode.id, T0)
    session.commit()

    def codes() -> set[str]:
        query = select(TaskRecord.code).where(
            TaskRecord.episode_id == episode.id, TaskRecord.status.in_(ACTIONABLE)
        )
        return set(session.scalars(query))

    assert "escalate:district_operational_lead" in codes()
    assert "escalate:strategic_manager" not in codes()
    edit(
        folder / "teams.csv",
        "Moorland Children's Team,staffordshire",
        "Moorland Children's Team,stoke",
    )
    changes = _import(session, folder, hours=1)
    assert "team Moorland Children's Team: protocol staffordshire -> stoke" in changes
    assert "escalate:strategic_manager" in codes()  # stoke's escalation (staffordshire §14.1)


def test_the_optional_authority_column_sets_a_teams_authority_and_its_absence_keeps_it(
    session: Session, tmp_path: Path
) -> None:
    """A regional deployment names each team's authority in teams.csv; a later file without the
    column (an authority's own export from its SSD) must not clear it."""
    folder = copy_example(tmp_path)
    teams = folder / "teams.csv"
    _import(session, folder)
    edit(teams, "team,protocol,out_of_hours_team", "team,protocol,out_of_hours_team,authority")
    edit(
        teams,
        "Moorland Emergency Duty,staffordshire,\n",
        "Moorland Emergency Duty,staffordshire,,Moorland\n",
    )
    edit(
        teams,
        "staffordshire,Moorland Emergency Duty\nMoorland Emergency",
        "staffordshire,Moorland Emergency Duty,Moorland\nMoorland Emergency",
    )
    edit(
        teams,
        "Moorland Fostering,staffordshire,Moorland Emergency Duty",
        "Moorland Fostering,staffordshire,Moorland Emergency Duty,Moorland",
    )

    changes = _import(session, folder, hours=1)

    assert sorted(c for c in changes if "authority" in c) == [
        "team Moorland Children's Team: authority (none) -> Moorland",
        "team Moorland Emergency Duty: authority (none) -> Moorland",
        "team Moorland Fostering: authority (none) -> Moorland",
    ]
    assert {t.authority for t in session.scalars(select(Team))} == {"Moorland"}
    shutil.copy(EXAMPLE / "teams.csv", teams)  # the column gone again
    assert [c for c in _import(session, folder, hours=2) if "authority" in c] == []
    assert {t.authority for t in session.scalars(select(Team))} == {"Moorland"}


def test_an_exported_roster_carries_the_authority_back_in(session: Session, tmp_path: Path) -> None:
    folder = copy_example(tmp_path)
    _import(session, folder)
    for team in session.scalars(select(Team)):
        team.authority = "Moorland"
    session.commit()
    out = tmp_path / "out"
    export_roster(session, out)
    assert (out / "teams.csv").read_text(encoding="utf-8").splitlines()[0].endswith(",authority")
    assert all(row.authority == "Moorland" for row in read_roster(out, known_protocol).teams)
