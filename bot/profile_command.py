"""`homeward profile CHILD --pdf FILE`: the child's grab pack as a PDF, for an operator.

CHILD is the authority's own id (external id) or our internal id. With `--by STAFF_ID` the pack
is read as that person through the access policy, and the read is logged; without it the
operator, who holds the database already, reads it directly."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TypeAlias

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.ids import parse_row_id

SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def register(sub: SubParsers) -> None:
    cmd = sub.add_parser(
        "profile",
        help="print a child's missing-profile grab pack to PDF",
        description="Make the one- or two-page grab pack a carer hands to the police.",
    )
    cmd.add_argument("child", metavar="CHILD", help="the child's external id or internal id")
    cmd.add_argument("--pdf", type=Path, required=True, metavar="FILE", help="write the PDF here")
    cmd.add_argument("--db", type=Path, help="use this SQLite file")
    cmd.add_argument("--clothing", help="what the child was wearing when last seen, if known")
    cmd.add_argument(
        "--by", type=int, metavar="STAFF_ID", help="read as this member of staff (checked, logged)"
    )
    cmd.set_defaults(handler=run)


def find_child_id(session: Session, key: str) -> int | None:
    """The child an operator means: the authority's id first, then our own number."""
    from storage.models import Child

    found = session.scalars(select(Child.id).where(Child.external_id == key)).first()
    if found is not None:
        return found
    row_id = parse_row_id(key)
    if row_id is not None and session.get(Child, row_id) is not None:
        return row_id
    return None


def run(args: argparse.Namespace) -> int:
    from bot.run_command import real_clock
    from dialogues.grab_pack import collect
    from dialogues.grab_pack_pdf import render_pdf
    from storage.config import database_url
    from storage.db import make_engine, make_session_factory, migrate
    from storage.profiles import ProfileAccessDenied, operator_profile, read_photo, read_profile

    db: Path | None = args.db
    url = f"sqlite:///{db.expanduser().resolve()}" if db else database_url(os.environ)
    engine = make_engine(url)
    try:
        migrate(engine)
        now = real_clock()
        with make_session_factory(engine)() as session:
            child_id = find_child_id(session, args.child)
            if child_id is None:
                print(f"homeward profile: no child with id {args.child!r}", file=sys.stderr)
                return 2
            try:
                if args.by is None:
                    profile, photo = operator_profile(session, child_id)
                else:
                    profile = read_profile(session, args.by, child_id, now, what="grab pack")
                    photo = read_photo(session, args.by, child_id, now)
            except ProfileAccessDenied:
                print(
                    f"homeward profile: staff {args.by} may not see child {args.child}",
                    file=sys.stderr,
                )
                return 2
            pack = collect(session, profile, photo, now, clothing=args.clothing)
            session.commit()  # the logged reads
        data = render_pdf(pack)
        try:
            args.pdf.write_bytes(data)
        except OSError as err:
            print(f"homeward profile: cannot write {args.pdf}: {err.strerror}", file=sys.stderr)
            return 2
        print(f"Wrote {args.pdf} ({len(data) // 1024} KB): grab pack for {pack.name}.")
        return 0
    finally:
        engine.dispose()
