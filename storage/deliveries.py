"""Reminder deliveries, morning digests and the scheduler's heartbeat.

A delivery row is claimed (inserted, committed) before a reminder is handed to a channel, and the
unique (task, occurrence, stage) key makes the claim the single point where two processes, or a
restarted one, agree on who sends: whoever inserts first. The row then records what happened
(sent, unreachable, failed) and what the person did with it (done, acknowledged, snoozed, not me).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Unicode,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.models import SHORT, Base

CLAIMED = "claimed"  # inserted before the send: the send may or may not have happened
SENT = "sent"
UNREACHABLE = "unreachable"  # the channel has no address for this person
FAILED = "failed"  # the channel raised
NO_RECIPIENT = "no_recipient"  # nobody to send it to: recorded so it is not retried
UNCONFIRMED = "unconfirmed"  # claimed by a process that died before recording the send

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


class SchedulerJob(Base):
    """APScheduler 3's own job table (SQLAlchemyJobStore), declared here so the migration owns
    it. Jobs hold a task id only, never personal data."""

    __tablename__ = "apscheduler_jobs"

    id: Mapped[str] = mapped_column(Unicode(191), primary_key=True)
    next_run_time: Mapped[float | None] = mapped_column(Float(25), index=True)
    job_state: Mapped[bytes] = mapped_column(LargeBinary)


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
