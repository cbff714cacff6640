"""Telegram conventions: menus per role, the bot's description, keyboards that fit a phone,
/status rather than 'type "status"', help with the person's own children, an invitation that
can be copied, shared locations and voice notes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.telegram import messages as tm
from bot.telegram.layout import LABEL_LIMIT
from bot.telegram.menus import set_up_bot
from bot.telegram.outbound import TelegramOutbound
from bot.telegram.wording import for_telegram
from dialogues.replies import Reply
from storage.models import EpisodeEvent
from storage.people import get_staff
from storage.policy import children_for
from tests.telegram.harness import ADMIN, DEE, SAM, TOM, Harness

CHAT = 5550041


def _menu(tg: Harness, chat_id: int) -> list[str]:
    for call in reversed(tg.telegram.calls):
        scope = call.params.get("scope") or {}
        if call.method == "setMyCommands" and scope.get("chat_id") == chat_id:
            return [c["command"] for c in call.params["commands"]]
    raise AssertionError(f"no menu for chat {chat_id}")


async def test_each_role_gets_its_menu_when_linking_and_at_start_up(tg: Harness) -> None:
    await tg.link(CHAT, SAM)
    await tg.link(CHAT + 1, TOM)
    await tg.link(CHAT + 2, ADMIN)
    assert _menu(tg, CHAT) == ["status", "why", "undo", "cancel", "help"]
    assert _menu(tg, CHAT + 1) == ["status", "tasks", "why", "undo", "cancel", "help"]
    assert _menu(tg, CHAT + 2) == [
        "status",
        "tasks",
        "summary",
        "why",
        "undo",
        "cancel",
        "invite",
        "unlock",
        "help",
    ]
    tg.telegram.clear()
    await set_up_bot(tg.app.bot, tg.sessions, frozenset({ADMIN}))
    methods = [c.method for c in tg.telegram.calls]
    assert "setMyDescription" in methods and "setMyShortDescription" in methods
    default = next(c for c in tg.telegram.calls if c.method == "setMyCommands")
    assert default.params["scope"] == {"type": "all_private_chats"}
    assert [c["command"] for c in default.params["commands"]] == ["start", "help"]
    assert _menu(tg, CHAT) == ["status", "why", "undo", "cancel", "help"]
    assert "invite" in _menu(tg, CHAT + 2)


async def test_why_undo_and_summary_commands_reach_the_dialogue(tg: Harness) -> None:
    await tg.link(CHAT, ADMIN)
    assert await tg.say(CHAT, "/why") != [tm.UNKNOWN_COMMAND]
    assert await tg.say(CHAT, "/undo") != [tm.UNKNOWN_COMMAND]
    assert await tg.say(CHAT, "/summary") != [tm.UNKNOWN_COMMAND]


async def test_long_choices_are_listed_in_full_and_buttons_stay_short(tg: Harness) -> None:
    await tg.link(CHAT, SAM)
    full = "Done: tell the police with the police incident number and the time"
    reply = Reply("What happened?", ((full, "a"), ("No", "b"), ("Skip", "c")))
    assert await TelegramOutbound(tg.app.bot, tg.sessions, tg.clock).deliver(SAM, reply)
    sent = tg.telegram.sent(CHAT)[-1]
    assert f"1. {full}" in str(sent.params["text"])  # no protocol word lost to the cut
    labels = [b["text"] for row in sent.params["reply_markup"]["inline_keyboard"] for b in row]
    assert all(len(label) <= LABEL_LIMIT for label in labels)
    assert labels[1:] == ["2. No", "3. Skip"]


async def test_short_choices_share_a_row(tg: Harness) -> None:
    await tg.link(CHAT, SAM)
    await tg.say(CHAT, "Jay's not back")
    await tg.say(CHAT, "10pm")
    rows = tg.last_keyboard(CHAT).params["reply_markup"]["inline_keyboard"]
    assert [[b["text"] for b in row] for row in rows] == [["Yes", "No", "Not sure"]]


def test_replies_name_commands_not_words_to_type() -> None:
    assert for_telegram('Type "status" to see what\'s left.') == "Use /status to see what's left."
    assert for_telegram('or type "status" or "help".') == "or use /status or /help."
    assert for_telegram('She said "type status"') == 'She said "type status"'


async def test_help_uses_the_person_s_own_children(tg: Harness) -> None:
    await tg.link(CHAT, DEE)
    with tg.sessions() as session:
        own = [c.given_name for c in children_for(session, get_staff(session, DEE))]
    text = (await tg.say(CHAT, "/help"))[0]
    assert own and own[0] in text and "Jay" not in text
    assert 'type "status"' not in text.lower()


async def test_an_admin_s_invitation_can_be_copied(tg: Harness) -> None:
    await tg.link(CHAT, ADMIN)
    tg.telegram.clear()
    replies = await tg.say(CHAT, f"/invite {TOM}")
    assert replies[0].startswith("Invitation for Tom Evans")
    assert tg.telegram.sent(CHAT)[-1].params.get("protect_content") is False


def _media(tg: Harness, chat_id: int, **content: Any) -> dict[str, Any]:
    update = tg.message(chat_id, "x")
    del update["message"]["text"]
    update["message"].update(content)
    return update


async def test_a_voice_note_is_asked_to_be_typed(tg: Harness) -> None:
    await tg.link(CHAT, SAM)
    voice = {"file_id": "v", "file_unique_id": "v", "duration": 3}
    await tg.feed(_media(tg, CHAT, voice=voice))
    assert tg.telegram.texts(CHAT)[-1] == tm.VOICE


async def test_a_shared_location_during_an_episode_is_a_sighting(tg: Harness) -> None:
    await tg.link(CHAT, SAM)
    location = {"latitude": 53.0027, "longitude": -2.1794}
    await tg.feed(_media(tg, CHAT, location=location))
    assert tg.telegram.texts(CHAT)[-1] == tm.LOCATION_NONE  # nobody missing: nothing recorded
    await tg.say(CHAT, "Jay's not back")
    await tg.say(CHAT, "10pm")
    await tg.press(CHAT, "No")
    await tg.feed(_media(tg, CHAT, location=location))
    assert tg.telegram.texts(CHAT)[-1] == tm.LOCATION_RECORDED.format(child="Jay")
    with tg.sessions() as session:
        notes = [
            e.data for e in session.scalars(select(EpisodeEvent)) if e.type == "new_information"
        ]
    assert notes[-1]["kind"] == "sighting"
    assert (notes[-1]["lat"], notes[-1]["lon"]) == ("53.002700", "-2.179400")
