"""`homeward run`: start the assistant (the console channel until Telegram arrives)."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeAlias

SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def register(sub: SubParsers) -> None:
    run = sub.add_parser("run", help="start the assistant")
    run.add_argument("--db", type=Path, help="use this SQLite file")
    run.set_defaults(handler=start)


def start(args: argparse.Namespace) -> int:
    from bot.console import Console
    from bot.demo import is_empty, seed_demo
    from dialogues.manager import DialogueManager
    from nlu.parser import load_understanding
    from storage.config import database_url
    from storage.db import make_engine, make_session_factory, migrate

    if os.environ.get("TELEGRAM_BOT_TOKEN"):
        print("The Telegram channel arrives with a later issue; using the console for now.")
    db: Path | None = args.db
    url = f"sqlite:///{db.expanduser().resolve()}" if db else database_url(os.environ)
    engine = make_engine(url)
    migrate(engine)
    sessions = make_session_factory(engine)

    def clock() -> datetime:
        return datetime.now(UTC)  # the only place the real clock is read

    with sessions() as session:
        if is_empty(session):
            seed_demo(session, clock())
            session.commit()
    manager = DialogueManager(sessions, load_understanding())
    try:
        return Console(manager, sessions, clock, sys.stdin, sys.stdout).run()
    finally:
        engine.dispose()
