"""roster changes and installation settings

Revision ID: 0010
Revises: 0006
Create Date: 2026-12-02

An append-only record of changes to the organisation (placement moves, new social workers,
leavers, transfers) and a key-value table for the installation (the demo mark).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "roster_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roster_changes")),
    )
    op.create_index(op.f("ix_roster_changes_kind"), "roster_changes", ["kind"], unique=False)
    op.create_table(
        "installation_settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_installation_settings")),
    )


def downgrade() -> None:
    op.drop_table("installation_settings")
    op.drop_index(op.f("ix_roster_changes_kind"), table_name="roster_changes")
    op.drop_table("roster_changes")
