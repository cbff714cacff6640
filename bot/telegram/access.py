"""Who is behind a chat: a linked, active member of staff, or a stranger who gets one refusal.
Synchronous database steps, each in its own transaction; the channel runs them in a thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from storage.invites import redeem_invite
from storage.models import StaffAddress, Team
from storage.people import add_address, staff_by_address
from storage.telegram_chats import count_failed_code, failed_codes, refuse_once

CHANNEL = "telegram"
MAX_FAILED_CODES = 5  # then even a right code is ignored: guessing stops being possible


@dataclass(frozen=True)
class Person:
    staff_id: int
    name: str
    role: str
    team: str


@dataclass(frozen=True)
class Stranger:
    linked: Person | None  # set when an invitation code just linked the chat
    refuse: bool  # send the one polite refusal now


def person_for_chat(session: Session, chat_id: int) -> Person | None:
    staff = staff_by_address(session, CHANNEL, str(chat_id))
    if staff is None:
        return None
    team = session.get(Team, staff.team_id) if staff.team_id is not None else None
    return Person(staff.id, staff.name, staff.role.replace("_", " "), team.name if team else "")


def link_chat(session: Session, staff_id: int, chat_id: int) -> None:
    # The chat may still point at a record that was deactivated; it now belongs to this one.
    session.execute(
        delete(StaffAddress).where(
            StaffAddress.channel == CHANNEL, StaffAddress.address == str(chat_id)
        )
    )
    add_address(session, staff_id, CHANNEL, str(chat_id))


def stranger(session: Session, chat_id: int, code: str | None, *, now: datetime) -> Stranger:
    """A message from an unlinked chat: redeem its code if it sent one, else refuse it once."""
    if code and failed_codes(session, chat_id) < MAX_FAILED_CODES:
        staff = redeem_invite(session, code, f"{CHANNEL}:{chat_id}", now=now)
        if staff is not None:
            link_chat(session, staff.id, chat_id)
            return Stranger(person_for_chat(session, chat_id), refuse=False)
        count_failed_code(session, chat_id)
    return Stranger(None, refuse=refuse_once(session, chat_id, now=now))
