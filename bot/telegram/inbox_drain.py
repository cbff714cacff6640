"""A webhook worker's loop over the shared inbox (storage.telegram_inbox): claim the heads of
chats nobody is handling, handle each with the Application (`process_update`), mark it handled,
and look again at once, because the chat's next update may be waiting (stored by any worker).

Different chats run side by side, up to `max_chats` at once; one chat's updates one at a time
in update order, across every worker sharing the database. While an update is being handled its
lease is renewed, so only a worker that has stopped (killed, crashed, cut off from the
database) loses its claims, and another worker takes them over when the lease runs out.

An update that was taken over is handled from the start if the dead worker had not begun it.
If it had begun (the channel records each update id before acting on it,
storage.telegram_chats.first_time_seen), it is not run again: what was recorded is unknown, and
a second run could record an answer twice or take it as the answer to the next question.
Instead the person is told their message was interrupted and asked to check /status and send
it again if needed. So no update is handled twice, and none vanishes in silence
(docs/deploy.md, "Exactly once, in order").
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application

from bot.telegram import messages as tm
from bot.telegram.access import person_for_chat
from storage.telegram_inbox import (
    InboxItem,
    claim_heads,
    forget_handled_before,
    handling_began,
    mark_handled,
    renew_leases,
)

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]

# Chats this worker handles at once: about its HTTP connection pool to Telegram (8, app.py).
# More only queue for a connection (PTB gives up after its 1 s pool timeout) and for the
# database threads; the work is CPU-bound in one process anyway.
MAX_CHATS = 8
POLL_EVERY = 0.25  # seconds between looks when idle: other workers store updates too
KEEP_HANDLED = timedelta(days=2)  # Telegram never resends an update older than a day
PRUNE_EVERY = 1000  # handled updates between clean-ups


class InboxDrain:
    def __init__(
        self,
        app: Application,  # type: ignore[type-arg]
        sessions: sessionmaker[Session],
        clock: Clock,
        worker: str,
        lease: timedelta,
        *,
        max_chats: int = MAX_CHATS,
        poll_every: float = POLL_EVERY,
    ) -> None:
        self._app = app
        self._sessions = sessions
        self._clock = clock
        self.worker = worker
        self._lease = lease
        self._max_chats = max_chats
        self._poll_every = poll_every
        self._wake = asyncio.Event()
        self._stopping = False
        self._running: dict[int, tuple[InboxItem, asyncio.Task[None]]] = {}
        self._handled = 0

    def wake(self) -> None:
        """Something was stored or finished: look for work now rather than at the next poll."""
        self._wake.set()

    async def run(self) -> None:
        """Until `stop`: claim, start, wait for a wake-up or the poll interval."""
        renewing = asyncio.create_task(self._renew_leases())
        try:
            while not self._stopping:
                self._wake.clear()
                try:
                    claimed = await asyncio.to_thread(self._claim)
                except Exception:  # the database is away: keep trying, claims are safe to redo
                    log.warning("could not claim inbox updates", exc_info=True)
                    claimed = []
                for item in claimed:
                    task = asyncio.create_task(self._handle(item))
                    self._running[item.row_id] = (item, task)
                if claimed and len(self._running) < self._max_chats:
                    continue  # there may be more heads than one claim took
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self._poll_every)
            # Stopping: what was claimed (even by the claim that was under way) is finished,
            # so no claim of this worker is left for the others to wait out.
            while self._running:
                tasks = [task for _, task in self._running.values()]
                await asyncio.gather(*tasks, return_exceptions=True)
        finally:
            renewing.cancel()

    def stop(self) -> None:
        """Claim nothing more; `run` returns once the updates in hand are finished."""
        self._stopping = True
        self._wake.set()

    def _claim(self) -> list[InboxItem]:
        busy = {item.chat_id for item, _ in self._running.values()}
        with self._sessions() as session:
            claimed = claim_heads(
                session,
                self.worker,
                now=self._clock(),
                lease=self._lease,
                limit=self._max_chats - len(self._running),
                busy_chats=busy,
            )
            session.commit()
        return claimed

    async def _handle(self, item: InboxItem) -> None:
        try:
            update = Update.de_json(json.loads(item.payload), self._app.bot)
            if item.attempts > 1 and await asyncio.to_thread(self._began, item.update_id):
                await self._tell_interrupted(update)
            else:
                # Errors inside handlers go to the application's error handlers; this catches
                # only what escapes them, so one bad update never stops the worker.
                await self._app.process_update(update)
        except Exception:
            log.exception("update %s could not be handled", item.update_id)
        finally:
            try:
                await asyncio.to_thread(self._finish, item)
            finally:
                del self._running[item.row_id]
                self.wake()

    def _began(self, update_id: int) -> bool:
        with self._sessions() as session:
            return handling_began(session, update_id)

    async def _tell_interrupted(self, update: Update) -> None:
        """The worker that had begun this update stopped: what it recorded is unknown, and
        handling it again could record an answer twice or take it as the answer to the next
        question. So the person, if linked, is told plainly instead of hearing nothing."""
        chat = update.effective_chat
        if chat is None or not await asyncio.to_thread(self._linked, chat.id):
            return  # strangers get one refusal and nothing else
        message = update.message
        if message is not None and message.text:
            quote = (
                message.text
                if len(message.text) <= tm.QUOTE_LIMIT
                else (message.text[: tm.QUOTE_LIMIT - 1] + "…")
            )
            text = tm.INTERRUPTED_MESSAGE.format(quote=quote)
        else:
            text = tm.INTERRUPTED_PRESS
        try:
            await self._app.bot.send_message(chat.id, text)
        except TelegramError:
            log.warning("could not tell chat %s about an interrupted update", chat.id)

    def _linked(self, chat_id: int) -> bool:
        with self._sessions() as session:
            return person_for_chat(session, chat_id) is not None

    def _finish(self, item: InboxItem) -> None:
        with self._sessions() as session:
            if not mark_handled(session, item.row_id, self.worker, now=self._clock()):
                log.warning("update %s was taken over by another worker", item.update_id)
            self._handled += 1
            if self._handled % PRUNE_EVERY == 0:
                forget_handled_before(session, self._clock() - KEEP_HANDLED)
            session.commit()

    async def _renew_leases(self) -> None:
        while True:
            await asyncio.sleep(self._lease.total_seconds() / 3)
            ids = list(self._running)
            try:
                await asyncio.to_thread(self._renew, ids)
            except Exception:
                log.warning("could not renew inbox leases", exc_info=True)

    def _renew(self, row_ids: list[int]) -> None:
        with self._sessions() as session:
            renew_leases(session, self.worker, row_ids, now=self._clock(), lease=self._lease)
            session.commit()
