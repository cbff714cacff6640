"""indexes that keep per-message costs bounded by the work due; teams' authority (issue 14)

Revision ID: 0013
Revises: 0007, 0010 (a merge point: the reminders and roster chains)
Create Date: 2026-12-02

Indexes for the access policy's questions (who reports to whom, which teams a team covers).
Audit entries get the id of the person they were addressed to (copied from their data's
to_staff_id, so existing entries are filled in here) with an index, and an index on who wrote
which kind of entry: a person's notices and what they have seen are then read by index
instead of by scanning every recent entry. Teams get the local authority they belong to
(empty for a deployment serving one authority).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000


def upgrade() -> None:
    # Plain ADD and DROP COLUMN (SQLite 3.35+ and PostgreSQL): a batch copy of the table
    # would have to drop `teams`, which the foreign keys to it forbid once it has rows.
    op.add_column(
        "teams", sa.Column("authority", sa.String(length=200), nullable=False, server_default="")
    )
    op.add_column("episode_events", sa.Column("to_staff_id", sa.Integer(), nullable=True))
    _fill_recipients()
    op.create_index(
        "ix_episode_events_to_staff_id_recorded_at",
        "episode_events",
        ["to_staff_id", "recorded_at"],
        unique=False,
    )
    op.create_index(
        "ix_episode_events_actor_staff_id_type",
        "episode_events",
        ["actor_staff_id", "type", "recorded_at"],
        unique=False,
    )
    # The access policy asks who reports to whom and which teams a team covers on every message.
    op.create_index(op.f("ix_staff_line_manager_id"), "staff", ["line_manager_id"], unique=False)
    op.create_index(
        op.f("ix_teams_out_of_hours_team_id"), "teams", ["out_of_hours_team_id"], unique=False
    )


def _fill_recipients() -> None:
    """Copy to_staff_id out of each audit entry's data (plain reads and writes, no JSON SQL,
    so it runs the same on SQLite and PostgreSQL)."""
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT id, data FROM episode_events WHERE type LIKE 'audit:%'")
    ).fetchall()
    updates: list[dict[str, int]] = []
    for row_id, data in rows:
        values = json.loads(data) if isinstance(data, str) else data
        target = values.get("to_staff_id") if isinstance(values, dict) else None
        if isinstance(target, int) and not isinstance(target, bool):
            updates.append({"id": row_id, "to": target})
    statement = sa.text("UPDATE episode_events SET to_staff_id = :to WHERE id = :id")
    for start in range(0, len(updates), BATCH):
        connection.execute(statement, updates[start : start + BATCH])


def downgrade() -> None:
    op.drop_index(op.f("ix_teams_out_of_hours_team_id"), table_name="teams")
    op.drop_index(op.f("ix_staff_line_manager_id"), table_name="staff")
    op.drop_index("ix_episode_events_actor_staff_id_type", table_name="episode_events")
    op.drop_index("ix_episode_events_to_staff_id_recorded_at", table_name="episode_events")
    op.execute("ALTER TABLE episode_events DROP COLUMN to_staff_id")
    op.execute("ALTER TABLE teams DROP COLUMN authority")
