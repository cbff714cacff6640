"""Reminder deliveries, morning digests and the scheduler's heartbeat.

A delivery row is claimed (inserted, committed) before a reminder is handed to a channel, and the
unique (task, occurrence, stage) key makes the claim the single point where two processes, or a
restarted one, agree on who sends: whoever inserts first. The row then records what happened
(sent, unreachable, failed) and what the person did with it (done, acknowledged, snoozed, not me).

A send that failed, or whose outcome is unknown (a timeout, a process killed mid-send), is not
given up: the row waits for its `retry_at` and is claimed again by a compare-and-set on its status
(`reclaim`), so two processes still agree on who retries. `maybe_sent` says the person may
already have it, so the retry says so.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    or_,
    select,
    update,
)
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.episodes import OPEN
from storage.models import SHORT, Base, Child, Episode, TaskRecord
from storage.queries import ACTIONABLE

CLAIMED = "claimed"  # inserted before the send: the send may or may not have happened
SENT = "sent"
UNREACHABLE = "unreachable"  # no linked chat, blocked the bot, or left: the chain skips them
FAILED = "failed"  # the channel failed: tried again at `retry_at`
NO_RECIPIENT = "no_recipient"  # nobody to send it to: recorded so it is not retried
UNCONFIRMED = "unconfirmed"  # claimed by a process that died before recording: sent again
RETRYABLE = (FAILED, UNCONFIRMED)

DONE, ACKNOWLEDGED, SNOOZED, NOT_ME = "done", "acknowledged", "snoozed", "not_me"


class Delivery(Base):
    __tablename__ = "reminder_deliveries"
    __table_args__ = (
        UniqueConstraint("task_id", "occurrence", "stage"),
        Index("ix_reminder_deliveries_staff_id_claimed_at", "staff_id", "claimed_at"),
        Index("ix_reminder_deliveries_for_staff_id_claimed_at", "for_staff_id", "claimed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))
    occurrence: Mapped[int] = mapped_column(Integer)
    # remind | repeat:n | escalate:n | snooze:n | handover:n | overdue | role:<role>
    stage: Mapped[str] = mapped_column(String(SHORT))
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"), index=True)
    # Who was told; none when the step had nobody to go to (top of the chain, no role holder).
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # Whom it was meant for when out-of-hours cover took it instead (the morning digest).
    for_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    planned_at: Mapped[datetime]  # when it should have gone
    claimed_at: Mapped[datetime]  # when it was taken to be sent
    sent_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16))
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    handled: Mapped[str | None] = mapped_column(String(16))
    handled_at: Mapped[datetime | None]
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # Failed attempts so far; the next one is due at `retry_at` (set while FAILED/UNCONFIRMED).
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    retry_at: Mapped[datetime | None]
    # An earlier attempt may have reached the person (timeout, killed mid-send).
    maybe_sent: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class Digest(Base):
    """One morning digest per person per day: the claim key for sending it once."""

    __tablename__ = "reminder_digests"
    __table_args__ = (UniqueConstraint("staff_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    day: Mapped[date] = mapped_column(Date)
    claimed_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16))
    items: Mapped[int] = mapped_column(Integer, default=0)


class Heartbeat(Base):
    """The scheduler's last sign of life; one row per scheduler name."""

    __tablename__ = "scheduler_heartbeats"

    name: Mapped[str] = mapped_column(String(SHORT), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    beat_at: Mapped[datetime]


class HeartbeatAlert(Base):
    """One alert per stall: keyed by the stale beat it is about."""

    __tablename__ = "scheduler_heartbeat_alerts"
    __table_args__ = (UniqueConstraint("name", "beat_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(SHORT))
    beat_at: Mapped[datetime]
    alerted_at: Mapped[datetime]


def deliveries_for_tasks(session: Session, task_ids: list[int]) -> dict[int, list[Delivery]]:
    """Each task's deliveries in the order they were claimed."""
    found: dict[int, list[Delivery]] = {task_id: [] for task_id in task_ids}
    for start in range(0, len(task_ids), 500):
        chunk = task_ids[start : start + 500]
        rows = session.scalars(
            select(Delivery)
            .where(Delivery.task_id.in_(chunk))
            .order_by(Delivery.claimed_at, Delivery.id)
        )
        for row in rows:
            found[row.task_id].append(row)
    return found


def get_delivery(session: Session, delivery_id: int) -> Delivery | None:
    return session.get(Delivery, delivery_id)


def reclaim(session: Session, delivery_id: int, now: datetime) -> bool:
    """Take a failed or unconfirmed delivery to send it again; True for exactly one caller
    (a compare-and-set on its status), and only once its retry is due. Commits."""
    result = session.execute(
        update(Delivery)
        .where(
            Delivery.id == delivery_id,
            Delivery.status.in_(RETRYABLE),
            Delivery.retry_at <= now,
        )
        .values(status=CLAIMED, retry_at=None)
        .execution_options(synchronize_session=False)
    )
    won = cast("CursorResult[Any]", result).rowcount
    session.commit()
    return bool(won)


def stale_claims(session: Session, in_flight: Collection[int]) -> list[Delivery]:
    """Claimed deliveries that no send in this process is working on. Only the scheduler that
    holds the leader lock may call this: then nobody else is sending, and these claims belong
    to a process that died (or to this one, when recording the outcome failed)."""
    rows = session.scalars(select(Delivery).where(Delivery.status == CLAIMED))
    return [row for row in rows if row.id not in in_flight]


def reminder_candidates(
    session: Session, due_by: datetime, task_ids: Collection[int] | None = None
) -> list[tuple[TaskRecord, int, str, str, int]]:
    """Actionable tasks due by `due_by`, each with its episode number, the child's given and
    family names and team: those whose reminders may be due. A task that fell due while the
    child was missing stops being chased once they are home (it stays overdue on record)."""
    query = (
        select(TaskRecord, Episode.number, Child.given_name, Child.family_name, Child.team_id)
        .join(Episode, Episode.id == TaskRecord.episode_id)
        .join(Child, Child.id == Episode.child_id)
        .where(
            TaskRecord.status.in_(ACTIONABLE),
            TaskRecord.due_at <= due_by,
            or_(Episode.returned_at.is_(None), TaskRecord.due_at > Episode.returned_at),
        )
        .order_by(TaskRecord.due_at, TaskRecord.id)
    )
    if task_ids is not None:
        query = query.where(TaskRecord.id.in_(list(task_ids)))
    rows = session.execute(query)
    return [(task, number, given, family, team) for task, number, given, family, team in rows]


def recurring_tasks(session: Session, episode_ids: Collection[int]) -> list[TaskRecord]:
    """The actionable occurrences of recurring tasks in these episodes, in due order."""
    found: list[TaskRecord] = []
    ids = list(episode_ids)
    for start in range(0, len(ids), 500):
        found.extend(
            session.scalars(
                select(TaskRecord)
                .where(
                    TaskRecord.episode_id.in_(ids[start : start + 500]),
                    TaskRecord.recurring.is_(True),
                    TaskRecord.status.in_(ACTIONABLE),
                )
                .order_by(TaskRecord.due_at, TaskRecord.id)
            )
        )
    return found


def series_key(task: TaskRecord) -> tuple[int, str]:
    """A recurring task's series: its episode and its rule (the key without '#n')."""
    return task.episode_id, task.key.split("#", 1)[0]


def episodes_needing_next_occurrence(session: Session, now: datetime) -> dict[int, datetime]:
    """Open episodes (child not home) where the newest stored occurrence of a recurring task
    is past due undone, so the engine would now list the next one: episode id -> that
    occurrence's due instant. Refreshing their tasks keeps recurring reminders coming without
    anyone recording a new fact."""
    rows = session.execute(
        select(TaskRecord.episode_id, TaskRecord.key, TaskRecord.due_at, TaskRecord.status)
        .join(Episode, Episode.id == TaskRecord.episode_id)
        .where(
            TaskRecord.recurring.is_(True),
            Episode.status == OPEN,
            Episode.returned_at.is_(None),
        )
        .order_by(TaskRecord.due_at, TaskRecord.id)
    )
    newest: dict[tuple[int, str], tuple[datetime, str]] = {}
    for episode_id, key, due_at, status in rows:
        newest[(episode_id, key.split("#", 1)[0])] = (due_at, status)
    due: dict[int, datetime] = {}
    for (episode_id, _), (due_at, status) in newest.items():
        if status in ACTIONABLE and due_at < now:  # strictly past: the engine's overdue
            due[episode_id] = max(due_at, due.get(episode_id, due_at))
    return due


def beat(session: Session, holder: str, now: datetime, name: str) -> None:
    """The scheduler is alive: its heartbeat row says who and when."""
    row = session.get(Heartbeat, name)
    if row is None:
        session.add(Heartbeat(name=name, holder=holder, beat_at=now))
    else:
        row.holder, row.beat_at = holder, now
    session.flush()


def stale_beat(
    session: Session, now: datetime, stale_after: timedelta, name: str
) -> Heartbeat | None:
    """The last beat, if it is older than `stale_after` (no beat yet is not a stall)."""
    row = session.get(Heartbeat, name)
    return row if row is not None and now - row.beat_at > stale_after else None


def claim_stall_alert(session: Session, name: str, beat_at: datetime, now: datetime) -> bool:
    """Record that this stall (keyed by its stale beat) is being alerted; True for exactly one
    caller. Commits."""
    session.add(HeartbeatAlert(name=name, beat_at=beat_at, alerted_at=now))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True


def claim_delivery(session: Session, row: Delivery) -> bool:
    """Insert a delivery row (the claim); False when this (task, occurrence, stage) was already
    claimed, by another process or an earlier life of this one (the session is then rolled
    back). Flushes; the caller commits."""
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return False
    return True


def overnight_deliveries(
    session: Session, since: datetime, until: datetime
) -> list[tuple[Delivery, str, int, str, str]]:
    """Deliveries made to cover for someone between `since` and `until`, with the task title,
    episode number and the child's names, in the order they were claimed."""
    rows = session.execute(
        select(Delivery, TaskRecord.title, Episode.number, Child.given_name, Child.family_name)
        .join(TaskRecord, TaskRecord.id == Delivery.task_id)
        .join(Episode, Episode.id == Delivery.episode_id)
        .join(Child, Child.id == Episode.child_id)
        .where(
            Delivery.for_staff_id.is_not(None),
            Delivery.claimed_at >= since,
            Delivery.claimed_at < until,
        )
        .order_by(Delivery.claimed_at, Delivery.id)
    )
    return [(d, title, number, given, family) for d, title, number, given, family in rows]


# A digest whose send failed is tried again after this long (the day's digest is one message, so
# a fixed pause is enough; each try is its own claim, so two processes still send it once).
DIGEST_RETRY_AFTER = timedelta(minutes=2)


def digests_sent(session: Session, day: date, staff_ids: Collection[int]) -> set[int]:
    """Who has today's digest settled (sent, unreachable, or being sent): a failed one is not."""
    return set(
        session.scalars(
            select(Digest.staff_id).where(
                Digest.day == day,
                Digest.staff_id.in_(list(staff_ids)),
                Digest.status != FAILED,
            )
        )
    )


def claim_digest(
    session: Session, staff_id: int, day: date, now: datetime, items: int
) -> int | None:
    """Claim today's digest for a person; its id, or None if it was claimed already. Commits."""
    row = Digest(staff_id=staff_id, day=day, claimed_at=now, status=CLAIMED, items=items)
    session.add(row)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return _reclaim_failed_digest(session, staff_id, day, now, items)
    return row.id


def _reclaim_failed_digest(
    session: Session, staff_id: int, day: date, now: datetime, items: int
) -> int | None:
    """Today's digest again, if its last try failed long enough ago; one process wins the
    conditional update, as with the first claim."""
    result = cast(
        CursorResult[Any],
        session.execute(
            update(Digest)
            .where(
                Digest.staff_id == staff_id,
                Digest.day == day,
                Digest.status == FAILED,
                Digest.claimed_at <= now - DIGEST_RETRY_AFTER,
            )
            .values(status=CLAIMED, claimed_at=now, items=items)
        ),
    )
    session.commit()
    if result.rowcount != 1:
        return None
    return session.scalar(select(Digest.id).where(Digest.staff_id == staff_id, Digest.day == day))
