"""telegram pushes

Revision ID: 0014
Revises: 0010
Create Date: 2026-12-02

Which Telegram message carried each pushed reminder (storage.telegram_chats.TelegramPush), so
the message can be edited to say who handled the reminder and when.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "telegram_pushes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("delivery_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("token", sa.String(length=16), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["delivery_id"],
            ["reminder_deliveries.id"],
            name=op.f("fk_telegram_pushes_delivery_id_reminder_deliveries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_telegram_pushes")),
    )
    op.create_index(
        op.f("ix_telegram_pushes_delivery_id"), "telegram_pushes", ["delivery_id"], unique=False
    )
    op.create_index(
        op.f("ix_telegram_pushes_closed_at"), "telegram_pushes", ["closed_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_telegram_pushes_closed_at"), table_name="telegram_pushes")
    op.drop_index(op.f("ix_telegram_pushes_delivery_id"), table_name="telegram_pushes")
    op.drop_table("telegram_pushes")
