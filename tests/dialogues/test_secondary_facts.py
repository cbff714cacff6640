"""The other facts a report or a return carries (dialogues/secondary_facts.py), end to end
through the DialogueManager with the real NLU on an in-memory database."""

from __future__ import annotations

from typing import Any

import pytest

from dialogues import messages as m
from dialogues.secondary_facts import Carried, carried, unsure_replies
from tests.dialogues.answer_world import Chat, make_chat
from tests.dialogues.nlu_once import understanding


@pytest.fixture
def chat() -> Chat:
    return make_chat(understanding())


def _facts(chat: Chat, kind: str) -> list[dict[str, Any]]:
    return [dict(f.data) for f in chat.facts() if f.type == kind]


def _meaning(chat: Chat, text: str, intent: str) -> None:
    """Say `text`; when the assistant asks what it means, press `intent`'s button."""
    replies = chat.say(text)
    if any(payload == f"intent:{intent}" for r in replies for _, payload in r.buttons):
        chat.say(f"intent:{intent}")


def _missing(chat: Chat) -> None:
    chat.say("Lily's not back", "10pm", "no", "cancel")


def test_a_return_that_names_a_risk_records_the_concern_and_the_return(chat: Chat) -> None:
    _missing(chat)
    out = chat.text("Lily is back, she smells of cannabis", "just now")
    assert [f["factor"] for f in _facts(chat, "concern")] == ["drugs"]
    assert any("cannabis" in f["text"] for f in _facts(chat, "new_information"))
    assert "drugs" in out
    chat.say("own accord")
    assert _facts(chat, "returned") or _facts(chat, "found")


def test_a_plain_return_records_no_concern_and_no_note(chat: Chat) -> None:
    _missing(chat)
    chat.say("Lily is back home", "just now")
    assert _facts(chat, "concern") == []
    # Only the flow's own note of the time; the message is not kept as words.
    assert [f.get("kind") for f in _facts(chat, "new_information")] == ["return"]


def test_a_denied_risk_with_a_return_is_not_recorded_and_is_said_so(chat: Chat) -> None:
    _missing(chat)
    out = chat.text("Lily is back home, no drugs on her")
    assert _facts(chat, "concern") == []
    assert "haven't recorded it" in out


def test_a_report_with_a_risk_records_the_concern_when_the_record_opens(chat: Chat) -> None:
    chat.say("Lily has gone missing and she has a knife with her", "10pm")
    assert _facts(chat, "concern") == []  # nothing is recorded before the record is open
    chat.say("yes")
    assert [f["factor"] for f in _facts(chat, "concern")] == ["weapon"]


def test_a_report_with_a_sighting_keeps_the_sighting_as_news(chat: Chat) -> None:
    _meaning(chat, "Lily is missing, her friend saw her at the bus station at 10", "report_missing")
    chat.say("10pm", "no")
    assert any("bus station" in f["text"] for f in _facts(chat, "new_information"))


def test_a_report_with_a_police_reference_confirms_and_records_it(chat: Chat) -> None:
    chat.say("Lily has not come home, reported to police, incident 4411", "10pm", "no")
    assert _facts(chat, "reported_to_police") == []
    replies = chat.say(*["done"] * 3)
    assert "incident 4411" in replies[-1].text
    chat.say("yes")
    assert [f.get("police_reference") for f in _facts(chat, "reported_to_police")] == [
        "incident 4411"
    ]


def test_a_report_saying_999_was_called_asks_before_recording(chat: Chat) -> None:
    chat.say("Lily has not come home, I rang 999", "10pm", "no")
    replies = chat.say(*["done"] * 3)
    assert "You said the police were called" in replies[-1].text
    assert _facts(chat, "reported_to_police") == []
    chat.say("yes", "not given one yet")
    assert [f.get("reference") for f in _facts(chat, "reported_to_police")] == ["not_given_yet"]


