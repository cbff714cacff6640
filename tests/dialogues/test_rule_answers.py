"""A rule asked by its section number (dialogues/rule_answers.py): the steps of the person's
own protocol that cite it, from the real packs, end to end through the dialogue manager."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogues.rule_answers import cited_section, cited_timescale, steps_citing
from protocols.pack_loader import load_protocol
from tests.dialogues.worker_world import HELEN, TOM, talk, text, world


@pytest.mark.parametrize(
    ("said", "section"),
    [
        ("section 14.1?", "14.1"),
        ("what does §8.4 say", "8.4"),
        ("para 2.5.1 - does it apply to a 12 year old", "2.5.1"),
        ("14.2 - who gets the minutes", "14.2"),
        ("back at 10.30", None),  # a time, not a section
        ("what's the 72 hours about", None),
        ("10.30 - he left by the back door, what now", None),
    ],
)
def test_the_section_asked_about(said: str, section: str | None) -> None:
    assert cited_section(said) == section


def test_each_variant_gets_its_own_steps() -> None:
    pack, _ = load_protocol("staffordshire")
    staffordshire = [title for title, _ in steps_citing(pack, "staffordshire", "14.1")]
    stoke = [title for title, _ in steps_citing(pack, "stoke", "14.1")]
    assert any("District Operational Lead" in t for t in staffordshire)
    assert not any("District Operational Lead" in t for t in stoke)
    assert steps_citing(pack, "staffordshire", "14.10") == []  # not 14.1


def test_a_social_worker_asking_by_number_gets_the_steps_and_their_reasons(
    tmp_path: Path,
) -> None:
    sessions = world(tmp_path)
    out = text(talk(sessions, TOM, "section 14.1?"))
    assert "§14.1 of" in out and "Tell your line manager (missing 24 hours)" in out
    assert "informs their line manager" in out  # the reason, not only the title


def test_a_section_no_step_cites_says_so_and_what_to_do_instead(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    out = text(talk(sessions, HELEN, "what does section 41.9 say?"))
    assert "None of the steps I follow" in out and "§41.9" in out and '"status"' in out


@pytest.mark.parametrize(
    ("said", "hours"),
    [("what's the 72 hours about", 72), ("the 24hr thing?", 24), ("why a 5 day review", 120)],
)
def test_the_timescale_asked_about(said: str, hours: int) -> None:
    found = cited_timescale(said)
    assert found is not None and found.total_seconds() == hours * 3600


@pytest.mark.parametrize(
    "said", ["he's been missing 3 hours, what do I do?", "gone for the last 2 days, what now"]
)
def test_how_long_a_child_has_been_gone_is_no_rule(said: str) -> None:
    assert cited_timescale(said) is None


def test_a_timescale_lists_the_steps_due_that_long_after_their_start(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    out = text(talk(sessions, TOM, "what's the 72 hours about"))
    assert "Steps due 72 hours after their start" in out
    assert "Assistant Director" in out  # staffordshire: the 72-hour escalation


def test_a_timescale_no_step_has_says_so(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    out = text(talk(sessions, TOM, "what's the 11 hours thing"))
    assert "No step I follow" in out and "11 hours" in out and '"status"' in out
