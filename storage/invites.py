"""One-time invitation codes that link a person's chat to their staff record.

Only a hash of each code is kept, so a copy of the database cannot be used to join. A code
works once, until it expires; issuing a new one for the same person leaves older ones valid
until they expire (an administrator may have sent both)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.models import NAME, Base, Staff

# No 0/O, 1/I/L: the code may be read out over the phone and typed by hand.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12  # about 59 bits: unguessable within the few attempts a chat is allowed
DEFAULT_LIFETIME = timedelta(hours=48)


class Invite(Base):
    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    used_at: Mapped[datetime | None]
    used_by: Mapped[str | None] = mapped_column(String(NAME))  # channel:address that redeemed it


@dataclass(frozen=True)
class IssuedInvite:
    code: str  # shown once, never stored
    staff_id: int
    expires_at: datetime


def normalise_code(raw: str) -> str:
    return "".join(raw.split()).replace("-", "").upper()


def _hash(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def create_invite(
    session: Session,
    staff_id: int,
    *,
    now: datetime,
    lifetime: timedelta = DEFAULT_LIFETIME,
    created_by_id: int | None = None,
) -> IssuedInvite:
    staff = session.get(Staff, staff_id)
    if staff is None or not staff.active:
        raise ValueError(f"no active member of staff with id {staff_id}")
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    invite = Invite(
        staff_id=staff_id,
        code_hash=_hash(code),
        created_at=now,
        expires_at=now + lifetime,
        created_by_id=created_by_id,
    )
    session.add(invite)
    session.flush()
    return IssuedInvite(code, staff_id, invite.expires_at)


def find_invite(session: Session, code: str) -> Invite | None:
    """The invitation a code names, used or not (to say why a code did not work)."""
    return session.scalars(select(Invite).where(Invite.code_hash == _hash(code))).one_or_none()


def redeem_invite(session: Session, code: str, used_by: str, *, now: datetime) -> Staff | None:
    """The member of staff the code was for, marking it used; None when it is unknown, used,
    expired, or its person has since left."""
    invite = session.scalars(
        select(Invite).where(Invite.code_hash == _hash(code)).with_for_update()
    ).one_or_none()
    if invite is None or invite.used_at is not None or invite.expires_at <= now:
        return None
    staff = session.get(Staff, invite.staff_id)
    if staff is None or not staff.active:
        return None
    invite.used_at = now
    invite.used_by = used_by
    session.flush()
    return staff
