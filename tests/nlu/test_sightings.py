"""A sighting said with a missing report is kept as news by the words, not by how unsure the
classifier happens to be (nlu/facts.py)."""

from __future__ import annotations

import pytest

from nlu.facts import mentions_sighting, secondary_intents
from nlu.types import IntentScore


@pytest.mark.parametrize(
    "text",
    [
        "Lily is missing, her friend saw her at the bus station at 10",
        "kai not back, a neighbour saw him get into a car",
        "she's gone, she was seen at the retail park an hour ago",
        "not home yet, his mate spotted him in town",
        "missing since 9, she was seen getting into a silver car",
    ],
)
def test_someone_seeing_the_child_is_a_sighting(text: str) -> None:
    assert mentions_sighting(text)


@pytest.mark.parametrize(
    "text",
    [
        "nobody has seen her since 9",
        "she hasnt been seen since tea",
        "he hasn't been seen at school today",
        "no one saw her go",
        "he was last seen at 10 near the park",
        "we saw her at tea and then she went",
        "i saw him leave at 9, not back since",
        "not been seen at all",
        "Kai is missing",
    ],
)
def test_no_sighting_denied_or_the_reports_own_last_sight(text: str) -> None:
    assert not mentions_sighting(text)


def _ranking(*names: str) -> list[IntentScore]:
    return [
        IntentScore(name=n, confidence=c) for n, c in zip(names, (0.8, 0.15, 0.05), strict=False)
    ]


def test_a_report_with_a_sighting_carries_news_however_sure_the_report() -> None:
    text = "Lily is missing, her friend saw her at the bus station at 10"
    found = secondary_intents(
        text, "report_missing", _ranking("report_missing", "risk_concern"), []
    )
    assert [s["name"] for s in found] == ["new_information"]


def test_only_a_report_carries_a_sighting_this_way() -> None:
    text = "Lily is back, her friend saw her at the bus station earlier"
    found = secondary_intents(
        text, "child_returned", _ranking("child_returned", "risk_concern"), []
    )
    assert found == []
