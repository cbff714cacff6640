"""`homeward export`, `homeward report …` and `homeward retention`: the command line of reports/.

Bad options exit 2 with one line naming the option and what was expected (bot.cli's parser
prints argparse's own errors on one line too). Only this module reads the real clock.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TypeAlias

from storage.db import Session

SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
EXIT_BAD_OPTION = 2


class OptionError(ValueError):
    """A value the command cannot use; printed as one line with exit code 2."""


def register(sub: SubParsers) -> None:
    export = sub.add_parser(
        "export",
        help="everything recorded about missing episodes (JSON), or about one child",
        description="Print every episode with its log, notes and tasks as one JSON object "
        "(--json), or everything held about one child (--child ID, optionally --pdf FILE).",
    )
    _db_option(export)
    export.add_argument("--json", action="store_true", help="print one JSON object")
    export.add_argument("--since", help="ISO instant: episodes away at or after it")
    export.add_argument("--until", help="ISO instant: episodes away at or before it")
    export.add_argument("--child", help="subject access: the child's own id (or internal id)")
    export.add_argument("--pdf", type=Path, help="with --child: also write a readable PDF")
    export.set_defaults(handler=run_export)

    report = sub.add_parser("report", help="statutory returns and meeting packs")
    reports = report.add_subparsers(dest="report", required=True)
    for name, helptext in (
        ("ssda903-missing", "the DfE SSDA903 Missing table (looked-after children)"),
        ("ssd-missing", "the Standard Safeguarding Dataset's ssd_missing table"),
    ):
        parser = reports.add_parser(name, help=helptext)
        _db_option(parser)
        parser.add_argument("--from", dest="first", required=True, help="YYYY-MM-DD (London)")
        parser.add_argument("--to", dest="last", required=True, help="YYYY-MM-DD, inclusive")
        parser.add_argument("--out", type=Path, required=True, help="the CSV file to write")
        parser.set_defaults(handler=run_return, return_name=name)
    annex = reports.add_parser("annex-a", help="Ofsted Annex A list 8: the missing columns")
    _db_option(annex)
    annex.add_argument("--to", dest="last", required=True, help="YYYY-MM-DD: end of 12 months")
    annex.add_argument("--out", type=Path, required=True, help="the CSV file to write")
    annex.set_defaults(handler=run_return, return_name="annex-a", first=None)

    meeting = reports.add_parser(
        "meeting",
        help="the pack for a missing meeting: charts, tables and each child's history (PDF)",
    )
    _db_option(meeting)
    meeting.add_argument(
        "--team", action="append", default=[], help="a team's name (repeat; default all teams)"
    )
    meeting.add_argument("--from", dest="first", required=True, help="YYYY-MM-DD (London)")
    meeting.add_argument("--to", dest="last", required=True, help="YYYY-MM-DD, inclusive")
    meeting.add_argument("--out", type=Path, help="the PDF file to write")
    meeting.add_argument("--csv-dir", type=Path, help="write every figure as CSV (and PNG) here")
    meeting.set_defaults(handler=run_meeting)

    retention = sub.add_parser(
        "retention",
        help="remove records whose retention period has ended (see docs/data-protection.md)",
        description="Delete or anonymise the records the retention policy (HOMEWARD_RETENTION_* "
        "settings) says are due, and log each removal without personal data. --dry-run lists "
        "them and changes nothing.",
    )
    _db_option(retention)
    retention.add_argument("--dry-run", action="store_true", help="list only; change nothing")
    retention.set_defaults(handler=run_retention)


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, help="the SQLite file (else HOMEWARD_DATABASE_URL)")


@contextmanager
def session_for(args: argparse.Namespace) -> Iterator[Session]:
    """A session on the configured database, migrated to the current schema. A --db file that
    does not exist is an error, not a new empty database."""
    from storage.config import database_url
    from storage.db import make_engine, make_session_factory, migrate

    db: Path | None = getattr(args, "db", None)
    if db is not None and not db.expanduser().is_file():
        raise OptionError(f"--db: no database file at {db}")
    url = f"sqlite:///{db.expanduser().resolve()}" if db else database_url(os.environ)
    engine = make_engine(url)
    try:
        migrate(engine)
        with make_session_factory(engine)() as session:
            yield session
    finally:
        engine.dispose()


def parse_instant(option: str, text: str | None) -> datetime | None:
    """An ISO 8601 instant; a date alone is midnight London, a time without zone is UTC."""
    if text is None:
        return None
    try:
        if len(text.strip()) == 10:
            from reports.periods import start_of

            return start_of(date.fromisoformat(text.strip()))
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        expected = "expected an ISO 8601 time like 2026-03-01T00:00:00Z"
        raise OptionError(f"{option}: {expected}") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def parse_day(option: str, text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise OptionError(f"{option}: expected a date like 2026-03-31 (YYYY-MM-DD)") from None


Handler = Callable[[argparse.Namespace], int]


def guarded(handler: Handler) -> Handler:
    """Run a handler, turning an OptionError into one line on stderr and exit code 2."""

    def run(args: argparse.Namespace) -> int:
        try:
            code = handler(args)
        except OptionError as error:
            print(f"homeward: {error}", file=sys.stderr)
            return EXIT_BAD_OPTION
        return code

    return run


def real_now() -> datetime:
    return datetime.now(UTC)


@guarded
def run_export(args: argparse.Namespace) -> int:
    since = parse_instant("--since", args.since)
    until = parse_instant("--until", args.until)
    if since and until and until < since:
        raise OptionError("--until: expected a time after --since")
    if args.child is not None:
        if args.since or args.until:
            raise OptionError("--child: gives the whole record; leave out --since and --until")
        return _subject_access(args)
    if args.pdf is not None:
        raise OptionError("--pdf: only with --child ID")
    if not args.json:
        raise OptionError("export: expected --json (or --child ID)")
    from reports.episode_export import export

    with session_for(args) as session:
        print(json.dumps(export(session, since, until), indent=2, ensure_ascii=False))
    return 0


def _subject_access(args: argparse.Namespace) -> int:
    from reports.subject_access import subject_access_json, write_subject_access_pdf
    from storage.extracts import child_by_reference

    with session_for(args) as session:
        child = child_by_reference(session, str(args.child).strip())
        if child is None:
            raise OptionError(f"--child: no child with id {args.child!r}")
        record = subject_access_json(session, child, now=real_now())
        if args.pdf is not None:
            write_subject_access_pdf(record, args.pdf)
    print(json.dumps(record, indent=2, ensure_ascii=False))
    return 0


@guarded
def run_return(args: argparse.Namespace) -> int:
    from reports import statutory

    last = parse_day("--to", args.last)
    out: Path = args.out
    if not out.parent.exists():
        raise OptionError(f"--out: no folder {out.parent}")
    with session_for(args) as session:
        if args.return_name == "annex-a":
            result = statutory.annex_a_missing(session, last)
        else:
            first = parse_day("--from", args.first)
            if last < first:
                raise OptionError("--to: expected a date on or after --from")
            writer = (
                statutory.ssda903_missing
                if args.return_name == "ssda903-missing"
                else statutory.ssd_missing
            )
            result = writer(session, first, last)
    write_csv(out, result.columns, result.rows)
    for line in result.left_out:
        print(f"left out: {line}", file=sys.stderr)
    print(f"{out}: {len(result.rows)} rows")
    return 0


def write_csv(path: Path, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)


@guarded
def run_meeting(args: argparse.Namespace) -> int:
    from reports.meeting_pack import UnknownTeam, build, write_csvs, write_pdf

    first, last = parse_day("--from", args.first), parse_day("--to", args.last)
    if last < first:
        raise OptionError("--to: expected a date on or after --from")
    if args.out is None and args.csv_dir is None:
        raise OptionError("meeting: expected --out FILE.pdf and/or --csv-dir FOLDER")
    if args.out is not None and not args.out.parent.exists():
        raise OptionError(f"--out: no folder {args.out.parent}")
    with session_for(args) as session:
        try:
            pack = build(session, args.team, first, last, real_now())
        except UnknownTeam as error:
            raise OptionError(f"--team: {error}") from None
    if args.csv_dir is not None:
        written = write_csvs(pack, args.csv_dir)
        print(f"{args.csv_dir}: {len(written)} CSV files")
    if args.out is not None:
        write_pdf(pack, args.out, charts=args.csv_dir)
        print(f"{args.out}: meeting pack for {', '.join(pack.teams)}")
    return 0


@guarded
def run_retention(args: argparse.Namespace) -> int:
    from reports.retention_policy import PolicyError, apply, policy_from_env, review

    try:
        policy = policy_from_env(os.environ)
    except PolicyError as error:
        raise OptionError(str(error)) from None
    now = real_now()
    with session_for(args) as session:
        due, unsure = review(session, policy, now)
        print(f"Policy: {policy.describe()}.")
        verb = "Would remove" if args.dry_run else f"Removing ({policy.action})"
        print(f"{verb}: {len(due)} record(s).")
        for item in due:
            print(f"  child {item.reference} {item.name}: {item.rule} (due {item.due_on})")
        for line in unsure:
            print(f"  {line}")
        if not args.dry_run and due:
            apply(session, policy, due, now)
            session.commit()
            print(f"Done: {len(due)} record(s) {policy.action}, each logged in retention_log.")
    return 0
