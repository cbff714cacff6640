"""Junk at every step of every flow (issue 11), the short profile `make test` runs: no exception,
no fact recorded from junk, never knocked off the step, and every walk still reaches its end with
exactly the facts of a clean walk. benchmarks/fuzz_conversations.py runs the long profile."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.dialogues.conversation_fuzz import PATHS, Path, Tally, Walker, all_steps, junk
from tests.dialogues.nlu_once import understanding

EXAMPLES_PER_PATH = 6
PROBES_PER_STEP = 11
SENT = Tally()
_CLEAN: dict[str, list[tuple[str, str]]] = {}


def _walker() -> Walker:
    return Walker(understanding())


def _clean(path: Path) -> list[tuple[str, str]]:
    if path.name not in _CLEAN:
        _CLEAN[path.name] = _walker().walk(path, None, 0)[1]
    return _CLEAN[path.name]


def test_the_paths_walk_every_declared_step() -> None:
    seen: set[tuple[str, str]] = set()
    for path in PATHS:
        tally, recorded = _walker().walk(path, None, 0)
        assert not tally.failures, tally.failures
        assert recorded, path.name
        seen |= tally.steps_seen
    assert seen == all_steps()


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_junk_at_every_step_records_nothing_and_loses_no_way_forward(path: Path) -> None:
    clean = _clean(path)

    @settings(
        max_examples=EXAMPLES_PER_PATH,
        deadline=None,
        database=None,
        # A failing walk is printed whole (tally.failures); shrinking a walk costs minutes.
        phases=(Phase.explicit, Phase.generate),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.data())
    def walk(data: st.DataObject) -> None:
        draw: Callable[[bool], str] = lambda free: data.draw(junk(free))  # noqa: E731
        tally, recorded = _walker().walk(path, draw, PROBES_PER_STEP)
        SENT.add(tally)
        assert tally.failures == []
        assert (tally.exceptions, tally.wrong_facts, tally.moved, tally.stuck_states) == (0,) * 4
        assert recorded == clean  # reached the end, with the facts a clean walk records

    walk()


def test_the_short_profile_sent_at_least_2000_inputs() -> None:
    if SENT.inputs == 0:
        pytest.skip("run with the junk walks above")
    assert SENT.inputs >= 2000, SENT.inputs
