"""The grab pack PDF: parsed back (text in the fixed order, the photo embedded, one or two
pages), any text prints without a crash (with or without a Unicode font), and the
`homeward profile` command."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from bot.cli import main
from dialogues.grab_pack import Contact, GrabPack
from dialogues.grab_pack_pdf import FONT_ENV, font_files, latin1, render_pdf
from protocols.vocabulary import Role
from storage.db import make_engine, make_session_factory, migrate
from storage.models import AuditRead
from storage.people import create_child, create_staff, create_team, link_carer
from storage.profile_photos import store_upload
from storage.profiles import FIELDS, ProfileField, attach_photo, update_profile

NOW = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)
NO_FONT = {FONT_ENV: "/nonexistent/font.ttf"}


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 400), (110, 90, 70)).save(out, "JPEG")
    return out.getvalue()


PACK = GrabPack(
    name="Tia Fenwick",
    known_as="Tee",
    date_of_birth=date(2012, 5, 1),
    age=13,
    legal_status="looked after",
    responsible_authority="Staffordshire County Council",
    fields={
        ProfileField.DESCRIPTION: "4ft 11, slim, long dark hair in a plait",
        ProfileField.FEATURES: "Small scar on her chin",
        ProfileField.CONTACTS: "07700 900111, Snapchat tia_f12",
        ProfileField.ASSOCIATES: "Kayla (school), Reece (19, grey Corsa)",
        ProfileField.PLACES: "Hanley bus station",
        ProfileField.HEALTH: "Asthma, blue inhaler",
        ProfileField.WHAT_WORKED: "Her nan Pat rings her",
    },
    clothing=None,
    religion=None,
    sexual_orientation=None,
    photo=_photo(),
    photo_caption="Photo taken 24 Feb 2026 (added 25 Feb 2026)",
    episodes=("1. Mon 12 Jan 2026 22:00: back Tue 13 Jan 2026 08:00 (10 hours), own accord",),
    contacts=(
        Contact("Carer", "Robin Ashdown", "North Fostering", ()),
        Contact("Social worker", "Owen Pryce", "North Fostering", ("01782 000000",)),
    ),
    version=7,
    last_checked="Profile last changed or checked Tue 03 Mar 2026 03:00 by Robin Ashdown.",
    made="Made Tue 03 Mar 2026 03:00 from Homeward (profile version 7).",
)


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("env", [{}, NO_FONT], ids=["dejavu-if-installed", "helvetica"])
def test_the_pdf_parses_back_in_the_fixed_order_with_the_photo(env: dict[str, str]) -> None:
    data = render_pdf(PACK, env)
    reader = PdfReader(io.BytesIO(data))
    assert 1 <= len(reader.pages) <= 2
    assert sum(len(page.images) for page in reader.pages) == 1
    text = " ".join(_text(data).split())
    headings = [
        "Description",
        "Distinguishing features",
        "Clothing when last seen",
        "Health needs and medication",
        "Phone numbers and social media",
        "Friends and associates",
        "Places they go",
        "Previous episodes",
        "What has worked to bring them home",
    ]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    for expected in (
        "Tia Fenwick",
        "01 May 2012 (13 years old)",
        "Photo taken 24 Feb 2026",
        "Reece (19, grey Corsa)",
        "Owen Pryce",
        "01782 000000",
        "(write in what they were wearing",
        "Page 1 of",
    ):
        assert expected in text


def test_without_a_photo_or_facts_it_still_prints_a_form_to_fill_in() -> None:
    empty = replace(
        PACK,
        photo=None,
        photo_caption="No photo on file",
        fields=dict.fromkeys(FIELDS),
        episodes=(),
        contacts=(),
        date_of_birth=None,
        age=None,
    )
    text = _text(render_pdf(empty, NO_FONT))
    assert "No photo on file" in text and "not recorded" in text and "None recorded" in text


def test_names_print_as_written_with_the_font_or_plainly_without() -> None:
    polish = replace(PACK, name="Łucja Żak", known_as="“Lu” – ok")
    assert "Lucja Zak" in _text(render_pdf(polish, NO_FONT))
    assert latin1("“Lu” – ok…") == '"Lu" - ok...'
    if font_files({}) is not None:
        assert "Łucja Żak" in _text(render_pdf(polish, {}))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300), st.sampled_from([{}, NO_FONT]))
def test_any_text_prints(text: str, env: dict[str, str]) -> None:
    pack = replace(PACK, name=text or "x", fields=dict.fromkeys(FIELDS, text), clothing=text)
    assert render_pdf(pack, env).startswith(b"%PDF")


def test_a_long_profile_runs_over_pages_without_stranding_headings() -> None:
    long = replace(PACK, fields=dict.fromkeys(FIELDS, "word " * 390))
    reader = PdfReader(io.BytesIO(render_pdf(long, NO_FONT)))
    assert len(reader.pages) >= 3


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_pdftoppm_renders_the_first_page(tmp_path: Path) -> None:
    pdf = tmp_path / "pack.pdf"
    pdf.write_bytes(render_pdf(PACK))
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-singlefile", str(pdf), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    with Image.open(tmp_path / "page.png") as page:
        assert page.width < page.height  # A4 portrait
        darkest, lightest = page.convert("L").getextrema()
        assert isinstance(darkest, int) and isinstance(lightest, int)
        assert lightest - darkest > 100  # not blank: dark text on a white page


def _database(path: Path) -> tuple[int, int, int]:
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    with make_session_factory(engine)() as session:
        team = create_team(session, "North Fostering", "staffordshire").id
        carer = create_staff(session, "Robin Ashdown", Role.CARER, now=NOW, team_id=team).id
        other = create_staff(session, "Ivo Lindgren", Role.CARER, now=NOW, team_id=team).id
        child = create_child(
            session, "Tia", "Fenwick", "looked_after", team, date_of_birth=date(2012, 5, 1)
        )
        child.external_id = "C1002"
        link_carer(session, child.id, carer)
        update_profile(session, child.id, {"features": "Scar on chin"}, by=carer, now=NOW)
        upload = store_upload(session, _photo(), by=carer, now=NOW)
        attach_photo(session, upload.id, child.id, by=carer, now=NOW, taken_on=None)
        session.commit()
        result = (child.id, carer, other)
    engine.dispose()
    return result


def test_the_profile_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "homeward.sqlite3"
    child, carer, other = _database(db)
    out = tmp_path / "pack.pdf"
    assert main(["profile", "C1002", "--pdf", str(out), "--db", str(db)]) == 0
    text = _text(out.read_bytes())
    assert "Tia Fenwick" in text and "Scar on chin" in text
    assert (
        main(
            [
                "profile",
                str(child),
                "--pdf",
                str(out),
                "--db",
                str(db),
                "--by",
                str(carer),
                "--clothing",
                "Grey hoodie",
            ]
        )
        == 0
    )
    assert "Grey hoodie" in _text(out.read_bytes())
    assert main(["profile", "C9999", "--pdf", str(out), "--db", str(db)]) == 2
    assert main(["profile", "C1002", "--pdf", str(out), "--db", str(db), "--by", str(other)]) == 2
    assert main(["profile", "C1002", "--pdf", str(tmp_path / "no" / "x.pdf"), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "no child with id 'C9999'" in err and "may not see" in err and "cannot write" in err
    engine = make_engine(f"sqlite:///{db}")
    with make_session_factory(engine)() as session:
        reads = session.scalars(select(AuditRead.staff_id)).all()
    engine.dispose()
    assert set(reads) == {carer}
