"""Nobody uses the bot uninvited; groups are ignored; someone who left is cut off."""

from __future__ import annotations

from bot.telegram import messages as tm
from storage.people import get_staff
from tests.telegram.harness import SAM, TOM, Harness

CHAT = 5550001


async def test_a_stranger_gets_one_polite_refusal_and_then_silence(tg: Harness) -> None:
    assert await tg.say(CHAT, "hello?") == [tm.REFUSAL]
    assert await tg.say(CHAT, "Jay's not back") == []
    assert await tg.say(CHAT, "/status") == []
    assert await tg.say(CHAT, "/start NOTAREALCODE") == []


async def test_an_invitation_links_the_chat_once(tg: Harness) -> None:
    code = tg.invite_code(SAM)
    replies = await tg.say(CHAT, f"/start {code}")
    assert replies == [
        tm.WELCOME.format(name="Sam Carter", role="carer", team="Staffordshire North")
    ]
    assert "Sam" in (await tg.say(CHAT, "hi"))[0]
    # The same code from another chat does nothing but the one refusal.
    assert await tg.say(CHAT + 1, f"/start {code}") == [tm.REFUSAL]
    assert all(c.params.get("protect_content") for c in tg.telegram.sent())


async def test_an_expired_code_is_refused(tg: Harness) -> None:
    code = tg.invite_code(SAM)
    tg.clock.advance(hours=49)
    assert await tg.say(CHAT, f"/start {code}") == [tm.REFUSAL]


async def test_guessing_codes_stops_working_after_a_few_tries(tg: Harness) -> None:
    for _ in range(5):
        await tg.say(CHAT, "/start WRONGWRONG22")
    assert await tg.say(CHAT, f"/start {tg.invite_code(SAM)}") == []


async def test_group_chats_get_nothing(tg: Harness) -> None:
    await tg.link(CHAT, SAM)
    tg.telegram.clear()
    group = {"id": -100200300, "type": "supergroup", "title": "Night staff"}
    await tg.feed(tg.message(CHAT, "Jay's not back", chat=group))
    await tg.feed(tg.message(CHAT, f"/start {tg.invite_code(TOM)}", chat=group))
    assert tg.telegram.calls == []


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
