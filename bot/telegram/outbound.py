"""Pushed messages (reminders, escalations) to a member of staff's linked chat.

The reminders scheduler calls `deliver(staff_id, reply)`. In privacy mode (the default) the text
and button labels pass through privacy.redact first, so a locked screen shows initials and an
episode number, never a child's name, date of birth or usual places."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from telegram import Bot

from bot.telegram.access import CHANNEL
from bot.telegram.privacy import redact
from bot.telegram.sender import ChatSender
from dialogues.replies import Reply
from storage.models import Staff, StaffAddress

Clock = Callable[[], datetime]


class TelegramOutbound:
    def __init__(
        self,
        bot: Bot,
        sessions: sessionmaker[Session],
        clock: Clock,
        *,
        privacy: bool = True,
    ) -> None:
        self._sender = ChatSender(bot, sessions, clock)
        self._sessions = sessions
        self._privacy = privacy

    async def deliver(self, staff_id: int, reply: Reply) -> bool:
        """True when sent; False when the person has no linked chat (or has left)."""
        prepared = await asyncio.to_thread(self._prepare, staff_id, reply)
        if prepared is None:
            return False
        chat_id, safe = prepared
        await self._sender.send(chat_id, [safe], retire=False)
        return True

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
            return int(address), reply
