"""Issue 11's "what must hold" for the conversations, each through the DialogueManager with the
real NLU on an in-memory database: what is recorded, what is asked again, what is kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from dialogues import messages as m
from storage.models import AuditRead, Episode
from tests.dialogues.answer_world import Chat, make_chat
from tests.dialogues.nlu_once import understanding

H = timedelta(hours=1)


@pytest.fixture
def chat() -> Chat:
    return make_chat(understanding())


def _types(chat: Chat) -> list[str]:
    return [f.type for f in chat.facts()]


def _to_danger(chat: Chat) -> None:
    chat.say("Lily's not back", "10pm")


@pytest.mark.parametrize(
    ("said", "answer"), [("yes", "yes"), ("no", "no"), ("not sure", "unsure"), ("dunno", "unsure")]
)
def test_every_danger_answer_is_a_recorded_fact(chat: Chat, said: str, answer: str) -> None:
    _to_danger(chat)
    out = chat.text(said)
    danger = [f for f in chat.facts() if f.type == "danger_answered"]
    assert [f.data["answer"] for f in danger] == [answer]
    if answer == "unsure":
        assert "When in doubt, treat it as danger" in out
    if answer == "yes":
        assert "Please call 999 now" in out
        assert "risk_assessed" in _types(chat)
    if answer == "no":
        assert "risk_assessed" not in _types(chat)


@pytest.mark.parametrize("junk", ["idk", "👍", "", "?"])
def test_junk_at_the_danger_question_asks_again_with_buttons(chat: Chat, junk: str) -> None:
    _to_danger(chat)
    replies = chat.say(junk)
    assert chat.facts() == []  # no record opened from junk
    assert "immediate serious danger" in replies[-1].text
    assert [b[0] for b in replies[-1].buttons] == ["Yes", "No", "Not sure"]


def test_no_idea_is_never_a_silent_no(chat: Chat) -> None:
    _to_danger(chat)
    chat.say("no idea")
    assert [f.data["answer"] for f in chat.facts() if f.type == "danger_answered"] == ["unsure"]


def test_the_danger_answer_can_change_later(chat: Chat) -> None:
    _to_danger(chat)
    chat.say("no", "cancel")
    out = chat.text("actually I think she is in danger")
    answers = [f.data["answer"] for f in chat.facts() if f.type == "danger_answered"]
    assert answers == ["no", "yes"]
    assert "now think Lily Marsh is in danger" in out and "999" in out


def test_police_or_999_alone_asks_before_recording(chat: Chat) -> None:
    _to_danger(chat)
    chat.say("no", "cancel")
    for said in ("police", "999"):
        replies = chat.say(said)
        assert "Have you reported Lily Marsh to the police?" in replies[-1].text
        assert "reported_to_police" not in _types(chat)
        chat.say("cancel")
    chat.say("police", "yes", "SP-2603-0199")
    with chat.sessions() as session:
        episode = session.scalars(select(Episode)).one()
        assert episode.police_reference == "SP-2603-0199"


@pytest.mark.parametrize("junk", ["I don't know", "no", "1", "👍"])
def test_junk_is_never_stored_as_the_reference(chat: Chat, junk: str) -> None:
    _to_danger(chat)
    chat.say("no", *["done"] * 3, "yes")
    replies = chat.say(junk)
    assert "reported_to_police" not in _types(chat)
    assert "reference" in replies[-1].text.lower()


def test_implausible_times_are_refused_or_confirmed(chat: Chat) -> None:
    chat.say("Lily's not back")
    out = chat.text("99999 hours ago")
    assert "more than a month ago" in out
    out = chat.text("5 days ago")
    assert "Just to check" in out
    chat.say("no")
    assert chat.facts() == []
    out = chat.text("midnight")
    assert "Noted: last seen / due back Tue 03 Mar 2026 00:00" in out


def test_a_time_before_the_previous_return_is_refused(chat: Chat) -> None:
    _to_danger(chat)
    chat.say("no", "cancel")
    chat.now += 10 * H  # 13:00: she came back at noon
    chat.say("Lily's back", "noon", "she came back on her own", "cancel")
    assert [e.status for e in chat.episodes()] == ["closed"]
    chat.now += H
    out = chat.text("Lily's not back", "teatime")  # yesterday's teatime: before noon today
    assert "before Lily Marsh came back last time" in out
    assert len(chat.episodes()) == 1


@pytest.mark.parametrize("said", ["not known", "the police haven't found him", "not found"])
def test_not_known_is_not_a_way_of_coming_back(chat: Chat, said: str) -> None:
    _to_danger(chat)
    chat.say("no", "cancel")
    chat.now += 5 * H
    chat.say("Lily's back", "just now")
    chat.say(said)
    assert [e.status for e in chat.episodes()] == ["open"]


def test_free_words_at_any_step_are_kept_with_their_risk_words(chat: Chat) -> None:
    chat.say("Lily's not back")
    out = chat.text("phone off")  # before the record is open: held, then written
    assert "once it's open" in out
    chat.say("10pm", "no")
    account = "She left at ten. " + "She said she was meeting an older man she met online. " * 13
    assert len(account) >= 700
    out = chat.text("went off with a lad called dean in a car", account)
    assert out.count("in your words") == 2
    notes = [f.data["text"] for f in chat.facts() if f.type == "new_information"]
    assert {"phone off", "went off with a lad called dean in a car"} <= set(notes)
    assert " ".join(account.split()) in notes
    concerns = {f.data["factor"] for f in chat.facts() if f.type == "concern"}
    assert concerns  # the account's risk words (an older man, online)
    assert "Search 1 of" in out  # and the step is asked again


def test_not_yet_or_wait_at_the_note_never_marks_the_task_done(chat: Chat) -> None:
    _to_danger(chat)
    chat.say("no", "cancel")
    with chat.sessions() as session:
        from storage.models import TaskRecord

        task = session.scalars(
            select(TaskRecord).where(TaskRecord.assignee_role == "social_worker")
        ).first()
        assert task is not None
        worker = task.assignee_staff_id
    assert worker is not None
    carer, chat.carer_id = chat.carer_id, worker
    for said in ("not yet", "wait"):
        out = chat.text(f"task:{task.id}:done", said)
        assert "left" in out and "open" in out
    assert "task_done" not in _types(chat)
    chat.say(f"task:{task.id}:done", "she's back and talking")  # a note is the note
    done = [f for f in chat.facts() if f.type == "task_done"]
    assert [f.data.get("note") for f in done] == ["she's back and talking"]
    assert [e.status for e in chat.episodes()] == ["open"]  # not read as a return
    chat.carer_id = carer


@pytest.mark.parametrize("junk", ["👍", "ok?", "maybe", "sure why not"])
def test_the_category_changes_only_on_a_clear_yes(chat: Chat, junk: str) -> None:
    _to_danger(chat)
    chat.say("no", "cancel")
    replies = chat.say("Lily is at her mum's")
    assert "Shall I change" in replies[-1].text
    chat.say(junk)
    assert "category_changed" not in _types(chat)
    chat.say("yes")
    assert "category_changed" in _types(chat)


def test_lowercase_names_that_are_words_are_the_children(chat: Chat) -> None:
    chat.say("lily's not back", "10pm", "no", "cancel")
    assert [e.child_id for e in chat.episodes()] == [chat.lily_id]
    out = chat.text("ruby's back")
    assert "Ruby Stone isn't recorded as missing" in out
    out = chat.text("lily's back")
    assert "When did Lily Marsh come back?" in out


def test_every_flow_screen_logs_the_read(chat: Chat) -> None:
    _to_danger(chat)
    chat.say("no", "why", "done")
    with chat.sessions() as session:
        reads = session.scalars(select(AuditRead)).all()
    whats = {r.what for r in reads}
    assert {"report_missing: time (start)", "report_missing: risk (answer)"} <= whats
    assert "report_missing: search (why)" in whats
    assert {r.child_id for r in reads} == {chat.lily_id}


def test_everything_done_is_said_only_when_true(chat: Chat) -> None:
    _to_danger(chat)
    out = chat.text("no", *["done"] * 3, "yes", "incident 552", "finished")
    if "Still to do now:" in out:
        assert "You've done everything needed for now" not in out
    else:
        assert "You've done everything needed for now" in out
    assert m.APOLOGY not in out


def test_words_before_the_child_is_known_wait_for_the_record(chat: Chat) -> None:
    _to_danger(chat)
    chat.say("no", "cancel")
    chat.say("Ruby's not back", "10pm", "no", "cancel")  # both missing now
    out = chat.text("one of mine is back home")
    assert "Who has come back?" in out
    out = chat.text("she was dropped off by a man in a van")
    assert "once it's open" in out
    chat.say("Lily")
    notes = [f for f in chat.facts() if f.type == "new_information"]
    kept = [f for f in notes if f.data["text"] == "she was dropped off by a man in a van"]
    assert len(kept) == 1
    with chat.sessions() as session:
        episode = session.get(Episode, kept[0].episode_id)
        assert episode is not None and episode.child_id == chat.lily_id


def test_cancel_before_any_record_says_which_words_are_not_kept(chat: Chat) -> None:
    chat.say("one of mine hasn't come home")
    chat.say("went off with a lad called dean in a car")
    out = chat.text("cancel")
    assert "not on any record" in out and "- went off with a lad called dean in a car" in out
    assert chat.facts() == []
