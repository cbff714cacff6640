"""Reading an authority's roster files (teams.csv, staff.csv, children.csv) into checked rows.

Nothing here touches the database: every cell is checked against the vocabulary and its format,
and each problem becomes one `FILE:ROW:COLUMN: what was expected` line (ROW counts the header as
row 1, as a spreadsheet does), so an operator can go straight to the cell.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from protocols.vocabulary import EXTERNAL_ROLES, Flag, LegalStatus, Placement, Role
from storage.models import NAME

TEAMS = "teams.csv"
STAFF = "staff.csv"
CHILDREN = "children.csv"

TEAM_COLUMNS = ("team", "protocol", "out_of_hours_team", "authority")
STAFF_COLUMNS = ("staff_id", "name", "role", "team", "line_manager_id", "active")
CHILD_COLUMNS = (
    "child_id",
    "given_name",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "legal_status",
    "flags",
    "team",
    "social_worker_id",
    "placement_type",
    "carer_ids",
    "arrived_in_uk",
)
REQUIRED = {
    TEAMS: ("team", "protocol"),
    STAFF: ("staff_id", "name", "role", "team"),
    CHILDREN: ("child_id", "given_name", "family_name", "date_of_birth", "legal_status", "team"),
}
COLUMNS = {TEAMS: TEAM_COLUMNS, STAFF: STAFF_COLUMNS, CHILDREN: CHILD_COLUMNS}

STAFF_ROLES = tuple(role.value for role in Role if role not in EXTERNAL_ROLES)
LEGAL_STATUSES = tuple(status.value for status in LegalStatus)
FLAGS = tuple(flag.value for flag in Flag)
PLACEMENTS = tuple(placement.value for placement in Placement)
LONGEST_TEXT = NAME  # the longest name or team name the database holds
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_./-]{0,63}$")


@dataclass(frozen=True)
class TeamRow:
    where: str  # "teams.csv:3", for errors found later against the database
    team: str
    protocol: str
    out_of_hours_team: str | None
    # None when the file has no authority column: an import then leaves the team's as it is, so a
    # per-authority roster without the column never clears what a regional operator set.
    authority: str | None = None


@dataclass(frozen=True)
class StaffRow:
    where: str
    staff_id: str
    name: str
    role: str
    team: str
    line_manager_id: str | None
    active: bool


@dataclass(frozen=True)
class ChildRow:
    where: str
    child_id: str
    given_name: str
    family_name: str
    preferred_name: str | None
    date_of_birth: date | None
    legal_status: str
    flags: tuple[str, ...]
    team: str
    social_worker_id: str | None
    placement_type: str | None
    carer_ids: tuple[str, ...]
    arrived_in_uk: date | None


@dataclass
class Roster:
    teams: list[TeamRow] = field(default_factory=list)
    staff: list[StaffRow] = field(default_factory=list)
    children: list[ChildRow] = field(default_factory=list)


class RosterErrors(ValueError):
    """Every problem found, one `FILE:ROW:COLUMN: expected …` line each."""

    def __init__(self, errors: Sequence[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = list(errors)


def normal_value(raw: str) -> str:
    return "_".join(raw.strip().lower().replace("-", " ").split())


def _one_of(values: Sequence[str]) -> str:
    return ", ".join(values)


class CellReader:
    """Reads one row's cells, collecting an error per bad cell instead of stopping."""

    def __init__(self, file: str, row: int, cells: Mapping[str, str], errors: list[str]) -> None:
        self.file = file
        self.row = row
        self.cells = cells
        self.errors = errors

    @property
    def where(self) -> str:
        return f"{self.file}:{self.row}"

    def error(self, column: str, expected: str) -> None:
        self.errors.append(f"{self.file}:{self.row}:{column}: {expected}")

    def text(self, column: str, *, required: bool = False) -> str | None:
        value = " ".join((self.cells.get(column) or "").split())
        if not value:
            if required:
                self.error(column, "expected a value, the cell is empty")
            return None
        if len(value) > LONGEST_TEXT:
            self.error(column, f"expected at most {LONGEST_TEXT} characters, got {len(value)}")
            return None
        return value

    def ident(self, column: str, *, required: bool = False) -> str | None:
        value = self.text(column, required=required)
        if value is not None and not ID_PATTERN.match(value):
            self.error(column, f"expected an id of letters and digits, got {value!r}")
            return None
        return value

    def ids(self, column: str) -> tuple[str, ...]:
        raw = self.text(column) or ""
        found: list[str] = []
        for part in raw.split(";"):
            part = part.strip()
            if not part:
                continue
            if not ID_PATTERN.match(part):
                self.error(column, f"expected ';'-separated ids, got {part!r}")
                continue
            found.append(part)
        return tuple(dict.fromkeys(found))

    def day(self, column: str, *, required: bool = False) -> date | None:
        value = self.text(column, required=required)
        if value is None:
            return None
        try:
            if not _DATE.match(value):
                raise ValueError(value)
            return date.fromisoformat(value)
        except ValueError:
            self.error(column, f"expected a date as YYYY-MM-DD, got {value!r}")
            return None

    def choice(
        self, column: str, values: Sequence[str], *, required: bool = False, normal: bool = True
    ) -> str | None:
        value = self.text(column, required=required)
        if value is None:
            return None
        key = normal_value(value) if normal else value
        if key not in values:
            self.error(column, f"expected one of {_one_of(values)}; got {value!r}")
            return None
        return key

    def choices(self, column: str, values: Sequence[str]) -> tuple[str, ...]:
        raw = self.text(column) or ""
        found: list[str] = []
        for part in raw.split(";"):
            key = normal_value(part)
            if not key:
                continue
            if key not in values:
                self.error(
                    column,
                    f"expected ';'-separated values from {_one_of(values)}; got {part.strip()!r}",
                )
                continue
            found.append(key)
        return tuple(sorted(set(found)))

    def yes_no(self, column: str, *, default: bool) -> bool:
        value = (self.text(column) or "").lower()
        if not value:
            return default
        if value in ("yes", "y", "true", "1"):
            return True
        if value in ("no", "n", "false", "0"):
            return False
        self.error(column, f"expected yes or no, got {value!r}")
        return default


