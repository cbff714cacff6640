"""A rule asked by its section number (dialogues/rule_sections.py): the steps of the person's
own protocol that cite it, from the real packs, end to end through the dialogue manager."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogues.rule_sections import cited_section, steps_citing
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
