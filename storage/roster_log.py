"""Changes to the organisation (who cares for whom, who holds a case, who has left) and the
installation's own settings (a demo database is marked so).

Episode facts and hand-overs stay in the episode log; this table holds what happens to the
roster itself, so an audit can say when a child moved placement or a worker left even when no
episode was open. Rows are only ever added.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.models import NAME, SHORT, Base

DEMO_KEY = "demo"  # set by `homeward demo seed`: only then may an admin move the clock


class RosterChange(Base):
    __tablename__ = "roster_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(SHORT), index=True)
    subject: Mapped[str] = mapped_column(String(NAME))  # e.g. "child:5", "staff:7", "team:2"
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    by: Mapped[str] = mapped_column(String(NAME))  # "import", "cli", "staff:3"


class InstallationSetting(Base):
    __tablename__ = "installation_settings"

    key: Mapped[str] = mapped_column(String(SHORT), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]


def record_change(
    session: Session, kind: str, subject: str, data: dict[str, Any], *, by: str, now: datetime
) -> RosterChange:
    row = RosterChange(at=now, kind=kind, subject=subject, data=dict(data), by=by)
    session.add(row)
    session.flush()
    return row


def changes_for(session: Session, subject: str) -> list[RosterChange]:
    return list(
        session.scalars(
            select(RosterChange)
            .where(RosterChange.subject == subject)
            .order_by(RosterChange.at, RosterChange.id)
        )
    )


def set_setting(session: Session, key: str, value: str, *, now: datetime) -> None:
    row = session.get(InstallationSetting, key)
    if row is None:
        session.add(InstallationSetting(key=key, value=value, updated_at=now))
    elif row.value != value:
        row.value = value
        row.updated_at = now
    session.flush()


def setting(session: Session, key: str) -> str | None:
    row = session.get(InstallationSetting, key)
    return row.value if row is not None else None


def is_demo_database(session: Session) -> bool:
    return setting(session, DEMO_KEY) == "yes"
