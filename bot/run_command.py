"""`homeward run`: start the assistant, on Telegram when TELEGRAM_BOT_TOKEN is set, else the
console demo, with the reminder scheduler alongside it on the same event loop."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from bot.telegram.settings import TelegramSettings
    from dialogues.manager import DialogueManager
    from dialogues.understanding import Understanding
    from reminders.profile_review import ProfileReviewSettings
    from reminders.settings import ReminderSettings

SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def register(sub: SubParsers) -> None:
    run = sub.add_parser("run", help="start the assistant")
    run.add_argument("--db", type=Path, help="use this SQLite file")
    run.set_defaults(handler=start)


def real_clock() -> datetime:
    return datetime.now(UTC)  # the only place the real clock is read


def start(args: argparse.Namespace) -> int:
    from bot.telegram.settings import SettingsError, load_settings
    from reminders.profile_review import settings_from_env as profile_settings
    from reminders.settings import settings_from_env
    from storage.config import database_url
    from storage.db import make_engine, make_session_factory, migrate

    try:
        telegram = load_settings(os.environ)
        reminders = settings_from_env(os.environ)
        profile_review = profile_settings(os.environ)
    except (SettingsError, ValueError) as err:
        print(f"homeward: {err}", file=sys.stderr)
        return 2
    db: Path | None = args.db
    url = f"sqlite:///{db.expanduser().resolve()}" if db else database_url(os.environ)
    engine = make_engine(url)
    migrate(engine)
    sessions = make_session_factory(engine)
    try:
        if telegram is not None:
            return _telegram(engine, sessions, telegram, reminders, profile_review)
        return _console(engine, sessions, reminders, profile_review)
    finally:
        engine.dispose()


def dialogue_manager(
    sessions: sessionmaker[Session],
    reminders: ReminderSettings,
    understanding: Understanding | None = None,
) -> DialogueManager:
    """The one dialogue manager for every channel: the NLU (the configured one unless given),
    and reminder buttons answered by the reminders package (dialogues never imports it)."""
    from dialogues.context import Turn
    from dialogues.manager import DialogueManager
    from dialogues.replies import Reply
    from nlu.parser import load_understanding
    from reminders.buttons import PREFIX, handle_button

    def pressed(turn: Turn, payload: str) -> list[Reply]:
        return handle_button(turn.session, turn.staff_id, payload, turn.now, reminders)

    nlu = understanding or load_understanding()
    return DialogueManager(sessions, nlu, payloads={PREFIX: pressed})


def _console(
    engine: Engine,
    sessions: sessionmaker[Session],
    reminders: ReminderSettings,
    profile_review: ProfileReviewSettings,
) -> int:
    from bot.console import Console
    from bot.console_outbound import ConsoleOutbound
    from bot.demo import is_empty, seed_demo
    from reminders.clock import OffsetClock
    from reminders.event_notices import EventNoticeSweep
    from reminders.profile_review import ProfileReviewSweep
    from reminders.scheduler import ReminderService
    from storage.roster_log import DEMO_KEY, set_setting

    # The demo clock: real time, moved forward by `wait 2h`; every part reads this one.
    clock = OffsetClock(real_clock)
    with sessions() as session:
        if is_empty(session):
            seed_demo(session, clock())
            # Marked like `homeward demo seed`, so the same file on Telegram allows /wait.
            set_setting(session, DEMO_KEY, "yes", now=clock())
            session.commit()
    manager = dialogue_manager(sessions, reminders)
    console = Console(manager, sessions, clock, sys.stdin, sys.stdout, reminders.snooze)
    service = ReminderService(
        engine,
        ConsoleOutbound(console),
        clock,
        reminders,
        to_real=clock.to_real,
        sweeps=[ProfileReviewSweep(profile_review), EventNoticeSweep(reminders.office_hours)],
    )

    async def advance(to: datetime) -> None:
        await service.advance(to, clock.jump_to)

    async def main() -> int:
        # Ready at once: what came due while nobody was running goes out from the first sweep,
        # in the background.
        await service.start(watch=True, catch_up_later=True)
        try:
            return await console.run_async(advance, service.poke)
        finally:
            service.shutdown()

    return asyncio.run(main())


def _telegram(
    engine: Engine,
    sessions: sessionmaker[Session],
    settings: TelegramSettings,
    reminders: ReminderSettings,
    profile_review: ProfileReviewSettings,
) -> int:
    from telegram.ext import Application

    from bot.demo_clock import demo_advance
    from bot.telegram.app import build_application, run
    from bot.telegram.outbound import TelegramOutbound
    from reminders.clock import OffsetClock
    from reminders.event_notices import EventNoticeSweep
    from reminders.profile_review import ProfileReviewSweep
    from reminders.scheduler import ReminderService
    from storage.roster_check import find_gaps
    from storage.roster_log import is_demo_database

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # httpx logs every request URL at INFO, and Telegram URLs contain the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    services: list[ReminderService] = []
    with sessions() as session:
        demo = is_demo_database(session)
        for gap in find_gaps(session):  # `homeward check` lists the same, with what to do
            logging.getLogger(__name__).warning("roster gap: %s", gap)
    # A demo database (`homeward demo seed`) runs on a clock an admin's /wait moves forward.
    demo_clock = OffsetClock(real_clock) if demo else None
    clock = demo_clock or real_clock

    async def begin(app: Application) -> None:  # type: ignore[type-arg]
        outbound = TelegramOutbound(
            app.bot, sessions, clock, privacy=settings.privacy, snooze=reminders.snooze
        )
        to_real = demo_clock.to_real if demo_clock else None
        service = ReminderService(
            engine,
            outbound,
            clock,
            reminders,
            to_real=to_real,
            sweeps=[ProfileReviewSweep(profile_review), EventNoticeSweep(reminders.office_hours)],
        )
        services.append(service)
        # Both watchdogs: APScheduler restarted when sweeps stop, and the process exits
        # non-zero (for the service manager to restart it) when its event loop is blocked.
        # The catch-up goes out in the background: the bot answers from the start.
        await service.start(watch=True, exit_on_stall=True, catch_up_later=True)

    async def end(app: Application) -> None:  # type: ignore[type-arg]
        for service in services:
            service.shutdown()

    def nudge() -> None:
        for service in services:
            service.nudge()

    manager = dialogue_manager(sessions, reminders)
    app = build_application(
        settings,
        manager,
        sessions,
        clock,
        on_start=begin,
        on_stop=end,
        advance=demo_advance(demo_clock, services) if demo_clock else None,
        after_update=nudge,
        snooze=reminders.snooze,
    )
    print("Homeward is on Telegram. Invite people with `homeward invite STAFF_ID`; Ctrl+C stops.")
    run(app, settings, sessions, real_clock)  # the inbox's leases use the real clock
    return 0
