"""What the Telegram channel must remember across restarts: keyboards it sent (so a button press
is validated against the server's copy, never trusted from the client), update ids already
handled, chats that were refused once, and which message carried each pushed reminder (so it
can be edited when someone handles the reminder)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String, Text, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.deliveries import Delivery
from storage.invites import find_invite
from storage.models import Base, Staff

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


class TelegramPush(Base):
    """A pushed reminder's message: found again by its delivery when the reminder is handled,
    and closed (edited to say by whom and when) once."""

    __tablename__ = "telegram_pushes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("reminder_deliveries.id"), index=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)
    token: Mapped[str | None] = mapped_column(String(16))  # its keyboard, closed with it
    text: Mapped[str] = mapped_column(Text)  # as sent (redacted), for the edit
    sent_at: Mapped[datetime]
    closed_at: Mapped[datetime | None] = mapped_column(index=True)


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


def unlock_chat(session: Session, chat_id: int) -> bool:
    """An administrator lifts a chat's lock after too many wrong codes; False when the chat had
    no failed codes to forget."""
    row = session.get(TelegramChat, chat_id)
    if row is None or row.failed_codes == 0:
        return False
    row.failed_codes = 0
    row.refused_at = None  # so the next wrong message is answered again
    session.flush()
    return True


UNKNOWN, USED, EXPIRED, LEFT = "unknown", "used", "expired", "left"


def code_problem(session: Session, code: str, *, now: datetime) -> str:
    """Why a code did not link a chat, so each case gets its own answer: unknown, used,
    expired, or its person has left. Only a hash is compared, as when redeeming."""
    invite = find_invite(session, code)
    if invite is None:
        return UNKNOWN
    if invite.used_at is not None:
        return USED
    if invite.expires_at <= now:
        return EXPIRED
    return LEFT


# -- pushed reminders ---------------------------------------------------------------------


def record_push(
    session: Session,
    delivery_id: int,
    chat_id: int,
    message_id: int,
    token: str | None,
    text: str,
    *,
    now: datetime,
) -> None:
    if session.get(Delivery, delivery_id) is None:
        return  # a push not made by the reminder engine: nothing to edit later
    session.add(
        TelegramPush(
            delivery_id=delivery_id,
            chat_id=chat_id,
            message_id=message_id,
            token=token,
            text=text,
            sent_at=now,
        )
    )
    session.flush()


@dataclass(frozen=True)
class OpenPush:
    id: int
    delivery_id: int
    chat_id: int
    message_id: int
    token: str | None
    text: str


def open_pushes(session: Session) -> list[OpenPush]:
    rows = session.scalars(
        select(TelegramPush).where(TelegramPush.closed_at.is_(None)).order_by(TelegramPush.id)
    )
    return [OpenPush(r.id, r.delivery_id, r.chat_id, r.message_id, r.token, r.text) for r in rows]


def close_push(session: Session, push_id: int, *, now: datetime) -> bool:
    """Mark the push closed and its keyboard used; False when another process closed it first
    (so the message is edited once)."""
    row = session.scalars(
        select(TelegramPush).where(TelegramPush.id == push_id).with_for_update()
    ).one_or_none()
    if row is None or row.closed_at is not None:
        return False
    row.closed_at = now
    if row.token is not None:
        board = session.get(TelegramKeyboard, row.token)
        if board is not None and board.used_at is None:
            board.used_at = now
    session.flush()
    return True


def staff_name(session: Session, staff_id: int | None) -> str | None:
    staff = session.get(Staff, staff_id) if staff_id is not None else None
    return staff.name if staff is not None else None


def newer_keyboards(
    session: Session, chat_id: int, message_id: int | None, *, unused_only: bool = False
) -> list[Keyboard]:
    """The chat's keyboards sent after `message_id` (all sent ones when None), oldest first;
    Telegram numbers a chat's messages in order. `unused_only`: those not pressed yet."""
    query = select(TelegramKeyboard).where(
        TelegramKeyboard.chat_id == chat_id, TelegramKeyboard.message_id.is_not(None)
    )
    if message_id is not None:
        query = query.where(TelegramKeyboard.message_id > message_id)
    if unused_only:
        query = query.where(TelegramKeyboard.used_at.is_(None))
    return [_keyboard(r) for r in session.scalars(query.order_by(TelegramKeyboard.message_id))]


def open_push_keyboards(session: Session, chat_id: int) -> list[Keyboard]:
    """The keyboards of the chat's pushed reminders nobody has handled yet, oldest first."""
    rows = session.scalars(
        select(TelegramKeyboard)
        .join(TelegramPush, TelegramPush.token == TelegramKeyboard.token)
        .where(
            TelegramPush.chat_id == chat_id,
            TelegramPush.closed_at.is_(None),
            TelegramKeyboard.used_at.is_(None),
        )
        .order_by(TelegramPush.id)
    )
    return [_keyboard(r) for r in rows]
