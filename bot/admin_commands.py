"""One record at a time: what `homeward roster import` does, for an administrator at a prompt.

`homeward child add|update|show|list|place|allocate|leave-care|transfer` and `homeward carer
link|unlink` (teams and staff: bot.staff_commands). A CHILD or STAFF argument is the authority's
own id or, failing that, the internal number. Every change goes through storage.lifecycle
(validated, audited, tasks refreshed) and is committed once.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from typing import TypeAlias

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.database_option import add_db_option, database_session
from bot.run_command import real_clock
from storage.ids import parse_row_id
from storage.roster_rows import (
    FLAGS,
    ID_PATTERN,
    LEGAL_STATUSES,
    LONGEST_TEXT,
    PLACEMENTS,
    STAFF_ROLES,
    normal_value,
)

SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
BY = "cli"
ROLES_HELP = "one of: " + ", ".join(STAFF_ROLES)
STATUS_HELP = "one of: " + ", ".join(LEGAL_STATUSES)
FLAGS_HELP = "comma-separated, from: " + ", ".join(FLAGS)
PLACEMENT_HELP = "one of: " + ", ".join(PLACEMENTS)


class CommandError(ValueError):
    """Why the command cannot be done, in words fit for the administrator."""


# -- argument types: a bad value is refused with the list of good ones ------------------------


def legal_status(raw: str) -> str:
    value = normal_value(raw)
    if value not in LEGAL_STATUSES:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a legal status; {STATUS_HELP}")
    return value


def placement(raw: str) -> str:
    value = normal_value(raw)
    if value not in PLACEMENTS:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a placement type; {PLACEMENT_HELP}")
    return value


def flag_list(raw: str) -> list[str]:
    values = [normal_value(part) for part in raw.replace(";", ",").split(",") if part.strip()]
    bad = [v for v in values if v not in FLAGS]
    if bad:
        raise argparse.ArgumentTypeError(f"{', '.join(bad)} not a flag; {FLAGS_HELP}")
    return sorted(set(values))


def day(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {raw!r}") from err


def name_text(raw: str) -> str:
    value = " ".join(raw.split())
    if not value or len(value) > LONGEST_TEXT:
        raise argparse.ArgumentTypeError(f"expected 1 to {LONGEST_TEXT} characters")
    return value


def own_id(raw: str) -> str:
    value = raw.strip()
    if not ID_PATTERN.match(value):
        raise argparse.ArgumentTypeError(f"expected an id of letters and digits, got {raw!r}")
    return value


def id_list(raw: str) -> list[str]:
    return [part.strip() for part in raw.replace(";", ",").split(",") if part.strip()]


# -- registration ----------------------------------------------------------------------------


def register(sub: SubParsers) -> None:
    child = sub.add_parser("child", help="children: add, update, show, list, place, allocate…")
    actions = child.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add a child")
    add.add_argument("--id", required=True, type=own_id, help="the authority's own child id")
    add.add_argument("--given-name", required=True, type=name_text)
    add.add_argument("--family-name", required=True, type=name_text)
    add.add_argument("--date-of-birth", required=True, type=day, help="YYYY-MM-DD")
    add.add_argument("--legal-status", required=True, type=legal_status, help=STATUS_HELP)
    add.add_argument("--team", required=True, help="the team's name")
    _child_options(add)
    add.add_argument("--social-worker", help="STAFF: their allocated social worker")
    add.add_argument("--carers", type=id_list, help="STAFF ids, comma-separated, main carer first")
    add.add_argument("--placement-type", type=placement, help=PLACEMENT_HELP)
    add.set_defaults(handler=_child_add)
    update = actions.add_parser("update", help="change a child's details")
    update.add_argument("child")
    update.add_argument("--given-name", type=name_text)
    update.add_argument("--family-name", type=name_text)
    update.add_argument("--date-of-birth", type=day, help="YYYY-MM-DD")
    update.add_argument("--legal-status", type=legal_status, help=STATUS_HELP)
    _child_options(update)
    update.set_defaults(handler=_child_update)
    show = actions.add_parser("show", help="a child's record, carers and social worker")
    show.add_argument("child")
    show.set_defaults(handler=_child_show)
    listing = actions.add_parser("list", help="every child, or one team's")
    listing.add_argument("--team", help="the team's name")
    listing.set_defaults(handler=_child_list)
    place = actions.add_parser("place", help="a placement move: new carers (and type)")
    place.add_argument("child")
    place.add_argument("--carers", required=True, type=id_list, help="STAFF ids, main carer first")
    place.add_argument("--placement-type", type=placement, help=PLACEMENT_HELP)
    place.set_defaults(handler=_child_place)
    allocate = actions.add_parser("allocate", help="a new social worker (open tasks follow)")
    allocate.add_argument("child")
    allocate.add_argument("--social-worker", help="STAFF, or 'none' to unallocate", required=True)
    allocate.set_defaults(handler=_child_allocate)
    leave = actions.add_parser("leave-care", help="the child leaves care or turns 18")
    leave.add_argument("child")
    leave.add_argument("--legal-status", type=legal_status, default="not_known", help=STATUS_HELP)
    leave.add_argument(
        "--not-care-leaver", action="store_true", help="do not set the care_leaver flag"
    )
    leave.set_defaults(handler=_child_leave_care)
    transfer = actions.add_parser("transfer", help="move the case to another team or authority")
    transfer.add_argument("child")
    transfer.add_argument("--team", required=True, help="the new team's name")
    transfer.add_argument("--social-worker", help="STAFF: the new team's worker")
    transfer.set_defaults(handler=_child_transfer)

    carer = sub.add_parser("carer", help="carer-child links").add_subparsers(
        dest="action", required=True
    )
    link = carer.add_parser("link", help="this carer also cares for the child")
    unlink = carer.add_parser("unlink", help="this carer no longer cares for the child")
    for parser, handler in ((link, _carer_link), (unlink, _carer_unlink)):
        parser.add_argument("child")
        parser.add_argument("staff")
        parser.set_defaults(handler=handler)
    for parser in (add, update, show, listing, place, allocate, leave, transfer, link, unlink):
        add_db_option(parser)


def _child_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--preferred-name", type=name_text)
    parser.add_argument("--flags", type=flag_list, help=FLAGS_HELP)
    parser.add_argument("--arrived-in-uk", type=day, help="YYYY-MM-DD (UASC)")


# -- running a command -------------------------------------------------------------------------


def run_command(args: argparse.Namespace, action: Callable[[Session], str]) -> int:
    from storage.lifecycle import LifecycleError

    try:
        with database_session(args.db) as session:
            out = action(session)
            session.commit()
    except (CommandError, LifecycleError, ValueError) as err:
        print(f"homeward: {err}", file=sys.stderr)
        return 2
    print(out)
    return 0


def find_child_id(session: Session, key: str) -> int:
    from storage.models import Child

    found = session.scalars(select(Child).where(Child.external_id == key)).one_or_none()
    if found is None and (row_id := parse_row_id(key)) is not None:
        found = session.get(Child, row_id)
    if found is None:
        raise CommandError(f"there is no child with id {key!r}")
    return found.id


def find_staff_id(session: Session, key: str) -> int:
    from storage.models import Staff

    found = session.scalars(select(Staff).where(Staff.external_id == key)).one_or_none()
    if found is None and (row_id := parse_row_id(key)) is not None:
        found = session.get(Staff, row_id)
    if found is None:
        raise CommandError(f"there is no member of staff with id {key!r}")
    return found.id


def find_team_id(session: Session, name: str) -> int:
    from storage.people import find_team

    team = find_team(session, name.strip())
    if team is None:
        raise CommandError(f"there is no team called {name.strip()!r}")
    return team.id


def describe_change(change: object, nothing: str) -> str:
    from storage.roster_log import RosterChange

    if not isinstance(change, RosterChange):
        return nothing
    details = ", ".join(f"{k}={v}" for k, v in change.data.items())
    return f"{change.kind}: {change.subject} ({details})"


# -- children ----------------------------------------------------------------------------------


def _child_add(args: argparse.Namespace) -> int:
    from storage.lifecycle import move_placement
    from storage.models import Child
    from storage.people import create_child
    from storage.roster_log import record_change

    def action(session: Session) -> str:
        exists = session.scalars(select(Child).where(Child.external_id == args.id)).one_or_none()
        if exists is not None:
            raise CommandError(f"a child with id {args.id!r} already exists (use child update)")
        team_id = find_team_id(session, args.team)
        worker = find_staff_id(session, args.social_worker) if args.social_worker else None
        child = create_child(
            session,
            args.given_name.strip(),
            args.family_name.strip(),
            args.legal_status,
            team_id,
            flags=args.flags or (),
            preferred_name=args.preferred_name,
            date_of_birth=args.date_of_birth,
            arrived_in_uk=args.arrived_in_uk,
            allocated_social_worker_id=worker,
        )
        child.external_id = args.id
        now = real_clock()
        carers = [find_staff_id(session, key) for key in args.carers or []]
        if carers or args.placement_type:
            move_placement(
                session, child.id, carers, now=now, by=BY, placement_type=args.placement_type
            )
        record_change(
            session, "child_added", f"child:{child.id}", {"external_id": args.id}, by=BY, now=now
        )
        return f"child {child.id} ({args.id}): {child.given_name} {child.family_name} added"

    return run_command(args, action)


def _child_update(args: argparse.Namespace) -> int:
    from storage.episodes import open_episode_for_child
    from storage.models import Child
    from storage.roster_log import record_change
    from storage.tasks import refresh_tasks

    def action(session: Session) -> str:
        child = session.get(Child, find_child_id(session, args.child))
        assert child is not None
        values = {
            "given_name": args.given_name,
            "family_name": args.family_name,
            "preferred_name": args.preferred_name,
            "date_of_birth": args.date_of_birth,
            "legal_status": args.legal_status,
            "flags": args.flags,
            "arrived_in_uk": args.arrived_in_uk,
        }
        changed = {k: v for k, v in values.items() if v is not None and getattr(child, k) != v}
        if not changed:
            return "nothing to change"
        for name, value in changed.items():
            setattr(child, name, value)
        now = real_clock()
        session.flush()
        episode = open_episode_for_child(session, child.id)
        if episode is not None:
            refresh_tasks(session, episode.id, now)
        data = {k: str(v) for k, v in changed.items()}
        record_change(session, "child_updated", f"child:{child.id}", data, by=BY, now=now)
        return f"child {child.id}: updated {', '.join(changed)}"

    return run_command(args, action)


def _child_show(args: argparse.Namespace) -> int:
    from storage.models import Child, Staff, Team
    from storage.people import carers_of

    def action(session: Session) -> str:
        child = session.get(Child, find_child_id(session, args.child))
        assert child is not None
        team = session.get(Team, child.team_id)
        worker = (
            session.get(Staff, child.allocated_social_worker_id)
            if child.allocated_social_worker_id
            else None
        )
        carers = carers_of(session, child.id)
        lines = [
            f"child {child.id} ({child.external_id or 'no authority id'}): "
            f"{child.given_name} {child.family_name}"
            + (f" ('{child.preferred_name}')" if child.preferred_name else ""),
            f"born: {child.date_of_birth or 'not recorded'}",
            f"legal status: {child.legal_status}; flags: {', '.join(child.flags) or 'none'}",
            f"team: {team.name if team else '?'} ({team.protocol_id if team else '?'})",
            f"social worker: {staff_label(worker)}",
            f"placement: {child.placement_type or 'not recorded'}; carers: "
            + (", ".join(staff_label(c) for c in carers) or "none"),
        ]
        if child.arrived_in_uk:
            lines.append(f"arrived in the UK: {child.arrived_in_uk}")
        return "\n".join(lines)

    return run_command(args, action)


def staff_label(staff: object) -> str:
    from storage.models import Staff

    if not isinstance(staff, Staff):
        return "none"
    left = "" if staff.active else ", has left"
    own = f", {staff.external_id}" if staff.external_id else ""
    return f"{staff.name} (staff {staff.id}{own}{left})"


def _child_list(args: argparse.Namespace) -> int:
    from storage.models import Child, Team

    def action(session: Session) -> str:
        query = select(Child, Team.name).join(Team, Team.id == Child.team_id).order_by(Child.id)
        if args.team:
            query = query.where(Child.team_id == find_team_id(session, args.team))
        rows = [
            f"{c.id}\t{c.external_id or ''}\t{c.given_name} {c.family_name}\t{c.legal_status}\t{t}"
            for c, t in session.execute(query)
        ]
        return "\n".join(rows) or "(no children yet)"

    return run_command(args, action)


def _child_place(args: argparse.Namespace) -> int:
    from storage.lifecycle import move_placement

    def action(session: Session) -> str:
        child_id = find_child_id(session, args.child)
        carers = [find_staff_id(session, key) for key in args.carers]
        change = move_placement(
            session, child_id, carers, now=real_clock(), by=BY, placement_type=args.placement_type
        )
        return describe_change(change, "nothing to change: the child already lives there")

    return run_command(args, action)


def _child_allocate(args: argparse.Namespace) -> int:
    from storage.lifecycle import change_social_worker

    def action(session: Session) -> str:
        child_id = find_child_id(session, args.child)
        key = args.social_worker.strip()
        worker = None if key.lower() == "none" else find_staff_id(session, key)
        change = change_social_worker(session, child_id, worker, now=real_clock(), by=BY)
        return describe_change(change, "nothing to change: already allocated to them")

    return run_command(args, action)


def _child_leave_care(args: argparse.Namespace) -> int:
    from storage.lifecycle import leave_care

    def action(session: Session) -> str:
        change = leave_care(
            session,
            find_child_id(session, args.child),
            now=real_clock(),
            by=BY,
            legal_status=args.legal_status,
            care_leaver=not args.not_care_leaver,
        )
        return describe_change(change, "nothing to change")

    return run_command(args, action)


def _child_transfer(args: argparse.Namespace) -> int:
    from storage.lifecycle import transfer_child

    def action(session: Session) -> str:
        worker = find_staff_id(session, args.social_worker) if args.social_worker else None
        change = transfer_child(
            session,
            find_child_id(session, args.child),
            find_team_id(session, args.team),
            now=real_clock(),
            by=BY,
            social_worker_id=worker,
        )
        return describe_change(change, "nothing to change: the child is already in that team")

    return run_command(args, action)


def _carer_links(session: Session, child_id: int) -> list[int]:
    from storage.models import ChildCarer

    return list(
        session.scalars(
            select(ChildCarer.staff_id)
            .where(ChildCarer.child_id == child_id)
            .order_by(ChildCarer.id)
        )
    )


def _carer_link(args: argparse.Namespace) -> int:
    from storage.lifecycle import move_placement

    def action(session: Session) -> str:
        child_id = find_child_id(session, args.child)
        staff_id = find_staff_id(session, args.staff)
        carers = _carer_links(session, child_id)
        if staff_id in carers:
            return "nothing to change: already linked"
        change = move_placement(session, child_id, [*carers, staff_id], now=real_clock(), by=BY)
        return describe_change(change, "nothing to change")

    return run_command(args, action)


def _carer_unlink(args: argparse.Namespace) -> int:
    from storage.lifecycle import move_placement

    def action(session: Session) -> str:
        child_id = find_child_id(session, args.child)
        staff_id = find_staff_id(session, args.staff)
        carers = _carer_links(session, child_id)
        if staff_id not in carers:
            return "nothing to change: not linked"
        rest = [c for c in carers if c != staff_id]
        change = move_placement(session, child_id, rest, now=real_clock(), by=BY)
        return describe_change(change, "nothing to change")

    return run_command(args, action)
