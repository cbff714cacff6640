"""Pushed messages (reminders, escalations) to a member of staff's linked chat.

The reminders scheduler calls `deliver(staff_id, reply)`. In privacy mode (the default) the text
and button labels pass through privacy.redact first, so a locked screen shows initials and an
episode number, never a child's name, date of birth or usual places. The Snooze button shows
the configured time, and a reminder's message is remembered by its delivery, so it can be edited
once someone handles it (bot.telegram.pushes)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from telegram import Bot

from bot.pushed_words import is_reminder_payload
from bot.telegram.access import CHANNEL
from bot.telegram.privacy import redact
from bot.telegram.pushes import DEFAULT_SNOOZE, PushCloser
from bot.telegram.sender import ChatSender, Sent
from dialogues.replies import Reply
from reminders.messages import snooze_label
from storage.ids import parse_row_id
from storage.models import Staff, StaffAddress
from storage.telegram_chats import record_push

Clock = Callable[[], datetime]
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
        """True when sent; False when the person has no linked chat (or has left)."""
        prepared = await asyncio.to_thread(self._prepare, staff_id, reply)
        if prepared is None:
            return False
        chat_id, safe = prepared
        for sent in await self._sender.send(chat_id, [safe]):
            await asyncio.to_thread(self._remember, chat_id, sent)
        # Edits what was handled since the last push (e.g. on another process's chat).
        await self._closer.sweep()
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
