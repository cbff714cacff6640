"""event type index

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23

Hand-over and request notices are looked up by audit kind and recency on every message
(dialogues.notices); without this index that is a scan of the whole log.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_episode_events_type_recorded_at",
        "episode_events",
        ["type", "recorded_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_episode_events_type_recorded_at", table_name="episode_events")
