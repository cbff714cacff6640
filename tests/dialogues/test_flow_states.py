"""The declared flows themselves (issue 11): the diagrams in docs/conversations.md are the step
tables, every step's "why" says something useful, and saved states load, or restart kindly."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogues import messages as m
from dialogues.flows import report_missing
from dialogues.flows.diagrams import DECLARED, markdown
from dialogues.flows.report_missing import ReportState, Step
from dialogues.flows.steps import END, from_json, to_json
from tests.dialogues.conversation_fuzz import NOW, PATHS, SAM, Walker, all_steps, world
from tests.dialogues.nlu_once import understanding

DOCS = Path(__file__).resolve().parents[2] / "docs" / "conversations.md"
# Internal names must never reach a person: snake_case codes, "search: x: done", "person some".
_CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b|\b\w+: \w+: (?:done|skipped)\b")


@pytest.mark.parametrize("flow", DECLARED, ids=[f.FLOW for f in DECLARED])
def test_the_documented_diagram_is_the_step_table(flow: Any) -> None:
    assert markdown(flow) in DOCS.read_text(encoding="utf-8"), (
        "docs/conversations.md is out of date: python -m dialogues.flows.diagrams"
    )


@pytest.mark.parametrize("flow", DECLARED, ids=[f.FLOW for f in DECLARED])
def test_every_step_can_reach_the_end(flow: Any) -> None:
    reach: set[str] = {END}
    for _ in flow.steps:
        for step, spec in flow.steps.items():
            if reach & set(spec.leads_to):
                reach.add(step.value)
    assert {s.value for s in flow.steps} <= reach


def test_why_at_every_step_says_something_useful() -> None:
    walker = Walker(understanding())
    whys: dict[tuple[str, str], list[str]] = {}
    for path in PATHS:
        walker.walk(path, None, 0, whys)
    assert set(whys) == all_steps()
    for here, texts in whys.items():
        said = "\n".join(texts)
        assert texts and m.NO_WHY not in said and len(texts[0]) > 40, here
        assert not _CODE.search(texts[0]), (here, texts[0])


@given(
    st.builds(
        ReportState,
        step=st.sampled_from(Step),
        child_id=st.none() | st.integers(1, 10**9),
        episode_id=st.none() | st.integers(1, 10**9),
        last_seen=st.none() | st.datetimes(timezones=st.just(NOW.tzinfo)),
        search_index=st.integers(0, 50),
        search_ids=st.none() | st.lists(st.text(max_size=8), max_size=4).map(tuple),
        search_status=st.none() | st.text(max_size=10),
        pending=st.lists(st.text(max_size=20), max_size=3).map(tuple),
    )
)
def test_states_round_trip_through_json(state: ReportState) -> None:
    assert from_json(ReportState, to_json(state)) == state


@pytest.mark.parametrize(
    "saved",
    [
        {"flow": "report_missing", "step": "bogus"},
        {"flow": "report_missing", "step": "search", "child_id": "abc"},
        {"flow": "report_missing", "step": "time", "child_id": True},
        {"flow": "report_missing", "step": "risk", "child_id": 1, "last_seen": "2026-03-02"},
        {"flow": "report_missing"},
    ],
)
def test_a_saved_state_that_does_not_fit_restarts_kindly(saved: dict[str, Any]) -> None:
    sessions = world(PATHS[0])
    with sessions() as session:
        from storage.conversations import save_state

        save_state(session, SAM, saved, NOW)
        session.commit()
    from dialogues.manager import DialogueManager

    replies = DialogueManager(sessions, understanding()).handle(SAM, "yes", NOW)
    assert [r.text for r in replies] == [m.LOST_PLACE]
    assert from_json(ReportState, saved) is None


def test_a_state_saved_by_the_old_code_still_loads() -> None:
    """The shape the string-keyed flows saved (flow, step, ids, ISO instants, positions)."""
    old = {
        "flow": "report_missing",
        "step": "search",
        "child_id": 1,
        "episode_id": 4,
        "last_seen": "2026-03-02T22:00:00Z",
        "search_index": 1,
        "search_ids": ["search_property", "missing_items"],
        "offered": [["Done", "done"]],
    }
    state = from_json(ReportState, old)
    assert state is not None and state.step is Step.SEARCH and state.search_index == 1
    assert state.last_seen == datetime.fromisoformat("2026-03-02T22:00:00+00:00")
    assert report_missing.flow.state_type is ReportState
