"""What the profile reminders need from the database: each child's profile and photo dates,
recent returns, who to ask, and the record of every prompt claimed (so a restart or a second
process never sends one twice)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from protocols.clock import on_london_wall_clock
from storage.episodes import CLOSED
from storage.models import (
    Child,
    ChildCarer,
    ChildPhoto,
    ChildProfileVersion,
    Episode,
    ProfilePrompt,
    Staff,
    Team,
)

CLAIMED, SENT, UNREACHABLE, FAILED = "claimed", "sent", "unreachable", "failed"
# What a prompt is about.
PROFILE_STALE, PHOTO_STALE, AFTER_RETURN = "profile_stale", "photo_stale", "after_return"


@dataclass(frozen=True)
class ChildReview:
    """One child's profile as the reminder planner sees it."""

    child_id: int
    name: str
    protocol_id: str
    version: int  # 0: nothing recorded yet
    checked_at: datetime | None  # the newest version's time
    photo_id: int | None
    photo_dated: datetime | None  # taken (start of that day, UTC) or else uploaded
    recipients: tuple[int, ...]  # the carers, or else the allocated social worker


@dataclass(frozen=True)
class ReturnReview:
    child_id: int
    name: str
    episode_id: int
    number: int
    returned_at: datetime
    recipients: tuple[int, ...]


@dataclass(frozen=True)
class PromptRow:
    child_id: int
    kind: str
    basis: str
    seq: int
    staff_id: int
    at: datetime


def children_to_review(session: Session) -> list[ChildReview]:
    """Every child with their newest profile version and photo dates: columns only (never the
    photos themselves), because the sweep reads this for every child."""
    newest = (
        select(ChildProfileVersion.child_id, func.max(ChildProfileVersion.version).label("v"))
        .group_by(ChildProfileVersion.child_id)
        .subquery()
    )
    versions = {
        child_id: (version, recorded_at, photo_id)
        for child_id, version, recorded_at, photo_id in session.execute(
            select(
                ChildProfileVersion.child_id,
                ChildProfileVersion.version,
                ChildProfileVersion.recorded_at,
                ChildProfileVersion.photo_id,
            ).join(
                newest,
                (newest.c.child_id == ChildProfileVersion.child_id)
                & (newest.c.v == ChildProfileVersion.version),
            )
        )
    }
    photo_ids = [photo for _, _, photo in versions.values() if photo is not None]
    photos = {
        photo_id: _photo_dated(taken_on, uploaded_at)
        for photo_id, taken_on, uploaded_at in session.execute(
            select(ChildPhoto.id, ChildPhoto.taken_on, ChildPhoto.uploaded_at).where(
                ChildPhoto.id.in_(photo_ids)
            )
        )
    }
    recipients = _recipients(session)
    rows = session.execute(
        select(
            Child.id, Child.preferred_name, Child.given_name, Child.family_name, Team.protocol_id
        )
        .join(Team, Team.id == Child.team_id)
        .order_by(Child.id)
    )
    out = []
    for child_id, preferred, given, family, protocol_id in rows:
        version, checked_at, photo_id = versions.get(child_id, (0, None, None))
        out.append(
            ChildReview(
                child_id=child_id,
                name=f"{preferred or given} {family}",
                protocol_id=protocol_id,
                version=version,
                checked_at=checked_at,
                photo_id=photo_id,
                photo_dated=photos.get(photo_id) if photo_id is not None else None,
                recipients=recipients.get(child_id, ()),
            )
        )
    return out


def returns_since(session: Session, since: datetime, until: datetime) -> list[ReturnReview]:
    """Episodes that ended with a return between `since` and `until`."""
    rows = session.execute(
        select(Episode, Child)
        .join(Child, Child.id == Episode.child_id)
        .where(
            Episode.status == CLOSED,
            Episode.returned_at.is_not(None),
            Episode.returned_at >= since,
            Episode.returned_at <= until,
        )
        .order_by(Episode.returned_at)
    )
    recipients = _recipients(session)
    return [
        ReturnReview(
            child_id=child.id,
            name=f"{child.preferred_name or child.given_name} {child.family_name}",
            episode_id=episode.id,
            number=episode.number,
            returned_at=episode.returned_at,
            recipients=recipients.get(child.id, ()),
        )
        for episode, child in rows
        if episode.returned_at is not None
    ]


def prompts_sent(session: Session, child_ids: Sequence[int] | None = None) -> list[PromptRow]:
    query = select(ProfilePrompt)
    if child_ids is not None:
        query = query.where(ProfilePrompt.child_id.in_(child_ids))
    return [
        PromptRow(p.child_id, p.kind, p.basis, p.seq, p.staff_id, p.at)
        for p in session.scalars(query)
    ]


def claim_prompt(session: Session, row: PromptRow) -> int | None:
    """Insert the claim (committed by the caller before sending); None if someone else, or this
    process before a restart, already claimed it."""
    prompt = ProfilePrompt(
        child_id=row.child_id,
        kind=row.kind,
        basis=row.basis,
        seq=row.seq,
        staff_id=row.staff_id,
        status=CLAIMED,
        at=row.at,
    )
    try:
        with session.begin_nested():
            session.add(prompt)
            session.flush()
    except IntegrityError:
        return None
    return prompt.id


def record_asked_in_chat(session: Session, row: PromptRow) -> None:
    """A prompt made in the conversation itself (the end of the return flow): recorded as sent,
    so the sweep does not ask the same thing again."""
    prompt_id = claim_prompt(session, row)
    if prompt_id is not None:
        mark_prompt(session, prompt_id, SENT)


def mark_prompt(session: Session, prompt_id: int, status: str) -> None:
    prompt = session.get(ProfilePrompt, prompt_id)
    if prompt is not None:
        prompt.status = status
        session.flush()


def _recipients(session: Session) -> dict[int, tuple[int, ...]]:
    """Child id -> who is asked: the active carers (first linked first), else the social worker."""
    carers: dict[int, list[int]] = {}
    rows = session.execute(
        select(ChildCarer.child_id, ChildCarer.staff_id)
        .join(Staff, Staff.id == ChildCarer.staff_id)
        .where(Staff.active)
        .order_by(ChildCarer.id)
    )
    for child_id, staff_id in rows:
        carers.setdefault(child_id, []).append(staff_id)
    workers = session.execute(
        select(Child.id, Child.allocated_social_worker_id)
        .join(Staff, Staff.id == Child.allocated_social_worker_id)
        .where(Staff.active)
    )
    out = {child_id: tuple(ids) for child_id, ids in carers.items()}
    for child_id, worker_id in workers:
        if child_id not in out and worker_id is not None:
            out[child_id] = (worker_id,)
    return out


def _photo_dated(taken_on: date | None, uploaded_at: datetime) -> datetime:
    """How recent a photo is: the start of the day it was taken, else when it was uploaded."""
    if taken_on is None:
        return uploaded_at
    return on_london_wall_clock(datetime.combine(taken_on, time(0)))
