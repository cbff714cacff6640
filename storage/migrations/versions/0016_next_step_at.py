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

# storage.next_step.REPLAN, written as each dialect stores an instant (naive UTC on SQLite).
REPLAN = datetime(1970, 1, 1)


def upgrade() -> None:
    op.add_column("tasks", sa.Column("next_step_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "tasks", sa.Column("plan_version", sa.Integer(), nullable=False, server_default="0")
    )
    tasks = sa.table("tasks", sa.column("next_step_at", sa.DateTime(timezone=True)))
    bind = op.get_bind()
    value = REPLAN if bind.dialect.name == "sqlite" else REPLAN.replace(tzinfo=UTC)
    op.execute(tasks.update().values(next_step_at=value))
    op.create_index(op.f("ix_tasks_next_step_at"), "tasks", ["next_step_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_tasks_next_step_at"), table_name="tasks")
    op.drop_column("tasks", "plan_version")
    op.drop_column("tasks", "next_step_at")
