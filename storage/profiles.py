"""The child's missing profile (issue 12; staffordshire §16.3 Philomena Protocol, children's
home §6.4, essex §2.5.2): what the police ask for, prepared before a child goes missing.

Writes are commands, one per kind of change (`update_profile`, `confirm_profile`,
`attach_photo`): each checks who is writing and what, then adds one new full version
(`child_profile_versions`) with who and when, so no earlier answer is ever lost. They flush and
leave the commit to the caller, so a change and the reply that reports it share one transaction.
The four fields the police summary always showed are mirrored onto the child's row (current
values, as episodes keep theirs), so older readers such as Telegram's privacy filter stay right.

Reads go through the access policy: `read_profile` and `read_photo` ask
`storage.policy.can_see_child` and log the read (`storage.reads.log_read`). The profile
belongs to the child, never to a placement: a new carer sees it, a former one no longer does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocols.clock import london_date
from storage.episodes import WITHDRAWN
from storage.errors import get_row
from storage.models import Child, ChildPhoto, ChildProfileVersion, Episode, Staff
from storage.policy import Action, allowed, can_see_child
from storage.profile_photos import pending_upload
from storage.reads import log_read

MAX_TEXT = 2000  # characters in one answer: a page of the grab pack, not an essay


class ProfileField(StrEnum):
    """The profile's parts, in the order they are asked and printed."""

    DESCRIPTION = "description"
    FEATURES = "features"
    CONTACTS = "contacts"
    ASSOCIATES = "associates"
    PLACES = "places"
    HEALTH = "health"
    WHAT_WORKED = "what_worked"


FIELDS: tuple[ProfileField, ...] = tuple(ProfileField)
PHOTO = "photo"  # in a version's `changed` list
# Profile field -> the child's column that mirrors it.
_MIRRORED = {
    ProfileField.DESCRIPTION: "description",
    ProfileField.HEALTH: "medical_history",
    ProfileField.ASSOCIATES: "known_associates",
    ProfileField.PLACES: "usual_places",
}


class ProfileError(ValueError):
    """A change storage refuses (bad field, empty or overlong text, nothing changed...)."""


class NothingChanged(ProfileError):
    """The answer is what the profile already says."""


class ProfileAccessDenied(PermissionError):
    """This person may not see (or change) this child's profile."""


@dataclass(frozen=True)
class PhotoInfo:
    id: int
    taken_on: date | None
    uploaded_at: datetime
    uploaded_by: str | None
    width: int
    height: int

    @property
    def dated(self) -> date:
        """The photo's date for "how recent is it": when taken if known, else when uploaded."""
        return self.taken_on or self.uploaded_at.date()


@dataclass(frozen=True)
class Profile:
    child_id: int
    version: int  # 0: nothing recorded yet (values come from the child's older columns)
    values: Mapping[ProfileField, str | None]
    photo: PhotoInfo | None
    recorded_at: datetime | None
    recorded_by: str | None

    def value(self, field: ProfileField) -> str | None:
        return self.values.get(field)


@dataclass(frozen=True)
class Photo:
    info: PhotoInfo
    data: bytes
    mime_type: str


@dataclass(frozen=True)
class VersionSummary:
    version: int
    changed: tuple[str, ...]
    note: str | None
    recorded_at: datetime
    recorded_by: str | None


@dataclass(frozen=True)
class PastEpisode:
    number: int
    started_at: datetime
    returned_at: datetime | None
    return_how: str | None
    open: bool


# -- who may do what ----------------------------------------------------------------------


def may_edit_profile(session: Session, staff_id: int, child_id: int) -> bool:
    """Whoever may record facts about the child (storage.policy): their carers, their allocated
    social worker and the managers of their team."""
    child = session.get(Child, child_id)
    if child is None:
        return False
    return allowed(session, session.get(Staff, staff_id), Action.RECORD, child)


