"""external ids

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

Staff and children carry the authority's own id, so a roster import can key on it and every
export (interfaces.md) can show it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("staff", "children"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("external_id", sa.String(length=64), nullable=True))
            batch.create_unique_constraint(f"uq_{table}_external_id", ["external_id"])


def downgrade() -> None:
    for table in ("staff", "children"):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"uq_{table}_external_id", type_="unique")
            batch.drop_column("external_id")
