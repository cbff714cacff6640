"""Issue 17: the night messages the NLU used to miss, and issue 11's NLU crashes and names."""

from __future__ import annotations

import json
from datetime import UTC

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlu.cli import main
from nlu.entities.child_names import find_child_names
from nlu.entities.lexicon import find_risk_factors, find_tasks
from nlu.entities.police_ref import find_police_references
from nlu.parser import EmbeddedUnderstanding
from nlu.safety import apply_rules
from nlu.times import find_times
from nlu.types import IntentScore
from tests.nlu.conftest import NOW

ROSTER = ["Lily Parr", "Ruby Sinclair", "Will Dawson", "Summer Kane", "Aaliyah Stone", "Jo-Ann Fry"]


def _surfaces(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[s:e] for s, e in spans]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("rang 101, incident 552", "incident 552", "incident 552"),
        ("they gave me log 77 of 3rd", "log 77 of 3rd", "log 77 of 3rd"),
        ("occurrence 19/8812 is the number", "occurrence 19/8812", "occurrence 19/8812"),
        ("CAD 2841", "CAD 2841", "CAD 2841"),
        ("ref SP-2603-0199", "SP-2603-0199", "SP-2603-0199"),
    ],
)
def test_police_reference_keeps_its_kind(text: str, span: str, value: str) -> None:
    [ref] = find_police_references(text)
    assert (text[ref.start : ref.end], ref.value) == (span, value)


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("phoned the IRO at 9", ["phoned the IRO"]),
        ("told her mum and the school", ["told her mum", "the school"]),
        ("escalated to the service manager", ["escalated to the service manager"]),
        ("let the IRO know", ["let the IRO know"]),
        ("ive rung the police", ["rung the police"]),
    ],
)
def test_task_phrase_keeps_its_verb(text: str, spans: list[str]) -> None:
    assert _surfaces(text, [(s.start, s.end) for s in find_tasks(text)]) == spans


@pytest.mark.parametrize(
    ("text", "span", "local_hour"),
    [
        ("not back and its gone midnight", "gone midnight", 0),
        ("due in at teatime", "teatime", 17),
        ("last seen dinner time", "dinner time", 12),
        ("left at lunchtime", "lunchtime", 12),
        ("not seen since first thing", "first thing", 8),
        ("went out at half 3 this morning", "half 3 this morning", 3),
        ("came in at midnight", "midnight", 0),
    ],
)
def test_informal_times(text: str, span: str, local_hour: int) -> None:
    [found] = find_times(text, NOW)
    assert found.text == span
    assert found.instant.astimezone(UTC).hour == local_hour  # March: London is UTC


def test_a_meal_is_not_a_time_without_its_time_word() -> None:
    assert find_times("had his dinner and went out", NOW) == []


@pytest.mark.parametrize(
    "text", ["9999999999 hours ago", "in 99999999999999999999 days", "1e400 hours ago"]
)
def test_huge_numbers_are_no_time_and_no_crash(text: str) -> None:
    assert all(m.instant.year > 1900 for m in find_times(text, NOW))


@settings(max_examples=300, deadline=None)
@given(
    amount=st.integers(min_value=0, max_value=10**30),
    unit=st.sampled_from(["hours", "days", "mins", "weeks", "months", "hrs"]),
    direction=st.sampled_from(["{} {} ago", "in {} {}", "since {} {}", "{}:{}"]),
)
def test_any_number_of_any_unit_never_crashes(amount: int, unit: str, direction: str) -> None:
    text = direction.format(amount, unit)
    for match in find_times(text, NOW):
        assert match.instant.tzinfo is not None


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(
        alphabet=st.sampled_from(list("0123456789²³¹½⁹٣۵ ago hours:/-.,'’ lily back ref log"))
        | st.characters(),
        max_size=40,
    )
)
def test_parse_never_crashes_on_odd_text(understanding: EmbeddedUnderstanding, text: str) -> None:
    result = understanding.parse(text, NOW, child_names=ROSTER)
    assert result["intent"]["name"]
    for entity in result["entities"]:
        assert 0 <= entity["start"] <= entity["end"] <= len(text)


