"""Applying a checked roster to the database, keyed by the authority's own ids.

Teams are keyed by name, staff and children by their external ids. A row that matches the
database changes nothing; a changed row goes through the lifecycle functions (a new placement,
a new social worker, a leaver, a transfer), so an import does exactly what the administrator's
one-record commands do, tasks and audit included. A person or child absent from the files is
left alone. Every problem found against the database is collected as a `FILE:ROW:COLUMN: …`
line; the caller commits only when there are none (or rolls back for a dry run).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.episodes import open_episode_for_child
from storage.lifecycle import (
    CARING_ROLES,
    change_social_worker,
    move_placement,
    staff_leaves,
    staff_returns,
    transfer_child,
)
from storage.models import Child, ChildCarer, Staff, Team
from storage.roster_export import internal_of_local
from storage.roster_log import record_change
from storage.roster_rows import ChildRow, Roster, RosterErrors, StaffRow, TeamRow
from storage.tasks import refresh_tasks


@dataclass
class ImportReport:
    """What the import changed (or, in a dry run, would change), one plain line each."""

    changes: list[str] = field(default_factory=list)

    def add(self, line: str) -> None:
        self.changes.append(line)


@dataclass
class _Ids:
    session: Session
    teams: dict[str, Team]
    staff: dict[str, Staff]
    children: dict[str, Child] = field(default_factory=dict)
    carers: dict[int, list[int]] = field(default_factory=dict)  # child id -> carers, in order

    def person(self, key: str) -> Staff | None:
        """Staff by the authority's id, or by `local-<n>` for a record made without one (which
        then keeps that id, so the next export and import agree)."""
        found = self.staff.get(key)
        internal = internal_of_local(key)
        if found is None and internal is not None:
            found = self.session.get(Staff, internal)
            if found is not None and found.external_id is None:
                found.external_id = key
                self.staff[key] = found
            else:
                found = None
        return found

    def child(self, key: str) -> Child | None:
        found = self.children.get(key)
        internal = internal_of_local(key)
        if found is None and internal is not None:
            found = self.session.get(Child, internal)
            if found is not None and found.external_id is None:
                found.external_id = key
            else:
                found = None
        return found


def apply_roster(
    session: Session, roster: Roster, *, now: datetime, by: str = "import"
) -> ImportReport:
    """Bring the database in line with `roster`. Raises RosterErrors (after looking at every
    row) when a row names a team, manager, worker or carer that exists nowhere."""
    report = ImportReport()
    errors: list[str] = []
    ids = _Ids(
        session=session,
        teams={t.name: t for t in session.scalars(select(Team))},
        staff={s.external_id: s for s in session.scalars(select(Staff)) if s.external_id},
    )
    # Loaded once: a county's children would otherwise cost a query or two each.
    ids.children = {c.external_id: c for c in session.scalars(select(Child)) if c.external_id}
    for link in session.scalars(select(ChildCarer).order_by(ChildCarer.id)):
        ids.carers.setdefault(link.child_id, []).append(link.staff_id)
    for row in roster.teams:
        _team(session, row, ids, report, now)
    for row in roster.teams:
        _cover(row, ids, report, errors)
    for srow in roster.staff:
        _staff(session, srow, ids, report, errors, now)
    _raise(errors)
    for srow in roster.staff:
        _line_manager(srow, ids, report, errors)
    _raise(errors)
    session.flush()
    for srow in roster.staff:
        _active(session, srow, ids, report, now, by)
    for crow in roster.children:
        _child(session, crow, ids, report, errors, now, by)
    _raise(errors)
    if report.changes:
        # The lifecycles recorded their own rows; this one keeps the whole import's account.
        data = {"changes": report.changes}
        record_change(session, "roster_imported", "roster", data, by=by, now=now)
    session.flush()
    return report


def _raise(errors: list[str]) -> None:
    if errors:
        raise RosterErrors(errors)


def _team(session: Session, row: TeamRow, ids: _Ids, report: ImportReport, now: datetime) -> None:
    team = ids.teams.get(row.team)
    if team is None:
        team = Team(name=row.team, protocol_id=row.protocol, authority=row.authority or "")
        session.add(team)
        session.flush()
        ids.teams[row.team] = team
        report.add(f"team {row.team}: new ({row.protocol})")
        return
    if row.authority is not None and team.authority != row.authority:
        # The access policy reads this on every message: a team moved to another authority stops
        # reaching the other's children at once (docs/scale.md, "Authorities").
        old, new = team.authority or "(none)", row.authority or "(none)"
        report.add(f"team {row.team}: authority {old} -> {new}")
        team.authority = row.authority
        session.flush()
    if team.protocol_id != row.protocol:
        report.add(f"team {row.team}: protocol {team.protocol_id} -> {row.protocol}")
        team.protocol_id = row.protocol
        session.flush()
        # The same children under another protocol: their open episodes' tasks follow.
        for child in session.scalars(select(Child).where(Child.team_id == team.id)):
            episode = open_episode_for_child(session, child.id)
            if episode is not None:
                refresh_tasks(session, episode.id, now)


def _cover(row: TeamRow, ids: _Ids, report: ImportReport, errors: list[str]) -> None:
    team = ids.teams[row.team]
    cover = None
    if row.out_of_hours_team is not None:
        cover = ids.teams.get(row.out_of_hours_team)
        if cover is None:
            errors.append(
                f"{row.where}:out_of_hours_team: expected a team in teams.csv or the database, "
                f"got {row.out_of_hours_team!r}"
            )
            return
    new = cover.id if cover else None
    if team.out_of_hours_team_id != new:
        report.add(f"team {row.team}: out-of-hours cover {cover.name if cover else 'none'}")
        team.out_of_hours_team_id = new


def _staff(
    session: Session,
    row: StaffRow,
    ids: _Ids,
    report: ImportReport,
    errors: list[str],
    now: datetime,
) -> None:
    team = ids.teams.get(row.team)
    if team is None:
        errors.append(
            f"{row.where}:team: expected a team in teams.csv or the database, got {row.team!r}"
        )
        return
    staff = ids.person(row.staff_id)
    if staff is None:
        staff = Staff(
            name=row.name,
            role=row.role,
            team_id=team.id,
            active=row.active,
            created_at=now,
            external_id=row.staff_id,
        )
        session.add(staff)
        session.flush()
        ids.staff[row.staff_id] = staff
        left = "" if row.active else " (not active)"
        report.add(f"staff {row.staff_id} {row.name}: new {row.role} in {row.team}{left}")
        return
    for column, new, old in (
        ("name", row.name, staff.name),
        ("role", row.role, staff.role),
    ):
        if new != old:
            report.add(f"staff {row.staff_id}: {column} {old} -> {new}")
            setattr(staff, column, new)
    if staff.team_id != team.id:
        old_team = session.get(Team, staff.team_id) if staff.team_id is not None else None
        report.add(
            f"staff {row.staff_id}: team {old_team.name if old_team else 'none'} -> {row.team}"
        )
        staff.team_id = team.id


def _line_manager(row: StaffRow, ids: _Ids, report: ImportReport, errors: list[str]) -> None:
    staff = ids.staff[row.staff_id]
    manager = None
    if row.line_manager_id is not None:
        manager = ids.person(row.line_manager_id)
        if manager is None:
            errors.append(
                f"{row.where}:line_manager_id: expected a staff_id in staff.csv or the database, "
                f"got {row.line_manager_id!r}"
            )
            return
    new = manager.id if manager else None
    if staff.line_manager_id != new:
        report.add(f"staff {row.staff_id}: line manager {row.line_manager_id or 'none'}")
        staff.line_manager_id = new


def _active(
    session: Session, row: StaffRow, ids: _Ids, report: ImportReport, now: datetime, by: str
) -> None:
    staff = ids.staff[row.staff_id]
    if row.active and not staff.active and staff_returns(session, staff.id, now=now, by=by):
        report.add(f"staff {row.staff_id}: active again (needs a new invite)")
    elif not row.active:
        change = staff_leaves(session, staff.id, now=now, by=by)
        if change is not None:
            moved = len(change.data.get("tasks_moved", []))
            report.add(f"staff {row.staff_id}: left; chats cut off, {moved} open task(s) moved")


def _child(
    session: Session,
    row: ChildRow,
    ids: _Ids,
    report: ImportReport,
    errors: list[str],
    now: datetime,
    by: str,
) -> None:
    team = ids.teams.get(row.team)
    if team is None:
        errors.append(
            f"{row.where}:team: expected a team in teams.csv or the database, got {row.team!r}"
        )
    worker = _person(row, "social_worker_id", row.social_worker_id, ids, errors)
    if worker is not None and worker.role in CARING_ROLES:
        errors.append(
            f"{row.where}:social_worker_id: expected a social worker, "
            f"{row.social_worker_id} is a {worker.role}"
        )
    carers: list[Staff] = []
    for carer_id in row.carer_ids:
        carer = _person(row, "carer_ids", carer_id, ids, errors)
        if carer is None:
            continue
        if carer.role not in CARING_ROLES:
            errors.append(
                f"{row.where}:carer_ids: expected carers (role carer or home_manager), "
                f"{carer_id} is a {carer.role}"
            )
        elif not carer.active:
            errors.append(f"{row.where}:carer_ids: expected active carers, {carer_id} has left")
        else:
            carers.append(carer)
    if errors or team is None:
        return
    child = ids.child(row.child_id)
    if child is None:
        child = Child(
            external_id=row.child_id,
            given_name=row.given_name,
            family_name=row.family_name,
            preferred_name=row.preferred_name,
            date_of_birth=row.date_of_birth,
            legal_status=row.legal_status,
            flags=list(row.flags),
            placement_type=row.placement_type,
            arrived_in_uk=row.arrived_in_uk,
            team_id=team.id,
            allocated_social_worker_id=worker.id if worker else None,
        )
        session.add(child)
        session.flush()
        for carer in carers:
            session.add(ChildCarer(child_id=child.id, staff_id=carer.id))
        session.flush()
        record_change(
            session,
            "child_added",
            f"child:{child.id}",
            {"external_id": row.child_id},
            by=by,
            now=now,
        )
        report.add(f"child {row.child_id} {row.given_name} {row.family_name}: new in {row.team}")
        return
    _child_facts(session, child, row, report, now)
    if child.team_id != team.id and transfer_child(
        session, child.id, team.id, now=now, by=by, social_worker_id=worker.id if worker else None
    ):
        report.add(f"child {row.child_id}: transferred to {row.team}")
    new_worker = worker.id if worker else None
    if child.allocated_social_worker_id != new_worker and change_social_worker(
        session, child.id, new_worker, now=now, by=by
    ):
        report.add(f"child {row.child_id}: social worker {row.social_worker_id or 'none'}")
    carer_ids = [c.id for c in carers]
    same_home = ids.carers.get(child.id, []) == carer_ids
    if not (same_home and child.placement_type == row.placement_type) and move_placement(
        session, child.id, carer_ids, now=now, by=by, placement_type=row.placement_type
    ):
        names = ";".join(row.carer_ids) or "none"
        report.add(f"child {row.child_id}: placement {row.placement_type or '-'}, carers {names}")


def _child_facts(
    session: Session, child: Child, row: ChildRow, report: ImportReport, now: datetime
) -> None:
    values = {
        "given_name": row.given_name,
        "family_name": row.family_name,
        "preferred_name": row.preferred_name,
        "date_of_birth": row.date_of_birth,
        "legal_status": row.legal_status,
        "flags": sorted(row.flags),
        "arrived_in_uk": row.arrived_in_uk,
    }
    changed = [name for name, value in values.items() if getattr(child, name) != value]
    if not changed:
        return
    for name in changed:
        setattr(child, name, values[name])
    session.flush()
    report.add(f"child {row.child_id}: {', '.join(changed)} updated")
    episode = open_episode_for_child(session, child.id)
    if episode is not None:
        # Legal status, flags and age decide which tasks apply.
        refresh_tasks(session, episode.id, now)


def _person(
    row: ChildRow, column: str, staff_id: str | None, ids: _Ids, errors: list[str]
) -> Staff | None:
    if staff_id is None:
        return None
    staff = ids.person(staff_id)
    if staff is None:
        errors.append(
            f"{row.where}:{column}: expected a staff_id in staff.csv or the database, "
            f"got {staff_id!r}"
        )
    return staff