def read_rows(
    path: Path, columns: Sequence[str], required: Sequence[str], errors: list[str]
) -> Iterator[CellReader]:
    """The data rows of one CSV file, after checking its header."""
    name = path.name
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as err:
        errors.append(f"{name}:0:-: expected a readable file ({err.strerror})")
        return
    with handle:
        try:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in (reader.fieldnames or [])]
        except (csv.Error, UnicodeDecodeError) as err:
            errors.append(f"{name}:1:-: expected UTF-8 comma-separated text ({err})")
            return
        reader.fieldnames = header
        doubled = sorted({h for h in header if header.count(h) > 1})
        for column in doubled:
            errors.append(f"{name}:1:{column}: expected each column once in the header")
        unknown = [h for h in header if h not in columns]
        for column in unknown:
            errors.append(
                f"{name}:1:{column or '(blank)'}: unknown column; expected {_one_of(columns)}"
            )
        for column in required:
            if column not in header:
                errors.append(f"{name}:1:{column}: expected this column in the header")
        if doubled or unknown or any(column not in header for column in required):
            return
        try:
            for number, cells in enumerate(reader, start=2):
                if None in cells:
                    errors.append(f"{name}:{number}:-: expected {len(header)} cells, got more")
                    continue
                if not any((v or "").strip() for v in cells.values()):
                    continue  # a blank line in a spreadsheet export
                yield CellReader(name, number, cells, errors)
        except (csv.Error, UnicodeDecodeError) as err:
            errors.append(
                f"{name}:{reader.line_num}:-: expected UTF-8 comma-separated text ({err})"
            )


def team_row(cell: CellReader, known_protocol: Callable[[str], bool]) -> TeamRow | None:
    team = cell.text("team", required=True)
    protocol = cell.text("protocol", required=True)
    if protocol is not None and not known_protocol(protocol):
        cell.error("protocol", f"expected a protocol id this installation knows, got {protocol!r}")
        protocol = None
    cover = cell.text("out_of_hours_team")
    authority = (cell.text("authority") or "") if "authority" in cell.cells else None
    if team is None or protocol is None:
        return None
    if cover == team:
        cell.error("out_of_hours_team", "expected another team; a team cannot cover itself")
        return None
    return TeamRow(cell.where, team, protocol, cover, authority)


