"""Sending the assistant's replies into a chat: text split to fit, buttons as an inline keyboard
whose payloads stay on the server, and content protected from forwarding and saving."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import TelegramError

from bot.telegram import messages as tm
from bot.telegram.layout import choice_data, label, page_count, page_data, page_slice, split_text
from dialogues.replies import Button, Reply
from storage.telegram_chats import retire_keyboards, save_keyboard, set_keyboard_message

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]


def keyboard(token: str, buttons: Sequence[Button], page: int) -> InlineKeyboardMarkup:
    rows = [
        [InlineKeyboardButton(label(buttons[i][0]), callback_data=choice_data(token, i))]
        for i in page_slice(len(buttons), page)
    ]
    pages = page_count(len(buttons))
    page = min(max(page, 0), pages - 1)
    nav: list[InlineKeyboardButton] = []
    if page > 0:
        nav.append(InlineKeyboardButton(tm.PAGE_PREVIOUS, callback_data=page_data(token, page - 1)))
    if page < pages - 1:
        nav.append(InlineKeyboardButton(tm.PAGE_NEXT, callback_data=page_data(token, page + 1)))
    if nav:
        rows.append(nav)
    return InlineKeyboardMarkup(rows)


class ChatSender:
    def __init__(self, bot: Bot, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._bot = bot
        self._sessions = sessions
        self._clock = clock

    async def send(self, chat_id: int, replies: Sequence[Reply], *, retire: bool = True) -> None:
        """`retire`: the new buttons replace the chat's older ones (a conversation moved on).
        A pushed reminder passes False so it does not kill the question the person is on."""
        for reply in replies:
            await self.send_reply(chat_id, reply, retire=retire)

    async def send_reply(self, chat_id: int, reply: Reply, *, retire: bool = True) -> None:
        if reply.document is not None:  # the file first, then the words (and buttons) about it
            doc = reply.document
            file = InputFile(doc.data, filename=doc.filename)
            await self._bot.send_document(chat_id, file, protect_content=True)
        pieces = split_text(reply.text)
        for piece in pieces[:-1]:
            await self._bot.send_message(chat_id, piece, protect_content=True)
        if not reply.buttons:
            await self._bot.send_message(chat_id, pieces[-1], protect_content=True)
            return
        token, stale = await asyncio.to_thread(
            self._new_keyboard, chat_id, pieces[-1], reply, retire
        )
        await self._take_off_buttons(chat_id, stale)
        message = await self._bot.send_message(
            chat_id,
            pieces[-1],
            reply_markup=keyboard(token, reply.buttons, 0),
            protect_content=True,
        )
        await asyncio.to_thread(self._sent, token, message.message_id)

    async def _take_off_buttons(self, chat_id: int, message_ids: Sequence[int]) -> None:
        for message_id in message_ids:
            try:
                await self._bot.edit_message_reply_markup(chat_id, message_id, reply_markup=None)
            except TelegramError:
                # Tidying only: an old message may be gone; its buttons are dead server-side.
                log.info("could not remove old buttons from %s/%s", chat_id, message_id)

    def _new_keyboard(
        self, chat_id: int, text: str, reply: Reply, retire: bool
    ) -> tuple[str, list[int]]:
        with self._sessions() as session:
            now = self._clock()
            stale = retire_keyboards(session, chat_id, now=now) if retire else []
            token = save_keyboard(session, chat_id, text, reply.buttons, now=now)
            session.commit()
            return token, stale

    def _sent(self, token: str, message_id: int) -> None:
        with self._sessions() as session:
            set_keyboard_message(session, token, message_id)
            session.commit()
