"""The missing profile through the console: field by field with kind re-asks on junk, resumed
after a restart, a photo from a file (also in the middle of the night report), the grab pack
as a file, the police summary and the end of the return flow."""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from protocols.vocabulary import Role
from storage.models import AuditRead, ChildPhoto, ChildProfileVersion, ProfilePrompt
from storage.people import create_staff
from tests.dialogues.carer_world import (
    MORNING,
    World,
    factory,
    make_world,
    night_report_lines,
    state,
    talk,
)

WALK = [
    "update Tia's profile",
    "go through it all",
    "ok",  # junk for a description
    "4ft 11, slim, long dark hair in a plait, green eyes",
    "none",
    "..",  # junk
    "07700 900111, Snapchat tia_f12",
    "keep",
    "Hanley bus station; her nan's, 3 Vale Street",
    "Asthma, blue inhaler",
    "Her nan Pat rings her and she answers",
]


def _versions(world: World) -> list[ChildProfileVersion]:
    with factory(world.path)() as session:
        return list(
            session.scalars(
                select(ChildProfileVersion)
                .where(ChildProfileVersion.child_id == world.child_id)
                .order_by(ChildProfileVersion.version)
            )
        )


def _picture(path: Path) -> Path:
    Image.new("RGB", (300, 400), (100, 80, 60)).save(path, "JPEG")
    return path


def test_field_by_field_with_kind_re_asks_and_nothing_recorded_from_junk(tmp_path: Path) -> None:
    world = make_world(tmp_path, "staffordshire")
    out = talk(world, *WALK)
    assert "Tia Fenwick's missing profile" in out
    assert "1. Description: Tia: slim, dark hair, blue coat" in out  # from the child's record
    assert "(1 of 7) Describe Tia Fenwick" in out
    assert out.count("Sorry, I couldn't use that as the") == 2
    assert "Kept as it was: Friends and associates." in out
    assert "Send a recent photo of Tia Fenwick now" in out
    versions = _versions(world)
    assert [v.changed for v in versions] == [
        ["description"],
        ["features"],
        ["contacts"],
        ["places"],
        ["health"],
        ["what_worked"],
    ]
    last = versions[-1]
    assert last.features == "None known" and last.contacts == "07700 900111, Snapchat tia_f12"
    assert last.recorded_by_id == world.carer_id
    assert all(v.description != "ok" for v in versions)
    out = talk(world, "skip")
    assert "That's the profile done. Tia Fenwick's profile is now version 6." in out
    assert "flow" not in (state(world) or {})


def test_a_restart_mid_profile_carries_on_where_it_was(tmp_path: Path) -> None:
    world = make_world(tmp_path, "essex")
    talk(world, *WALK[:4])
    current = state(world)
    assert current is not None and current["step"] == "field"
    assert current["field"] == "features"
    out = talk(world, "A small scar on her chin")
    assert "Saved: Distinguishing features." in out
    assert "(3 of 7)" in out


def test_one_field_from_the_menu_and_nothing_changed(tmp_path: Path) -> None:
    world = make_world(tmp_path, "rutland")
    out = talk(world, "tia's profile", "places they go", "McDonald's, Oakham")
    assert "Saved: Places they go." in out and "What would you like to do?" in out
    out = talk(world, "places they go", "McDonald's, Oakham", "finished")
    assert "That's what the profile already says" in out
    assert "The profile is kept for Tia Fenwick" in out
    assert len(_versions(world)) == 1
    assert "flow" not in (state(world) or {})


def test_a_photo_from_a_file_with_whose_and_when(tmp_path: Path) -> None:
    world = make_world(tmp_path, "staffordshire")
    text = tmp_path / "notes.txt"
    text.write_text("not a photo")
    out = talk(world, f"photo {text}", f"photo {tmp_path / 'nowhere.jpg'}")
    assert "Sorry, I couldn't use that photo: I could not open it as a picture." in out
    assert "I couldn't read" in out
    picture = _picture(tmp_path / "tia.jpg")
    out = talk(world, f"photo {picture}", "Tia", "tomorrow", "banana", "last week")
    assert "Whose photo is this" in out
    assert out.count("Sorry, I couldn't read that as a date in the past.") == 2
    assert "Photo saved for Tia Fenwick (taken 24 Feb 2026)" in out
    with factory(world.path)() as session:
        photo = session.scalars(select(ChildPhoto)).one()
        assert photo.child_id == world.child_id and str(photo.taken_on) == "2026-02-24"
    out = talk(world, "tia's profile", "see the photo", "who changed what")
    assert "Photo: taken 24 Feb 2026" in out
    assert re.search(r"\[file\] \S+photo-tia-fenwick\.jpg", out)
    assert "v1, Tue 03 Mar 2026 03:00, Robin Ashdown: photo" in out
    with factory(world.path)() as session:
        reads = session.scalars(select(AuditRead.what)).all()
    assert {"missing profile: photo", "missing profile: history"} <= set(reads)


