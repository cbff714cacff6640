"""A return the carer did not mean is undone at its first question, with nothing recorded: the
NLU may misread "her phone's back on" as a return, and the flow's own questions are the last
guard before an episode is closed."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogues import messages as m
from tests.dialogues.carer_world import episode, make_world, state, talk


@pytest.mark.parametrize(
    "answer",
    [
        "no",
        "nope",
        "no she's not back",
        "she hasnt come home yet sorry",
        "not back yet",
        "no he isn't, sorry",
        "nope, my mistake",
    ],
)
def test_a_no_to_when_keeps_the_episode_open_and_records_nothing(
    tmp_path: Path, answer: str
) -> None:
    world = make_world(tmp_path, "staffordshire")
    talk(world, "Tia isn't back, she was due in at 10", "10pm", "no", "cancel")
    assert "When did Tia Fenwick come back?" in talk(world, "Tia's back")
    out = talk(world, answer)
    assert "Tia Fenwick is still recorded as missing and I haven't recorded a return" in out
    assert "kept that on" not in out  # the "no" is an answer, not words for the record
    assert state(world) is None
    assert episode(world).returned_at is None


def test_a_time_still_records_the_return(tmp_path: Path) -> None:
    world = make_world(tmp_path, "staffordshire")
    talk(world, "Tia isn't back, she was due in at 10", "10pm", "no", "cancel")
    talk(world, "Tia's back", "just now", "came back on her own")
    assert episode(world).returned_at is not None


@pytest.mark.parametrize("answer", ["neither", "none of them", "nobody's back yet"])
def test_nobody_to_which_child_keeps_every_episode_open(tmp_path: Path, answer: str) -> None:
    world = make_world(tmp_path, "staffordshire")
    talk(world, "Tia isn't back, she was due in at 10", "10pm", "no", "cancel")
    talk(world, "Noah isn't back either, due in at 10", "10pm", "no", "cancel")
    assert "Who has come back?" in talk(world, "one of them is back")
    out = talk(world, answer)
    assert "nobody's return is recorded and every missing record stays open" in out
    assert state(world) is None


@pytest.mark.parametrize("text", ["still not home", "not back yet"])
def test_not_back_with_no_question_waiting_starts_the_night_report(
    tmp_path: Path, text: str
) -> None:
    world = make_world(tmp_path, "staffordshire")
    out = talk(world, text)
    # Straight into the report, or (when the NLU is unsure) asked with the report first.
    assert "Which child is it?" in out or "1. A child is missing" in out
    assert m.NOT_UNDERSTOOD not in out


@pytest.mark.parametrize("answer", ["no idea when, I was asleep", "not sure", "dunno"])
def test_not_knowing_when_is_about_the_time_and_keeps_the_return_going(
    tmp_path: Path, answer: str
) -> None:
    world = make_world(tmp_path, "staffordshire")
    talk(world, "Tia isn't back, she was due in at 10", "10pm", "no", "cancel")
    talk(world, "Tia's back")
    out = talk(world, answer)
    assert "haven't recorded a return" not in out
    assert "When did Tia Fenwick come back?" in out
    assert state(world) is not None
