from __future__ import annotations

import pytest

from nlu.entities.child_names import find_child_names
from nlu.entities.lexicon import find_risk_factors, find_tasks
from nlu.entities.police_ref import find_police_references
from protocols.vocabulary import RISK_FACTORS, is_task_code


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ref SP-2603-0199 thanks", "SP-2603-0199"),
        ("rang 101, log 1234 of 02/03", "log 1234 of 02/03"),
        ("incident number is 4567 of today", "incident 4567 of today"),
        ("they gave me CAD 4411", "CAD 4411"),
        ("crime no 43/12345/26", "crime no 43/12345/26"),
        ("ref: tvp26000123", "TVP26000123"),
        ("police ref 26000123456", "26000123456"),
        ("log 5512 of the 3rd", "log 5512 of the 3rd"),
        ("tvp/26/001234", "TVP/26/001234"),
        ("the log is 778 of 2nd March", "log 778 of 2nd march"),
    ],
)
def test_police_reference_formats(text: str, value: str) -> None:
    assert [s.value for s in find_police_references(text)] == [value]


@pytest.mark.parametrize("text", ["she is 14 with 3 mates", "called 101 at 10", "back at 22:30"])
def test_not_police_references(text: str) -> None:
    assert find_police_references(text) == []


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("think he's involved in county lines", ["cce"]),
        ("she has been self harming", ["self_harm"]),
        ("cuts on her arms and talking about ending it all", ["self_harm", "suicide"]),
        ("he took a knife and was drunk", ["weapon", "alcohol"]),
        ("with an older man on snapchat", ["older_adult", "online_contact"]),
        ("risk of CSE", ["cse"]),
        ("no inhaler with her", ["medical"]),
        ("picked up by unknown males", ["unknown_adult"]),
        ("possibly trafficked", ["trafficking"]),
        ("she sent me a snap", []),
        ("home safe", []),
    ],
)
def test_risk_factors_normalised(text: str, codes: list[str]) -> None:
    found = [s.value for s in find_risk_factors(text)]
    assert found == codes
    assert set(found) <= RISK_FACTORS


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("S&W done", ["safe_and_well_check"]),
        ("safe n well completed", ["safe_and_well_check"]),
        ("RHI booked", ["return_interview"]),
        ("strat meeting tomorrow", ["strategy_meeting"]),
        (
            "told the IRO, SW & EDT",
            ["notify:iro", "notify:social_worker", "notify:emergency_duty_team"],
        ),
        ("escalated to the AD", ["escalate:assistant_director"]),
        ("let her mum know", ["notify:parents"]),
        ("I rang the police", ["report_to_police"]),
        ("MPP done", ["prevention_plan"]),
        ("LAC review held", ["lac_review"]),
        ("home safe and well", []),
        ("told him off", []),
    ],
)
def test_tasks_normalised(text: str, codes: list[str]) -> None:
    found = [s.value for s in find_tasks(text)]
    assert found == codes
    assert all(is_task_code(c) for c in found)


ROSTER = ["Amara Okafor", "Will Hughes", "Tyler Brennan", "Leo Fitzgerald", "Priya Sharma"]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("amara still not back", "amara", "Amara Okafor"),
        ("Amra went out", "Amra", "Amara Okafor"),
        ("amara's bag has gone", "amara", "Amara Okafor"),
        ("tyler brenan is home", "tyler brenan", "Tyler Brennan"),
        ("Will is back", "Will", "Will Hughes"),
        ("leo has gone", "leo", "Leo Fitzgerald"),
    ],
)
def test_child_names_fuzzy_to_canonical(text: str, span: str, value: str) -> None:
    [found] = find_child_names(text, ROSTER)
    assert (text[found.start : found.end], found.value) == (span, value)


@pytest.mark.parametrize(
    "text", ["will she be ok", "Kofi is missing", "she is back", "lee is out", "sorry"]
)
def test_child_names_only_from_the_roster(text: str) -> None:
    assert find_child_names(text, ROSTER) == []


def test_no_roster_no_names() -> None:
    assert find_child_names("Amara is back", []) == []


def test_same_first_name_twice_lowers_confidence() -> None:
    [found] = find_child_names("amara is back", ["Amara Okafor", "Amara Shah"])
    assert found.confidence < 1.0


WORD_NAMES = ["Summer Kane", "Will Dawson", "May Ito"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("i saw summer's coat on the bus", "Summer Kane"),
        ("told will's mum", "Will Dawson"),
        ("with will's mates", "Will Dawson"),
        ("the summer's been long", None),
        ("in may's room", None),
    ],
)
def test_a_word_that_is_also_a_name_reads_by_the_word_before(text: str, name: str | None) -> None:
    """'the/in/this' before it make it a word; 'saw/told/with' do not. A session-20 edit had
    swapped the first list for the second, reading "the summer's" as Summer."""
    found = [c.value for c in find_child_names(text, WORD_NAMES)]
    assert found == ([name] if name else [])


def test_police_references_session_22() -> None:
    def refs(text: str) -> list[str]:
        return [text[s.start : s.end] for s in find_police_references(text)]

    # A short number when its kind says it is one; not a count or a wait.
    assert refs("rang 101 for Dara, log 63") == ["log 63"]
    assert refs("gave me incident 29 for her") == ["incident 29"]
    assert refs("log 20 mins after she left") == []
    # More kinds, a date without "of", a force's letters spaced from the number.
    assert refs("PSNI told, serial 508 of 04/12") == ["serial 508 of 04/12"]
    assert refs("Niche ref 26000512200 given") == ["Niche ref 26000512200"]
    assert refs("CAD 3310 05/12 for Tomas") == ["CAD 3310 05/12"]
    assert refs("the ref is WM 40219") == ["WM 40219"]
    assert refs("LS 2215 by the garages") == []
