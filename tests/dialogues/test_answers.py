"""The typed answer parsers (issue 11): each returns an answer or UNCLEAR, never a guess."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogues import answers as a
from dialogues.answers import UNCLEAR, Danger, PoliceReference, YesNo
from protocols.vocabulary import ReturnHow

JUNK = st.one_of(
    st.sampled_from(("", " ", "👍", "🤷", "idk", "IDK", "?", "...", "²", "٣", "1", "hmm", "ok?")),
    st.text(alphabet=st.characters(categories=("So", "Sm", "Po", "No", "Zs")), max_size=30),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", Danger.YES),
        ("Yes he is", Danger.YES),
        ("I think so", Danger.YES),
        ("no", Danger.NO),
        ("No, she's with her nan", Danger.NO),
        ("not in danger", Danger.NO),
        ("not sure", Danger.UNSURE),
        ("dunno", Danger.UNSURE),
        ("no idea", Danger.UNSURE),
        ("I don't know", Danger.UNSURE),
        ("maybe", Danger.UNSURE),
        ("unsure", Danger.UNSURE),  # the button
    ],
)
def test_danger_yes_no_and_unsure(text: str, expected: Danger) -> None:
    assert a.danger(text) is expected


@given(JUNK)
def test_danger_junk_is_asked_again(text: str) -> None:
    assert a.danger(text) is UNCLEAR


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("actually I think he is in danger", Danger.YES),
        ("she's in danger now", Danger.YES),
        ("I don't think she's in danger any more", Danger.NO),
        ("he is not in danger", Danger.NO),
        ("phone off", None),
    ],
)
def test_a_changed_danger_answer_said_in_passing(text: str, expected: Danger | None) -> None:
    assert a.danger_change(text) is expected


@pytest.mark.parametrize("text", ["yes", "Yes", "y", "yes please", "correct"])
def test_clear_yes(text: str) -> None:
    assert a.yes_no(text) is YesNo.YES


@pytest.mark.parametrize("text", ["no", "nope", "no thanks", "leave it"])
def test_clear_no(text: str) -> None:
    assert a.yes_no(text) is YesNo.NO


@given(st.one_of(JUNK, st.sampled_from(("maybe", "I guess", "👍", "sure why not", "yes no"))))
def test_anything_but_a_clear_yes_or_no_is_asked_again(text: str) -> None:
    assert a.yes_no(text) is UNCLEAR


@pytest.mark.parametrize(
    "text", ["SP-2603-0199", "incident 552", "log 77 of 3rd", "19/8812", "REF-2603-7", "SP-77"]
)
def test_what_looks_like_a_police_reference_is_kept_as_typed(text: str) -> None:
    assert a.police_reference(text) == PoliceReference(text)


@pytest.mark.parametrize(
    "text", ["not given one yet", "they haven't given me one yet", "don't have one yet", "no ref"]
)
def test_not_given_one_yet_is_said_explicitly(text: str) -> None:
    assert a.police_reference(text) == PoliceReference(None)


@pytest.mark.parametrize(
    "text", ["I don't know", "no", "1", "👍", "999", "police", "2 hours ago", "done:12", "12"]
)
def test_never_a_reference(text: str) -> None:
    assert a.police_reference(text) is UNCLEAR


@given(JUNK)
def test_junk_is_never_a_reference(text: str) -> None:
    assert a.police_reference(text) is UNCLEAR


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("how:police", ReturnHow.POLICE),
        ("the police brought him back", ReturnHow.POLICE),
        ("came back on her own", ReturnHow.OWN_ACCORD),
        ("I found him at the park", ReturnHow.CARER),
        ("another way", ReturnHow.OTHER),
    ],
)
def test_how_they_came_back(text: str, expected: ReturnHow) -> None:
    assert a.return_how(text) is expected


@pytest.mark.parametrize(
    "text", ["not known", "the police haven't found him", "not found", "dunno", "👍", ""]
)
def test_not_known_is_not_a_way_of_coming_back(text: str) -> None:
    assert a.return_how(text) is UNCLEAR


@pytest.mark.parametrize("text", ["not yet", "wait", "hold on", "Not done yet"])
def test_not_yet_at_a_note_leaves_the_task_open(text: str) -> None:
    assert a.note(text) is a.NoteChoice.NOT_YET


def test_a_note_is_the_note_in_the_persons_words() -> None:
    assert a.note("she's back  and   talking") == a.Note("she's back and talking")
    assert a.note("no note") is a.NoteChoice.NO_NOTE
    assert a.note("not required") is a.NoteChoice.NOT_REQUIRED


@given(JUNK)
def test_junk_is_never_a_note_or_a_reason(text: str) -> None:
    assert a.note(text) is UNCLEAR or a.note(text) is a.NoteChoice.NO_NOTE
    assert a.reason(text) is UNCLEAR


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("phone off", True),
        ("went off with a lad called dean in a car", True),
        ("x" * 3 + " " + "and a long account " * 35, True),  # a 700-character account
        ("qwerty", False),
        ("idk", False),
        ("👍👍", False),
        ("child:12", False),
    ],
)
def test_which_free_words_are_worth_keeping(text: str, kept: bool) -> None:
    assert a.worth_keeping(text) is kept


def test_lowercase_names_that_are_words_are_the_children() -> None:
    assert a.names_capitalised("lily's back", ["Lily", "Ruby"]) == "Lily's back"
    assert a.names_capitalised("ruby's not back", ["Lily", "Ruby"]) == "Ruby's not back"
    assert a.names_capitalised("a rubyish colour", ["Ruby"]) == "a rubyish colour"


def test_unclear_is_one_value() -> None:
    assert a.Unclear() is UNCLEAR and repr(UNCLEAR) == "UNCLEAR"


def test_a_payload_shaped_text_is_never_a_typed_button_label() -> None:
    from dialogues.manager import typed_button

    offered = [["Done: Tell the police the child is back", "done:5"], ["Finished", "finished"]]
    assert typed_button("done:", offered) == "done:"  # found by the conversation fuzzer
    assert typed_button("tell the police", offered) == "done:5"
