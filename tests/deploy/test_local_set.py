"""The whole set on one machine (deploy/run_local.py): PostgreSQL, two webhook workers, nginx in
front, a stand-in for Telegram's Bot API. Telegram updates for 20 chats go through the proxy at
once; one worker (the reminder scheduler's leader) is killed mid-run. Every update is handled,
none twice, each chat's in order; an update the killed worker was in the middle of is reported
to its chat as interrupted (never silently dropped, never run twice); and the other worker
takes over the scheduler."""

from __future__ import annotations

import re
import time

import pytest

from deploy.run_local import Unavailable, local_set, problem
from tests.deploy.traffic import (
    interleaved,
    retaken_updates,
    scheduler_leaders,
    seed_chats,
    send_all,
    wait_until_handled,
)

CHATS, QUESTIONS = 20, 11  # 240 updates: a short profile (benchmarks/ runs longer ones)
LEASE_SECONDS = 2  # a dead worker's claims are retaken this soon
ANSWER = re.compile(r"There's no task (\d+) in your list")
INTERRUPTED = re.compile(r'Sorry, I was interrupted while handling your message "why (\d+)"')
EITHER = re.compile(ANSWER.pattern + "|" + INTERRUPTED.pattern)

pytestmark = pytest.mark.postgres


def _numbers(pattern: re.Pattern[str], texts: list[str]) -> list[int]:
    return [int(next(g for g in m.groups() if g)) for t in texts if (m := pattern.match(t))]


def _wait_for_leader(url: str, not_this: str, timeout: float = 30.0) -> list[str]:
    deadline = time.monotonic() + timeout
    while True:
        leaders = scheduler_leaders(url)
        if (leaders and not_this not in leaders) or time.monotonic() > deadline:
            return leaders
        time.sleep(0.2)


def test_updates_through_the_proxy_are_handled_once_and_in_order_despite_a_killed_worker() -> None:
    reason = problem()
    if reason is not None:
        pytest.skip(reason)
    env = {"HOMEWARD_TELEGRAM_RATE": "1000", "HOMEWARD_INBOX_LEASE": str(LEASE_SECONDS)}
    try:
        running = local_set(2, env)
        local = running.__enter__()
    except Unavailable as err:
        pytest.skip(str(err))
    try:
        [leader] = scheduler_leaders(local.database_url)  # exactly one elected scheduler
        chats = seed_chats(local.database_url, CHATS, QUESTIONS)
        per_chat = interleaved(chats)
        # Everyone links first, so a killed /start cannot turn a chat into a stranger.
        send_all(local, [updates[:1] for updates in per_chat])
        assert wait_until_handled(local.database_url, timeout=120) == 0
        victim = next(w for w in local.workers if w.name == leader)
        total = sum(len(updates) - 1 for updates in per_chat)

        def kill_midway(sent: int) -> None:
            if sent == total // 3:
                victim.kill()

        statuses = send_all(local, [updates[1:] for updates in per_chat], after_each=kill_midway)
        assert victim.process.returncode is not None  # it really died mid-run
        assert statuses == [200] * total  # nginx took every update to a live worker
        assert wait_until_handled(local.database_url, timeout=120) == 0
        [new_leader] = _wait_for_leader(local.database_url, not_this=leader)
        assert new_leader != leader

        retaken = retaken_updates(local.database_url)
        question_of = {
            int(str(u["update_id"])): (chat.chat_id, n)
            for chat, updates in zip(chats, per_chat, strict=True)
            for n, u in enumerate(updates[1:], start=1)
        }
        in_flight = {question_of[u] for u in retaken if u in question_of}
        interruptions = 0
        for chat in chats:
            texts = local.bot_api.texts(chat.chat_id)
            assert texts[0].startswith("Welcome, Carer Tester")
            answered = _numbers(ANSWER, texts)
            told = _numbers(INTERRUPTED, texts)
            interruptions += len(told)
            # In order, none twice: strictly increasing, and so is everything said to the chat.
            assert answered == sorted(set(answered)), (chat.chat_id, answered)
            assert _numbers(EITHER, texts) == sorted(_numbers(EITHER, texts)), chat.chat_id
            # Nothing vanishes: each question is answered, or (only if the killed worker was in
            # the middle of it) the person is told it was interrupted.
            assert set(answered) | set(told) == set(range(1, QUESTIONS + 1)), chat.chat_id
            assert {(chat.chat_id, n) for n in told} <= in_flight, (chat.chat_id, told)
        assert interruptions <= len(in_flight)
    finally:
        running.__exit__(None, None, None)
