"""One webhook worker: an HTTP endpoint that stores Telegram's updates in the shared inbox and
answers only after the commit, and the inbox drain that handles them (bot.telegram.inbox_drain).

python-telegram-bot's own webhook server answers Telegram before the update is handled and
keeps it in memory, so behind a proxy with several workers one chat's updates could run at once
or out of order, and an update could be lost with a worker. Here the Application runs without
an Updater (`updater=None`, as in PTB's "customwebhookbot" example) and the endpoint is ours:

- POST on the webhook path with the right `X-Telegram-Bot-Api-Secret-Token`: the update is
  stored (insert-or-ignore on its id) and committed, then 200. A database error answers 503,
  so the proxy tries another worker and Telegram retries later: nothing is acknowledged that
  is not stored. Retries are harmless, the update id being unique.
- GET /healthz: 200 while the worker is serving (for the proxy or a monitor).

SIGTERM or SIGINT stops it gracefully: the endpoint closes, the updates in hand finish, the
Application and its reminder service stop.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
import signal
import socket
from collections.abc import Awaitable, Callable
from datetime import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import urlparse

from sqlalchemy.orm import Session, sessionmaker
from telegram import Update
from telegram.ext import Application
from tornado.httpserver import HTTPServer
from tornado.web import Application as WebApplication
from tornado.web import RequestHandler

from bot.telegram.app import ALLOWED_UPDATES
from bot.telegram.chat_order import chat_key
from bot.telegram.inbox_drain import InboxDrain
from bot.telegram.settings import TelegramSettings
from storage.telegram_inbox import store_update

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_CONNECTIONS = 40  # Telegram's most webhook connections at once (its default and maximum)
# (update id, chat, JSON) -> stored; raises when the database cannot take it.
Accept = Callable[[int, int | None, str], Awaitable[None]]


def worker_name() -> str:
    """Who holds a claim, as other workers and the operator see it."""
    return f"{socket.gethostname()}:{os.getpid()}"


class UpdateEndpoint(RequestHandler):
    """Telegram's POST of one update."""

    def initialize(self, accept: Accept, secret: str | None) -> None:
        self._accept = accept
        self._secret = secret

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "")
        if self._secret is not None and not hmac.compare_digest(given, self._secret):
            self._answer(HTTPStatus.FORBIDDEN)  # forged or misrouted: store nothing
            return
        parsed = parse_update(self.request.body)
        if parsed is None:
            self._answer(HTTPStatus.BAD_REQUEST)
            return
        update_id, chat, body = parsed
        try:
            await self._accept(update_id, chat, body)
        except Exception:
            log.exception("update %s could not be stored", update_id)
            self._answer(HTTPStatus.SERVICE_UNAVAILABLE)
            return
        self._answer(HTTPStatus.OK)

    def _answer(self, status: HTTPStatus) -> None:
        self.set_status(status)
        self.finish()


def parse_update(raw: bytes) -> tuple[int, int | None, str] | None:
    """(update id, chat, the JSON text) of a Telegram update, or None for anything else; never
    raises, whatever was posted."""
    body = raw.decode("utf-8", errors="replace")
    try:
        data = json.loads(body)
        if not isinstance(data, dict) or isinstance(data.get("update_id"), bool):
            return None
        update_id = int(data["update_id"])
        chat = chat_key(Update.de_json(data, None))
    except Exception:  # junk in any shape: refused, not stored
        return None
    if not 0 <= update_id < 2**63:  # a BigInteger column
        return None
    return update_id, chat, body


class Health(RequestHandler):
    def get(self) -> None:
        self.finish("ok")


def web_application(path: str, accept: Accept, secret: str | None) -> WebApplication:
    route = "/" + path.strip("/")
    return WebApplication(
        [
            (route, UpdateEndpoint, {"accept": accept, "secret": secret}),
            ("/healthz", Health),
        ]
    )


def storer(sessions: sessionmaker[Session], clock: Clock, drain: InboxDrain) -> Accept:
    def store(update_id: int, chat: int | None, body: str) -> None:
        with sessions() as session:
            store_update(session, update_id, chat, body, now=clock())
            session.commit()

    async def accept(update_id: int, chat: int | None, body: str) -> None:
        await asyncio.to_thread(store, update_id, chat, body)
        drain.wake()

    return accept


async def serve(
    app: Application,  # type: ignore[type-arg]
    settings: TelegramSettings,
    sessions: sessionmaker[Session],
    clock: Clock,
    *,
    stop: asyncio.Event | None = None,
    set_webhook: bool = True,
) -> None:
    """Run the worker until `stop` is set or SIGTERM/SIGINT arrives. `clock` is the real clock:
    leases are compared across processes."""
    assert settings.webhook_url is not None
    stop = stop or asyncio.Event()
    logging.getLogger("tornado.access").setLevel(logging.WARNING)  # nginx logs each request
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with app:  # initialize ... shutdown
        if app.post_init is not None:  # set-up and the reminder service (run_* would call it)
            await app.post_init(app)
        if set_webhook:  # every worker sets the same URL: idempotent, and no worker is special
            await app.bot.set_webhook(**webhook_registration(settings))
        await app.start()
        drain = InboxDrain(app, sessions, clock, worker_name(), settings.inbox_lease)
        server = HTTPServer(
            web_application(
                urlparse(settings.webhook_url).path,
                storer(sessions, clock, drain),
                settings.webhook_secret,
            )
        )
        server.listen(settings.webhook_port, settings.webhook_listen)
        draining = asyncio.create_task(drain.run())
        log.info("webhook worker %s on port %s", drain.worker, settings.webhook_port)
        try:
            await stop.wait()
        finally:
            server.stop()  # the proxy sends the next updates to the other workers
            drain.stop()
            await draining  # the updates in hand are finished first
            await app.stop()
            if app.post_shutdown is not None:
                await app.post_shutdown(app)
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(sig)


def webhook_registration(settings: TelegramSettings) -> dict[str, Any]:
    return {
        "url": settings.webhook_url,
        "secret_token": settings.webhook_secret,
        "allowed_updates": ALLOWED_UPDATES,
        "max_connections": MAX_CONNECTIONS,
    }
