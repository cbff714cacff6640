"""Where each person is in a conversation, so a restart or a second process resumes exactly there.

One row per member of staff: the dialogue manager loads it before a message and saves it after.
The state is plain JSON (flow, step, collected values) so the schema never follows the flows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.models import Base


class Conversation(Base):
    __tablename__ = "conversations"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True)
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime]


def load_state(session: Session, staff_id: int) -> dict[str, Any] | None:
    row = session.get(Conversation, staff_id)
    return dict(row.state) if row is not None else None


def save_state(session: Session, staff_id: int, state: dict[str, Any], now: datetime) -> None:
    row = session.get(Conversation, staff_id)
    if row is None:
        row = Conversation(staff_id=staff_id, state={}, updated_at=now)
        session.add(row)
    # A fresh dict: JSON columns only notice reassignment, not in-place changes.
    row.state = dict(state)
    row.updated_at = now
    session.flush()


def clear_state(session: Session, staff_id: int) -> None:
    row = session.get(Conversation, staff_id)
    if row is not None:
        session.delete(row)
        session.flush()
