from __future__ import annotations

from collections.abc import Callable

import pytest

from nlu.parser import EmbeddedUnderstanding
from nlu.types import IntentScore
from nlu.yes_and import read_fact_after_yes_or_no
from tests.nlu.conftest import NOW

_AFFIRM: list[IntentScore] = [
    {"name": "affirm", "confidence": 0.9},
    {"name": "child_returned", "confidence": 0.1},
]
_DENY: list[IntentScore] = [
    {"name": "deny", "confidence": 0.9},
    {"name": "new_information", "confidence": 0.1},
]


def _reads_as(name: str, confidence: float = 0.8) -> Callable[[str], list[IntentScore]]:
    def rank(text: str) -> list[IntentScore]:
        return [{"name": name, "confidence": confidence}, {"name": "affirm", "confidence": 0.1}]

    return rank


def test_the_fact_after_a_yes_comes_first_with_its_own_confidence() -> None:
    ranking, changed = read_fact_after_yes_or_no(
        "yes, childname is back home safe", _AFFIRM, _reads_as("child_returned")
    )
    assert changed and ranking[0] == {"name": "child_returned", "confidence": 0.8}
    assert [s["name"] for s in ranking] == ["child_returned", "affirm"]


@pytest.mark.parametrize(
    "masked",
    ["yes thats right", "yeah she did", "yep, timeref it was", "yes that's him, childname", "yes"],
)
def test_a_yes_that_only_confirms_stays_a_yes(masked: str) -> None:
    assert read_fact_after_yes_or_no(masked, _AFFIRM, _reads_as("child_returned")) == (
        _AFFIRM,
        False,
    )


def test_an_unsure_or_small_fact_after_a_yes_stays_a_yes() -> None:
    unsure = _reads_as("child_returned", 0.5)
    news = _reads_as("new_information")
    text = "yes she was with her sister at the park"
    assert read_fact_after_yes_or_no(text, _AFFIRM, unsure)[1] is False
    assert read_fact_after_yes_or_no(text, _AFFIRM, news)[1] is False


def test_a_no_brings_a_fact_only_after_but() -> None:
    news = _reads_as("new_information")
    assert read_fact_after_yes_or_no("no hes still in custody at the station", _DENY, news) == (
        _DENY,
        False,
    )
    ranking, changed = read_fact_after_yes_or_no(
        "no, but she has finally replied to my text", _DENY, news
    )
    assert changed and ranking[0]["name"] == "new_information"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Yes. Ozzie is back, walked in ten minutes ago.", "child_returned"),
        ("yes I've rung them, the ref is CAD 5521", "police_reported"),
        ("yes, the safe and well check was done by the officer before he left", "task_done"),
        ("yes that's right", "affirm"),
        ("no he's still out", "deny"),
    ],
)
def test_replies_read_whole(understanding: EmbeddedUnderstanding, text: str, intent: str) -> None:
    assert (
        understanding.parse(text, NOW, child_names=["Ozzie Brannock"])["intent"]["name"] == intent
    )
