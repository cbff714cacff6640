"""The tables. Vocabulary columns hold the spec's strings (protocols.vocabulary); the repository
modules validate them, so the schema need not change when the vocabulary grows."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.types import UTCDateTime

# Fixed constraint names keep Alembic's diffs stable and let later migrations drop them by name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SHORT = 64  # vocabulary values, channels, protocol ids
NAME = 200


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


def _staff_fk() -> Mapped[int | None]:
    return mapped_column(ForeignKey("staff.id"))


class Team(Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME), unique=True)
    protocol_id: Mapped[str] = mapped_column(String(SHORT))
    out_of_hours_team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    # The local authority the team belongs to, in a regional deployment serving several: the
    # access policy never lets anyone but a carer reach a child of another authority's team.
    # Empty in a deployment for one authority (docs/scale.md).
    authority: Mapped[str] = mapped_column(String(NAME), default="", server_default="")


class Staff(Base):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME))
    role: Mapped[str] = mapped_column(String(SHORT))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    # Escalation walks this upwards (repository.line_manager_chain).
    line_manager_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    # The authority's own id (roster import keys on it; exports show it when set).
    external_id: Mapped[str | None] = mapped_column(String(SHORT), unique=True)


class StaffAddress(Base):
    """How to reach a member of staff on a channel; an inbound message is traced back by it."""

    __tablename__ = "staff_addresses"
    __table_args__ = (UniqueConstraint("channel", "address"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    channel: Mapped[str] = mapped_column(String(SHORT))
    address: Mapped[str] = mapped_column(String(NAME))


class Child(Base):
    __tablename__ = "children"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The authority's own id (roster import keys on it; exports show it when set).
    external_id: Mapped[str | None] = mapped_column(String(SHORT), unique=True)
    given_name: Mapped[str] = mapped_column(String(NAME))
    family_name: Mapped[str] = mapped_column(String(NAME))
    preferred_name: Mapped[str | None] = mapped_column(String(NAME))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    legal_status: Mapped[str] = mapped_column(String(SHORT))
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    placement_type: Mapped[str | None] = mapped_column(String(SHORT))
    responsible_authority: Mapped[str | None] = mapped_column(String(NAME))
    host_authority: Mapped[str | None] = mapped_column(String(NAME))
    arrived_in_uk: Mapped[date | None] = mapped_column(Date)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    allocated_social_worker_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id"), index=True
    )
    # What the police ask for (childrens_home §6.4, staffordshire §8.6), so a report can be
    # pre-filled rather than recalled under stress.
    description: Mapped[str | None] = mapped_column(Text)
    medical_history: Mapped[str | None] = mapped_column(Text)
    known_associates: Mapped[str | None] = mapped_column(Text)
    usual_places: Mapped[str | None] = mapped_column(Text)
    religion: Mapped[str | None] = mapped_column(Text)
    sexual_orientation: Mapped[str | None] = mapped_column(Text)
    photo_reference: Mapped[str | None] = mapped_column(Text)


class ChildCarer(Base):
    __tablename__ = "child_carers"
    __table_args__ = (UniqueConstraint("child_id", "staff_id"),)

    # A surrogate key so "the first carer" means the first one linked.
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)


class Episode(Base):
    __tablename__ = "episodes"
    __table_args__ = (
        UniqueConstraint("child_id", "number"),
        Index("ix_episodes_status", "status"),
        # A child is missing at most once at a time, even with two processes racing.
        Index(
            "uq_episodes_open_child",
            "child_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"))
    number: Mapped[int] = mapped_column(Integer)  # the child's nth episode
    status: Mapped[str] = mapped_column(String(16))  # open | closed
    # Current values; their histories are episode_category_changes / episode_risk_assessments.
    category: Mapped[str] = mapped_column(String(SHORT))
    started_at: Mapped[datetime]  # last seen / expected back: the protocol clock
    recorded_at: Mapped[datetime]  # when someone told us
    recorded_by_id: Mapped[int | None] = _staff_fk()
    reported_at: Mapped[datetime | None]
    police_reference: Mapped[str | None] = mapped_column(String(NAME))
    risk_level: Mapped[str | None] = mapped_column(String(SHORT))  # police grading
    returned_at: Mapped[datetime | None]
    return_how: Mapped[str | None] = mapped_column(String(SHORT))
    closed_at: Mapped[datetime | None]


class EpisodeCategoryChange(Base):
    __tablename__ = "episode_category_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"), index=True)
    at: Mapped[datetime]
    from_category: Mapped[str] = mapped_column(String(SHORT))
    to_category: Mapped[str] = mapped_column(String(SHORT))
    by_id: Mapped[int | None] = _staff_fk()


class EpisodeRiskAssessment(Base):
    __tablename__ = "episode_risk_assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"), index=True)
    at: Mapped[datetime]
    level: Mapped[str] = mapped_column(String(SHORT))
    assessor: Mapped[str] = mapped_column(String(SHORT))  # police | carer
    by_id: Mapped[int | None] = _staff_fk()


class EpisodeEvent(Base):
    """The append-only log. Nothing in storage updates or deletes these rows, except
    storage.retention when the record's retention period has ended."""

    __tablename__ = "episode_events"
    __table_args__ = (
        Index("ix_episode_events_episode_id_at", "episode_id", "at"),
        # Notices look up recent audit entries of a few kinds on every message.
        Index("ix_episode_events_type_recorded_at", "type", "recorded_at"),
        # A person's notices (to them) and what they have marked seen (by them), without
        # reading everyone's: both bounded by that person's own recent entries.
        Index("ix_episode_events_to_staff_id_recorded_at", "to_staff_id", "recorded_at"),
        Index("ix_episode_events_actor_staff_id_type", "actor_staff_id", "type", "recorded_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"))
    at: Mapped[datetime]  # when it happened
    recorded_at: Mapped[datetime]  # when we were told
    type: Mapped[str] = mapped_column(String(SHORT))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    actor_staff_id: Mapped[int | None] = _staff_fk()
    text: Mapped[str | None] = mapped_column(Text)  # the message as typed, for the record
    # Who an audit entry was addressed to (its data's to_staff_id), as a column so a person's
    # notices are found by an index rather than by reading every entry's JSON.
    to_staff_id: Mapped[int | None] = mapped_column(Integer)


