"""Forged or mangled button payloads ("task:²:done", a 23-digit id, "undo:-1", "rem:done:")
get a kind answer, never an exception (the apology is what an exception turns into)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.run_command import dialogue_manager
from dialogues import messages as m
from dialogues.manager import DialogueManager, typed_button
from reminders.settings import ReminderSettings
from storage.ids import MAX_ROW_ID, parse_row_id
from tests.dialogues.nlu_once import understanding
from tests.dialogues.worker_world import MARCUS, NOW, PRIYA, SAM, world

ODD_IDS = ["²", "-1", "0", "", "9" * 23, str(MAX_ROW_ID + 1), "٣", "1e3", " 1", "1 ", "0x1"]
SHAPES = [
    "task:{}:done",
    "task:{}:why",
    "task:{}:notreq",
    "task:{}:handover",
    "task:1:to:{}",
    "tasks:more:{}",
    "undo:{}",
    "ri:{}",
    "rem:done:{}",
    "rem:ack:{}",
    "rem:snooze:{}",
    "rem:notme:{}",
    "summary:{}",
    "child:{}",
    "{}",
]


@pytest.fixture(scope="module")
def manager(tmp_path_factory: pytest.TempPathFactory) -> DialogueManager:
    sessions = world(Path(tmp_path_factory.mktemp("payloads")))
    return dialogue_manager(sessions, ReminderSettings(), understanding())


def _kind(manager: DialogueManager, staff_id: int, payload: str) -> None:
    replies = manager.handle(staff_id, payload, NOW)
    assert replies and all(r.text != m.APOLOGY for r in replies), payload


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("odd", ODD_IDS)
def test_odd_ids_in_every_payload(manager: DialogueManager, shape: str, odd: str) -> None:
    _kind(manager, MARCUS, shape.format(odd))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    shape=st.sampled_from(SHAPES),
    raw=st.one_of(
        st.text(max_size=30),
        st.integers().map(str),
        st.sampled_from(ODD_IDS),
    ),
    staff_id=st.sampled_from([MARCUS, PRIYA, SAM]),
)
def test_generated_payloads_never_crash(
    manager: DialogueManager, shape: str, raw: str, staff_id: int
) -> None:
    _kind(manager, staff_id, shape.format(raw))


@given(st.text(max_size=25))
def test_row_ids_are_plain_ascii_digits_in_range(text: str) -> None:
    parsed = parse_row_id(text)
    if parsed is not None:
        assert text.isascii() and text.isdigit() and 0 < parsed <= MAX_ROW_ID
        assert str(parsed) == text.lstrip("0")


def test_a_typed_unicode_digit_is_not_a_button_number() -> None:
    offered = [["Yes", "confirm:yes"], ["No", "confirm:no"]]
    assert typed_button("²", offered) == "²"
    assert typed_button("2", offered) == "confirm:no"