@pytest.mark.parametrize("text", ["9999999999 hours ago", "²", "kai back ² hours ago"])
def test_cli_parse_survives(capsys: pytest.CaptureFixture[str], text: str) -> None:
    code = main(["nlu", "parse", text, "--now", "2026-03-02T23:30:00Z", "--json"])
    assert code == 0
    assert json.loads(capsys.readouterr().out)["text"] == text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("lily's back", "Lily Parr"),
        ("ruby's back", "Ruby Sinclair"),
        ("will's not home", "Will Dawson"),
        ("will came in at 2", "Will Dawson"),
        ("summer is missing", "Summer Kane"),
        ("Aaliyahs bed is empty", "Aaliyah Stone"),
        ("jo-ann not back", "Jo-Ann Fry"),
    ],
)
def test_lowercase_names_that_are_words(text: str, name: str) -> None:
    [found] = find_child_names(text, ROSTER)
    assert found.value == name


@pytest.mark.parametrize(
    "text", ["i will come back to you", "this summer", "will not be long", "ruby red shoes"]
)
def test_the_words_stay_words(text: str) -> None:
    assert find_child_names(text, ROSTER) == []


@pytest.mark.parametrize(
    ("text", "intent"),
    [("lily's back", "child_returned"), ("ruby's back", "child_returned")],
)
def test_lowercase_name_returns_are_returns(
    understanding: EmbeddedUnderstanding, text: str, intent: str
) -> None:
    assert understanding.parse(text, NOW, child_names=ROSTER)["intent"]["name"] == intent


@pytest.mark.parametrize(
    ("text", "entity", "span"),
    [
        ("she's at the chippy near the bus station", "location", "the chippy near the bus station"),
        ("he's at his nan's in Meir tonight", "location", "his nan's in Meir"),
        ("seen at the garage behind Mill Lane", "location", "the garage behind Mill Lane"),
        ("he's with two older lads in town", "person", "two older lads"),
        ("found by the police in Hanley", "location", "Hanley"),
    ],
)
def test_places_and_people_are_whole_phrases(
    understanding: EmbeddedUnderstanding, text: str, entity: str, span: str
) -> None:
    result = understanding.parse(text, NOW)
    found = [text[e["start"] : e["end"]] for e in result["entities"] if e["entity"] == entity]
    assert span in found


def test_a_return_with_a_risk_keeps_the_risk(understanding: EmbeddedUnderstanding) -> None:
    result = understanding.parse(
        "summer came home at 2am smelling of cannabis", NOW, child_names=ROSTER
    )
    assert result["intent"]["name"] == "child_returned"
    assert [s["name"] for s in result.get("secondary_intents", [])][:1] == ["risk_concern"]


def test_999_about_a_weapon_is_a_police_report_and_a_risk(
    understanding: EmbeddedUnderstanding,
) -> None:
    result = understanding.parse("called 999, will took a knife with him", NOW, child_names=ROSTER)
    assert result["intent"]["name"] == "police_reported"
    assert "risk_concern" in [s["name"] for s in result.get("secondary_intents", [])]
    # The Rasa shape is unchanged: these are extra keys only.
    assert {"text", "intent", "intent_ranking", "entities"} <= set(result)


def test_secondary_facts_never_add_a_return(understanding: EmbeddedUnderstanding) -> None:
    for text in ("kai's phone is back on, police ref SP-2603-0001", "rang 999, she's back"):
        result = understanding.parse(text, NOW)
        assert "child_returned" not in [s["name"] for s in result.get("secondary_intents", [])]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("jayden's phone is back on", "thing_back"),
        ("she came back with bruises last time", "past_return"),
        ("he gets picked up by men in cars", "past_return"),
    ],
)
def test_not_a_return(text: str, rule: str) -> None:
    ranking = [
        IntentScore(name="child_returned", confidence=0.9),
        IntentScore(name="new_information", confidence=0.1),
    ]
    kept, fired = apply_rules(text, ranking)
    assert fired == [rule] and kept[0]["name"] != "child_returned"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("being used to run drugs", "cce"),
        ("getting into cars with men we dont know", "unknown_adult"),
    ],
)
def test_more_risk_phrasings(text: str, code: str) -> None:
    assert [s.value for s in find_risk_factors(text)] == [code]
