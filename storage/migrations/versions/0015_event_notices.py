"""event notices

Revision ID: 0015
Revises: 0011
Create Date: 2026-12-02

Telling the people who need to know when it happens (issue 13): one row per person to tell
that a child was reported missing, graded high risk by the police or came back.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "event_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("audience", sa.String(length=64), nullable=False),
        sa.Column("created_at", _INSTANT, nullable=False),
        sa.Column("push", sa.String(length=16), nullable=False),
        sa.Column("pushed_at", _INSTANT, nullable=True),
        sa.Column("seen_at", _INSTANT, nullable=True),
        sa.ForeignKeyConstraint(
            ["episode_id"], ["episodes.id"], name=op.f("fk_event_notices_episode_id_episodes")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["episode_events.id"],
            name=op.f("fk_event_notices_event_id_episode_events"),
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_event_notices_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_notices")),
        sa.UniqueConstraint(
            "event_id", "staff_id", name=op.f("uq_event_notices_event_id_staff_id")
        ),
    )
    op.create_index(op.f("ix_event_notices_episode_id"), "event_notices", ["episode_id"])
    op.create_index(op.f("ix_event_notices_staff_id"), "event_notices", ["staff_id"])
    op.create_index(op.f("ix_event_notices_push"), "event_notices", ["push"])


def downgrade() -> None:
    op.drop_index(op.f("ix_event_notices_push"), table_name="event_notices")
    op.drop_index(op.f("ix_event_notices_staff_id"), table_name="event_notices")
    op.drop_index(op.f("ix_event_notices_episode_id"), table_name="event_notices")
    op.drop_table("event_notices")
