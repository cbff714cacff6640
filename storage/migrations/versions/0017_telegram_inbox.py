"""telegram inbox

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02

Webhook updates stored before Telegram is answered and handled by any worker, one at a time
per chat in update order (storage.telegram_inbox.TelegramInboxRow).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "telegram_inbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("update_id", sa.BigInteger(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=100), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_telegram_inbox")),
        sa.UniqueConstraint("update_id", name=op.f("uq_telegram_inbox_update_id")),
    )
    op.create_index(
        "ix_telegram_inbox_open",
        "telegram_inbox",
        ["handled_at", "chat_id", "update_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_telegram_inbox_open", table_name="telegram_inbox")
    op.drop_table("telegram_inbox")
