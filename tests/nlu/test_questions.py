"""Record questions and rule questions (nlu/questions.py), in new sentences."""

from __future__ import annotations

import pytest

from nlu.questions import promote_record_question, promote_rule_question
from nlu.types import Entity, IntentScore


def _ranking(*pairs: tuple[str, float]) -> list[IntentScore]:
    return [IntentScore(name=n, confidence=c) for n, c in pairs]


def _child(text: str, name: str) -> list[Entity]:
    start = text.index(name)
    return [
        Entity(
            entity="child_name",
            value=name,
            start=start,
            end=start + len(name),
            confidence=1.0,
            extractor="test",
        )
    ]


GUIDANCE_FIRST = _ranking(("ask_guidance", 0.6), ("status_query", 0.3), ("out_of_scope", 0.1))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("when's the RHI due for Priya?", "Priya"),
        ("has Declan's strat been booked", "Declan"),
        ("does Lowri's episode need escalating yet", "Lowri"),
        ("what time was Tomasz reported", "Tomasz"),
    ],
)
def test_a_question_naming_a_child_asks_about_the_record(text: str, name: str) -> None:
    kept, moved = promote_record_question(text, GUIDANCE_FIRST, _child(text, name))
    assert moved and kept[0]["name"] == "status_query"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Priya isn't back, what do I do?", "Priya"),
        ("do I need to report Declan if he's 20 mins late?", "Declan"),
        ("can Lowri refuse the return interview?", "Lowri"),
        ("what does an RHI look like for a child like Lowri who signs?", "Lowri"),
        ("what if Tomasz won't talk to the worker", "Tomasz"),
        ("Priya came back, she's asleep", "Priya"),  # not a question
    ],
)
def test_what_to_do_stays_guidance_even_naming_a_child(text: str, name: str) -> None:
    assert promote_record_question(text, GUIDANCE_FIRST, _child(text, name)) == (
        GUIDANCE_FIRST,
        False,
    )


def test_a_question_naming_no_child_is_left_to_the_classifier() -> None:
    text = "when is the RHI due?"
    assert promote_record_question(text, GUIDANCE_FIRST, []) == (GUIDANCE_FIRST, False)


OUT_OF_SCOPE_FIRST = _ranking(("out_of_scope", 0.5), ("ask_guidance", 0.4))


@pytest.mark.parametrize(
    "text", ["section 9.2?", "para 4 - does that apply to us", "7.3 what does it mean by strat"]
)
def test_a_rule_asked_by_its_number_is_guidance(text: str) -> None:
    kept, moved = promote_rule_question(text, OUT_OF_SCOPE_FIRST)
    assert moved and kept[0]["name"] == "ask_guidance"


@pytest.mark.parametrize("text", ["what's 15% of 240", "the 9.15 bus is late again"])
def test_numbers_that_are_not_rules_stay_out_of_scope(text: str) -> None:
    assert promote_rule_question(text, OUT_OF_SCOPE_FIRST) == (OUT_OF_SCOPE_FIRST, False)