def _check_writer(session: Session, by: int | None, child_id: int) -> None:
    get_row(session, Child, child_id)
    if by is not None and not may_edit_profile(session, by, child_id):
        raise ProfileAccessDenied(f"staff {by} may not change child {child_id}'s profile")


def _check_reader(session: Session, staff_id: int, child_id: int) -> None:
    if not can_see_child(session, staff_id, child_id):
        raise ProfileAccessDenied(f"staff {staff_id} may not see child {child_id}")


# -- commands -------------------------------------------------------------------------------


def clean_text(value: str) -> str:
    """An answer as stored: trimmed, blank lines squeezed. Raises ProfileError when unusable."""
    lines = [" ".join(line.split()) for line in value.strip().splitlines()]
    text = "\n".join(line for line in lines if line)
    if not text:
        raise ProfileError("the answer is empty")
    if len(text) > MAX_TEXT:
        raise ProfileError(f"the answer is longer than {MAX_TEXT} characters")
    return text


def update_profile(
    session: Session,
    child_id: int,
    changes: Mapping[ProfileField | str, str | None],
    *,
    by: int | None,
    now: datetime,
    note: str | None = None,
) -> ChildProfileVersion:
    """Change some fields (None clears one): a new version with who, when and what changed."""
    _check_writer(session, by, child_id)
    wanted: dict[ProfileField, str | None] = {}
    for name, value in changes.items():
        try:
            field = ProfileField(name)
        except ValueError:
            raise ProfileError(f"{name!r} is not part of the profile") from None
        wanted[field] = None if value is None else clean_text(value)
    current = _profile(session, child_id)
    changed = [f for f in FIELDS if f in wanted and wanted[f] != current.value(f)]
    if not changed:
        raise NothingChanged("the profile already says that")
    values = {**current.values, **wanted}
    return _new_version(session, child_id, current, values, changed, by=by, now=now, note=note)


def confirm_profile(
    session: Session, child_id: int, *, by: int | None, now: datetime, note: str
) -> ChildProfileVersion:
    """Record that someone checked the profile and it is still right (a version that changes
    nothing, so "when was this last checked" has an answer)."""
    _check_writer(session, by, child_id)
    current = _profile(session, child_id)
    return _new_version(session, child_id, current, current.values, [], by=by, now=now, note=note)


def attach_photo(
    session: Session,
    photo_id: int,
    child_id: int,
    *,
    by: int,
    now: datetime,
    taken_on: date | None,
) -> ChildProfileVersion:
    """Make the uploader's pending upload the child's current photo (a new version)."""
    _check_writer(session, by, child_id)
    photo = pending_upload(session, photo_id, by)
    if photo is None:
        raise ProfileError(f"photo {photo_id} is not an upload of yours waiting for a child")
    if taken_on is not None and taken_on > london_date(now):
        raise ProfileError("a photo cannot be taken in the future")
    photo.child_id = child_id
    photo.taken_on = taken_on
    current = _profile(session, child_id)
    return _new_version(
        session, child_id, current, current.values, [PHOTO], by=by, now=now, photo_id=photo_id
    )


def _new_version(
    session: Session,
    child_id: int,
    current: Profile,
    values: Mapping[ProfileField, str | None],
    changed: list[ProfileField] | list[str],
    *,
    by: int | None,
    now: datetime,
    note: str | None = None,
    photo_id: int | None = None,
) -> ChildProfileVersion:
    row = ChildProfileVersion(
        child_id=child_id,
        version=current.version + 1,
        **{f.value: values.get(f) for f in FIELDS},
        photo_id=photo_id if photo_id is not None or current.photo is None else current.photo.id,
        changed=[str(c) for c in changed],
        note=note,
        recorded_at=now,
        recorded_by_id=by,
    )
    session.add(row)
    child = get_row(session, Child, child_id)
    for field, column in _MIRRORED.items():
        setattr(child, column, values.get(field))
    session.flush()
    return row


