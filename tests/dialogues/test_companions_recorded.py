"""Only the people a child is with are recorded as "with" (session 21): every person is a
`person` entity now, and its role says whether the child is with them. End to end through the
DialogueManager with the real NLU on an in-memory database."""

from __future__ import annotations

from typing import Any

import pytest

from dialogues.secondary_facts import carried
from tests.dialogues.answer_world import Chat, make_chat
from tests.dialogues.nlu_once import understanding


@pytest.fixture
def chat() -> Chat:
    return make_chat(understanding())


def _notes(chat: Chat) -> list[dict[str, Any]]:
    return [dict(f.data) for f in chat.facts() if f.type == "new_information"]


def test_the_informant_is_not_who_they_are_with(chat: Chat) -> None:
    chat.say("Lily's not back", "10pm", "no", "cancel")
    # "was seen": a sighting is news; "is at the park" is where she is (whereabouts known).
    chat.say("her mum says Lily was seen at the park with two older lads")
    people = [n.get("person") for n in _notes(chat) if n.get("person")]
    assert people == ["two older lads"]


def test_news_naming_only_an_informant_records_no_companion(chat: Chat) -> None:
    chat.say("Lily's not back", "10pm", "no", "cancel")
    chat.say("her mum rang, Lily was seen near the retail park")
    assert [n.get("person") for n in _notes(chat) if n.get("person")] == []


def test_an_informant_alone_does_not_make_unsure_news_sure() -> None:
    person: dict[str, Any] = {
        "entity": "person",
        "value": "her mum",
        "start": 0,
        "end": 7,
        "role": "informant",
    }
    parsed: dict[str, Any] = {
        "intent": {"name": "child_returned", "confidence": 0.9},
        "secondary_intents": [{"name": "new_information", "confidence": 0.35}],
        "entities": [person],
    }
    assert carried("her mum says Lily's back", parsed).unsure == ("new_information",)
    person["role"] = "companion"
    assert carried("her mum says Lily's back", parsed).unsure == ()
