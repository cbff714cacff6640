"""A night report over Telegram with button presses, commands, and the button rules."""

from __future__ import annotations

from sqlalchemy import select

from bot.telegram import messages as tm
from storage.models import Episode, EpisodeEvent
from tests.telegram.harness import SAM, Harness

CHAT = 5550003


async def test_a_night_report_by_buttons(tg: Harness) -> None:
    await tg.link(CHAT, SAM)
    await tg.say(CHAT, "Jay's not back, he was due in at 10")
    replies = await tg.say(CHAT, "10pm")
    assert any("immediate serious danger" in r for r in replies)
    await tg.press(CHAT, "No")
    for _ in range(5):  # a foster placement: the pack's six searches, the home-only one left out
        await tg.press(CHAT, "Done")
    await tg.press(CHAT, "Skip")
    await tg.say(CHAT, "no car")
    replies = await tg.press(CHAT, "Yes")
    assert any("police reference" in r for r in replies)
    replies = await tg.say(CHAT, "SP-2603-0199")
    assert any("Recorded: reported to the police" in r for r in replies)
    replies = await tg.press(CHAT, "Finished for now")
    # Finished with people still to tell: never "you've done everything" (issue 11).
    assert any("Still to do now:" in r for r in replies)
    assert not any("You've done everything needed for now" in r for r in replies)
    with tg.sessions() as session:
        episode = session.scalars(select(Episode)).one()
        assert episode.police_reference == "SP-2603-0199"
    edits = [c for c in tg.telegram.calls if c.method == "editMessageText"]
    assert edits and all("reply_markup" not in c.params for c in edits)
    assert edits[0].params["text"].endswith("✓ No")
    answered = [c for c in tg.telegram.calls if c.method == "answerCallbackQuery"]
    assert len(answered) == 9
    assert all(c.params.get("protect_content") for c in tg.telegram.sent())


async def test_commands_map_to_the_dialogue(tg: Harness) -> None:
    await tg.link(CHAT, SAM)
    assert "I'm here to help" in (await tg.say(CHAT, "/help"))[0]
    assert "no open tasks" in (await tg.say(CHAT, "/status"))[0]
    assert "no open tasks" in (await tg.say(CHAT, "/tasks@HomewardTestBot"))[0]
    assert "nothing in progress" in (await tg.say(CHAT, "/cancel"))[0]
    assert await tg.say(CHAT, "/frobnicate") == [tm.UNKNOWN_COMMAND]


async def test_a_button_works_once(tg: Harness) -> None:
    await tg.link(CHAT, SAM)
    await tg.say(CHAT, "Jay's not back")
    await tg.say(CHAT, "10pm")
    call = tg.last_keyboard(CHAT)
    data = call.params["reply_markup"]["inline_keyboard"][1][0]["callback_data"]
    message_id = int(call.result["message_id"])
    await tg.feed(tg.callback(CHAT, data, message_id))
    before = len(tg.telegram.sent())
    await tg.feed(tg.callback(CHAT, data, message_id))  # a double tap
    assert len(tg.telegram.sent()) == before
    assert tg.telegram.calls[-1].method == "answerCallbackQuery"
    assert tg.telegram.calls[-1].params["text"] == tm.BUTTON_USED


async def test_tampered_or_foreign_button_data_is_refused(tg: Harness) -> None:
    await tg.link(CHAT, SAM)
    await tg.link(CHAT + 1, 6)
    await tg.say(CHAT, "Jay's not back")
    await tg.say(CHAT, "10pm")
    call = tg.last_keyboard(CHAT)
    data = str(call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"])
    message_id = int(call.result["message_id"])
    for bad in ("yes", data[:-1] + "9", "x" * 12 + ":0", data + "0" * 60, "", data[::-1]):
        await tg.feed(tg.callback(CHAT, bad, message_id))
    await tg.feed(tg.callback(CHAT + 1, data, message_id))  # another person's keyboard
    await tg.feed(tg.callback(CHAT, data, message_id + 1))  # pinned to another message
    refusals = [c for c in tg.telegram.calls if c.method == "answerCallbackQuery"]
    assert len(refusals) == 8
    assert all(c.params["text"] == tm.BUTTON_INVALID for c in refusals)
    with tg.sessions() as session:
        assert "risk_assessed" not in session.scalars(select(EpisodeEvent.type)).all()


async def test_an_older_question_s_buttons_are_retired(tg: Harness) -> None:
    await tg.link(CHAT, SAM)
    await tg.say(CHAT, "Jay's not back")
    await tg.say(CHAT, "10pm")
    old = tg.last_keyboard(CHAT)
    await tg.say(CHAT, "no")  # typed rather than pressed: the next question retires the buttons
    old_data = old.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await tg.feed(tg.callback(CHAT, old_data, int(old.result["message_id"])))
    assert tg.telegram.calls[-1].params["text"] == tm.BUTTON_USED
    taken_off = [c for c in tg.telegram.calls if c.method == "editMessageReplyMarkup"]
    assert taken_off  # buttons left under older messages were removed


async def test_text_only_please(tg: Harness) -> None:
    await tg.link(CHAT, SAM)
    update = tg.message(CHAT, "x")
    del update["message"]["text"]
    update["message"]["sticker"] = {
        "file_id": "s",
        "file_unique_id": "s",
        "type": "regular",
        "width": 1,
        "height": 1,
        "is_animated": False,
        "is_video": False,
    }
    await tg.feed(update)
    assert tg.telegram.texts(CHAT)[-1] == tm.NOT_TEXT
