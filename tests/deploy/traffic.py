"""Telegram traffic for the local set (deploy/run_local.py): invented carers linked by invitation,
then interleaved "why N" messages, each answered with "There's no task N in your list", so the
replies say which update was handled and in what order. Shared by tests/deploy and
benchmarks/deploy_benchmark.py."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
from sqlalchemy import select, text

from bot.telegram.admin import add_staff
from deploy.run_local import LocalSet
from storage.db import make_engine, make_session_factory
from storage.invites import create_invite
from storage.leader_lock import LOCK_KEY
from storage.people import create_team
from storage.telegram_inbox import TelegramInboxRow, unhandled_count

FIRST_CHAT = 880_000_001
DATE = 1772503200


@dataclass(frozen=True)
class Chat:
    chat_id: int
    code: str  # the invitation code its /start sends
    questions: int  # "why 1" … "why N" after linking


def seed_chats(database_url: str, count: int, questions: int) -> list[Chat]:
    """`count` carers in one invented team, each with an invitation for one chat."""
    engine = make_engine(database_url)
    now = datetime.now(UTC)
    chats: list[Chat] = []
    try:
        with make_session_factory(engine)() as session:
            create_team(session, "Local Set Team", "staffordshire")
            session.flush()
            for n in range(count):
                staff = add_staff(session, f"Carer Tester{n}", "carer", "Local Set Team", now=now)
                code = create_invite(session, staff.id, now=now).code
                chats.append(Chat(FIRST_CHAT + n, code, questions))
            session.commit()
    finally:
        engine.dispose()
    return chats


def chat_updates(chat: Chat, update_ids: Iterator[int]) -> list[dict[str, object]]:
    texts = [f"/start {chat.code}"] + [f"why {n}" for n in range(1, chat.questions + 1)]
    updates: list[dict[str, object]] = []
    for message_id, body in enumerate(texts, start=1):
        message: dict[str, object] = {
            "message_id": message_id,
            "date": DATE,
            "chat": {"id": chat.chat_id, "type": "private", "first_name": "Tester"},
            "from": {"id": chat.chat_id, "is_bot": False, "first_name": "Tester"},
            "text": body,
        }
        if body.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": 6}]
        updates.append({"update_id": next(update_ids), "message": message})
    return updates


def interleaved(chats: list[Chat], seed: int = 14) -> list[list[dict[str, object]]]:
    """Each chat's updates in order; update ids interleaved across chats at random, as
    Telegram numbers them when many people write at once."""
    rng = random.Random(seed)
    turns = [c.chat_id for c in chats for _ in range(c.questions + 1)]
    rng.shuffle(turns)
    ids: dict[int, list[int]] = {c.chat_id: [] for c in chats}
    for update_id, chat_id in enumerate(turns, start=5_000_001):
        ids[chat_id].append(update_id)
    return [chat_updates(c, iter(ids[c.chat_id])) for c in chats]


def send_all(
    local: LocalSet,
    per_chat: list[list[dict[str, object]]],
    *,
    after_each: Callable[[int], None] | None = None,
) -> list[int]:
    """Every chat at once, each chat's updates one after another (Telegram's order), all through
    the proxy. `after_each(n)` runs after the n-th accepted update (e.g. to kill a worker)."""
    sent = [0]
    statuses: list[int] = []

    def one_chat(updates: list[dict[str, object]]) -> None:
        with httpx.Client(timeout=30.0) as client:
            for update in updates:
                status = local.post(client, update)
                while status != 200:  # Telegram retries until it is told 200
                    status = local.post(client, update)
                statuses.append(status)
                sent[0] += 1
                if after_each is not None:
                    after_each(sent[0])

    with ThreadPoolExecutor(max(1, len(per_chat))) as pool:
        list(pool.map(one_chat, per_chat))
    return statuses


def wait_until_handled(database_url: str, timeout: float) -> int:
    """Unhandled updates left when everything is handled or `timeout` seconds pass."""
    import time

    engine = make_engine(database_url)
    try:
        sessions = make_session_factory(engine)
        deadline = time.monotonic() + timeout
        while True:
            with sessions() as session:
                left = unhandled_count(session)
            if left == 0 or time.monotonic() > deadline:
                return left
            time.sleep(0.2)
    finally:
        engine.dispose()


def retaken_updates(database_url: str) -> set[int]:
    """Update ids a worker took over after another's lease ran out."""
    engine = make_engine(database_url)
    try:
        with make_session_factory(engine)() as session:
            rows = session.scalars(
                select(TelegramInboxRow.update_id).where(TelegramInboxRow.attempts > 1)
            )
            return set(rows)
    finally:
        engine.dispose()


def scheduler_leaders(database_url: str) -> list[str]:
    """The application names of the connections holding the reminder scheduler's lock."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT a.application_name FROM pg_locks l "
                    "JOIN pg_stat_activity a ON a.pid = l.pid "
                    "WHERE l.locktype = 'advisory' AND l.granted AND l.objid = :key"
                ),
                {"key": LOCK_KEY},
            )
            return sorted(str(name) for (name,) in rows)
    finally:
        engine.dispose()
