"""The child's missing profile in storage: versions with who and when, access and read logs,
photos checked and re-encoded, and a profile that follows the child to the next placement."""

from __future__ import annotations

import contextlib
import io
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from protocols.vocabulary import Role
from storage.models import AuditRead, Child, ChildCarer, ChildPhoto
from storage.people import create_staff, link_carer
from storage.profile_photos import PhotoRejected, discard_upload, normalise_image, store_upload
from storage.profiles import (
    NothingChanged,
    ProfileAccessDenied,
    ProfileError,
    ProfileField,
    attach_photo,
    confirm_profile,
    previous_episodes,
    profile_history,
    read_photo,
    read_profile,
    update_profile,
)
from tests.storage.world import T0, World, build_world


def jpeg(width: int = 300, height: int = 400, *, exif: bool = False) -> bytes:
    picture = Image.new("RGB", (width, height), (120, 90, 60))
    out = io.BytesIO()
    if exif:
        tags = Image.Exif()
        tags[0x010F] = "PhoneMaker"  # Make
        tags[0x0112] = 6  # orientation: rotate 90° to show upright
        picture.save(out, "JPEG", exif=tags)
    else:
        picture.save(out, "JPEG")
    return out.getvalue()


def _world(session: Session) -> World:
    world = build_world(session)
    session.commit()
    return world


def test_every_change_is_a_new_version_with_who_and_when(session: Session) -> None:
    w = _world(session)
    update_profile(session, w.child, {"description": "Tall, short brown hair"}, by=w.carer, now=T0)
    later = T0 + timedelta(days=2)
    update_profile(
        session,
        w.child,
        {ProfileField.FEATURES: "Scar above left eyebrow", "places": "Hanley bus station"},
        by=w.social_worker,
        now=later,
    )
    session.commit()
    profile = read_profile(session, w.carer, w.child, later)
    assert profile.version == 2
    assert profile.value(ProfileField.DESCRIPTION) == "Tall, short brown hair"
    assert profile.value(ProfileField.FEATURES) == "Scar above left eyebrow"
    assert profile.recorded_by == "Tobias Wren" and profile.recorded_at == later
    history = profile_history(session, w.carer, w.child, later)
    assert [(v.version, v.changed, v.recorded_by) for v in history] == [
        (1, ("description",), "Juniper Ashcombe"),
        (2, ("features", "places"), "Tobias Wren"),
    ]
    # The child's older columns follow, so existing readers (privacy filter) stay right.
    child = session.get(Child, w.child)
    assert child is not None and child.usual_places == "Hanley bus station"


def test_bad_changes_are_refused_and_nothing_is_written(session: Session) -> None:
    w = _world(session)
    with pytest.raises(ProfileError):
        update_profile(session, w.child, {"shoe_size": "5"}, by=w.carer, now=T0)
    with pytest.raises(ProfileError):
        update_profile(session, w.child, {"description": "   \n "}, by=w.carer, now=T0)
    with pytest.raises(ProfileError):
        update_profile(session, w.child, {"description": "x" * 2001}, by=w.carer, now=T0)
    update_profile(session, w.child, {"description": "Slim"}, by=w.carer, now=T0)
    with pytest.raises(NothingChanged):
        update_profile(session, w.child, {"description": "  Slim "}, by=w.carer, now=T0)
    assert len(profile_history(session, w.carer, w.child, T0)) == 1


def test_a_check_with_no_change_is_a_version_too(session: Session) -> None:
    w = _world(session)
    update_profile(session, w.child, {"health": "Asthma: blue inhaler"}, by=w.carer, now=T0)
    later = T0 + timedelta(days=90)
    confirm_profile(session, w.child, by=w.carer, now=later, note="checked: still right")
    profile = read_profile(session, w.carer, w.child, later)
    assert profile.version == 2 and profile.recorded_at == later
    assert profile.value(ProfileField.HEALTH) == "Asthma: blue inhaler"
    last = profile_history(session, w.carer, w.child, later)[-1]
    assert last.changed == () and last.note == "checked: still right"


