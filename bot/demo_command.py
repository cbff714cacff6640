"""`homeward demo seed [--db FILE]`: the console's invented organisation, in any database, so an
operator can try Telegram with it. The database is then marked as a demo (an installation
setting), which is what lets an administrator's `/wait 2h` move the clock there and nowhere else.
"""

from __future__ import annotations

import argparse
import sys
from typing import TypeAlias

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.database_option import add_db_option, database_session
from bot.run_command import real_clock

SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def register(sub: SubParsers) -> None:
    demo = sub.add_parser("demo", help="the invented demo organisation")
    actions = demo.add_subparsers(dest="action", required=True)
    seed = actions.add_parser(
        "seed",
        help="add the demo teams, staff and children (idempotent) and mark the database a demo",
    )
    add_db_option(seed)
    seed.set_defaults(handler=_seed)


class DemoClash(ValueError):
    """Some but not all of the demo's teams exist: the database holds something else."""


def seed_demo_once(session: Session) -> bool:
    """Seed the demo unless it is there already; mark the database a demo. True if seeded."""
    from bot.demo import demo_team_names, seed_demo
    from storage.models import Team
    from storage.roster_log import DEMO_KEY, set_setting

    names = demo_team_names()
    present = set(session.scalars(select(Team.name).where(Team.name.in_(names))))
    now = real_clock()
    if present and present != set(names):
        raise DemoClash(
            f"teams {', '.join(sorted(present))} exist but not the rest of the demo; "
            "use an empty database or one without those team names"
        )
    seeded = not present
    if seeded:
        seed_demo(session, now)
    set_setting(session, DEMO_KEY, "yes", now=now)
    return seeded


def _seed(args: argparse.Namespace) -> int:
    try:
        with database_session(args.db) as session:
            seeded = seed_demo_once(session)
            session.commit()
    except DemoClash as err:
        print(f"homeward: {err}", file=sys.stderr)
        return 2
    if seeded:
        print("Demo organisation added; this database is now a demo (an admin may /wait).")
    else:
        print("The demo organisation is already here; nothing added.")
    print("Next: `homeward staff list`, then `homeward invite STAFF_ID` for each person to try.")
    return 0
