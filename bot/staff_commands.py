"""`team list|cover` and `staff show|manager|leave|lost-phone`, added to the `team` and `staff`
commands of bot.telegram.cli: out-of-hours cover, line management, leavers and lost phones."""

from __future__ import annotations

import argparse
from datetime import timedelta
from typing import TypeAlias

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.admin_commands import (
    BY,
    CommandError,
    describe_change,
    find_staff_id,
    find_team_id,
    run_command,
)
from bot.database_option import add_db_option
from bot.run_command import real_clock

SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def extend_team(team: SubParsers) -> None:
    """`team list` and `team cover`, beside bot.telegram.cli's `team add`."""
    listing = team.add_parser("list", help="teams, protocols and out-of-hours cover")
    listing.set_defaults(handler=_team_list)
    cover = team.add_parser("cover", help="set the team that covers nights and weekends")
    cover.add_argument("team")
    cover.add_argument("--by", required=True, help="the covering team's name, or 'none'")
    cover.set_defaults(handler=_team_cover)
    for parser in (listing, cover):
        add_db_option(parser)


def extend_staff(staff: SubParsers) -> None:
    """`staff show|manager|leave|lost-phone`, beside bot.telegram.cli's add, list, remove."""
    show = staff.add_parser("show", help="a member of staff: role, team, manager, chats, work")
    show.add_argument("staff")
    show.set_defaults(handler=_staff_show)
    manager = staff.add_parser("manager", help="set someone's line manager")
    manager.add_argument("staff")
    manager.add_argument("--manager", required=True, help="STAFF, or 'none'")
    manager.set_defaults(handler=_staff_manager)
    leave = staff.add_parser(
        "leave", help="a leaver: inactive, chats cut off, open tasks to their manager"
    )
    leave.add_argument("staff")
    leave.set_defaults(handler=_staff_leave)
    lost = staff.add_parser(
        "lost-phone", help="unlink their chats and print a new invitation (history kept)"
    )
    lost.add_argument("staff")
    lost.add_argument("--hours", type=int, help="how long the new code works (default 48)")
    lost.set_defaults(handler=_staff_lost_phone)
    for parser in (show, manager, leave, lost):
        add_db_option(parser)


def _team_list(args: argparse.Namespace) -> int:
    from storage.models import Child, Staff, Team

    def action(session: Session) -> str:
        teams = list(session.scalars(select(Team).order_by(Team.id)))
        names = {t.id: t.name for t in teams}
        lines = []
        for team in teams:
            staff = len(
                list(
                    session.scalars(select(Staff.id).where(Staff.team_id == team.id, Staff.active))
                )
            )
            children = len(list(session.scalars(select(Child.id).where(Child.team_id == team.id))))
            cover = names.get(team.out_of_hours_team_id or -1, "none")
            lines.append(
                f"{team.id}\t{team.name}\t{team.protocol_id}\tout of hours: {cover}\t"
                f"{staff} staff\t{children} children"
            )
        return "\n".join(lines) or "(no teams yet)"

    return run_command(args, action)


def _team_cover(args: argparse.Namespace) -> int:
    from storage.models import Team
    from storage.roster_log import record_change

    def action(session: Session) -> str:
        team = session.get(Team, find_team_id(session, args.team))
        assert team is not None
        by = args.by.strip()
        cover_id = None if by.lower() == "none" else find_team_id(session, by)
        if cover_id == team.id:
            raise CommandError("a team cannot cover itself")
        if team.out_of_hours_team_id == cover_id:
            return "nothing to change"
        team.out_of_hours_team_id = cover_id
        data = {"out_of_hours_team_id": cover_id}
        record_change(session, "team_cover_set", f"team:{team.id}", data, by=BY, now=real_clock())
        return f"team {team.name}: out-of-hours cover {by}"

    return run_command(args, action)


def _staff_show(args: argparse.Namespace) -> int:
    from storage.models import StaffAddress, Team
    from storage.people import caseload, children_for_carer, get_staff, line_manager_chain
    from storage.queries import open_tasks_for_staff

    def action(session: Session) -> str:
        staff = get_staff(session, find_staff_id(session, args.staff))
        team = session.get(Team, staff.team_id) if staff.team_id else None
        chain = " -> ".join(f"{m.name} ({m.role})" for m in line_manager_chain(session, staff.id))
        chats = list(
            session.scalars(select(StaffAddress.channel).where(StaffAddress.staff_id == staff.id))
        )
        children = children_for_carer(session, staff.id) + caseload(session, staff.id)
        return "\n".join(
            [
                f"staff {staff.id} ({staff.external_id or 'no authority id'}): {staff.name}",
                f"role: {staff.role}; team: {team.name if team else 'none'}; "
                f"{'active' if staff.active else 'has left'}",
                f"line management: {chain or 'none'}",
                f"linked chats: {', '.join(chats) or 'none'}",
                "children: "
                + (", ".join(f"{c.given_name} {c.family_name}" for c in children) or "none"),
                f"open tasks: {len(open_tasks_for_staff(session, staff.id))}",
            ]
        )

    return run_command(args, action)


def _staff_manager(args: argparse.Namespace) -> int:
    from storage.people import get_staff, line_manager_chain
    from storage.roster_log import record_change

    def action(session: Session) -> str:
        staff = get_staff(session, find_staff_id(session, args.staff))
        key = args.manager.strip()
        manager_id = None if key.lower() == "none" else find_staff_id(session, key)
        if manager_id is not None:
            manager = get_staff(session, manager_id)
            if not manager.active:
                raise CommandError(f"{manager.name} has left")
            above = {m.id for m in line_manager_chain(session, manager_id)} | {manager_id}
            if staff.id in above:
                raise CommandError("that would make a loop: nobody may manage their own manager")
        if staff.line_manager_id == manager_id:
            return "nothing to change"
        staff.line_manager_id = manager_id
        data = {"line_manager_id": manager_id}
        record_change(
            session, "line_manager_set", f"staff:{staff.id}", data, by=BY, now=real_clock()
        )
        return f"staff {staff.id}: line manager {key}"

    return run_command(args, action)


def _staff_leave(args: argparse.Namespace) -> int:
    from storage.lifecycle import staff_leaves

    def action(session: Session) -> str:
        change = staff_leaves(session, find_staff_id(session, args.staff), now=real_clock(), by=BY)
        return describe_change(change, "nothing to change: they had already left")

    return run_command(args, action)


def _staff_lost_phone(args: argparse.Namespace) -> int:
    import os

    from bot.telegram.admin import invite
    from bot.telegram.settings import BOT_USERNAME
    from storage.lifecycle import unlink_chats

    def action(session: Session) -> str:
        hours = 48 if args.hours is None else args.hours
        if hours <= 0:
            raise CommandError("--hours must be a positive number of hours")
        staff_id = find_staff_id(session, args.staff)
        now = real_clock()
        change = unlink_chats(session, staff_id, now=now, by=BY)
        made = invite(
            session,
            staff_id,
            now=now,
            lifetime=timedelta(hours=hours),
            bot_username=os.environ.get(BOT_USERNAME, "").strip().lstrip("@") or None,
        )
        lines = [
            describe_change(change, "no chat was linked"),
            f"New invitation for {made.name}, expires {made.expires}",
            f"code: {made.code}",
        ]
        if made.link:
            lines.append(f"link: {made.link}")
        return "\n".join(lines)

    return run_command(args, action)