def test_only_people_allowed_to_see_the_child_can_read_and_reads_are_logged(
    session: Session,
) -> None:
    w = _world(session)
    stranger = create_staff(session, "Wilf Dunmore", Role.CARER, now=T0, team_id=w.team).id
    update_profile(session, w.child, {"description": "Slim"}, by=w.carer, now=T0)
    with pytest.raises(ProfileAccessDenied):
        read_profile(session, stranger, w.child, T0)
    with pytest.raises(ProfileAccessDenied):
        read_photo(session, stranger, w.child, T0)
    with pytest.raises(ProfileAccessDenied):
        update_profile(session, w.child, {"description": "Tall"}, by=stranger, now=T0)
    # The IRO sees nothing of a child with no open episode in the team.
    with pytest.raises(ProfileAccessDenied):
        read_profile(session, w.iro, w.child, T0)
    read_profile(session, w.team_manager, w.child, T0, what="grab pack")
    reads = session.scalars(select(AuditRead).where(AuditRead.child_id == w.child)).all()
    assert [(r.staff_id, r.what) for r in reads] == [(w.team_manager, "missing profile: grab pack")]


def test_the_profile_follows_the_child_to_the_next_placement(session: Session) -> None:
    w = _world(session)
    update_profile(session, w.child, {"what_worked": "Texting his gran"}, by=w.carer, now=T0)
    photo = store_upload(session, jpeg(), by=w.carer, now=T0)
    attach_photo(session, photo.id, w.child, by=w.carer, now=T0, taken_on=date(2026, 3, 1))
    # The placement moves: the old carers are unlinked, a new one is linked.
    session.execute(delete(ChildCarer).where(ChildCarer.child_id == w.child))
    new_carer = create_staff(session, "Ada Pennock", Role.CARER, now=T0, team_id=w.team).id
    link_carer(session, w.child, new_carer)
    session.commit()
    profile = read_profile(session, new_carer, w.child, T0)
    assert profile.value(ProfileField.WHAT_WORKED) == "Texting his gran"
    got = read_photo(session, new_carer, w.child, T0)
    assert got is not None and got.info.taken_on == date(2026, 3, 1)
    assert got.info.uploaded_by == "Juniper Ashcombe"
    with pytest.raises(ProfileAccessDenied):
        read_profile(session, w.carer, w.child, T0)


def test_photos_are_re_encoded_upright_without_metadata_and_attached_as_a_version(
    session: Session,
) -> None:
    w = _world(session)
    upload = store_upload(session, jpeg(300, 400, exif=True), by=w.carer, now=T0)
    assert upload.child_id is None and upload.mime_type == "image/jpeg"
    with Image.open(io.BytesIO(upload.data)) as stored:
        assert stored.size == (400, 300)  # turned as the phone's orientation tag said
        assert not stored.getexif()
    # Nobody else can attach (or discard) someone's upload.
    with pytest.raises(ProfileError):
        attach_photo(session, upload.id, w.child, by=w.second_carer, now=T0, taken_on=None)
    assert not discard_upload(session, upload.id, w.second_carer)
    with pytest.raises(ProfileError):
        attach_photo(session, upload.id, w.child, by=w.carer, now=T0, taken_on=date(2027, 1, 1))
    attach_photo(session, upload.id, w.child, by=w.carer, now=T0, taken_on=None)
    profile = read_profile(session, w.carer, w.child, T0)
    assert profile.photo is not None and profile.photo.id == upload.id
    assert profile.photo.dated == T0.date()
    # A later text change keeps the photo.
    update_profile(session, w.child, {"description": "Slim"}, by=w.carer, now=T0)
    assert read_profile(session, w.carer, w.child, T0).photo is not None
    got = read_photo(session, w.carer, w.child, T0)
    assert got is not None and got.data == upload.data


def test_an_unwanted_upload_can_be_discarded_by_its_uploader(session: Session) -> None:
    w = _world(session)
    upload = store_upload(session, jpeg(), by=w.carer, now=T0)
    assert discard_upload(session, upload.id, w.carer)
    assert session.scalars(select(ChildPhoto)).all() == []


@pytest.mark.parametrize(
    "raw",
    [b"", b"not a picture at all", jpeg(20, 20)],
    ids=["empty", "text", "icon"],
)
def test_what_is_not_a_photo_is_refused(raw: bytes) -> None:
    with pytest.raises(PhotoRejected):
        normalise_image(raw)


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_are_refused_or_kept_never_a_crash(raw: bytes) -> None:
    with contextlib.suppress(PhotoRejected):
        normalise_image(raw)


def test_previous_episodes_come_from_our_records(session: Session) -> None:
    from storage.episodes import open_episode

    w = _world(session)
    assert previous_episodes(session, w.child) == []
    open_episode(session, w.child, T0, T0, w.carer)
    past = previous_episodes(session, w.child)
    assert [(p.number, p.started_at, p.open) for p in past] == [(1, T0, True)]
