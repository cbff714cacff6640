"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23

Every table of the first storage issue. Instants are timestamptz on PostgreSQL; on SQLite
storage.types.UTCDateTime writes them as naive UTC, so plain DateTime is the right DDL here.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("protocol_id", sa.String(length=64), nullable=False),
        sa.Column("out_of_hours_team_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["out_of_hours_team_id"], ["teams.id"], name=op.f("fk_teams_out_of_hours_team_id_teams")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
        sa.UniqueConstraint("name", name=op.f("uq_teams_name")),
    )
    op.create_table(
        "staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=64), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("line_manager_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["line_manager_id"], ["staff.id"], name=op.f("fk_staff_line_manager_id_staff")
        ),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_staff_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff")),
    )
    op.create_index(op.f("ix_staff_team_id"), "staff", ["team_id"], unique=False)

    op.create_table(
        "children",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("given_name", sa.String(length=200), nullable=False),
        sa.Column("family_name", sa.String(length=200), nullable=False),
        sa.Column("preferred_name", sa.String(length=200), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("legal_status", sa.String(length=64), nullable=False),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("placement_type", sa.String(length=64), nullable=True),
        sa.Column("responsible_authority", sa.String(length=200), nullable=True),
        sa.Column("host_authority", sa.String(length=200), nullable=True),
        sa.Column("arrived_in_uk", sa.Date(), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("allocated_social_worker_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("medical_history", sa.Text(), nullable=True),
        sa.Column("known_associates", sa.Text(), nullable=True),
        sa.Column("usual_places", sa.Text(), nullable=True),
        sa.Column("religion", sa.Text(), nullable=True),
        sa.Column("sexual_orientation", sa.Text(), nullable=True),
        sa.Column("photo_reference", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["allocated_social_worker_id"],
            ["staff.id"],
            name=op.f("fk_children_allocated_social_worker_id_staff"),
        ),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_children_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_children")),
    )
    op.create_index(
        op.f("ix_children_allocated_social_worker_id"),
        "children",
        ["allocated_social_worker_id"],
        unique=False,
    )
    op.create_index(op.f("ix_children_team_id"), "children", ["team_id"], unique=False)

    op.create_table(
        "staff_addresses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_staff_addresses_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_addresses")),
        sa.UniqueConstraint("channel", "address", name=op.f("uq_staff_addresses_channel_address")),
    )
    op.create_index(
        op.f("ix_staff_addresses_staff_id"), "staff_addresses", ["staff_id"], unique=False
    )

    op.create_table(
        "audit_reads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_audit_reads_child_id_children")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_audit_reads_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_reads")),
    )
    op.create_index(op.f("ix_audit_reads_child_id"), "audit_reads", ["child_id"], unique=False)
    op.create_index(op.f("ix_audit_reads_staff_id"), "audit_reads", ["staff_id"], unique=False)

    op.create_table(
        "child_carers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_child_carers_child_id_children")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_child_carers_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child_carers")),
        sa.UniqueConstraint("child_id", "staff_id", name=op.f("uq_child_carers_child_id_staff_id")),
    )
    op.create_index(op.f("ix_child_carers_child_id"), "child_carers", ["child_id"], unique=False)
    op.create_index(op.f("ix_child_carers_staff_id"), "child_carers", ["staff_id"], unique=False)

    op.create_table(
        "episodes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("police_reference", sa.String(length=200), nullable=True),
        sa.Column("risk_level", sa.String(length=64), nullable=True),
        sa.Column("returned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("return_how", sa.String(length=64), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_episodes_child_id_children")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["staff.id"], name=op.f("fk_episodes_recorded_by_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_episodes")),
        sa.UniqueConstraint("child_id", "number", name=op.f("uq_episodes_child_id_number")),
    )
    op.create_index("ix_episodes_status", "episodes", ["status"], unique=False)
    op.create_index(
        "uq_episodes_open_child",
        "episodes",
        ["child_id"],
        unique=True,
        sqlite_where=sa.text("status = 'open'"),
        postgresql_where=sa.text("status = 'open'"),
    )

    op.create_table(
        "episode_category_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("from_category", sa.String(length=64), nullable=False),
        sa.Column("to_category", sa.String(length=64), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["by_id"], ["staff.id"], name=op.f("fk_episode_category_changes_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episodes.id"],
            name=op.f("fk_episode_category_changes_episode_id_episodes"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_episode_category_changes")),
    )
    op.create_index(
        op.f("ix_episode_category_changes_episode_id"),
        "episode_category_changes",
        ["episode_id"],
        unique=False,
    )

    op.create_table(
        "episode_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("actor_staff_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_staff_id"], ["staff.id"], name=op.f("fk_episode_events_actor_staff_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["episode_id"], ["episodes.id"], name=op.f("fk_episode_events_episode_id_episodes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_episode_events")),
    )
    op.create_index(
        "ix_episode_events_episode_id_at", "episode_events", ["episode_id", "at"], unique=False
    )

    op.create_table(
        "episode_risk_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("level", sa.String(length=64), nullable=False),
        sa.Column("assessor", sa.String(length=64), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["by_id"], ["staff.id"], name=op.f("fk_episode_risk_assessments_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episodes.id"],
            name=op.f("fk_episode_risk_assessments_episode_id_episodes"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_episode_risk_assessments")),
    )
    op.create_index(
        op.f("ix_episode_risk_assessments_episode_id"),
        "episode_risk_assessments",
        ["episode_id"],
        unique=False,
    )

    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assignee_role", sa.String(length=64), nullable=False),
        sa.Column("assignee_staff_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("occurrence", sa.Integer(), nullable=False),
        sa.Column("recurring", sa.Boolean(), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_by", sa.String(length=200), nullable=True),
        sa.Column("done_by_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignee_staff_id"], ["staff.id"], name=op.f("fk_tasks_assignee_staff_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["done_by_id"], ["staff.id"], name=op.f("fk_tasks_done_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["episode_id"], ["episodes.id"], name=op.f("fk_tasks_episode_id_episodes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tasks")),
        sa.UniqueConstraint("episode_id", "key", name=op.f("uq_tasks_episode_id_key")),
    )
    op.create_index(
        "ix_tasks_assignee_staff_id_status", "tasks", ["assignee_staff_id", "status"], unique=False
    )
    op.create_index("ix_tasks_status_due_at", "tasks", ["status", "due_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_tasks_status_due_at", table_name="tasks")
    op.drop_index("ix_tasks_assignee_staff_id_status", table_name="tasks")

    op.drop_table("tasks")
    op.drop_index(
        op.f("ix_episode_risk_assessments_episode_id"), table_name="episode_risk_assessments"
    )

    op.drop_table("episode_risk_assessments")
    op.drop_index("ix_episode_events_episode_id_at", table_name="episode_events")

    op.drop_table("episode_events")
    op.drop_index(
        op.f("ix_episode_category_changes_episode_id"), table_name="episode_category_changes"
    )

    op.drop_table("episode_category_changes")
    op.drop_index("uq_episodes_open_child", table_name="episodes")
    op.drop_index("ix_episodes_status", table_name="episodes")

    op.drop_table("episodes")
    op.drop_index(op.f("ix_child_carers_staff_id"), table_name="child_carers")
    op.drop_index(op.f("ix_child_carers_child_id"), table_name="child_carers")

    op.drop_table("child_carers")
    op.drop_index(op.f("ix_audit_reads_staff_id"), table_name="audit_reads")
    op.drop_index(op.f("ix_audit_reads_child_id"), table_name="audit_reads")

    op.drop_table("audit_reads")
    op.drop_index(op.f("ix_staff_addresses_staff_id"), table_name="staff_addresses")

    op.drop_table("staff_addresses")
    op.drop_index(op.f("ix_children_team_id"), table_name="children")
    op.drop_index(op.f("ix_children_allocated_social_worker_id"), table_name="children")

    op.drop_table("children")
    op.drop_index(op.f("ix_staff_team_id"), table_name="staff")

    op.drop_table("staff")
    op.drop_table("teams")
