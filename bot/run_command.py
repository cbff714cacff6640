"""`homeward run`: start the assistant: on Telegram when TELEGRAM_BOT_TOKEN is set, else the
console channel."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from bot.telegram.settings import TelegramSettings

SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def register(sub: SubParsers) -> None:
    run = sub.add_parser("run", help="start the assistant")
    run.add_argument("--db", type=Path, help="use this SQLite file")
    run.set_defaults(handler=start)


def real_clock() -> datetime:
    return datetime.now(UTC)  # the only place the real clock is read


def start(args: argparse.Namespace) -> int:
    from bot.telegram.settings import SettingsError, load_settings
    from storage.config import database_url
    from storage.db import make_engine, make_session_factory, migrate

    try:
        telegram = load_settings(os.environ)
    except SettingsError as err:
        print(f"homeward: {err}", file=sys.stderr)
        return 2
    db: Path | None = args.db
    url = f"sqlite:///{db.expanduser().resolve()}" if db else database_url(os.environ)
    engine = make_engine(url)
    migrate(engine)
    sessions = make_session_factory(engine)
    try:
        if telegram is not None:
            return _telegram(sessions, telegram)
        return _console(sessions)
    finally:
        engine.dispose()


def _console(sessions: sessionmaker[Session]) -> int:
    from bot.console import Console
    from bot.demo import is_empty, seed_demo
    from dialogues.manager import DialogueManager
    from nlu.parser import load_understanding

    with sessions() as session:
        if is_empty(session):
            seed_demo(session, real_clock())
            session.commit()
    manager = DialogueManager(sessions, load_understanding())
    return Console(manager, sessions, real_clock, sys.stdin, sys.stdout).run()


def _telegram(sessions: sessionmaker[Session], settings: TelegramSettings) -> int:
    from bot.telegram.app import build_application, run
    from dialogues.manager import DialogueManager
    from nlu.parser import load_understanding

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # httpx logs every request URL at INFO, and Telegram URLs contain the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    manager = DialogueManager(sessions, load_understanding())
    app = build_application(settings, manager, sessions, real_clock)
    print("Homeward is on Telegram. Invite people with `homeward invite STAFF_ID`; Ctrl+C stops.")
    run(app, settings)
    return 0
