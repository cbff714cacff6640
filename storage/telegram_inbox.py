"""The Telegram inbox: webhook updates stored before Telegram is answered, then handled by any
worker, exactly one at a time per chat and in update order.

Several bot workers behind a reverse proxy share one database. The webhook endpoint stores each
update here (insert-or-ignore on the update id, so Telegram's or the proxy's retries add
nothing) and answers 200 only after the commit: an update Telegram was told we have is in the
database. Workers then take work from here: a chat's *head* (its lowest unhandled update) is
claimed with a lease, handled, and marked handled; the chat's next update becomes the head only
then, so one chat's updates never run side by side or overtake each other, whichever worker
stored them. A worker that dies mid-update leaves a claim whose lease runs out, and another
worker takes the update again. On PostgreSQL the claim reads heads with `FOR UPDATE SKIP
LOCKED` and sets the lease with a conditional UPDATE, so two workers never hold the same chat;
SQLite (one process) runs the same statements.

Nothing here reads the clock: callers pass `now` (the real clock: leases compare across
processes, so a demo clock that jumps forward must not be used).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import (
    BigInteger,
    Executable,
    Index,
    Integer,
    String,
    Text,
    delete,
    exists,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.models import Base
from storage.telegram_chats import TelegramUpdate

NO_CHAT = 0  # updates without a chat share one queue, as bot.telegram.chat_order does


class TelegramInboxRow(Base):
    """One update as Telegram sent it, until a worker has handled it (then pruned later)."""

    __tablename__ = "telegram_inbox"
    __table_args__ = (Index("ix_telegram_inbox_open", "handled_at", "chat_id", "update_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # the order of arrival
    update_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    payload: Mapped[str] = mapped_column(Text)  # the update's JSON, exactly as received
    received_at: Mapped[datetime]
    claimed_by: Mapped[str | None] = mapped_column(String(100))  # "host:pid" of the worker
    lease_until: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # >1: retaken after a lease ran out
    handled_at: Mapped[datetime | None]


@dataclass(frozen=True)
class InboxItem:
    row_id: int
    update_id: int
    chat_id: int
    payload: str
    attempts: int  # 1 on the first claim; more when taken over from a worker that stopped


def store_update(
    session: Session, update_id: int, chat_id: int | None, payload: str, *, now: datetime
) -> bool:
    """Keep the update unless it is already here; True when it is new. The caller commits."""
    values = {
        "update_id": update_id,
        "chat_id": NO_CHAT if chat_id is None else chat_id,
        "payload": payload,
        "received_at": now,
        "attempts": 0,
    }
    dialect = session.get_bind().dialect.name
    statement: Executable
    new_id = TelegramInboxRow.id
    if dialect == "postgresql":
        statement = pg_insert(TelegramInboxRow).values(values).on_conflict_do_nothing()
        statement = statement.returning(new_id)
    elif dialect == "sqlite":
        statement = sqlite_insert(TelegramInboxRow).values(values).on_conflict_do_nothing()
        statement = statement.returning(new_id)
    else:  # another database: look first; the unique index still refuses a racing twin
        if session.scalar(select(exists().where(TelegramInboxRow.update_id == update_id))):
            return False
        session.add(TelegramInboxRow(**values))
        session.flush()
        return True
    # RETURNING gives the new row's id, and nothing when the update id was already there.
    return session.execute(statement).scalar() is not None


def claim_heads(
    session: Session,
    worker: str,
    *,
    now: datetime,
    lease: timedelta,
    limit: int,
    busy_chats: Collection[int] = (),
) -> list[InboxItem]:
    """Claim up to `limit` chats' heads nobody holds (or whose holder's lease ran out), oldest
    first, skipping `busy_chats` (the ones this worker is still handling). The caller commits
    at once: the claim is what other workers see."""
    if limit <= 0:
        return []
    row = TelegramInboxRow
    free = or_(row.lease_until.is_(None), row.lease_until < now)
    # Each chat's lowest unhandled update, in a statement of its own: one pass over the
    # unhandled rows whatever plan the database picks. (As a correlated NOT EXISTS, or as an
    # IN (subquery), PostgreSQL's plan for a young table with stale statistics re-ran it per
    # row: 0.2 to 0.9 s per claim at 2,000 waiting updates.)
    heads_query = (
        select(row.chat_id, func.min(row.update_id))
        .where(row.handled_at.is_(None))
        .group_by(row.chat_id)
    )
    busy = set(busy_chats)
    heads = [head for chat, head in session.execute(heads_query) if chat not in busy]
    if not heads:
        return []
    query = (
        select(row.id)
        .where(row.update_id.in_(heads), row.handled_at.is_(None), free)
        .order_by(row.id)
        .limit(limit)
        # A head another worker is claiming right now is skipped, not waited for.
        .with_for_update(skip_locked=True, of=row)
    )
    claimed: list[InboxItem] = []
    for row_id in session.scalars(query).all():
        # Conditional: if another worker's claim landed first, this one changes nothing.
        taken = session.execute(
            update(row)
            .where(row.id == row_id, row.handled_at.is_(None), free)
            .values(claimed_by=worker, lease_until=now + lease, attempts=row.attempts + 1)
        )
        if getattr(taken, "rowcount", 0) == 1:
            item = session.execute(
                select(row.update_id, row.chat_id, row.payload, row.attempts).where(
                    row.id == row_id
                )
            ).one()
            claimed.append(
                InboxItem(row_id, item.update_id, item.chat_id, item.payload, item.attempts)
            )
    return claimed


def renew_leases(
    session: Session, worker: str, row_ids: Sequence[int], *, now: datetime, lease: timedelta
) -> int:
    """Push the lease on of the updates this worker is still handling (a long one, e.g. a
    document being sent), so nobody takes them over while the worker is alive."""
    if not row_ids:
        return 0
    result = session.execute(
        update(TelegramInboxRow)
        .where(
            TelegramInboxRow.id.in_(list(row_ids)),
            TelegramInboxRow.claimed_by == worker,
            TelegramInboxRow.handled_at.is_(None),
        )
        .values(lease_until=now + lease)
    )
    return int(getattr(result, "rowcount", 0))


def mark_handled(session: Session, row_id: int, worker: str, *, now: datetime) -> bool:
    """Done with the update; False when the claim was lost (the lease ran out and another
    worker took it), in which case that worker marks it."""
    result = session.execute(
        update(TelegramInboxRow)
        .where(
            TelegramInboxRow.id == row_id,
            TelegramInboxRow.claimed_by == worker,
            TelegramInboxRow.handled_at.is_(None),
        )
        .values(handled_at=now, lease_until=None)
    )
    return getattr(result, "rowcount", 0) == 1


def handling_began(session: Session, update_id: int) -> bool:
    """Whether a worker had started on the update: the channel records an update id before
    acting on it (storage.telegram_chats.first_time_seen)."""
    return session.get(TelegramUpdate, update_id) is not None


def unhandled_count(session: Session) -> int:
    """Updates stored but not yet handled (monitoring, and tests waiting for the end)."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(TelegramInboxRow)
            .where(TelegramInboxRow.handled_at.is_(None))
        )
        or 0
    )


def forget_handled_before(session: Session, cutoff: datetime) -> int:
    """Drop handled updates older than `cutoff`; Telegram never resends one older than a day."""
    result = session.execute(
        delete(TelegramInboxRow).where(
            TelegramInboxRow.handled_at.is_not(None), TelegramInboxRow.handled_at < cutoff
        )
    )
    return int(getattr(result, "rowcount", 0))
