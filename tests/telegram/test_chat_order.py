"""Updates of different chats run side by side; each chat's run one at a time, in order."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Update

from bot.telegram import messages as tm
from bot.telegram.chat_order import PerChatOrder, chat_key
from tests.telegram.harness import SAM, TOM, Harness, private, user

ANNA, BEN = 5550101, 5550102


def _update(update_id: int, chat_id: int) -> Update:
    data: dict[str, Any] = {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 0,
            "chat": private(chat_id),
            "from": user(chat_id),
            "text": "hello",
        },
    }
    update = Update.de_json(data, None)
    assert update is not None
    return update


async def test_another_chat_goes_ahead_while_one_waits_and_a_chat_keeps_its_order() -> None:
    processor = PerChatOrder()
    log: list[str] = []
    anna_may_finish = asyncio.Event()

    async def handle(name: str, wait: asyncio.Event | None = None) -> None:
        log.append(f"{name} start")
        if wait is not None:
            await wait.wait()
        log.append(f"{name} end")

    anna1 = asyncio.create_task(
        processor.process_update(_update(1, ANNA), handle("anna1", anna_may_finish))
    )
    anna2 = asyncio.create_task(processor.process_update(_update(2, ANNA), handle("anna2")))
    ben1 = asyncio.create_task(processor.process_update(_update(3, BEN), handle("ben1")))
    await ben1  # Ben is answered although Anna's first update is still waiting
    assert log == ["anna1 start", "ben1 start", "ben1 end"]
    anna_may_finish.set()
    await asyncio.gather(anna1, anna2)
    assert log[3:] == ["anna1 end", "anna2 start", "anna2 end"]
    assert chat_key(object()) is None and chat_key(_update(4, BEN)) == BEN


async def test_through_the_application_each_chat_s_replies_come_in_its_order(tg: Harness) -> None:
    """The real Application's update queue, many updates of two people interleaved."""
    await tg.link(ANNA, SAM)
    await tg.link(BEN, TOM)
    tg.telegram.clear()
    texts = ["/start", "/nope"] * 6
    await tg.app.start()
    try:
        for text in texts:
            for chat in (ANNA, BEN):
                await tg.app.update_queue.put(Update.de_json(tg.message(chat, text), tg.app.bot))
        for _ in range(600):  # until every update has been answered (at most a minute)
            if len(tg.telegram.sent()) >= 2 * len(texts):
                break
            await asyncio.sleep(0.1)
    finally:
        await tg.app.stop()
    for chat in (ANNA, BEN):
        got = tg.telegram.texts(chat)
        assert len(got) == len(texts)
        unknown = [t == tm.UNKNOWN_COMMAND for t in got]
        assert unknown == [text == "/nope" for text in texts]
