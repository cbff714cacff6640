"""Pushed messages: privacy mode, long texts, long button lists."""

from __future__ import annotations

from bot.telegram import messages as tm
from bot.telegram.layout import MESSAGE_LIMIT, PER_PAGE
from bot.telegram.outbound import TelegramOutbound
from dialogues.replies import Reply
from storage.people import get_staff
from tests.telegram.harness import SAM, TOM, Harness

CHAT = 5550005


def outbound(tg: Harness, privacy: bool = True) -> TelegramOutbound:
    return TelegramOutbound(tg.app.bot, tg.sessions, tg.clock, privacy=privacy)


async def test_a_reminder_names_nobody_in_privacy_mode(tg: Harness) -> None:
    await tg.link(CHAT, SAM)
    reply = Reply(
        "Jay Morgan (born 2 April 2011, 2011-04-02) is still missing; check Hanley bus station. "
        "Has JAY been reported? Lily's review is due.",
        (("Mark done for Jay", "done:x"),),
    )
    assert await outbound(tg).deliver(SAM, reply)
    sent = tg.telegram.sent(CHAT)[-1]
    text = str(sent.params["text"])
    for secret in ("Jay", "JAY", "Morgan", "Lily", "2011", "Hanley"):
        assert secret not in text, secret
    assert "J.M." in text and "L.B." in text
    assert sent.params["reply_markup"]["inline_keyboard"][0][0]["text"] == "Mark done for J.M."
    assert sent.params["protect_content"] is True


async def test_privacy_off_sends_the_text_as_written(tg: Harness) -> None:
    await tg.link(CHAT, SAM)
    assert await outbound(tg, privacy=False).deliver(SAM, Reply("Jay Morgan is missing"))
    assert tg.telegram.texts(CHAT)[-1] == "Jay Morgan is missing"


async def test_no_linked_chat_means_not_delivered(tg: Harness) -> None:
    assert not await outbound(tg).deliver(TOM, Reply("A task is due"))
    await tg.link(CHAT, TOM)
    with tg.sessions() as session:
        get_staff(session, TOM).active = False
        session.commit()
    assert not await outbound(tg).deliver(TOM, Reply("A task is due"))


async def test_long_texts_are_split_and_long_lists_paginated(tg: Harness) -> None:
    await tg.link(CHAT, SAM)
    tg.telegram.clear()
    lines = "\n".join(f"line {i}: " + "x" * 90 for i in range(100))
    buttons = tuple((f"Task {i}", f"done:t{i}") for i in range(15))
    assert await outbound(tg).deliver(SAM, Reply(lines, buttons))
    sent = tg.telegram.sent(CHAT)
    assert len(sent) == 3 and all(len(str(c.params["text"])) <= MESSAGE_LIMIT for c in sent)
    assert "".join(str(c.params["text"]) for c in sent).count("line ") == 100
    rows = sent[-1].params["reply_markup"]["inline_keyboard"]
    assert sum(len(row) for row in rows[:-1]) == PER_PAGE
    assert [len(row) for row in rows[:-1]] == [3, 3]  # short choices three to a row
    assert [b["text"] for b in rows[-1]] == [tm.PAGE_NEXT]
    await tg.press(CHAT, tm.PAGE_NEXT)
    page = tg.telegram.calls[-1]
    assert page.method == "editMessageReplyMarkup"
    labels = [b["text"] for row in page.params["reply_markup"]["inline_keyboard"] for b in row]
    assert labels[0] == "Task 6" and labels[-2:] == [tm.PAGE_PREVIOUS, tm.PAGE_NEXT]
    for row in page.params["reply_markup"]["inline_keyboard"]:
        for button in row:
            assert len(button["callback_data"].encode()) <= 64
