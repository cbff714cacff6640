"""The police summary (issue 13): the call-taker's order per pack, tonight's facts, the profile,
flags and history; questions that cannot apply left out; a line corrected before reading out."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from dialogues.police_summary import ANSWERS, DEFAULT, SummaryFacts, compose, render
from protocols.pack_loader import load_protocol
from storage.child_record import Grading, Said
from storage.models import EpisodeEvent
from storage.profiles import PastEpisode, ProfileField
from tests.dialogues.carer_world import (
    NIGHT,
    factory,
    make_world,
    night_report_lines,
    searches,
    state,
    talk,
)
from tests.dialogues.test_child_page import tonight

LAST_SEEN = datetime(2026, 3, 2, 22, 0, tzinfo=UTC)


def facts(**changes: object) -> SummaryFacts:
    base = SummaryFacts(
        name="Tia Fenwick",
        date_of_birth=date(2012, 5, 1),
        today=date(2026, 3, 3),
        legal_status="looked_after",
        last_seen=LAST_SEEN,
        profile={ProfileField.DESCRIPTION: "slim, dark hair", ProfileField.HEALTH: "Asthma"},
        photo_taken=None,
        religion=None,
        orientation=None,
        flags=frozenset({"cse_risk"}),
        said=(
            Said(NIGHT, "note", "She was wearing a grey hoodie", "Robin", None, {}),
            Said(NIGHT, "sighting", "Seen at the station", "Robin", None, {"person": "Leon"}),
        ),
        searches=("friends relatives done",),
        risk=Grading("high", "carer", NIGHT),
        police_reference=None,
        earlier=(PastEpisode(1, datetime(2026, 1, 5, 21, 0, tzinfo=UTC), None, None, False),),
    )
    return SummaryFacts(**{**base.__dict__, **changes})


def questions(protocol: str) -> tuple[str, ...]:
    pack, _ = load_protocol(protocol)
    return tuple(item.id for item in pack.checklists.get("police_questions", ()))


def test_staffordshire_order_is_the_call_takers() -> None:
    keys = [line.key for line in compose(facts(), questions("staffordshire"))]
    assert keys[:5] == ["name", "dob", "last_seen", "where", "with"]
    assert keys.index("description") < keys.index("medical") < keys.index("circumstances")
    assert keys.index("associates") < keys.index("vulnerabilities") < keys.index("religion")


def test_a_boy_is_not_asked_about_pregnancy_and_the_record_decides() -> None:
    lines = compose(facts(), questions("staffordshire"))
    assert "pregnant" not in [line.key for line in lines]
    flagged = compose(facts(flags=frozenset({"pregnant"})), questions("staffordshire"))
    assert [ln.value for ln in flagged if ln.key == "pregnant"] == ["yes, on the child's record"]


def test_tonights_facts_flags_and_history_are_in_it() -> None:
    lines = {ln.key: ln.value for ln in compose(facts(), questions("childrens_home"))}
    assert lines["wearing"] == '"She was wearing a grey hoodie"'
    assert lines["with"] == "Leon"
    assert lines["vulnerabilities"] == "at risk of child sexual exploitation (CSE)"
    assert lines["dob"] == "01 May 2012 (age 13)"
    assert lines["risk"].startswith("high, the carer's view")
    assert lines["history"].startswith("1 earlier episode(s) on our records; the last began")


def test_a_pack_without_questions_gets_the_default_order_and_no_empty_lines() -> None:
    lines = compose(facts(), questions("rutland"))
    keys = [ln.key for ln in lines]
    assert keys == [k for k in DEFAULT if k in keys]
    assert all(ln.value != "not recorded" for ln in lines)  # nothing asked: only what is known


@given(st.lists(st.sampled_from(sorted(ANSWERS)), max_size=12))
def test_any_question_list_gives_each_line_once_and_numbers_them(asked: list[str]) -> None:
    lines = compose(facts(), asked)
    keys = [ln.key for ln in lines]
    assert len(keys) == len(set(keys)) and keys[0] == "name"
    text = render("Tia Fenwick", lines)
    assert [int(n) for n in re.findall(r"^(\d+)\. ", text, re.M)] == list(range(1, len(lines) + 1))


def test_the_night_report_shows_it_and_a_line_is_corrected_then_the_report_goes_on(
    tmp_path: Path,
) -> None:
    world = make_world(tmp_path, "staffordshire")
    lines = night_report_lines(world)[: 3 + searches(world)]  # up to "have you told the police?"
    out = talk(world, *lines)
    assert "Here is a summary you can read out or copy: Tia Fenwick" in out
    assert "Pregnant" not in out.split("Here is a summary")[1]
    description = re.search(r"^(\d+)\. Description: ", out, re.M)
    assert description is not None
    n = description.group(1)
    out = talk(world, f"correct {n}", "Slim, dark hair, grey hoodie, black jeans")
    assert f"Line {n}, Description, says:" in out
    assert f"{n}. Description: Slim, dark hair, grey hoodie, black jeans (corrected" in out
    assert "Have you reported Tia Fenwick to the police?" in out.split("Corrected and kept")[1]
    current = state(world)
    assert current is not None and current.get("flow") == "report_missing"
    with factory(world.path)() as session:
        notes = session.scalars(
            select(EpisodeEvent).where(EpisodeEvent.type == "new_information")
        ).all()
        corrected = [r for r in notes if r.data.get("kind") == "police_summary_correction"]
        assert [(r.data["text"], r.data["source"]) for r in corrected] == [
            ("Slim, dark hair, grey hoodie, black jeans", "police summary: description")
        ]


def test_police_summary_on_request_and_bad_line_numbers(tmp_path: Path) -> None:
    world = make_world(tmp_path, "staffordshire")
    tonight(world)
    out = talk(world, "police summary")
    assert 'Concerns raised tonight: "getting lifts from older men"' in out
    assert "Police reference: SP-2603-0042" in out or "SP-2603-0042" in out
    out = talk(world, "correct 99")
    assert "There's no line 99" in out
    out = talk(world, "cancel", "correct 1", "")
    assert "Type what it should say" in out
