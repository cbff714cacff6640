"""Building and running the python-telegram-bot Application for Homeward."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from telegram import Update
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, TypeHandler
from telegram.request import BaseRequest, HTTPXRequest

from bot.telegram.channel import DemoAdvance, TelegramChannel
from bot.telegram.chat_order import PerChatOrder
from bot.telegram.menus import set_up_bot
from bot.telegram.pushes import DEFAULT_SNOOZE
from bot.telegram.retry import RetryingRequest
from bot.telegram.settings import TelegramSettings
from dialogues.manager import DialogueManager

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
RATE_LIMIT_RETRIES = 3  # on a 429 (flood control), wait as told and try again


# Runs on the application's event loop, e.g. to start the reminder scheduler beside it.
Hook = Callable[[Application], Coroutine[Any, Any, None]]  # type: ignore[type-arg]


def _started(
    on_start: Hook | None, sessions: sessionmaker[Session], settings: TelegramSettings
) -> Hook:
    async def post_init(app: Application) -> None:  # type: ignore[type-arg]
        await set_up_bot(app.bot, sessions, settings.admins)
        if on_start is not None:
            await on_start(app)

    return post_init


def build_application(
    settings: TelegramSettings,
    manager: DialogueManager,
    sessions: sessionmaker[Session],
    clock: Clock,
    *,
    request: BaseRequest | None = None,
    updates_request: BaseRequest | None = None,
    with_updater: bool = True,
    limit_rate: bool = True,
    on_start: Hook | None = None,
    on_stop: Hook | None = None,
    advance: DemoAdvance | None = None,
    after_update: Callable[[], None] | None = None,
    snooze: timedelta = DEFAULT_SNOOZE,
) -> Application:  # type: ignore[type-arg]
    """The application with every handler. Tests pass their own `request` (a fake Telegram)
    and `with_updater=False`, then feed updates to `process_update` themselves."""
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .request(request or RetryingRequest(HTTPXRequest(connection_pool_size=8)))
        .get_updates_request(updates_request or RetryingRequest(HTTPXRequest()))
        .post_init(_started(on_start, sessions, settings))
        # Chats side by side, each chat's updates in order (bot.telegram.chat_order).
        .concurrent_updates(PerChatOrder())
    )
    if on_stop is not None:  # e.g. stop the reminder scheduler that on_start began
        builder = builder.post_shutdown(on_stop)
    if limit_rate:  # off only to measure the channel's own overhead (benchmarks/)
        # The builder's generic parameters change with a rate limiter; the Application is the same.
        # Each process paces itself to its share of the bot's rate (settings.rate_share): N
        # workers together stay under Telegram's limit without asking each other (deploy.md).
        limiter = AIORateLimiter(
            overall_max_rate=settings.rate_share,
            overall_time_period=1,
            max_retries=RATE_LIMIT_RETRIES,
        )
        builder = builder.rate_limiter(limiter)  # type: ignore[arg-type]
    if settings.api_base_url:
        base = settings.api_base_url.rstrip("/")
        builder = builder.base_url(f"{base}/bot").base_file_url(f"{base}/file/bot")
    if not with_updater:
        builder = builder.updater(None)
    app = builder.build()
    channel = TelegramChannel(manager, sessions, clock, settings, advance, snooze)
    app.add_handler(TypeHandler(Update, channel.on_update))
    if after_update is not None:  # e.g. let the reminders see a task the message created
        nudge = after_update

        async def after(update: Update, context: object) -> None:
            nudge()

        app.add_handler(TypeHandler(Update, after), group=1)
    app.add_error_handler(channel.on_error)
    return app


def run(
    app: Application,  # type: ignore[type-arg]
    settings: TelegramSettings,
    sessions: sessionmaker[Session] | None = None,
    clock: Clock | None = None,
) -> None:
    """Long polling, or a webhook worker when TELEGRAM_WEBHOOK_URL is set: updates go through
    the shared inbox (bot.telegram.webhook_worker), so several workers can run behind a proxy.
    `clock` is the real clock (inbox leases compare across processes). Blocks until stopped."""
    if settings.webhook_url is not None:
        from bot.telegram.webhook_worker import serve

        assert sessions is not None and clock is not None, "a webhook worker needs the database"
        log.info("Telegram webhook worker on port %s", settings.webhook_port)
        asyncio.run(serve(app, settings, sessions, clock))
        return
    log.info("Telegram long polling")
    app.run_polling(allowed_updates=ALLOWED_UPDATES)
