"""The child's page, the risk as last graded, the out-of-hours worker's status, "what do I do
now?" and status numbering (issue 13), on the console and through the dialogue manager."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from bot.console import Console
from dialogues import child_page_messages as p
from dialogues import messages as m
from dialogues.manager import DialogueManager
from storage.commands import (
    DangerAnswer,
    open_report,
    record_concern,
    record_danger_answer,
    record_note,
    record_police_report,
)
from storage.models import AuditRead
from tests.dialogues.carer_world import LAST_SEEN, NIGHT, World, factory, make_world
from tests.dialogues.nlu_once import understanding
from tests.dialogues.worker_world import (
    HELEN,
    JAY,
    KAI,
    MARCUS,
    TOM,
    buttons,
    talk,
    text,
    world,
)
from tests.dialogues.worker_world import (
    NOW as NOW_W,
)

ELLIS = 7  # the demo's emergency duty team worker (bot.demo), covering both teams at night


def as_person(world: World, person: str, *lines: str, later: timedelta = timedelta(0)) -> str:
    """One console run as `person` (by name), like a new process on the same database."""
    sessions = factory(world.path)
    out = io.StringIO()
    manager = DialogueManager(sessions, understanding())
    script = "\n".join((person, *lines)) + "\n"
    Console(manager, sessions, lambda: NIGHT + later, io.StringIO(script), out).run()
    return out.getvalue()


def tonight(world: World) -> int:
    """The carer's night, recorded through the commands: high risk in the carer's view, the
    police told, what she took, a sighting and a worry."""
    with factory(world.path)() as session:
        opened = open_report(
            session, world.carer_id, world.child_id, last_seen=LAST_SEEN, now=NIGHT
        )
        episode = opened.episode_id
        record_danger_answer(session, world.carer_id, episode, DangerAnswer.YES, now=NIGHT)
        record_police_report(session, world.carer_id, episode, "SP-2603-0042", now=NIGHT)
        record_note(
            session,
            world.carer_id,
            episode,
            "She took her phone and a black rucksack, wearing a grey hoodie",
            now=NIGHT,
        )
        record_note(
            session,
            world.carer_id,
            episode,
            "Her friend saw her at the bus station with Leon",
            now=NIGHT,
            kind="sighting",
            details={"location": "the bus station", "person": "Leon"},
        )
        record_concern(
            session, world.carer_id, episode, "cse", "getting lifts from older men", now=NIGHT
        )
        session.commit()
        return episode


def test_the_social_worker_sees_the_page_with_the_carers_words(tmp_path: Path) -> None:
    world = make_world(tmp_path, "staffordshire")
    tonight(world)
    out = as_person(world, "Owen Pryce", "show Tia", later=timedelta(hours=2))
    assert "Tia Fenwick: missing since Mon 02 Mar 2026 22:00 (7h 0m), episode 1" in out
    assert "Risk: high, the carer's view" in out
    assert "Police: reported Tue 03 Mar 2026 03:00, reference SP-2603-0042" in out
    assert '"She took her phone and a black rucksack, wearing a grey hoodie"' in out
    assert 'Concern (cse), Tue 03 Mar 2026 03:00, Robin Ashdown: "getting lifts' in out
    assert "- the bus station: Tue 03 Mar 2026 03:00 (Robin Ashdown)" in out
    assert "- With Leon:" in out
    assert "Still to do:" in out and "- OVERDUE " in out
    with factory(world.path)() as session:
        reads = session.scalars(select(AuditRead).where(AuditRead.what == "child page")).all()
        assert [(r.child_id, r.what) for r in reads] == [(world.child_id, "child page")]


def test_everyone_sees_the_carers_high_grading_not_not_graded(tmp_path: Path) -> None:
    world = make_world(tmp_path, "staffordshire")
    tonight(world)
    for person in ("Owen Pryce", "Nadia Quill"):
        out = as_person(world, person, "status")
        assert "risk: high (carer's view)" in out
        assert "not graded" not in out


def test_a_bare_name_opens_the_page_outside_a_flow_only(tmp_path: Path) -> None:
    world = make_world(tmp_path, "staffordshire")
    tonight(world)
    assert "Tia Fenwick: missing since" in as_person(world, "Robin Ashdown", "tia")
    # Inside the night report, "Noah" answers "which child?" instead of opening a page.
    out = as_person(world, "Robin Ashdown", "one of mine isn't back", "noah")
    assert "Noah Brightwell: missing since" not in out


def test_nobody_else_sees_the_page(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    typed = text(talk(sessions, MARCUS, "show jay"))
    assert "Jay Morgan" not in typed and "missing since" not in typed
    assert p.NOT_YOURS in text(talk(sessions, MARCUS, f"page:{JAY}"))
    assert p.NOT_YOURS in text(talk(sessions, MARCUS, "page:99999999"))
    with sessions() as session:
        seen = {(r.staff_id, r.child_id) for r in session.scalars(select(AuditRead))}
    assert (MARCUS, JAY) not in seen


def test_the_page_button_from_status(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    shown = buttons(talk(sessions, TOM, "status"))
    assert shown["Jay's page"] == f"page:{JAY}"
    assert "Jay Morgan: missing since" in text(talk(sessions, TOM, shown["Jay's page"]))


def test_the_out_of_hours_worker_sees_who_they_cover(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    out = text(talk(sessions, ELLIS, "status"))
    assert "You cover these out of office hours:" in out
    assert "Missing now:" in out and "Jay Morgan" in out and "Kai Turner" in out
    assert "nobody" not in out.split("Missing now:")[0].lower()
    page = text(talk(sessions, ELLIS, "show kai"))
    assert "Kai Turner: missing since" in page


def test_what_do_i_do_now_lists_my_own_steps_with_why(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    out = text(talk(sessions, TOM, "What do I do now?"))
    assert out.startswith(p.NOW_INTRO) and m.HELP not in out
    assert "\n   Why: " in out
    first = out.splitlines()[1]
    status = text(talk(sessions, TOM, "status"))
    assert first.split(" (")[0] in status  # "1. OVERDUE …: title" is task 1 on status too


def test_status_numbers_and_buttons_agree_with_one_more(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    for who in (TOM, HELEN, ELLIS):
        replies = talk(sessions, who, "status")
        labels = [label for r in replies for label, _ in r.buttons]
        numbered = [
            ln.split(". ")[0]
            for ln in text(replies).splitlines()
            if ln[:1].isdigit() and ". " in ln
        ]
        assert [f"Task {n}" for n in numbered] == [b for b in labels if b.startswith("Task ")]
        assert labels.count("More") <= 1 and len(labels) <= 6


def test_the_console_numbers_open_the_task_of_that_number(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    out = io.StringIO()
    script = io.StringIO("\n".join(["Helen", "status", "3"]) + "\n")
    Console(DialogueManager(sessions, understanding()), sessions, lambda: NOW_W, script, out).run()
    shown = out.getvalue()
    third = next(line for line in shown.splitlines() if line.startswith("3. "))
    title = third.split(": ", 1)[1].split(" (")[0]
    assert f"{title} (" in shown.split("  3. Task 3")[1]  # its why names the same task


def test_kai_page_for_the_manager_shows_overdue(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    out = text(talk(sessions, HELEN, "kai"))
    assert "Kai Turner: missing since" in out and "- OVERDUE " in out
    assert "Risk: not graded yet" in out
    with sessions() as session:
        seen = {(r.staff_id, r.child_id, r.what) for r in session.scalars(select(AuditRead))}
    assert (HELEN, KAI, "child page") in seen
