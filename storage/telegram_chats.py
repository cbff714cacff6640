"""What the Telegram channel must remember across restarts: keyboards it sent (so a button press
is validated against the server's copy, never trusted from the client), update ids already
handled, and chats that were refused once."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import JSON, BigInteger, Integer, String, Text, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.models import Base

TOKEN_LENGTH = 12  # characters of callback data naming a keyboard


class TelegramKeyboard(Base):
    """An inline keyboard as sent: its buttons' payloads stay here, the client gets a token."""

    __tablename__ = "telegram_keyboards"

    token: Mapped[str] = mapped_column(String(16), primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text)  # the message it hangs under, for editing
    buttons: Mapped[list[list[str]]] = mapped_column(JSON)  # [label, payload] pairs
    page: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class TelegramUpdate(Base):
    """An update id handled once; Telegram may deliver the same update again after a crash."""

    __tablename__ = "telegram_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    received_at: Mapped[datetime]


class TelegramChat(Base):
    """A chat not linked to anyone: refused once, and its failed invite attempts counted."""

    __tablename__ = "telegram_chats"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    refused_at: Mapped[datetime | None]
    failed_codes: Mapped[int] = mapped_column(Integer, default=0)


@dataclass(frozen=True)
class Keyboard:
    token: str
    chat_id: int
    message_id: int | None
    text: str
    buttons: tuple[tuple[str, str], ...]
    page: int
    used: bool


def _keyboard(row: TelegramKeyboard) -> Keyboard:
    return Keyboard(
        row.token,
        row.chat_id,
        row.message_id,
        row.text,
        tuple((str(label), str(payload)) for label, payload in row.buttons),
        row.page,
        row.used_at is not None,
    )


def save_keyboard(
    session: Session,
    chat_id: int,
    text: str,
    buttons: tuple[tuple[str, str], ...],
    *,
    now: datetime,
) -> str:
    token = secrets.token_urlsafe(9)[:TOKEN_LENGTH]
    session.add(
        TelegramKeyboard(
            token=token,
            chat_id=chat_id,
            text=text,
            buttons=[[label, payload] for label, payload in buttons],
            page=0,
            created_at=now,
        )
    )
    session.flush()
    return token


def set_keyboard_message(session: Session, token: str, message_id: int) -> None:
    row = session.get(TelegramKeyboard, token)
    if row is not None:
        row.message_id = message_id
        session.flush()


def find_keyboard(session: Session, token: str) -> Keyboard | None:
    row = session.get(TelegramKeyboard, token)
    return _keyboard(row) if row is not None else None


def set_keyboard_page(session: Session, token: str, page: int) -> None:
    row = session.get(TelegramKeyboard, token)
    if row is not None:
        row.page = page
        session.flush()


def use_keyboard(session: Session, token: str, *, now: datetime) -> bool:
    """Mark the keyboard pressed; False when it already was (a double tap, a stale message)."""
    row = session.scalars(
        select(TelegramKeyboard).where(TelegramKeyboard.token == token).with_for_update()
    ).one_or_none()
    if row is None or row.used_at is not None:
        return False
    row.used_at = now
    session.flush()
    return True


def retire_keyboards(session: Session, chat_id: int, *, now: datetime) -> list[int]:
    """Close the chat's unpressed keyboards (a newer question replaces them); the message ids of
    those that were sent, so their buttons can be taken off."""
    rows = list(
        session.scalars(
            select(TelegramKeyboard).where(
                TelegramKeyboard.chat_id == chat_id, TelegramKeyboard.used_at.is_(None)
            )
        )
    )
    for row in rows:
        row.used_at = now
    session.flush()
    return [row.message_id for row in rows if row.message_id is not None]


def first_time_seen(session: Session, update_id: int, *, now: datetime) -> bool:
    """Record the update id; False when it was recorded before (so it is not handled again)."""
    if session.get(TelegramUpdate, update_id) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(TelegramUpdate(update_id=update_id, received_at=now))
    except IntegrityError:
        return False  # another process took it between the look and the insert
    return True


def forget_updates_before(session: Session, cutoff: datetime) -> int:
    """Drop old update ids: Telegram never redelivers an update older than a day."""
    rows = list(session.scalars(select(TelegramUpdate).where(TelegramUpdate.received_at < cutoff)))
    for row in rows:
        session.delete(row)
    session.flush()
    return len(rows)


def _chat(session: Session, chat_id: int) -> TelegramChat:
    row = session.get(TelegramChat, chat_id)
    if row is None:
        row = TelegramChat(chat_id=chat_id, refused_at=None, failed_codes=0)
        session.add(row)
        session.flush()
    return row


def refuse_once(session: Session, chat_id: int, *, now: datetime) -> bool:
    """True the first time a chat is refused (so the refusal is sent), False ever after."""
    row = _chat(session, chat_id)
    if row.refused_at is not None:
        return False
    row.refused_at = now
    session.flush()
    return True


def count_failed_code(session: Session, chat_id: int) -> int:
    row = _chat(session, chat_id)
    row.failed_codes += 1
    session.flush()
    return row.failed_codes


def failed_codes(session: Session, chat_id: int) -> int:
    row = session.get(TelegramChat, chat_id)
    return row.failed_codes if row is not None else 0
