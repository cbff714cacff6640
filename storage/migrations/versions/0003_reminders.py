"""reminders

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

Reminder deliveries (claimed once per task, occurrence and stage), morning digests, the
scheduler's heartbeat and its alerts, and APScheduler's own job table (storage.deliveries).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INSTANT = sa.DateTime(timezone=True)


def _staff_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["staff.id"], name=op.f(f"fk_{table}_{column}_staff"))


def upgrade() -> None:
    op.create_table(
        "apscheduler_jobs",
        sa.Column("id", sa.Unicode(length=191), nullable=False),
        sa.Column("next_run_time", sa.Float(precision=25), nullable=True),
        sa.Column("job_state", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_apscheduler_jobs")),
    )
    op.create_index(
        op.f("ix_apscheduler_jobs_next_run_time"), "apscheduler_jobs", ["next_run_time"]
    )
    op.create_table(
        "scheduler_heartbeat_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("beat_at", _INSTANT, nullable=False),
        sa.Column("alerted_at", _INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheduler_heartbeat_alerts")),
        sa.UniqueConstraint(
            "name", "beat_at", name=op.f("uq_scheduler_heartbeat_alerts_name_beat_at")
        ),
    )
    op.create_table(
        "scheduler_heartbeats",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("holder", sa.String(length=200), nullable=False),
        sa.Column("beat_at", _INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_scheduler_heartbeats")),
    )
    op.create_table(
        "reminder_digests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("claimed_at", _INSTANT, nullable=False),
        sa.Column("sent_at", _INSTANT, nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        _staff_fk("reminder_digests", "staff_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_digests")),
        sa.UniqueConstraint("staff_id", "day", name=op.f("uq_reminder_digests_staff_id_day")),
    )
    op.create_table(
        "reminder_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("occurrence", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=64), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("for_staff_id", sa.Integer(), nullable=True),
        sa.Column("planned_at", _INSTANT, nullable=False),
        sa.Column("claimed_at", _INSTANT, nullable=False),
        sa.Column("sent_at", _INSTANT, nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("handled", sa.String(length=16), nullable=True),
        sa.Column("handled_at", _INSTANT, nullable=True),
        sa.Column("handled_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episodes.id"],
            name=op.f("fk_reminder_deliveries_episode_id_episodes"),
        ),
        _staff_fk("reminder_deliveries", "for_staff_id"),
        _staff_fk("reminder_deliveries", "handled_by_id"),
        _staff_fk("reminder_deliveries", "staff_id"),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_reminder_deliveries_task_id_tasks")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_deliveries")),
        sa.UniqueConstraint(
            "task_id",
            "occurrence",
            "stage",
            name=op.f("uq_reminder_deliveries_task_id_occurrence_stage"),
        ),
    )
    op.create_index(
        op.f("ix_reminder_deliveries_episode_id"), "reminder_deliveries", ["episode_id"]
    )
    op.create_index(
        "ix_reminder_deliveries_for_staff_id_claimed_at",
        "reminder_deliveries",
        ["for_staff_id", "claimed_at"],
    )
    op.create_index(
        "ix_reminder_deliveries_staff_id_claimed_at",
        "reminder_deliveries",
        ["staff_id", "claimed_at"],
    )


def downgrade() -> None:
    op.drop_table("reminder_deliveries")
    op.drop_table("reminder_digests")
    op.drop_table("scheduler_heartbeats")
    op.drop_table("scheduler_heartbeat_alerts")
    op.drop_table("apscheduler_jobs")
