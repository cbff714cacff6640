"""tasks.next_step_at and tasks.plan_version: the reminder sweep's index (issue 14)

Revision ID: 0016
Revises: 0013
Create Date: 2026-12-02

The sweep reads only tasks whose next reminder step is due (storage.next_step). Every existing
task gets "plan again" (an instant before any clock): the first sweep plans each actionable one
once and writes its real next step, or null when its chain is spent, and sets aside the closed
ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# storage.next_step.REPLAN: before any clock, so the first sweep plans these tasks.
REPLAN = datetime(1970, 1, 1, tzinfo=UTC)


def upgrade() -> None:
    op.add_column("tasks", sa.Column("next_step_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "tasks", sa.Column("plan_version", sa.Integer(), nullable=False, server_default="0")
    )
    # Only tasks the sweep still chases (actionable, and not fell due before the child came
    # home): the closed ones and those of the past stay null and are never read again.
    tasks = sa.table(
        "tasks",
        sa.column("next_step_at", sa.DateTime(timezone=True)),
        sa.column("status", sa.String()),
        sa.column("episode_id", sa.Integer()),
        sa.column("due_at", sa.DateTime(timezone=True)),
    )
    episodes = sa.table(
        "episodes", sa.column("id", sa.Integer()), sa.column("returned_at", sa.DateTime())
    )
    home_first = (
        sa.exists()
        .where(
            episodes.c.id == tasks.c.episode_id,
            episodes.c.returned_at.is_not(None),
            tasks.c.due_at <= episodes.c.returned_at,
        )
        .correlate(tasks)
    )
    # SQLite keeps instants as naive UTC (storage.types.UTCDateTime).
    sqlite = op.get_bind().dialect.name == "sqlite"
    value = REPLAN.replace(tzinfo=None) if sqlite else REPLAN
    op.execute(
        tasks.update()
        .where(tasks.c.status.in_(("open", "overdue")), ~home_first)
        .values(next_step_at=value)
    )
    op.create_index(op.f("ix_tasks_next_step_at"), "tasks", ["next_step_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_tasks_next_step_at"), table_name="tasks")
    op.drop_column("tasks", "plan_version")
    op.drop_column("tasks", "next_step_at")
