"""Sending the assistant's replies into a chat: text split to fit, buttons as an inline keyboard
whose payloads stay on the server, and content protected from forwarding and saving."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile

from bot.telegram import messages as tm
from bot.telegram.layout import (
    choice_data,
    label,
    needs_full_text,
    numbered_label,
    page_count,
    page_data,
    page_slice,
    per_row,
    rows_of,
    split_text,
    with_choices,
)
from bot.telegram.wording import for_telegram
from dialogues.replies import Button, Reply
from storage.telegram_chats import save_keyboard, set_keyboard_message

Clock = Callable[[], datetime]


def button_labels(buttons: Sequence[Button]) -> list[str]:
    """What each button shows: the label, or "n. start of it…" when the message lists it."""
    full = [text for text, _ in buttons]
    if needs_full_text(full):
        return [numbered_label(i, text) for i, text in enumerate(full)]
    return [label(text) for text in full]


def keyboard(token: str, buttons: Sequence[Button], page: int) -> InlineKeyboardMarkup:
    shown = button_labels(buttons)
    on_page = list(page_slice(len(buttons), page))
    width = per_row([shown[i] for i in on_page])
    rows = [
        [InlineKeyboardButton(shown[i], callback_data=choice_data(token, i)) for i in row]
        for row in rows_of(on_page, width)
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


@dataclass(frozen=True)
class Sent:
    """A message sent with buttons: its keyboard's token and Telegram's message id."""

    token: str
    message_id: int
    text: str
    buttons: tuple[Button, ...]


class ChatSender:
    def __init__(self, bot: Bot, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._bot = bot
        self._sessions = sessions
        self._clock = clock

    async def send(
        self, chat_id: int, replies: Sequence[Reply], *, protect: bool = True
    ) -> list[Sent]:
        """Every message keeps its own buttons until they are used: a new question never takes
        the buttons off an older message (a pushed reminder above all). `protect`: False only
        for what must be copied, e.g. an administrator's invitation code."""
        sent: list[Sent] = []
        for reply in replies:
            one = await self.send_reply(chat_id, reply, protect=protect)
            if one is not None:
                sent.append(one)
        return sent

    async def send_reply(self, chat_id: int, reply: Reply, *, protect: bool = True) -> Sent | None:
        """Sends the reply; for one with buttons, its keyboard's token and message id."""
        if reply.document is not None:  # the file first, then the words (and buttons) about it
            doc = reply.document
            file = InputFile(doc.data, filename=doc.filename)
            await self._bot.send_document(chat_id, file, protect_content=True)
        text = for_telegram(reply.text)
        if reply.buttons:
            text = with_choices(text, [full for full, _ in reply.buttons])
        pieces = split_text(text)
        for piece in pieces[:-1]:
            await self._bot.send_message(chat_id, piece, protect_content=protect)
        if not reply.buttons:
            await self._bot.send_message(chat_id, pieces[-1], protect_content=protect)
            return None
        token = await asyncio.to_thread(self._new_keyboard, chat_id, pieces[-1], reply)
        message = await self._bot.send_message(
            chat_id,
            pieces[-1],
            reply_markup=keyboard(token, reply.buttons, 0),
            protect_content=protect,
        )
        await asyncio.to_thread(self._sent, token, message.message_id)
        return Sent(token, message.message_id, pieces[-1], reply.buttons)

    def _new_keyboard(self, chat_id: int, text: str, reply: Reply) -> str:
        with self._sessions() as session:
            token = save_keyboard(session, chat_id, text, reply.buttons, now=self._clock())
            session.commit()
            return token

    def _sent(self, token: str, message_id: int) -> None:
        with self._sessions() as session:
            set_keyboard_message(session, token, message_id)
            session.commit()