def test_a_photo_in_the_middle_of_the_night_report_then_back_to_it(tmp_path: Path) -> None:
    world = make_world(tmp_path, "staffordshire")
    picture = _picture(tmp_path / "tia.jpg")
    out = talk(world, "Tia isn't back, she was due in at 10", "10pm", "no", f"photo {picture}")
    assert "Whose photo is this" in out
    out = talk(world, "tia", "today")
    assert "Photo saved for Tia Fenwick" in out
    assert "Search 1 of" in out.split("Photo saved")[1]
    current = state(world)
    assert current is not None and current["flow"] == "report_missing"


def test_an_unwanted_photo_is_not_kept(tmp_path: Path) -> None:
    world = make_world(tmp_path, "essex")
    picture = _picture(tmp_path / "cat.jpg")
    out = talk(world, f"photo {picture}", "none of them")
    assert "I haven't kept that photo" in out
    with factory(world.path)() as session:
        assert session.scalars(select(ChildPhoto)).all() == []


def test_the_grab_pack_arrives_as_a_pdf_file_and_the_read_is_logged(tmp_path: Path) -> None:
    world = make_world(tmp_path, "childrens_home")
    out = talk(world, "grab pack", "Noah")
    assert "Whose missing profile?" in out
    found = re.search(r"\[file\] (\S+\.pdf)", out)
    assert found is not None
    reader = PdfReader(found.group(1))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Noah Brightwell" in text and "MISSING CHILD" in text
    with factory(world.path)() as session:
        reads = session.scalars(select(AuditRead.what)).all()
    assert "missing profile: grab pack" in reads


def test_a_social_worker_updates_their_caseload_and_others_cannot(tmp_path: Path) -> None:
    world = make_world(tmp_path, "thames_valley")
    social_worker = World(
        world.path, world.protocol, "Owen Pryce", 2, world.child_id, "Tia", world.placement
    )
    out = talk(social_worker, "update Tia's profile", "what has worked", "Her nan Pat")
    assert "Saved: What has worked to bring them home." in out
    assert _versions(world)[-1].recorded_by_id == 2
    with factory(world.path)() as session:
        stranger = create_staff(session, "Ivo Lindgren", Role.CARER, now=MORNING).id
        session.commit()
    other = World(world.path, world.protocol, "Ivo Lindgren", stranger, 0, "", "")
    out = talk(other, "update Tia's profile", f"profile:update:{world.child_id}")
    assert "I can't find a child whose missing profile you can see." in out
    assert "Sorry, you can't see that child's missing profile." in out


def test_the_police_summary_and_the_end_of_the_return_use_the_profile(tmp_path: Path) -> None:
    world = make_world(tmp_path, "staffordshire")
    talk(world, "update tia's profile", "distinguishing features", "Pierced nose", "finished")
    out = talk(world, *night_report_lines(world))
    assert "Distinguishing features: Pierced nose" in out
    assert "Photo: none on file" in out
    out = talk(world, "finished", "Tia is back", "8am", "own accord", now=MORNING)
    while (current := state(world)) and current.get("flow") == "returned":
        out += talk(world, "finished" if current.get("step") == "notify" else "done", now=MORNING)
    assert "Anything new we should add to Tia Fenwick's missing profile?" in out
    with factory(world.path)() as session:
        asked = session.scalars(select(ProfilePrompt)).all()
        assert [(p.kind, p.staff_id, p.status) for p in asked] == [
            ("after_return", world.carer_id, "sent")
        ]


def test_pdf_bytes_parse_back_with_the_photo_embedded(tmp_path: Path) -> None:
    world = make_world(tmp_path, "essex")
    picture = _picture(tmp_path / "tia.jpg")
    talk(world, f"photo {picture}", "tia", "today")
    out = talk(world, "grab pack for tia")
    found = re.search(r"\[file\] (\S+\.pdf)", out)
    assert found is not None
    data = Path(found.group(1)).read_bytes()
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) <= 2
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 1


def test_news_that_mentions_a_profile_is_not_taken_as_a_request(tmp_path: Path) -> None:
    world = make_world(tmp_path, "staffordshire")
    out = talk(world, "she has a fake profile", "update Noah Brightwell's profile")
    assert out.count("missing profile") == 1  # only the second: Noah's
    assert "Noah Brightwell's missing profile" in out


def test_an_answer_that_sounds_like_a_return_is_kept_when_nobody_is_missing(
    tmp_path: Path,
) -> None:
    world = make_world(tmp_path, "staffordshire")
    out = talk(world, "tia's profile", "what has worked", "the police brought her back last time")
    assert "Saved: What has worked to bring them home." in out
    assert _versions(world)[-1].what_worked == "the police brought her back last time"
