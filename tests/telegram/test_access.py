"""Nobody uses the bot uninvited; each kind of wrong code gets its own answer; groups get one
line; someone who left is cut off, and their button presses are answered."""

from __future__ import annotations

from bot.telegram import messages as tm
from storage.people import get_staff
from tests.telegram.harness import ADMIN, SAM, TOM, Harness

CHAT = 5550001


async def test_a_stranger_gets_one_polite_refusal_and_then_silence(tg: Harness) -> None:
    assert await tg.say(CHAT, "hello?") == [tm.REFUSAL]
    assert await tg.say(CHAT, "Jay's not back") == []
    assert await tg.say(CHAT, "/status") == []


async def test_start_without_a_code_says_how_to_get_one(tg: Harness) -> None:
    assert await tg.say(CHAT, "/start") == [tm.START_NO_CODE]
    assert await tg.say(CHAT, "hello?") == []  # that was the one answer to a stranger


async def test_an_unknown_code_is_named_as_such(tg: Harness) -> None:
    assert await tg.say(CHAT, "/start NOTAREALCODE") == [tm.CODE_UNKNOWN]


async def test_an_invitation_links_the_chat_once(tg: Harness) -> None:
    code = tg.invite_code(SAM)
    replies = await tg.say(CHAT, f"/start {code}")
    assert replies == [
        tm.WELCOME.format(name="Sam Carter", role="carer", team="Staffordshire North")
    ]
    assert "Sam" in (await tg.say(CHAT, "hi"))[0]
    # The same code from another chat is named as used.
    assert await tg.say(CHAT + 1, f"/start {code}") == [tm.CODE_USED]
    assert all(c.params.get("protect_content") for c in tg.telegram.sent())


async def test_an_expired_code_is_refused(tg: Harness) -> None:
    code = tg.invite_code(SAM)
    tg.clock.advance(hours=49)
    assert await tg.say(CHAT, f"/start {code}") == [tm.CODE_EXPIRED]


async def test_guessing_codes_stops_working_until_an_admin_unlocks(tg: Harness) -> None:
    answers = [await tg.say(CHAT, "/start WRONGWRONG22") for _ in range(5)]
    assert answers[:4] == [[tm.CODE_UNKNOWN]] * 4
    locked = tm.CODE_LOCKED.format(chat_id=CHAT)
    assert answers[4] == [locked]
    code = tg.invite_code(SAM)
    assert await tg.say(CHAT, f"/start {code}") == [locked]  # even a right code
    await tg.link(CHAT + 7, ADMIN)
    assert await tg.say(CHAT + 7, f"/unlock {CHAT}") == [tm.UNLOCK_DONE.format(chat_id=CHAT)]
    assert await tg.say(CHAT + 7, f"/unlock {CHAT}") == [tm.UNLOCK_NOTHING.format(chat_id=CHAT)]
    assert (await tg.say(CHAT, f"/start {code}"))[0].startswith("Welcome, Sam Carter")
    # Only administrators unlock.
    assert await tg.say(CHAT, f"/unlock {CHAT}") == [tm.UNLOCK_NOT_ALLOWED]


async def test_a_group_gets_one_line_then_silence(tg: Harness) -> None:
    await tg.link(CHAT, SAM)
    tg.telegram.clear()
    group = {"id": -100200300, "type": "supergroup", "title": "Night staff"}
    await tg.feed(tg.message(CHAT, "Jay's not back", chat=group))
    await tg.feed(tg.message(CHAT, f"/start {tg.invite_code(TOM)}", chat=group))
    await tg.feed(tg.message(CHAT, "/status", chat=group))
    assert tg.telegram.texts() == [tm.GROUP]


async def test_a_removed_person_s_button_press_is_answered(tg: Harness) -> None:
    await tg.link(CHAT, SAM)
    await tg.say(CHAT, "Jay's not back")
    await tg.say(CHAT, "10pm")
    call = tg.last_keyboard(CHAT)
    data = call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    with tg.sessions() as session:
        get_staff(session, SAM).active = False
        session.commit()
    await tg.feed(tg.callback(CHAT, data, int(call.result["message_id"])))
    answer = tg.telegram.calls[-1]
    assert answer.method == "answerCallbackQuery"
    assert answer.params["text"] == tm.BUTTON_GONE


async def test_someone_who_left_is_cut_off_on_their_next_message(tg: Harness) -> None:
    await tg.link(CHAT, SAM)
    with tg.sessions() as session:
        get_staff(session, SAM).active = False
        session.commit()
    assert await tg.say(CHAT, "status") == [tm.REFUSAL]
    assert await tg.say(CHAT, "status") == []


async def test_a_chat_whose_person_left_can_be_relinked_to_someone_else(tg: Harness) -> None:
    await tg.link(CHAT, SAM)
    with tg.sessions() as session:
        get_staff(session, SAM).active = False
        session.commit()
    replies = await tg.link(CHAT, TOM)
    assert replies[0].startswith("Welcome, Tom Evans")


async def test_the_same_update_is_handled_once(tg: Harness) -> None:
    await tg.link(CHAT, SAM)
    update = tg.message(CHAT, "status")
    before = len(tg.telegram.sent())
    await tg.feed(update)
    await tg.feed(update)
    assert len(tg.telegram.sent()) == before + 1
