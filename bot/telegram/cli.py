"""Administrator commands: `homeward team add`, `homeward staff add|list|remove`,
`homeward invite STAFF_ID`. They work on the same database as `homeward run`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TypeAlias

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.admin_commands import ROLES_HELP, own_id
from bot.database_option import database_session
from bot.run_command import real_clock
from bot.staff_commands import extend_staff, extend_team
from bot.telegram.admin import AdminError, add_staff, invite
from bot.telegram.settings import BOT_USERNAME, INVITE_HOURS, SettingsError, load_invite_hours

SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def register(sub: SubParsers) -> None:
    team = sub.add_parser("team", help="teams").add_subparsers(dest="action", required=True)
    team_add = team.add_parser("add", help="add a team")
    team_add.add_argument("name")
    team_add.add_argument("--protocol", required=True, help="protocol id, e.g. staffordshire")
    team_add.set_defaults(handler=_team_add)
    extend_team(team)

    staff = sub.add_parser("staff", help="staff records").add_subparsers(
        dest="action", required=True
    )
    add = staff.add_parser("add", help="add a member of staff")
    add.add_argument("name")
    add.add_argument("--role", required=True, help=ROLES_HELP)
    add.add_argument("--team", required=True, help="the team's name")
    add.add_argument("--manager", type=int, help="their line manager's staff id")
    add.add_argument(
        "--id", type=own_id, help="the authority's own staff id (the key roster import uses)"
    )
    add.set_defaults(handler=_staff_add)
    staff.add_parser("list", help="list active staff").set_defaults(handler=_staff_list)
    remove = staff.add_parser(
        "remove", help="cut someone off (they have left); same as `staff leave`"
    )
    remove.add_argument("staff_id", type=int)
    remove.set_defaults(handler=_staff_remove)
    extend_staff(staff)

    inv = sub.add_parser("invite", help="a one-time code that links someone's Telegram chat")
    inv.add_argument("staff_id", help="the authority's staff id, or the internal number")
    inv.add_argument("--hours", type=int, help=f"how long it works (default {INVITE_HOURS}/48)")
    inv.set_defaults(handler=_invite)
    for parser in (team_add, add, remove, inv, staff.choices["list"]):
        parser.add_argument("--db", type=Path, help="use this SQLite file")


def _guarded(action: Callable[[Session], str], args: argparse.Namespace) -> int:
    try:
        with database_session(args.db) as session:
            out = action(session)
            session.commit()
    except (AdminError, SettingsError, ValueError) as err:
        print(f"homeward: {err}", file=sys.stderr)
        return 2
    print(out)
    return 0


def _team_add(args: argparse.Namespace) -> int:
    from protocols.pack_loader import UnknownProtocol, load_protocol
    from storage.people import create_team, find_team

    def action(session: Session) -> str:
        if find_team(session, args.name) is not None:
            raise AdminError(f"a team called {args.name!r} already exists")
        try:
            load_protocol(args.protocol)  # an unknown id is refused before anything is stored
        except UnknownProtocol as err:
            raise AdminError(str(err)) from err
        team = create_team(session, args.name, args.protocol)
        return f"team {team.id}: {team.name} ({team.protocol_id})"

    return _guarded(action, args)


def _staff_add(args: argparse.Namespace) -> int:
    def action(session: Session) -> str:
        from storage.models import Staff

        own_id = (args.id or "").strip() or None
        if own_id is not None:
            taken = session.scalars(select(Staff).where(Staff.external_id == own_id)).first()
            if taken is not None:
                raise AdminError(f"staff id {own_id!r} is already {taken.name}'s")
        staff = add_staff(
            session, args.name, args.role, args.team, now=real_clock(), manager_id=args.manager
        )
        staff.external_id = own_id
        return f"staff {staff.id}: {staff.name} ({staff.role})"

    return _guarded(action, args)


def _staff_list(args: argparse.Namespace) -> int:
    from storage.models import Staff, Team

    def action(session: Session) -> str:
        rows = session.execute(
            select(Staff.id, Staff.name, Staff.role, Team.name)
            .join(Team, Team.id == Staff.team_id, isouter=True)
            .where(Staff.active)
            .order_by(Staff.id)
        )
        return "\n".join(f"{i}\t{n}\t{r}\t{t or ''}" for i, n, r, t in rows) or "(nobody yet)"

    return _guarded(action, args)


def _staff_remove(args: argparse.Namespace) -> int:
    def action(session: Session) -> str:
        from storage.lifecycle import staff_leaves
        from storage.models import Staff

        staff = session.get(Staff, args.staff_id)
        if staff is None:
            raise AdminError(f"there is no member of staff with id {args.staff_id}")
        # The leaver lifecycle: inactive, chats cut off, open tasks to their manager.
        change = staff_leaves(session, staff.id, now=real_clock(), by="cli")
        moved = len(change.data.get("tasks_moved", [])) if change else 0
        return (
            f"staff {staff.id}: {staff.name} is cut off from every channel; "
            f"{moved} open task(s) moved to their manager"
        )

    return _guarded(action, args)


def _invite(args: argparse.Namespace) -> int:
    def action(session: Session) -> str:
        # `--hours 0` is a mistake to refuse, not a request for the default.
        hours = args.hours if args.hours is not None else _default_hours()
        if hours <= 0:
            raise AdminError(f"--hours must be a positive number of hours, not {hours}")
        from bot.admin_commands import CommandError, find_staff_id

        try:
            staff_id = find_staff_id(session, str(args.staff_id))
        except CommandError as err:
            raise AdminError(str(err)) from err
        made = invite(
            session,
            staff_id,
            now=real_clock(),
            lifetime=timedelta(hours=hours),
            bot_username=os.environ.get(BOT_USERNAME, "").strip().lstrip("@") or None,
        )
        lines = [
            f"Invitation for {made.name} ({made.role}, {made.team}), expires {made.expires}",
            f"code: {made.code}",
        ]
        if made.link:
            lines.append(f"link: {made.link}")
        return "\n".join(lines)

    return _guarded(action, args)


def _default_hours() -> int:
    return load_invite_hours(os.environ)