def test_no_at_the_police_step_sets_the_said_reference_aside(chat: Chat) -> None:
    chat.say("Lily has not come home, reported to police, incident 4411", "10pm", "no")
    chat.say(*["done"] * 3)
    replies = chat.say("no")
    assert "Have you reported Lily Marsh to the police?" in replies[-1].text
    assert _facts(chat, "reported_to_police") == []


def _parsed(main: str, *seconds: tuple[str, float], **entities: Any) -> dict[str, Any]:
    return {
        "intent": {"name": main, "confidence": 0.9},
        "secondary_intents": [{"name": n, "confidence": c} for n, c in seconds],
        "entities": [
            {"entity": kind, "value": value, "start": start, "end": start + 4}
            for kind, (value, start) in entities.items()
        ],
    }


def test_unsure_secondaries_record_nothing() -> None:
    found = carried("Lily's back", _parsed("child_returned", ("new_information", 0.31)))
    assert found == Carried(unsure=("new_information",))
    assert m.SECONDARY_NOT_RECORDED.format(what="some news") == unsure_replies(found)[0].text


def test_a_risk_only_the_classifier_guessed_is_unsure() -> None:
    found = carried("Lily's back, quiet", _parsed("child_returned", ("risk_concern", 0.4)))
    assert found.words == () and found.unsure == ("risk_concern",)


def test_a_question_about_calling_the_police_is_no_report() -> None:
    text = "Lily not back, should i call the police"
    found = carried(text, _parsed("report_missing", ("police_reported", 1.0)))
    assert found.police_called is False and found.words == ()


def test_a_medical_need_said_with_no_is_still_a_risk() -> None:
    text = "Lily missing, no insulin with her"
    found = carried(
        text, _parsed("report_missing", ("risk_concern", 1.0), risk_factor=("medical", 20))
    )
    assert found.words == (text,) and found.unsure == ()


def test_a_malformed_secondary_list_is_ignored() -> None:
    parsed = {
        "intent": {"name": "child_returned"},
        "secondary_intents": [None, {"name": 3}, {"name": "risk_concern", "confidence": "x"}],
    }
    assert carried("Lily's back", parsed) == Carried()


def test_news_about_a_child_already_missing_stays_news(chat: Chat) -> None:
    _missing(chat)
    _meaning(
        chat,
        "Lily is still missing, her friend saw her at the bus station at 10",
        "new_information",
    )
    assert len(chat.episodes()) == 1
    assert any("bus station" in f["text"] for f in _facts(chat, "new_information"))


@pytest.mark.parametrize(
    "said",
    [
        "Lily's friend rang, she's not in danger, she's at Tom's house",
        "Lily is at her nan's, she's missing her mum",
        "Lily has never been in trouble with the police before",
        "Lily hasn't been in touch with her dad for weeks",
    ],
)
def test_an_update_that_does_not_say_missing_starts_no_report(chat: Chat, said: str) -> None:
    out = chat.text(said)
    assert "go through this together" not in out and m.WHICH_CHILD not in out  # no report
    assert chat.facts() == []


def test_a_return_with_one_risk_named_and_one_denied_records_only_the_first(chat: Chat) -> None:
    _missing(chat)
    chat.say("Lily is back home now, she stinks of weed, no knife on her though", "just now")
    assert [f["factor"] for f in _facts(chat, "concern")] == ["drugs"]


def test_a_risk_denied_without_an_apostrophe_is_still_denied() -> None:
    text = "Lily's back, she doesnt have any drugs on her"
    start = text.index("drugs")
    parsed = _parsed("child_returned", ("risk_concern", 1.0), risk_factor=("drugs", start))
    assert carried(text, parsed).words == ()


@pytest.mark.parametrize("said", ["Lily hasnt come home, her mate saw her at the bus station"])
def test_missing_typed_without_an_apostrophe_starts_the_report(chat: Chat, said: str) -> None:
    _meaning(chat, said, "report_missing")
    out = chat.text("10pm")
    assert "immediate serious danger" in out
