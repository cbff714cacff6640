"""Pushed reminders keep their buttons while the conversation goes on, are answered by typing
their words, and are edited to say who handled them, wherever that happened."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.telegram import messages as tm
from bot.telegram.outbound import TelegramOutbound
from reminders.engine import run_due
from reminders.settings import ReminderSettings
from storage.commands import mark_task_done
from storage.deliveries import Delivery
from storage.models import TaskRecord
from storage.queries import ACTIONABLE
from tests.telegram.fake_telegram import Call
from tests.telegram.harness import SAM, Harness, make_harness

CHAT = 5550031
SETTINGS = ReminderSettings(snooze=timedelta(minutes=45))


@pytest.fixture
async def tg(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await make_harness(tmp_path / "homeward.sqlite3", reminders=SETTINGS)
    try:
        yield harness
    finally:
        await harness.app.shutdown()
    assert harness.errors == [], "a handler raised"


async def _on_the_searches(tg: Harness) -> None:
    await tg.link(CHAT, SAM)
    await tg.say(CHAT, "Jay's not back, he was due in at 10")
    await tg.say(CHAT, "10pm")
    await tg.press(CHAT, "No")  # not in immediate danger: the searches begin


async def _push(tg: Harness) -> tuple[int, Call]:
    """Push Sam's first reminder; its delivery id and the message that carried it."""
    with tg.sessions() as session:
        task = session.scalars(
            select(TaskRecord)
            .where(TaskRecord.assignee_staff_id == SAM, TaskRecord.status.in_(ACTIONABLE))
            .order_by(TaskRecord.due_at)
        ).first()
        assert task is not None
        due = task.due_at
    tg.clock.now = max(tg.clock.now, due)
    outbound = TelegramOutbound(tg.app.bot, tg.sessions, tg.clock, snooze=SETTINGS.snooze)
    sent = await run_due(tg.sessions, tg.clock.now, outbound, SETTINGS)
    assert sent
    return sent[0], tg.last_keyboard(CHAT)


def _labels(call: Call) -> list[str]:
    return [b["text"] for row in call.params["reply_markup"]["inline_keyboard"] for b in row]


def _data(call: Call, label: str) -> str:
    for row in call.params["reply_markup"]["inline_keyboard"]:
        for button in row:
            if button["text"] == label:
                return str(button["callback_data"])
    raise AssertionError(f"no {label!r} in {_labels(call)}")


def _touching(tg: Harness, message_id: int) -> list[Call]:
    return [
        c
        for c in tg.telegram.calls
        if c.method.startswith("editMessage") and int(c.params["message_id"]) == message_id
    ]


async def test_a_push_keeps_its_buttons_while_the_carer_answers_the_searches(
    tg: Harness,
) -> None:
    await _on_the_searches(tg)
    search = tg.last_keyboard(CHAT)
    delivery_id, push = await _push(tg)
    push_id = int(push.result["message_id"])
    assert _labels(push) == ["Done", "Acknowledge", "Snooze 45 min", "Not me"]
    # The conversation goes on under the push: the search above it answered by its own button,
    # then the next one.
    await tg.feed(tg.callback(CHAT, _data(search, "Done"), int(search.result["message_id"])))
    assert tg.last_keyboard(CHAT) is not push
    await tg.press(CHAT, "Done")
    assert _touching(tg, push_id) == []  # nobody took its buttons off
    with tg.sessions() as session:
        assert session.get(Delivery, delivery_id).handled is None  # type: ignore[union-attr]
    # Its button still works, and the message then says who handled it and when.
    before = len(tg.telegram.calls)
    await tg.feed(tg.callback(CHAT, _data(push, "Acknowledge"), push_id))
    with tg.sessions() as session:
        delivery = session.get(Delivery, delivery_id)
        assert delivery is not None and delivery.handled == "acknowledged"
    edits = [c for c in tg.telegram.calls[before:] if c in _touching(tg, push_id)]
    assert len(edits) == 1 and "reply_markup" not in edits[0].params
    at = tg.clock.now.strftime("%H:%M")  # London is on GMT in March before the change
    assert str(edits[0].params["text"]).endswith(
        tm.PUSH_ACKNOWLEDGED.format(name="Sam Carter", at=at)
    )


async def test_typing_acknowledge_acts_on_the_push_but_done_answers_the_step(
    tg: Harness,
) -> None:
    await _on_the_searches(tg)
    delivery_id, push = await _push(tg)
    push_id = int(push.result["message_id"])
    searches = len([t for t in tg.telegram.texts(CHAT) if "search" in t.lower()])
    await tg.say(CHAT, "done")  # the search on screen offers Done: it answers the search
    with tg.sessions() as session:
        assert session.get(Delivery, delivery_id).handled is None  # type: ignore[union-attr]
    assert len([t for t in tg.telegram.texts(CHAT) if "search" in t.lower()]) > searches
    replies = await tg.say(CHAT, "Acknowledge")
    assert any(r.startswith("Thanks, acknowledged") for r in replies)
    with tg.sessions() as session:
        assert session.get(Delivery, delivery_id).handled == "acknowledged"  # type: ignore[union-attr]
    assert len(_touching(tg, push_id)) == 1


async def test_snooze_shows_the_configured_time_and_the_push_says_until_when(
    tg: Harness,
) -> None:
    await _on_the_searches(tg)
    _, push = await _push(tg)
    push_id = int(push.result["message_id"])
    await tg.feed(tg.callback(CHAT, _data(push, "Snooze 45 min"), push_id))
    until = (tg.clock.now + timedelta(minutes=45)).strftime("%H:%M")
    edit = _touching(tg, push_id)[-1]
    assert str(edit.params["text"]).endswith(tm.PUSH_SNOOZED.format(name="Sam Carter", at=until))
    assert any(f"again at {until}" in t for t in tg.telegram.texts(CHAT))


async def test_a_push_handled_elsewhere_is_edited_on_the_next_update(tg: Harness) -> None:
    await _on_the_searches(tg)
    delivery_id, push = await _push(tg)
    push_id = int(push.result["message_id"])
    with tg.sessions() as session:
        delivery = session.get(Delivery, delivery_id)
        assert delivery is not None
        # Marked done through a conversation (the same command every flow uses).
        mark_task_done(session, SAM, delivery.task_id, now=tg.clock.now)
        session.commit()
    tg.clock.advance(minutes=3)
    done_at = tg.clock.now - timedelta(minutes=3)
    await tg.say(CHAT, "/status")
    edit = _touching(tg, push_id)
    assert len(edit) == 1 and "reply_markup" not in edit[0].params
    assert str(edit[0].params["text"]).endswith(
        tm.PUSH_DONE.format(name="Sam Carter", at=done_at.strftime("%H:%M"))
    )
    await tg.say(CHAT, "/status")
    assert len(_touching(tg, push_id)) == 1  # edited once
    # Its old button now says the task is done, and is not a silent no-op.
    replies = await tg.say(CHAT, "acknowledge")
    assert not any(r.startswith("Thanks, acknowledged") for r in replies)
