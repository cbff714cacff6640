"""The webhook worker in one process on SQLite (the same code as behind nginx on PostgreSQL):
only Telegram's secret gets an update stored, junk is refused, a repeat is stored once and
answered once, a chat's updates are answered in order, and a taken-over update the dead worker
had begun is reported to the chat instead of being run again."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import settings as settings_
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from tornado.httpserver import HTTPServer

from bot.telegram import messages as tm
from bot.telegram.app import build_application
from bot.telegram.webhook_worker import SECRET_HEADER, parse_update, serve, web_application
from dialogues.manager import DialogueManager
from storage.invites import create_invite
from storage.telegram_chats import first_time_seen
from storage.telegram_inbox import (
    TelegramInboxRow,
    claim_heads,
    store_update,
    unhandled_count,
)
from tests.dialogues.nlu_once import understanding
from tests.telegram.emulator import free_port
from tests.telegram.fake_telegram import FakeTelegram
from tests.telegram.harness import NOW, SAM, Clock, demo_sessions, settings

SECRET = "hook-secret_1"
CHAT = 424242
WAIT = 20.0


@dataclass
class Worker:
    url: str
    health: str
    telegram: FakeTelegram
    sessions: sessionmaker[Session]
    client: httpx.AsyncClient

    async def post(self, update: dict[str, Any], secret: str | None = SECRET) -> int:
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        return (await self.client.post(self.url, json=update, headers=headers)).status_code

    async def settled(self) -> None:
        for _ in range(int(WAIT / 0.05)):
            with self.sessions() as session:
                if unhandled_count(session) == 0:
                    return
            await asyncio.sleep(0.05)
        raise AssertionError("the inbox never emptied")


def message(update_id: int, text: str, chat: int = CHAT) -> dict[str, Any]:
    body: dict[str, Any] = {
        "message_id": update_id,
        "date": 1772503200,
        "chat": {"id": chat, "type": "private", "first_name": "Tester"},
        "from": {"id": chat, "is_bot": False, "first_name": "Tester"},
        "text": text,
    }
    if text.startswith("/"):
        body["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": update_id, "message": body}


@pytest.fixture
async def worker(tmp_path: Path) -> AsyncIterator[Worker]:
    port = free_port()
    hook = settings(
        webhook_url=f"https://bot.example.invalid/tg/{port}",
        webhook_secret=SECRET,
        webhook_listen="127.0.0.1",
        webhook_port=port,
        inbox_lease=timedelta(seconds=30),
    )
    sessions = demo_sessions(tmp_path / "worker.sqlite3")
    telegram = FakeTelegram()
    clock = Clock()
    app = build_application(
        hook,
        DialogueManager(sessions, understanding()),
        sessions,
        clock,
        request=telegram,
        updates_request=telegram,
        with_updater=False,
    )
    stop = asyncio.Event()
    task = asyncio.create_task(serve(app, hook, sessions, clock, stop=stop))
    async with httpx.AsyncClient(timeout=WAIT) as client:
        health = f"http://127.0.0.1:{port}/healthz"
        for _ in range(int(WAIT / 0.05)):
            try:
                if (await client.get(health)).status_code == 200:
                    break
            except httpx.HTTPError:
                await asyncio.sleep(0.05)
        try:
            yield Worker(f"http://127.0.0.1:{port}/tg/{port}", health, telegram, sessions, client)
        finally:
            stop.set()
            await task


def _code(sessions: sessionmaker[Session]) -> str:
    with sessions() as session:
        code = create_invite(session, SAM, now=NOW).code
        session.commit()
        return code


async def test_only_telegrams_secret_stores_an_update(worker: Worker) -> None:
    assert await worker.post(message(1, "hello"), secret=None) == 403
    assert await worker.post(message(1, "hello"), secret="wrong") == 403
    assert (
        await worker.client.post(worker.url, content=b"not json", headers={SECRET_HEADER: SECRET})
    ).status_code == 400
    with worker.sessions() as session:
        assert unhandled_count(session) == 0
    assert worker.telegram.texts(CHAT) == []
    assert any(c.method == "setWebhook" for c in worker.telegram.calls)


async def test_a_repeated_update_is_answered_once_and_a_chat_in_order(worker: Worker) -> None:
    assert await worker.post(message(10, f"/start {_code(worker.sessions)}")) == 200
    for update_id, n in [(11, 1), (12, 2), (13, 3)]:
        assert await worker.post(message(update_id, f"why {n}")) == 200
    assert await worker.post(message(12, "why 2")) == 200  # Telegram's retry
    await worker.settled()
    answers = [t for t in worker.telegram.texts(CHAT) if t.startswith("There's no task")]
    assert [a.split()[3] for a in answers] == ["1", "2", "3"]


async def test_an_update_a_dead_worker_had_begun_is_reported_not_rerun(
    worker: Worker,
) -> None:
    assert await worker.post(message(20, f"/start {_code(worker.sessions)}")) == 200
    await worker.settled()
    with worker.sessions() as session:
        # Another worker stored "why 5", claimed it, recorded it as begun, and died.
        store_update(session, 21, CHAT, json.dumps(message(21, "why 5")), now=NOW)
        claim_heads(session, "dead:1", now=NOW - timedelta(minutes=5), lease=timedelta(0), limit=1)
        first_time_seen(session, 21, now=NOW)
        session.commit()
    assert await worker.post(message(22, "why 6")) == 200  # wakes the drain
    await worker.settled()
    texts = worker.telegram.texts(CHAT)
    told = tm.INTERRUPTED_MESSAGE.format(quote="why 5")
    assert told in texts
    assert not any(t.startswith("There's no task 5") for t in texts)
    assert texts.index(told) < next(i for i, t in enumerate(texts) if "no task 6" in t)


@settings_(max_examples=200)
@given(
    st.one_of(
        st.binary(max_size=200),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=20),
            lambda inner: (
                st.lists(inner, max_size=4)
                | st.dictionaries(
                    st.sampled_from(
                        ["update_id", "message", "chat", "id", "text", "callback_query"]
                    ),
                    inner,
                    max_size=4,
                )
            ),
            max_leaves=12,
        ).map(lambda value: json.dumps(value).encode()),
    )
)
def test_whatever_is_posted_is_parsed_or_refused_never_raises(raw: bytes) -> None:
    parsed = parse_update(raw)
    if parsed is not None:
        update_id, chat, body = parsed
        assert json.loads(body)["update_id"] == update_id
        assert chat is None or isinstance(chat, int)


def test_a_real_update_parses_with_its_chat() -> None:
    assert parse_update(json.dumps(message(7, "hi")).encode()) == (
        7,
        CHAT,
        json.dumps(message(7, "hi")),
    )


async def test_a_database_that_cannot_store_answers_503_so_the_proxy_tries_another() -> None:
    async def broken(update_id: int, chat: int | None, body: str) -> None:
        raise OSError("the database is away")

    port = free_port()
    server = HTTPServer(web_application("/hook", broken, SECRET))
    server.listen(port, "127.0.0.1")
    try:
        async with httpx.AsyncClient() as client:
            answer = await client.post(
                f"http://127.0.0.1:{port}/hook",
                json=message(1, "hello"),
                headers={SECRET_HEADER: SECRET},
            )
        assert answer.status_code == 503
    finally:
        server.stop()


async def test_a_graceful_stop_leaves_no_claim_behind(tmp_path: Path) -> None:
    port = free_port()
    hook = settings(
        webhook_url=f"https://bot.example.invalid/tg/{port}",
        webhook_secret=SECRET,
        webhook_listen="127.0.0.1",
        webhook_port=port,
    )
    sessions = demo_sessions(tmp_path / "stop.sqlite3")
    telegram = FakeTelegram()
    app = build_application(
        hook,
        DialogueManager(sessions, understanding()),
        sessions,
        Clock(),
        request=telegram,
        updates_request=telegram,
        with_updater=False,
    )
    stop = asyncio.Event()
    task = asyncio.create_task(serve(app, hook, sessions, Clock(), stop=stop))
    url = f"http://127.0.0.1:{port}/tg/{port}"
    async with httpx.AsyncClient(timeout=WAIT) as client:
        for _ in range(int(WAIT / 0.05)):
            try:
                if (await client.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200:
                    break
            except httpx.HTTPError:
                await asyncio.sleep(0.05)
        for n in range(1, 9):
            update = message(30 + n, f"why {n}", chat=CHAT + n % 3)
            assert (await client.post(url, json=update, headers={SECRET_HEADER: SECRET})).is_success
    stop.set()  # as SIGTERM does
    await task
    with sessions() as session:
        rows = session.scalars(select(TelegramInboxRow)).all()
    # Every update is either handled or still free for the next worker: none held by this one.
    assert len(rows) == 8
    assert all(row.handled_at is not None or row.claimed_by is None for row in rows)