def staff_row(cell: CellReader) -> StaffRow | None:
    errors_before = len(cell.errors)
    staff_id = cell.ident("staff_id", required=True)
    name = cell.text("name", required=True)
    role = cell.choice("role", STAFF_ROLES, required=True)
    team = cell.text("team", required=True)
    manager = cell.ident("line_manager_id")
    active = cell.yes_no("active", default=True)
    if manager is not None and manager == staff_id:
        cell.error("line_manager_id", "expected someone else's staff_id; nobody manages themselves")
    if len(cell.errors) > errors_before:
        return None
    assert staff_id and name and role and team
    return StaffRow(cell.where, staff_id, name, role, team, manager, active)


def child_row(cell: CellReader, *, required: Sequence[str] = REQUIRED[CHILDREN]) -> ChildRow | None:
    errors_before = len(cell.errors)
    child_id = cell.ident("child_id", required=True)
    given = cell.text("given_name", required="given_name" in required)
    family = cell.text("family_name", required="family_name" in required)
    preferred = cell.text("preferred_name")
    born = cell.day("date_of_birth", required="date_of_birth" in required)
    status = cell.choice("legal_status", LEGAL_STATUSES, required="legal_status" in required)
    flags = cell.choices("flags", FLAGS)
    team = cell.text("team", required="team" in required)
    worker = cell.ident("social_worker_id")
    placement = cell.choice("placement_type", PLACEMENTS)
    carers = cell.ids("carer_ids")
    arrived = cell.day("arrived_in_uk")
    if len(cell.errors) > errors_before:
        return None
    assert child_id
    return ChildRow(
        cell.where,
        child_id,
        given or "",
        family or "",
        preferred,
        born,
        status or "",
        flags,
        team or "",
        worker,
        placement,
        carers,
        arrived,
    )


def read_roster(directory: Path, known_protocol: Callable[[str], bool]) -> Roster:
    """The three files of `directory`, checked; raises RosterErrors listing every problem.
    A file that is absent contributes nothing (an operator may load teams and staff first)."""
    errors: list[str] = []
    roster = Roster()
    present = [name for name in (TEAMS, STAFF, CHILDREN) if (directory / name).is_file()]
    if not present:
        raise RosterErrors([f"{directory}:0:-: expected {TEAMS}, {STAFF} or {CHILDREN} here"])
    if TEAMS in present:
        for cell in read_rows(directory / TEAMS, TEAM_COLUMNS, REQUIRED[TEAMS], errors):
            team = team_row(cell, known_protocol)
            if team is not None:
                roster.teams.append(team)
    if STAFF in present:
        for cell in read_rows(directory / STAFF, STAFF_COLUMNS, REQUIRED[STAFF], errors):
            person = staff_row(cell)
            if person is not None:
                roster.staff.append(person)
    if CHILDREN in present:
        for cell in read_rows(directory / CHILDREN, CHILD_COLUMNS, REQUIRED[CHILDREN], errors):
            child = child_row(cell)
            if child is not None:
                roster.children.append(child)
    errors += duplicate_errors(roster)
    if errors:
        raise RosterErrors(errors)
    return roster


def duplicate_errors(roster: Roster) -> list[str]:
    errors: list[str] = []

    def check(rows: Sequence[TeamRow | StaffRow | ChildRow], key: str, column: str) -> None:
        seen: dict[str, str] = {}
        for row in rows:
            value = str(getattr(row, key))
            if value in seen:
                errors.append(
                    f"{row.where}:{column}: expected each id once; "
                    f"{value!r} is also on {seen[value]}"
                )
            else:
                seen[value] = row.where

    check(roster.teams, "team", "team")
    check(roster.staff, "staff_id", "staff_id")
    check(roster.children, "child_id", "child_id")
    return errors
