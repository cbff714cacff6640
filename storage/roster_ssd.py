"""Reading the roster from a Standard Safeguarding Dataset extract (data-to-insight's SSD, which
authorities build from Liquidlogic, Mosaic or Eclipse), one CSV per table named `<table>.csv`.

The SSD knows children, their legal status, placements, allocated workers and teams; it does not
know foster carers as users of a service like ours, line managers, or which protocol a team
follows. Those come from the ordinary roster files beside it: teams.csv (required: the protocol
of each team), staff.csv (carers, managers, roles other than social worker) and children.csv
(carer links, flags, preferred names; a non-empty cell there overrides the SSD's value).

Field names and codes: ../shared/notes/ssd-and-903.md (S1, S2, S3). Mapping choices:
- looked after = an open `ssd_cla_episodes` row or a current 903 legal status code; otherwise a
  child with a current allocated worker (`ssd_involvements`) is child_in_need; other people in
  `ssd_person` are not imported.
- placement type from the current `ssd_cla_placement` 903 PLACE code (U1-U6 foster; K1, K2, R1,
  H5, S1 residential; P1 family; the rest other).
- UASC from a current `ssd_immigration_status` row "Unaccompanied Asylum Seeking Child"; its start
  date stands in for arrived_in_uk (the SSD has no arrival date), unless children.csv gives one.
- SSD dates are ISO with an optional time part (`2024-12-10 00:00:00.000`); a row is current
  when its end date is empty or after today.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from protocols.vocabulary import Flag, LegalStatus, Placement, Role
from storage.roster_rows import (
    CHILD_COLUMNS,
    CHILDREN,
    REQUIRED,
    STAFF,
    STAFF_COLUMNS,
    TEAM_COLUMNS,
    TEAMS,
    CellReader,
    ChildRow,
    Roster,
    RosterErrors,
    StaffRow,
    child_row,
    duplicate_errors,
    read_rows,
    staff_row,
    team_row,
)

PERSON = "ssd_person.csv"
LEGAL = "ssd_legal_status.csv"
CLA = "ssd_cla_episodes.csv"
PLACEMENT = "ssd_cla_placement.csv"
INVOLVEMENTS = "ssd_involvements.csv"
PROFESSIONALS = "ssd_professionals.csv"
DEPARTMENT = "ssd_department.csv"
IMMIGRATION = "ssd_immigration_status.csv"

# (file, required columns, optional columns); other columns of a real extract are ignored.
TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    PERSON: (("pers_person_id",), ("pers_forename", "pers_surname", "pers_dob")),
    LEGAL: (
        ("lega_person_id", "lega_legal_status", "lega_legal_status_start_date"),
        ("lega_legal_status_end_date",),
    ),
    CLA: (
        ("clae_person_id", "clae_cla_episode_start_date"),
        ("clae_cla_episode_ceased_date",),
    ),
    PLACEMENT: (
        ("clap_person_id", "clap_cla_placement_type", "clap_cla_placement_start_date"),
        ("clap_cla_placement_end_date",),
    ),
    INVOLVEMENTS: (
        (
            "invo_person_id",
            "invo_professional_id",
            "invo_professional_team",
            "invo_involvement_start_date",
        ),
        ("invo_involvement_end_date", "invo_professional_role_id"),
    ),
    PROFESSIONALS: (("prof_professional_id", "prof_professional_name"), ()),
    DEPARTMENT: (("dept_team_id", "dept_team_name"), ()),
    IMMIGRATION: (
        ("immi_person_id", "immi_immigration_status", "immi_immigration_status_start_date"),
        ("immi_immigration_status_end_date",),
    ),
}
NEEDED = (PERSON, INVOLVEMENTS, PROFESSIONALS, DEPARTMENT)

# 903 legal status codes (S3 legal_status.yml) under which a child is looked after.
LOOKED_AFTER_CODES = frozenset(
    {"C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3", "J1", "J2", "J3"}
)
FOSTER_CODES = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
RESIDENTIAL_CODES = frozenset({"K1", "K2", "R1", "H5", "S1"})
FAMILY_CODES = frozenset({"P1"})
UASC_STATUS = "unaccompanied asylum seeking child"
_SSD_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")


def ssd_day(cell: CellReader, column: str, *, required: bool = False) -> date | None:
    value = cell.text(column, required=required)
    if value is None:
        return None
    match = _SSD_DATE.match(value)
    try:
        if match is None:
            raise ValueError(value)
        return date.fromisoformat(match.group(1))
    except ValueError:
        cell.error(column, f"expected an ISO date (YYYY-MM-DD, time optional), got {value!r}")
        return None


def _current(end: date | None, today: date) -> bool:
    return end is None or end > today


def placement_of(code: str) -> str:
    code = code.strip().upper()
    if code in FOSTER_CODES:
        return Placement.FOSTER.value
    if code in RESIDENTIAL_CODES:
        return Placement.RESIDENTIAL.value
    if code in FAMILY_CODES:
        return Placement.FAMILY.value
    return Placement.OTHER.value


@dataclass
class _Person:
    where: str
    forename: str | None
    surname: str | None
    dob: date | None


@dataclass
class _Involvement:
    start: date
    professional: str
    team: str


def _table(directory: Path, name: str, errors: list[str]) -> list[CellReader]:
    path = directory / name
    if not path.is_file():
        if name in NEEDED:
            errors.append(f"{name}:0:-: expected this SSD table in the extract")
        return []
    required, optional = TABLES[name]
    columns = _all_columns(path, required + optional)
    return list(read_rows(path, columns, required, errors))


def _all_columns(path: Path, known: Sequence[str]) -> tuple[str, ...]:
    """A real extract carries many more columns than we read; they are allowed."""
    import csv

    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return tuple(known)
    return tuple(dict.fromkeys([*known, *(h.strip() for h in header)]))


def read_ssd_roster(directory: Path, known_protocol: Callable[[str], bool], today: date) -> Roster:
    """The roster the SSD extract in `directory` and its companion CSVs describe; raises
    RosterErrors listing every problem."""
    errors: list[str] = []
    roster = Roster()
    if not (directory / TEAMS).is_file():
        errors.append(f"{TEAMS}:0:-: expected teams.csv beside the extract (each team's protocol)")
    else:
        for cell in read_rows(directory / TEAMS, TEAM_COLUMNS, REQUIRED[TEAMS], errors):
            team = team_row(cell, known_protocol)
            if team is not None:
                roster.teams.append(team)
    extra_staff: dict[str, StaffRow] = {}
    if (directory / STAFF).is_file():
        for cell in read_rows(directory / STAFF, STAFF_COLUMNS, REQUIRED[STAFF], errors):
            member = staff_row(cell)
            if member is not None:
                extra_staff[member.staff_id] = member
                roster.staff.append(member)
    overrides: dict[str, ChildRow] = {}
    if (directory / CHILDREN).is_file():
        for cell in read_rows(directory / CHILDREN, CHILD_COLUMNS, ("child_id",), errors):
            child = child_row(cell, required=("child_id",))
            if child is not None:
                overrides[child.child_id] = child

    departments = {
        c.text("dept_team_id") or "": c.text("dept_team_name") or ""
        for c in _table(directory, DEPARTMENT, errors)
    }
    professionals: dict[str, str] = {}
    for cell in _table(directory, PROFESSIONALS, errors):
        pid = cell.ident("prof_professional_id", required=True)
        name = cell.text("prof_professional_name", required=True)
        if pid and name:
            professionals[pid] = name
    people: dict[str, _Person] = {}
    for cell in _table(directory, PERSON, errors):
        pid = cell.ident("pers_person_id", required=True)
        forename, surname = cell.text("pers_forename"), cell.text("pers_surname")
        dob = ssd_day(cell, "pers_dob")
        if pid:
            people[pid] = _Person(cell.where, forename, surname, dob)
    allocated: dict[str, _Involvement] = {}
    for cell in _table(directory, INVOLVEMENTS, errors):
        person = cell.ident("invo_person_id", required=True)
        prof = cell.ident("invo_professional_id", required=True)
        team_id = cell.text("invo_professional_team", required=True)
        start = ssd_day(cell, "invo_involvement_start_date", required=True)
        end = ssd_day(cell, "invo_involvement_end_date")
        if not (person and prof and team_id and start) or not _current(end, today):
            continue
        if prof not in professionals:
            cell.error("invo_professional_id", f"expected a prof_professional_id, got {prof!r}")
            continue
        if team_id not in departments:
            cell.error("invo_professional_team", f"expected a dept_team_id, got {team_id!r}")
            continue
        earlier = allocated.get(person)
        if earlier is None or start >= earlier.start:
            allocated[person] = _Involvement(start, prof, departments[team_id])
    looked_after: set[str] = set()
    for cell in _table(directory, CLA, errors):
        person = cell.ident("clae_person_id", required=True)
        ssd_day(cell, "clae_cla_episode_start_date", required=True)
        ceased = ssd_day(cell, "clae_cla_episode_ceased_date")
        if person and _current(ceased, today):
            looked_after.add(person)
    for cell in _table(directory, LEGAL, errors):
        person = cell.ident("lega_person_id", required=True)
        status_code = (cell.text("lega_legal_status", required=True) or "").upper()
        ssd_day(cell, "lega_legal_status_start_date", required=True)
        ended = ssd_day(cell, "lega_legal_status_end_date")
        if person and status_code in LOOKED_AFTER_CODES and _current(ended, today):
            looked_after.add(person)
    placements: dict[str, tuple[date, str]] = {}
    for cell in _table(directory, PLACEMENT, errors):
        person = cell.ident("clap_person_id", required=True)
        code = cell.text("clap_cla_placement_type", required=True)
        start = ssd_day(cell, "clap_cla_placement_start_date", required=True)
        ended = ssd_day(cell, "clap_cla_placement_end_date")
        later = person not in placements or (start and start >= placements[str(person)][0])
        if person and code and start and _current(ended, today) and later:
            placements[person] = (start, placement_of(code))
    uasc: dict[str, date] = {}
    for cell in _table(directory, IMMIGRATION, errors):
        person = cell.ident("immi_person_id", required=True)
        status = (cell.text("immi_immigration_status", required=True) or "").lower()
        start = ssd_day(cell, "immi_immigration_status_start_date", required=True)
        ended = ssd_day(cell, "immi_immigration_status_end_date")
        if person and start and status == UASC_STATUS and _current(ended, today):
            uasc[person] = start

    for prof, involvement in sorted({(i.professional, i.team) for i in allocated.values()}):
        if prof not in extra_staff:
            extra_staff[prof] = StaffRow(
                f"{PROFESSIONALS}:{prof}",
                prof,
                professionals[prof],
                Role.SOCIAL_WORKER.value,
                involvement,
                None,
                True,
            )
            roster.staff.append(extra_staff[prof])
    for pid, known in people.items():
        if pid not in looked_after and pid not in allocated and pid not in overrides:
            continue
        row = _child(pid, known, looked_after, allocated, placements, uasc, overrides, errors)
        if row is not None:
            roster.children.append(row)
    errors += duplicate_errors(roster)
    if errors:
        raise RosterErrors(errors)
    return roster


def _child(
    pid: str,
    person: _Person,
    looked_after: set[str],
    allocated: dict[str, _Involvement],
    placements: dict[str, tuple[date, str]],
    uasc: dict[str, date],
    overrides: dict[str, ChildRow],
    errors: list[str],
) -> ChildRow | None:
    involvement = allocated.get(pid)
    status = LegalStatus.LOOKED_AFTER if pid in looked_after else LegalStatus.CHILD_IN_NEED
    flags = {Flag.UASC.value} if pid in uasc else set()
    row = ChildRow(
        where=person.where,
        child_id=pid,
        given_name=person.forename or "",
        family_name=person.surname or "",
        preferred_name=None,
        date_of_birth=person.dob,
        legal_status=status.value,
        flags=tuple(sorted(flags)),
        team=involvement.team if involvement else "",
        social_worker_id=involvement.professional if involvement else None,
        placement_type=placements[pid][1] if pid in placements else None,
        carer_ids=(),
        arrived_in_uk=uasc.get(pid),
    )
    extra = overrides.get(pid)
    if extra is not None:
        row = replace(
            row,
            given_name=extra.given_name or row.given_name,
            family_name=extra.family_name or row.family_name,
            preferred_name=extra.preferred_name or row.preferred_name,
            date_of_birth=extra.date_of_birth or row.date_of_birth,
            legal_status=extra.legal_status or row.legal_status,
            flags=tuple(sorted(set(row.flags) | set(extra.flags))),
            team=extra.team or row.team,
            social_worker_id=extra.social_worker_id or row.social_worker_id,
            placement_type=extra.placement_type or row.placement_type,
            carer_ids=extra.carer_ids or row.carer_ids,
            arrived_in_uk=extra.arrived_in_uk or row.arrived_in_uk,
        )
    missing = [
        (column, what)
        for column, what, value in (
            ("pers_forename", "a forename (or given_name in children.csv)", row.given_name),
            ("pers_surname", "a surname (or family_name in children.csv)", row.family_name),
            ("pers_dob", "a date of birth (or date_of_birth in children.csv)", row.date_of_birth),
            ("pers_person_id", "a current involvement (or team in children.csv)", row.team),
        )
        if not value
    ]
    for column, what in missing:
        errors.append(f"{person.where}:{column}: expected {what}")
    return None if missing else row
