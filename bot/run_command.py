"""`homeward run`: start the assistant (the console channel until Telegram arrives), with the
reminder scheduler alongside it on one event loop."""

from __future__ import annotations

import argparse
import asyncio
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
    from bot.console_outbound import ConsoleOutbound
    from bot.demo import is_empty, seed_demo
    from dialogues.manager import DialogueManager
    from dialogues.replies import Reply
    from dialogues.understanding import KeywordUnderstanding
    from reminders.buttons import handle_button
    from reminders.clock import OffsetClock
    from reminders.scheduler import ReminderService
    from reminders.settings import settings_from_env
    from storage.config import database_url
    from storage.db import make_engine, make_session_factory, migrate

    if os.environ.get("TELEGRAM_BOT_TOKEN"):
        print("The Telegram channel arrives with a later issue; using the console for now.")
    try:
        settings = settings_from_env(os.environ)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    db: Path | None = args.db
    url = f"sqlite:///{db.expanduser().resolve()}" if db else database_url(os.environ)
    engine = make_engine(url)
    migrate(engine)
    sessions = make_session_factory(engine)

    def real() -> datetime:
        return datetime.now(UTC)  # the only place the real clock is read

    # The demo clock: real time, moved forward by `wait 2h`; every part reads this one.
    clock = OffsetClock(real)

    with sessions() as session:
        if is_empty(session):
            seed_demo(session, clock())
            session.commit()

    def press(staff_id: int, payload: str, now: datetime) -> list[Reply]:
        with sessions() as session:
            replies = handle_button(session, staff_id, payload, now, settings)
            session.commit()
            return replies

    manager = DialogueManager(sessions, KeywordUnderstanding())
    console = Console(manager, sessions, clock, sys.stdin, sys.stdout, press)
    service = ReminderService(
        engine, ConsoleOutbound(console), clock, settings, to_real=clock.to_real
    )

    async def advance(to: datetime) -> None:
        await service.advance(to, clock.jump_to)

    async def main() -> int:
        await service.start()
        try:
            return await console.run_async(advance, service.poke)
        finally:
            service.shutdown()

    try:
        return asyncio.run(main())
    finally:
        engine.dispose()
