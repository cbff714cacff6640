"""Writing the roster back as the three CSV files `homeward roster import` reads, so an operator
can edit them in a spreadsheet and import them again.

A record made without an authority id (by the one-record commands or the demo) is written as
`local-<internal id>`; importing that id finds the same record and keeps the id from then on.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Child, ChildCarer, Staff, Team
from storage.roster_rows import (
    CHILD_COLUMNS,
    CHILDREN,
    STAFF,
    STAFF_COLUMNS,
    TEAM_COLUMNS,
    TEAMS,
)

LOCAL_PREFIX = "local-"


def local_id(internal_id: int) -> str:
    return f"{LOCAL_PREFIX}{internal_id}"


def internal_of_local(external: str) -> int | None:
    """The internal id a `local-<n>` id stands for, or None for an authority's own id."""
    rest = external.removeprefix(LOCAL_PREFIX)
    return int(rest) if rest != external and rest.isdigit() else None


def staff_key(staff: Staff) -> str:
    return staff.external_id or local_id(staff.id)


def child_key(child: Child) -> str:
    return child.external_id or local_id(child.id)


def export_roster(session: Session, directory: Path) -> dict[str, int]:
    """Write teams.csv, staff.csv and children.csv into `directory`; rows written per file."""
    directory.mkdir(parents=True, exist_ok=True)
    teams = {t.id: t for t in session.scalars(select(Team).order_by(Team.id))}
    staff = {s.id: s for s in session.scalars(select(Staff).order_by(Staff.id))}
    team_rows = [
        [
            t.name,
            t.protocol_id,
            teams[t.out_of_hours_team_id].name if t.out_of_hours_team_id else "",
            t.authority,
        ]
        for t in teams.values()
    ]
    staff_rows = [
        [
            staff_key(s),
            s.name,
            s.role,
            teams[s.team_id].name if s.team_id in teams else "",
            staff_key(staff[s.line_manager_id]) if s.line_manager_id in staff else "",
            "yes" if s.active else "no",
        ]
        for s in staff.values()
        if s.team_id in teams  # staff.csv requires a team
    ]
    carers: dict[int, list[str]] = {}
    for link in session.scalars(select(ChildCarer).order_by(ChildCarer.id)):
        carers.setdefault(link.child_id, []).append(staff_key(staff[link.staff_id]))
    child_rows = [
        [
            child_key(c),
            c.given_name,
            c.family_name,
            c.preferred_name or "",
            c.date_of_birth.isoformat() if c.date_of_birth else "",
            c.legal_status,
            ";".join(c.flags),
            teams[c.team_id].name,
            staff_key(staff[c.allocated_social_worker_id]) if c.allocated_social_worker_id else "",
            c.placement_type or "",
            ";".join(carers.get(c.id, [])),
            c.arrived_in_uk.isoformat() if c.arrived_in_uk else "",
        ]
        for c in session.scalars(select(Child).order_by(Child.id))
    ]
    # The authority column only where a team has one (a regional deployment): a single authority's
    # export stays the same three columns its own files have.
    team_columns: Sequence[str] = TEAM_COLUMNS
    if not any(t.authority for t in teams.values()):
        team_columns = TEAM_COLUMNS[:-1]
        team_rows = [row[:-1] for row in team_rows]
    _write(directory / TEAMS, team_columns, team_rows)
    _write(directory / STAFF, STAFF_COLUMNS, staff_rows)
    _write(directory / CHILDREN, CHILD_COLUMNS, child_rows)
    return {TEAMS: len(team_rows), STAFF: len(staff_rows), CHILDREN: len(child_rows)}


def _write(path: Path, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)
