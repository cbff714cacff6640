"""Who looked at which child's record, and what they saw (issue 6: every read is logged).

Written in the same transaction as the reply that shows the record, so a read is logged exactly
when it was really shown."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import AuditRead


def log_read(session: Session, staff_id: int, child_id: int, what: str, *, now: datetime) -> None:
    session.add(AuditRead(staff_id=staff_id, child_id=child_id, at=now, what=what))
    session.flush()


def reads_of_child(session: Session, child_id: int) -> list[AuditRead]:
    return list(
        session.scalars(
            select(AuditRead)
            .where(AuditRead.child_id == child_id)
            .order_by(AuditRead.at, AuditRead.id)
        )
    )
