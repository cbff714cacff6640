"""child profiles

Revision ID: 0011
Revises: 0006
Create Date: 2026-12-02

The child's missing profile (issue 12, Philomena Protocol): versioned profiles, photos stored
in the database, and the reminders claimed to keep them current.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "child_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("mime_type", sa.String(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=True),
        sa.Column("uploaded_at", _INSTANT, nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_child_photos_child_id_children")
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["staff.id"], name=op.f("fk_child_photos_uploaded_by_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child_photos")),
    )
    op.create_index(op.f("ix_child_photos_child_id"), "child_photos", ["child_id"])
    op.create_table(
        "child_profile_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        *(
            sa.Column(name, sa.Text(), nullable=True)
            for name in (
                "description",
                "features",
                "contacts",
                "associates",
                "places",
                "health",
                "what_worked",
            )
        ),
        sa.Column("photo_id", sa.Integer(), nullable=True),
        sa.Column("changed", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_at", _INSTANT, nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_child_profile_versions_child_id_children")
        ),
        sa.ForeignKeyConstraint(
            ["photo_id"],
            ["child_photos.id"],
            name=op.f("fk_child_profile_versions_photo_id_child_photos"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["staff.id"],
            name=op.f("fk_child_profile_versions_recorded_by_id_staff"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child_profile_versions")),
        sa.UniqueConstraint(
            "child_id", "version", name=op.f("uq_child_profile_versions_child_id_version")
        ),
    )
    op.create_index(
        op.f("ix_child_profile_versions_child_id"), "child_profile_versions", ["child_id"]
    )
    op.create_table(
        "profile_prompts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("basis", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("at", _INSTANT, nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_profile_prompts_child_id_children")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_profile_prompts_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile_prompts")),
        sa.UniqueConstraint(
            "child_id",
            "kind",
            "basis",
            "seq",
            "staff_id",
            name=op.f("uq_profile_prompts_child_id_kind_basis_seq_staff_id"),
        ),
    )
    op.create_index(op.f("ix_profile_prompts_child_id"), "profile_prompts", ["child_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_profile_prompts_child_id"), table_name="profile_prompts")
    op.drop_table("profile_prompts")
    op.drop_index(op.f("ix_child_profile_versions_child_id"), table_name="child_profile_versions")
    op.drop_table("child_profile_versions")
    op.drop_index(op.f("ix_child_photos_child_id"), table_name="child_photos")
    op.drop_table("child_photos")
