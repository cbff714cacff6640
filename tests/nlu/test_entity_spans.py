"""Entity spans of session 20 (issue 17): short names, whole places and people, references,
informal times. Spans follow docs/understanding.md "Span conventions"; figures are in
"Entity spans (session 20)" there, from `homeward nlu test` and the benchmark, not from here."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlu.entities.child_names import find_child_names
from nlu.entities.lexicon import find_risk_factors, find_tasks
from nlu.entities.nicknames import fold, is_diminutive, is_shortened
from nlu.entities.phrases import complete_phrases
from nlu.entities.police_ref import find_police_references
from nlu.entities.spans import Span
from nlu.parser import EmbeddedUnderstanding
from nlu.times import find_times

NOW = datetime(2026, 12, 2, 3, 30, tzinfo=UTC)
ROSTER = ["Jayden Morris", "Alexandra Petrova", "Oisín Byrne", "Mia-Rose Clarke", "Tobias Grant"]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("jay not back, phone off", "jay", "Jayden Morris"),
        ("cant find jay anywhere", "jay", "Jayden Morris"),
        ("lexi has gone out the back door", "lexi", "Alexandra Petrova"),
        ("Lexi's back", "Lexi", "Alexandra Petrova"),
        ("oisin hasnt come home", "oisin", "Oisín Byrne"),
        ("Mia Rose still not home", "Mia Rose", "Mia-Rose Clarke"),
        ("toby's sister saw him", "toby", "Tobias Grant"),
    ],
)
def test_a_short_name_is_the_one_child_it_can_be(text: str, span: str, value: str) -> None:
    [found] = find_child_names(text, ROSTER)
    assert (text[found.start : found.end], found.value) == (span, value)


@pytest.mark.parametrize(
    "text",
    [
        "should i call the police",  # "call" is the start of Callum
        "she was mad at me",
        "since jan",
    ],
)
def test_ordinary_words_are_not_short_names(text: str) -> None:
    roster = ["Callum Hart", "Madison Reed", "Janet Cole"]
    assert [s.value for s in find_child_names(text, roster)] == []


def test_a_short_name_two_children_share_names_nobody() -> None:
    assert find_child_names("jay not back", ["Jayden Morris", "Jaylen Hunt"]) == []
    # The name as written still wins over a short form of another child's.
    [found] = find_child_names("jay not back", ["Jay Cole", "Jayden Morris"])
    assert found.value == "Jay Cole"


def test_nickname_helpers() -> None:
    assert fold("Oisín") == "oisin"
    assert is_diminutive("Lexi", "Alexandra") and not is_diminutive("Lexi", "Alexis-Jo")
    assert is_shortened("Dom", "Dominik") and is_shortened("Danny", "Daniel")
    assert not is_shortened("Dominik", "Dominik") and not is_shortened("the", "Theo")


def test_more_short_forms_session_21() -> None:
    assert fold("Mikołaj") == "mikolaj" and fold("Aydın") == "aydin"
    # Initials of a hyphenated first name, the end of a long one, a pet-name "s".
    assert is_shortened("HJ", "Harley-Jay") and is_shortened("rj", "Ruby-Jo")
    assert is_shortened("seun", "Oluwaseun") and is_shortened("Kenzie", "Mackenzie")
    assert is_shortened("reubs", "Reuben") and is_shortened("lils", "Lily")
    assert is_diminutive("zosia", "Zofia") and is_diminutive("darek", "Dariusz")
    # Too short an ending, or a whole word of the name, is not a short form this way.
    assert not is_shortened("tae", "Dontae") and not is_shortened("hj", "Harley")
    assert not is_shortened("s", "Sam")


@pytest.mark.parametrize(
    ("text", "child"),
    [
        ("HJ not back from college", "Harley-Jay Okoro"),
        ("seun is still out, phone off", "Oluwaseun Bello"),
        ("cant find reubs anywhere", "Reuben Marsh"),
        ("zosia went out at 9", "Zofia Nowak"),
        ("miko's phone is off", "Mikołaj Zieliński"),
    ],
)
def test_short_forms_find_the_roster_child(text: str, child: str) -> None:
    roster = [child, "Jayden Morris", "Alexandra Petrova"]
    assert [s.value for s in find_child_names(text, roster)] == [child]


@given(st.text(max_size=60))
def test_names_never_crash_and_come_from_the_roster(text: str) -> None:
    for span in find_child_names(text, ROSTER):
        assert span.value in ROSTER
        assert 0 <= span.start < span.end <= len(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("reported lexi missing, CAD 1234 dated 01/12", "CAD 1234 dated 01/12"),
        ("nevaeh is reported missing, storm log 1123 of today", "storm log 1123 of today"),
        ("the crime reference number 43/22871/26 is", "crime reference number 43/22871/26"),
        ("incident number 5532 of today for oisin", "incident number 5532 of today"),
        ("rang 101 for jay, ref no. 4471", "4471"),
    ],
)
def test_police_references_keep_their_kind_and_date(text: str, value: str) -> None:
    [ref] = find_police_references(text)
    assert ref.value.lower() == value.lower()


@pytest.mark.parametrize(
    ("text", "span", "local_hour"),
    [
        ("she went out the back door gone 2 and", "gone 2", 2),
        ("not come back since tea", "tea", 17),
        # "after" is not a word the guideline leaves out of a time (session 22).
        ("walked out just after tea", "just after tea", 17),
        ("went out early hours, window open", "early hours", 1),
        # No writer marks "after school" (session 22): a routine, not a time.
        ("absconded by teatime", "teatime", 17),
    ],
)
def test_informal_times(text: str, span: str, local_hour: int) -> None:
    [match] = find_times(text, NOW)
    assert (match.text, match.instant.hour) == (span, local_hour)


@pytest.mark.parametrize(
    "text", ["she's been gone 3 hours", "gone 2 nights now", "she had her tea", "tea is ready"]
)
def test_not_informal_times(text: str) -> None:
    assert find_times(text, NOW) == []


def _spans(understanding: EmbeddedUnderstanding, text: str, entity: str) -> list[str]:
    result = understanding.parse(text, NOW, child_names=ROSTER)
    return [text[e["start"] : e["end"]] for e in result["entities"] if e["entity"] == entity]


@pytest.mark.parametrize(
    ("text", "entity", "span"),
    [
        ("at the bus shelter opposite the Co-op", "location", "the bus shelter opposite the Co-op"),
        ("at her mate's flat above the bookies", "location", "her mate's flat above the bookies"),
        ("seen round the back of the leisure centre", "location", "the back of the leisure centre"),
        ("brought from the services on the A50", "location", "the services on the A50"),
        ("went to the kebab shop on Market Street", "location", "the kebab shop on Market Street"),
        ("he went out with a bloke in a grey hoodie", "person", "a bloke in a grey hoodie"),
        ("she went to meet someone called Marcus", "person", "someone called Marcus"),
        ("about with some older lads from the estate", "person", "some older lads from the estate"),
        ("a woman in a silver car dropped her off", "person", "a woman in a silver car"),
        ("she's gone off with her ex", "person", "her ex"),
    ],
)  # fmt: skip
def test_places_and_people_whole(
    understanding: EmbeddedUnderstanding, text: str, entity: str, span: str
) -> None:
    assert span in _spans(understanding, text, entity)


def test_a_phrase_never_grows_into_a_time(understanding: EmbeddedUnderstanding) -> None:
    text = "jay went to the corner shop at the top of our street at 8ish"
    assert _spans(understanding, text, "location") == ["the corner shop at the top of our street"]
    assert _spans(understanding, text, "time") == ["8ish"]


def test_kin_who_brought_them_back_are_who_they_were_with(
    understanding: EmbeddedUnderstanding,
) -> None:
    # Session 21: every person is a `person`; the role says whether the child was with them.
    result = understanding.parse("her dad brought lexi back 10 mins ago", NOW, child_names=ROSTER)
    people = [(e["value"], e.get("role")) for e in result["entities"] if e["entity"] == "person"]
    assert people == [("her dad", "companion")]


@given(st.text(max_size=80), st.lists(st.tuples(st.integers(0, 80), st.integers(0, 80))))
def test_phrases_stay_inside_the_text(text: str, bounds: list[tuple[int, int]]) -> None:
    spans = [
        Span(min(a, b), max(a, b), "location", text[min(a, b) : max(a, b)])
        for a, b in bounds
        if max(a, b) <= len(text) and a != b
    ]
    for span in complete_phrases(text, spans):
        assert 0 <= span.start <= span.end <= len(text)
        assert span.value == text[span.start : span.end]


@pytest.mark.parametrize(
    ("text", "span", "code"),
    [
        ("EDT have been informed", "EDT have been informed", "notify:emergency_duty_team"),
        ("SW informed.", "SW informed", "notify:social_worker"),
        ("I have made the IRO aware", "made the IRO aware", "notify:iro"),
        ("left a message for the team manager", "left a message for the team manager",
         "notify:team_manager"),
        ("spoke with her mum", "spoke with her mum", "notify:parents"),
    ],
)  # fmt: skip
def test_notifications_keep_their_verb(text: str, span: str, code: str) -> None:
    [task] = find_tasks(text)
    assert (text[task.start : task.end], task.value) == (span, code)


@pytest.mark.parametrize(
    "text", ["her mum told me she's at her nans", "police informed, log 0412", "made a cup of tea"]
)
def test_not_notifications(text: str) -> None:
    assert find_tasks(text) == []


@pytest.mark.parametrize(
    ("text", "code"), [("talked about wanting to die", "suicide"), ("a stab wound", "harmed")]
)
def test_more_risk_words(text: str, code: str) -> None:
    assert [s.value for s in find_risk_factors(text)] == [code]


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("her phone was last traced to Crewe", ["Crewe"]),
        ("I spoke to Sharon at EDT", []),
        ("got a text from Sophie saying she is fine", []),
        ("we are waiting on Dave to call back", []),
        ("left a message on Facebook", []),
    ],
)
def test_a_capitalised_word_is_a_town_only_where_towns_go(
    understanding: EmbeddedUnderstanding, text: str, places: list[str]
) -> None:
    assert _spans(understanding, text, "location") == places


@pytest.mark.parametrize(
    ("text", "entity", "span"),
    [
        ("shes at her m8s house on cobridge rd", "location", "her m8s house on cobridge rd"),
        ("hes at his aunts in hanley", "location", "his aunts in hanley"),
        ("gone to his gfs in Blurton", "location", "his gfs in Blurton"),
        ("into the block of flats next to the Londis", "location",
         "the block of flats next to the Londis"),
        ("hes wiv sum older lads from the flats", "person", "sum older lads from the flats"),
        ("with a man in his 40s called Steve", "person", "a man in his 40s called Steve"),
    ],
)  # fmt: skip
def test_typed_in_a_hurry(
    understanding: EmbeddedUnderstanding, text: str, entity: str, span: str
) -> None:
    assert span in _spans(understanding, text, entity)


@pytest.mark.parametrize(
    ("text", "hour_now", "span", "expected"),
    [
        # A clock time "this morning" before now is today's, even in the small hours.
        ("left at 1 this morning", 3, "1 this morning", (2, 1)),
        ("half 3 this morning", 4, "half 3 this morning", (2, 3)),
        # Up all night, a later hour "this morning" is the morning just gone.
        ("he left at 10 this morning", 3, "10 this morning", (1, 10)),
        ("back by 2 this afternoon", 3, "2 this afternoon", (1, 14)),
        # In the day, it is today's, even ahead of now.
        ("back by 2 this afternoon", 9, "2 this afternoon", (2, 14)),
        ("left at 2 in the morning", 3, "2 in the morning", (2, 2)),
        ("came back at 10 at night", 3, "10 at night", (1, 22)),
        ("police stopped him earlier tonight", 23, "earlier tonight", (2, 18)),
    ],
)
def test_times_of_day_in_words(
    text: str, hour_now: int, span: str, expected: tuple[int, int]
) -> None:
    now = datetime(2026, 12, 2, hour_now, 30, tzinfo=UTC)  # winter: London is UTC
    [match] = find_times(text, now)
    assert (match.text, (match.instant.day, match.instant.hour)) == (span, expected)


def test_short_names_session_22() -> None:
    roster = [
        "Tyrone Ashby",
        "Finlay Morven",
        "Callum Brierley",
        "Rosie-Mae Tolland",
        "Ibrahim Dosa",
    ]

    def names(text: str) -> list[tuple[str, str]]:
        return [(text[s.start : s.end], s.value) for s in find_child_names(text, roster)]

    # Two letters in a name's place; "cal", "finn" (a doubled last letter), "ibby".
    assert names("no word from ty since the bus") == [("ty", "Tyrone Ashby")]
    assert names("ty x") == []
    assert names("phoned the polis aboot cal earlier") == [("cal", "Callum Brierley")]
    assert names("finn climbed out the back") == [("finn", "Finlay Morven")]
    assert names("the bus dropped ibby off late") == [("ibby", "Ibrahim Dosa")]
    # The first part of a double first name alone, as written only; glued "s" left out.
    assert names("any sign of Rosie yet") == [("Rosie", "Rosie-Mae Tolland")]
    assert names("Rosies phone is off") == [("Rosie", "Rosie-Mae Tolland")]
    assert names("Tys hoodie was in the hall") == [("Ty", "Tyrone Ashby")]
    # A short form and the surname are one name; capitals that are not initials are not one.
    assert names("Cal Brierley walked out at tea") == [("Cal Brierley", "Callum Brierley")]
    assert names("ref TA-2231 given") == []
    assert names("she calls off the bus") == []


def test_more_short_names_session_22() -> None:
    roster = ["Jasmin Okoro", "Aleksandra Nowak", "Siobhan Keane", "Omar Zaki Haddad"]

    def names(text: str) -> list[tuple[str, str]]:
        return [(text[s.start : s.end], s.value) for s in find_child_names(text, roster)]

    assert names("jaz said she was at the rec") == [("jaz", "Jasmin Okoro")]
    assert names("Ola rang from a withheld number") == [("Ola", "Aleksandra Nowak")]
    assert names("Shiv isnt back yet") == [("Shiv", "Siobhan Keane")]
    # A middle name the child goes by, only as written.
    assert names("Zaki has come in soaked") == [("Zaki", "Omar Zaki Haddad")]
    assert names("Zak has come in soaked") == []


def _people_from(text: str, tagged: str) -> list[str]:
    """The persons completed from one tagged person span `tagged` of `text`."""
    start = text.index(tagged)
    spans = [Span(start, start + len(tagged), "person", tagged)]
    return [s.value for s in complete_phrases(text, spans) if s.entity == "person"]


def test_a_sender_is_no_place_and_a_place_tail_leaves_the_person() -> None:
    text = "had a message from Marlon saying she's fine"
    assert complete_phrases(text, [Span(19, 25, "location", "Marlon")]) == []
    assert _people_from("she's with three girls in Hanley", "three girls in Hanley") == [
        "three girls"
    ]
    assert _people_from("he got in with a man in a blue van", "a man in a blue van") == [
        "a man in a blue van"
    ]
