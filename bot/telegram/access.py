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
from storage.telegram_chats import code_problem, count_failed_code, failed_codes, refuse_once

CHANNEL = "telegram"
MAX_FAILED_CODES = 5  # then even a right code is ignored: guessing stops being possible
LOCKED = "locked"  # too many wrong codes; an administrator's /unlock CHAT lifts it
NO_CODE = "no_code"  # /start alone: say how to get a code


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
    # Why a /start did not link: unknown, used, expired, left (storage.telegram_chats),
    # locked or no_code; each gets its own answer.
    problem: str | None = None
    staff_role: str | None = None  # the linked person's role as stored, for their menu


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


def stranger(
    session: Session, chat_id: int, code: str | None, *, now: datetime, start: bool = False
) -> Stranger:
    """A message from an unlinked chat: redeem its code if it sent one (`start`: it was
    /start, with or without one), else refuse it once."""
    if code:
        if failed_codes(session, chat_id) >= MAX_FAILED_CODES:
            return Stranger(None, refuse=False, problem=LOCKED)
        staff = redeem_invite(session, code, f"{CHANNEL}:{chat_id}", now=now)
        if staff is not None:
            link_chat(session, staff.id, chat_id)
            return Stranger(person_for_chat(session, chat_id), False, staff_role=staff.role)
        problem = code_problem(session, code, now=now)
        if count_failed_code(session, chat_id) >= MAX_FAILED_CODES:
            problem = LOCKED
        refuse_once(session, chat_id, now=now)  # answered now: no separate refusal later
        return Stranger(None, refuse=False, problem=problem)
    if start:
        refuse_once(session, chat_id, now=now)
        return Stranger(None, refuse=False, problem=NO_CODE)
    return Stranger(None, refuse=refuse_once(session, chat_id, now=now))
