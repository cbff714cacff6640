"""`homeward roster import DIR [--format csv|ssd] [--dry-run]`, `homeward roster export DIR` and
`homeward check`: loading an authority's organisation, writing it back, and finding the gaps
that would leave a reminder with nobody to reach."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TypeAlias

from bot.database_option import add_db_option, database_session
from bot.run_command import real_clock
from storage.roster_rows import FLAGS, LEGAL_STATUSES, PLACEMENTS, STAFF_ROLES

SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
VALUES_HELP = "\n".join(
    [
        "valid values (docs/operators-roster.md):",
        "  role: " + ", ".join(STAFF_ROLES),
        "  legal_status: " + ", ".join(LEGAL_STATUSES),
        "  flags: " + ", ".join(FLAGS),
        "  placement_type: " + ", ".join(PLACEMENTS),
        "  protocol: see `homeward protocols list`",
    ]
)
MAX_ERRORS = 20  # interfaces.md: one line per error, at most 20
GAPS_FOUND = 1  # `homeward check` exit code when there are gaps (2 is a usage error)


def register(sub: SubParsers) -> None:
    roster = sub.add_parser("roster", help="load or write an authority's organisation (CSV)")
    actions = roster.add_subparsers(dest="action", required=True)
    load = actions.add_parser(
        "import",
        help="load teams.csv, staff.csv, children.csv (or an SSD extract) from DIR",
        description="Load an authority's organisation. Ids are the authority's own and are the "
        "keys: importing the same files twice changes nothing, a changed row updates the record "
        "(placement, social worker, leaver), a missing row is not deleted. One transaction: any "
        "error leaves the database as it was and prints FILE:ROW:COLUMN lines, exit 2.",
        epilog=VALUES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    load.add_argument("directory", type=Path)
    load.add_argument(
        "--format",
        choices=("csv", "ssd"),
        default="csv",
        help="csv: the three roster files; ssd: a Standard Safeguarding Dataset extract "
        "(ssd_*.csv) with teams.csv/staff.csv/children.csv supplying what it lacks",
    )
    load.add_argument(
        "--dry-run", action="store_true", help="print what would change; write nothing"
    )
    load.set_defaults(handler=_import)
    out = actions.add_parser("export", help="write teams.csv, staff.csv, children.csv to DIR")
    out.add_argument("directory", type=Path)
    out.set_defaults(handler=_export)
    check = sub.add_parser(
        "check",
        help="list every gap that would make a reminder or escalation reach nobody",
        description="Exit code 0: no gaps; 1: gaps listed (one per line); 2: bad usage.",
    )
    check.add_argument(
        "--channel",
        action="append",
        help="count a chat on this channel as linked (default telegram); --channel none "
        "skips the linked-chat check (console demo)",
    )
    check.set_defaults(handler=_check)
    for parser in (load, out, check):
        add_db_option(parser)


def _import(args: argparse.Namespace) -> int:
    from protocols.pack_loader import UnknownProtocol, load_protocol
    from storage.roster_import import apply_roster
    from storage.roster_rows import RosterErrors, read_roster
    from storage.roster_ssd import read_ssd_roster

    def known(protocol: str) -> bool:
        try:
            load_protocol(protocol)
        except UnknownProtocol:
            return False
        return True

    directory: Path = args.directory
    if not directory.is_dir():
        print(f"homeward: {directory}: expected a folder of CSV files", file=sys.stderr)
        return 2
    try:
        if args.format == "ssd":
            roster = read_ssd_roster(directory, known, real_clock().date())
        else:
            roster = read_roster(directory, known)
        with database_session(args.db) as session:
            report = apply_roster(session, roster, now=real_clock())
            if args.dry_run:
                session.rollback()
            else:
                session.commit()
    except RosterErrors as err:
        for line in err.errors[:MAX_ERRORS]:
            print(line, file=sys.stderr)
        if len(err.errors) > MAX_ERRORS:
            print(f"({len(err.errors) - MAX_ERRORS} more errors not shown)", file=sys.stderr)
        return 2
    prefix = "would change: " if args.dry_run else ""
    for line in report.changes:
        print(prefix + line)
    if not report.changes:
        print("No changes: the database already matches these files.")
    elif args.dry_run:
        print(f"Dry run: {len(report.changes)} change(s), nothing written.")
    else:
        print(f"Imported: {len(report.changes)} change(s).")
    return 0


def _export(args: argparse.Namespace) -> int:
    from storage.roster_export import export_roster

    with database_session(args.db) as session:
        counts = export_roster(session, args.directory)
    for name, count in counts.items():
        print(f"{args.directory / name}: {count} row(s)")
    return 0


def _check(args: argparse.Namespace) -> int:
    from storage.roster_check import find_gaps

    chosen: list[str] = args.channel or ["telegram"]
    channels = tuple(c for c in chosen if c != "none")
    with database_session(args.db) as session:
        gaps = find_gaps(session, channels=channels)
    for gap in gaps:
        print(gap)
    if not gaps:
        print("No gaps: every reminder and escalation has someone to reach.")
        return 0
    print(f"{len(gaps)} gap(s).", file=sys.stderr)
    return GAPS_FOUND
