"""Pushed reminders after they are sent: each keeps its buttons until it is handled, and is then
edited to say by whom and when ("✓ Done by Tom Evans at 09:12"), wherever it was handled: its
own button, a conversation, another person, or the task closing so the reminder chain ends.

`PushCloser.sweep()` runs after every update the channel handles and after every push, so the
edit follows within one message of the change; the database says which pushes are still open,
so a restart or a second process edits each one once."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker
from telegram import Bot
from telegram.error import TelegramError

from bot.telegram import messages as tm
from bot.telegram.layout import with_note
from protocols.clock import LONDON
from storage.deliveries import ACKNOWLEDGED, DONE, NOT_ME, SNOOZED, Delivery
from storage.models import TaskRecord
from storage.queries import ACTIONABLE
from storage.telegram_chats import OpenPush, close_push, open_pushes, staff_name

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
DEFAULT_SNOOZE = timedelta(minutes=30)


def _clock_time(instant: datetime) -> str:
    return instant.astimezone(LONDON).strftime("%H:%M")


def outcome(session: Session, push: OpenPush, snooze: timedelta) -> str | None:
    """The line that closes a push, or None while it is still waiting for someone."""
    delivery = session.get(Delivery, push.delivery_id)
    if delivery is None:
        return None
    if delivery.handled is not None and delivery.handled_at is not None:
        name = staff_name(session, delivery.handled_by_id) or tm.SOMEONE
        at = _clock_time(delivery.handled_at)
        if delivery.handled == SNOOZED:
            return tm.PUSH_SNOOZED.format(name=name, at=_clock_time(delivery.handled_at + snooze))
        words = {DONE: tm.PUSH_DONE, ACKNOWLEDGED: tm.PUSH_ACKNOWLEDGED, NOT_ME: tm.PUSH_HANDED}
        return words.get(delivery.handled, tm.PUSH_DONE).format(name=name, at=at)
    task = session.get(TaskRecord, delivery.task_id)
    if task is None:
        return None
    # The occurrence this push was about is over when the task closed, or (recurring) when a
    # later occurrence became the current one.
    if task.status in ACTIONABLE and task.occurrence == delivery.occurrence:
        return None
    if task.status == "cancelled":
        return tm.PUSH_NOT_NEEDED
    if task.done_at is not None:
        name = staff_name(session, task.done_by_id) or task.done_by or tm.SOMEONE
        return tm.PUSH_DONE.format(name=name, at=_clock_time(task.done_at))
    return tm.PUSH_NOT_NEEDED


@dataclass(frozen=True)
class _Edit:
    chat_id: int
    message_id: int
    text: str


class PushCloser:
    def __init__(
        self,
        bot: Bot,
        sessions: sessionmaker[Session],
        clock: Clock,
        snooze: timedelta = DEFAULT_SNOOZE,
    ) -> None:
        self._bot = bot
        self._sessions = sessions
        self._clock = clock
        self._snooze = snooze

    async def sweep(self) -> int:
        """Edit every push whose reminder has been handled; how many were edited."""
        edits = await asyncio.to_thread(self._close_handled)
        for edit in edits:
            try:
                await self._bot.edit_message_text(
                    edit.text, chat_id=edit.chat_id, message_id=edit.message_id, reply_markup=None
                )
            except TelegramError:
                # The record is closed either way; a deleted message cannot be edited.
                log.info("could not edit pushed message %s/%s", edit.chat_id, edit.message_id)
        return len(edits)

    def _close_handled(self) -> list[_Edit]:
        edits: list[_Edit] = []
        with self._sessions() as session:
            now = self._clock()
            for push in open_pushes(session):
                line = outcome(session, push, self._snooze)
                if line is not None and close_push(session, push.id, now=now):
                    edits.append(_Edit(push.chat_id, push.message_id, with_note(push.text, line)))
            session.commit()
        return edits