# -- reads ------------------------------------------------------------------------------------


def read_profile(
    session: Session,
    staff_id: int,
    child_id: int,
    now: datetime,
    *,
    what: str = "profile",
    logged_by_caller: bool = False,
) -> Profile:
    """The current profile, for someone allowed to see the child; the read is logged, unless
    the caller logs the screen it is part of (the night report's "police summary")."""
    _check_reader(session, staff_id, child_id)
    if not logged_by_caller:
        log_read(session, staff_id, child_id, f"missing profile: {what}", now=now)
    return _profile(session, child_id)


def read_photo(session: Session, staff_id: int, child_id: int, now: datetime) -> Photo | None:
    """The current photo, for someone allowed to see the child; the read is logged."""
    _check_reader(session, staff_id, child_id)
    photo = _photo(session, child_id)
    if photo is not None:
        log_read(session, staff_id, child_id, "missing profile: photo", now=now)
    return photo


def profile_history(
    session: Session, staff_id: int, child_id: int, now: datetime
) -> list[VersionSummary]:
    """Every version, oldest first: who changed what and when. The read is logged."""
    _check_reader(session, staff_id, child_id)
    log_read(session, staff_id, child_id, "missing profile: history", now=now)
    rows = session.scalars(
        select(ChildProfileVersion)
        .where(ChildProfileVersion.child_id == child_id)
        .order_by(ChildProfileVersion.version)
    )
    return [
        VersionSummary(
            r.version, tuple(r.changed), r.note, r.recorded_at, _name(session, r.recorded_by_id)
        )
        for r in rows
    ]


def operator_profile(session: Session, child_id: int) -> tuple[Profile, Photo | None]:
    """The profile and photo for an operator at the command line (who already holds the
    database, so has no staff id to check or log); chat users go through `read_profile`."""
    get_row(session, Child, child_id)
    return _profile(session, child_id), _photo(session, child_id)


def previous_episodes(session: Session, child_id: int) -> list[PastEpisode]:
    """The child's episodes from our records, newest first (withdrawn ones never happened)."""
    rows = session.scalars(
        select(Episode)
        .where(Episode.child_id == child_id, Episode.status != WITHDRAWN)
        .order_by(Episode.started_at.desc())
    )
    return [
        PastEpisode(e.number, e.started_at, e.returned_at, e.return_how, e.status == "open")
        for e in rows
    ]


def _profile(session: Session, child_id: int) -> Profile:
    row = session.scalars(
        select(ChildProfileVersion)
        .where(ChildProfileVersion.child_id == child_id)
        .order_by(ChildProfileVersion.version.desc())
        .limit(1)
    ).first()
    if row is None:
        child = get_row(session, Child, child_id)
        legacy = {f: getattr(child, column) for f, column in _MIRRORED.items()}
        return Profile(child_id, 0, {f: legacy.get(f) for f in FIELDS}, None, None, None)
    info = _photo_info(session, session.get(ChildPhoto, row.photo_id) if row.photo_id else None)
    return Profile(
        child_id,
        row.version,
        {f: getattr(row, f.value) for f in FIELDS},
        info,
        row.recorded_at,
        _name(session, row.recorded_by_id),
    )


def _photo(session: Session, child_id: int) -> Photo | None:
    current = _profile(session, child_id).photo
    if current is None:
        return None
    row = get_row(session, ChildPhoto, current.id)
    return Photo(current, row.data, row.mime_type)


def _photo_info(session: Session, row: ChildPhoto | None) -> PhotoInfo | None:
    if row is None:
        return None
    by = _name(session, row.uploaded_by_id)
    return PhotoInfo(row.id, row.taken_on, row.uploaded_at, by, row.width, row.height)


def _name(session: Session, staff_id: int | None) -> str | None:
    if staff_id is None:
        return None
    staff = session.get(Staff, staff_id)
    return staff.name if staff else None
