"""Pushed messages (reminders, escalations) to a member of staff's linked chat.

The reminders scheduler calls `deliver(staff_id, reply)`. In privacy mode (the default) the text
and button labels pass through privacy.redact first, so a locked screen shows initials and an
episode number, never a child's name, date of birth or usual places. The Snooze button shows
the configured time, and a reminder's message is remembered by its delivery, so it can be edited
once someone handles it (bot.telegram.pushes).

Failures are sorted for the reminder engine (reminders.outbound): a person who blocked the bot
(403 Forbidden) or whose chat is gone is unreachable (False: the chain passes them over at once);
flood control (429, once the rate limiter has given up) waits as long as Telegram asks; a
connection that was never made cannot have delivered; a read timeout, a 500 or a 502 may have
(the resend then says it may be a repeat). Every failure but unreachable is sent again later."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.pushed_words import is_reminder_payload
from bot.telegram.access import CHANNEL
from bot.telegram.privacy import redact
from bot.telegram.pushes import DEFAULT_SNOOZE, PushCloser
from bot.telegram.retry import never_sent
from bot.telegram.sender import ChatSender, Sent
from dialogues.replies import Reply
from reminders.messages import snooze_label
from reminders.outbound import SendFailed
from storage.ids import parse_row_id
from storage.models import Staff, StaffAddress
from storage.telegram_chats import record_push

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
# Bad requests that mean the chat cannot be written to at all, as Telegram words them.
_GONE = ("chat not found", "user is deactivated", "bot was blocked", "peer_id_invalid")


def classify(error: TelegramError) -> SendFailed | None:
    """What a failed send means for a reminder: None when the person cannot be reached on
    Telegram at all, else the SendFailed to retry with."""
    if isinstance(error, Forbidden):
        return None  # blocked the bot, or the account was deleted
    if isinstance(error, BadRequest):
        if any(words in error.message.lower() for words in _GONE):
            return None
        return SendFailed(f"Telegram refused the message: {error.message}")
    if isinstance(error, RetryAfter):
        wait = error.retry_after  # a timedelta (PTB_TIMEDELTA, set in bot.telegram)
        seconds = wait if isinstance(wait, int | float) else wait.total_seconds()
        return SendFailed("Telegram flood control", retry_after=float(seconds))
    if isinstance(error, NetworkError):  # TimedOut, 500, 502, connection errors
        return SendFailed(
            f"Telegram unreachable: {error.message}", maybe_sent=not never_sent(error)
        )
    return SendFailed(f"Telegram error: {error.message}", maybe_sent=True)


SNOOZE = "rem:snooze:"


class TelegramOutbound:
    def __init__(
        self,
        bot: Bot,
        sessions: sessionmaker[Session],
        clock: Clock,
        *,
        privacy: bool = True,
        snooze: timedelta = DEFAULT_SNOOZE,
    ) -> None:
        self._sender = ChatSender(bot, sessions, clock)
        self._sessions = sessions
        self._clock = clock
        self._privacy = privacy
        self._snooze = snooze
        self._closer = PushCloser(bot, sessions, clock, snooze)

    async def deliver(self, staff_id: int, reply: Reply) -> bool:
        """True when sent; False when the person cannot be reached here (no linked chat, left,
        blocked the bot). Raises SendFailed when it should be tried again."""
        prepared = await asyncio.to_thread(self._prepare, staff_id, reply)
        if prepared is None:
            return False
        chat_id, safe = prepared
        try:
            delivered = await self._sender.send(chat_id, [safe])
        except TelegramError as error:
            failure = classify(error)
            if failure is None:
                log.warning("staff %s cannot be reached on Telegram: %s", staff_id, error)
                return False
            raise failure from error
        for sent in delivered:
            await asyncio.to_thread(self._remember, chat_id, sent)
        # Edits what was handled since the last push (e.g. on another process's chat). The
        # reminder has gone either way, so a failure here is logged, not the send's.
        try:
            await self._closer.sweep()
        except Exception:
            log.exception("editing handled reminders failed; the next push retries")
        return True

    def _remember(self, chat_id: int, sent: Sent) -> None:
        delivery_ids = {
            parse_row_id(payload.rsplit(":", 1)[-1])
            for _, payload in sent.buttons
            if is_reminder_payload(payload)
        }
        with self._sessions() as session:
            for delivery_id in delivery_ids - {None}:
                assert delivery_id is not None
                record_push(
                    session,
                    delivery_id,
                    chat_id,
                    sent.message_id,
                    sent.token,
                    sent.text,
                    now=self._clock(),
                )
            session.commit()

    def _prepare(self, staff_id: int, reply: Reply) -> tuple[int, Reply] | None:
        with self._sessions() as session:
            address = session.scalars(
                select(StaffAddress.address)
                .join(Staff, Staff.id == StaffAddress.staff_id)
                .where(StaffAddress.staff_id == staff_id, StaffAddress.channel == CHANNEL)
                .where(Staff.active)
                .order_by(StaffAddress.id.desc())  # the most recently linked phone
                .limit(1)
            ).one_or_none()
            if address is None:
                return None
            if self._privacy:
                reply = replace(
                    reply,
                    text=redact(session, reply.text),
                    buttons=tuple((redact(session, lbl), p) for lbl, p in reply.buttons),
                )
            buttons = tuple(
                (snooze_label(self._snooze) if p.startswith(SNOOZE) else lbl, p)
                for lbl, p in reply.buttons
            )
            return int(address), replace(reply, buttons=buttons)