class TaskRecord(Base):
    """A protocol task as the engine last computed it, plus who holds it."""

    __tablename__ = "tasks"
    __table_args__ = (
        UniqueConstraint("episode_id", "key"),
        Index("ix_tasks_status_due_at", "status", "due_at"),
        Index("ix_tasks_assignee_staff_id_status", "assignee_staff_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"))
    key: Mapped[str] = mapped_column(String(NAME))
    code: Mapped[str] = mapped_column(String(SHORT))
    title: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime]
    assignee_role: Mapped[str] = mapped_column(String(SHORT))
    assignee_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    source: Mapped[str] = mapped_column(String(NAME))
    status: Mapped[str] = mapped_column(String(16))
    occurrence: Mapped[int] = mapped_column(Integer, default=1)
    recurring: Mapped[bool] = mapped_column(Boolean, default=False)
    done_at: Mapped[datetime | None]
    done_by: Mapped[str | None] = mapped_column(String(NAME))  # as the engine reported it
    done_by_id: Mapped[int | None] = _staff_fk()
    note: Mapped[str | None] = mapped_column(Text)
    why: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime]
    # The reminder sweep's index (storage.next_step): when the task's reminder chain may next
    # do something; null once it has nothing left to do. `plan_version` counts the changes
    # that call for a new plan, so the sweep never overwrites a newer change with an old plan.
    next_step_at: Mapped[datetime | None] = mapped_column(index=True)
    plan_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class AuditRead(Base):
    """Who looked at which child's record, and what they looked at."""

    __tablename__ = "audit_reads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    at: Mapped[datetime]
    what: Mapped[str] = mapped_column(Text)


class ChildPhoto(Base):
    """A photo for a child's missing profile (staffordshire §16.3, essex §2.5.2). Re-encoded on
    arrival (no EXIF, so no location). `child_id` is empty while the uploader has not yet said
    whose photo it is; such an upload is only ever visible to its uploader."""

    __tablename__ = "child_photos"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int | None] = mapped_column(ForeignKey("children.id"), index=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    mime_type: Mapped[str] = mapped_column(String(SHORT))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    taken_on: Mapped[date | None] = mapped_column(Date)  # as the uploader said
    uploaded_at: Mapped[datetime]
    uploaded_by_id: Mapped[int | None] = _staff_fk()


class ChildProfileVersion(Base):
    """The child's missing profile (the Philomena Protocol's part 1 and 2): every change is a new
    full version with who and when, so nothing is ever overwritten. It belongs to the child, not
    the placement, so it follows them to the next carer."""

    __tablename__ = "child_profile_versions"
    __table_args__ = (UniqueConstraint("child_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)
    features: Mapped[str | None] = mapped_column(Text)  # distinguishing features
    contacts: Mapped[str | None] = mapped_column(Text)  # phone numbers and social media
    associates: Mapped[str | None] = mapped_column(Text)
    places: Mapped[str | None] = mapped_column(Text)
    health: Mapped[str | None] = mapped_column(Text)  # health needs and medication
    what_worked: Mapped[str | None] = mapped_column(Text)  # to bring them home
    photo_id: Mapped[int | None] = mapped_column(ForeignKey("child_photos.id"))
    changed: Mapped[list[str]] = mapped_column(JSON, default=list)  # [] = checked, no change
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime]
    recorded_by_id: Mapped[int | None] = _staff_fk()  # None: an operator at the command line


class ProfilePrompt(Base):
    """A profile reminder claimed for one person (stale profile, stale photo, after a return).
    Inserted and committed before it is sent, so a restart or a second process never sends it
    twice; `basis` names what it was about (a version, a photo, an episode)."""

    __tablename__ = "profile_prompts"
    __table_args__ = (UniqueConstraint("child_id", "kind", "basis", "seq", "staff_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    kind: Mapped[str] = mapped_column(String(SHORT))
    basis: Mapped[str] = mapped_column(String(SHORT))
    seq: Mapped[int] = mapped_column(Integer)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    status: Mapped[str] = mapped_column(String(16))  # claimed | sent | unreachable | failed
    at: Mapped[datetime]


class EventNotice(Base):
    """Someone to be told that a child was reported missing, graded high risk by the police or
    came back (storage.event_notices): written with the fact by its command, pushed by the
    reminder service's sweep (claimed before sending, never twice) and shown on the person's
    next message."""

    __tablename__ = "event_notices"
    __table_args__ = (UniqueConstraint("event_id", "staff_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("episode_events.id"))
    kind: Mapped[str] = mapped_column(String(SHORT))  # missing | graded_high | back
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    audience: Mapped[str] = mapped_column(String(SHORT))  # social_worker | cover | manager
    created_at: Mapped[datetime]
    # pending | claimed | sent | unreachable | failed | not_needed
    push: Mapped[str] = mapped_column(String(16), index=True)
    pushed_at: Mapped[datetime | None]
    seen_at: Mapped[datetime | None]
