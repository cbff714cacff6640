"""The shared Telegram inbox on SQLite and PostgreSQL: stored once, one head per chat in update
order, a lost lease retaken, and on PostgreSQL two workers claiming at once never share a chat."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, delete
from sqlalchemy.orm import Session

from storage.db import make_engine, make_session_factory, migrate
from storage.telegram_inbox import (
    TelegramInboxRow,
    claim_heads,
    forget_handled_before,
    mark_handled,
    renew_leases,
    store_update,
    unhandled_count,
)

NOW = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)


def _store(session: Session, update_id: int, chat: int | None) -> bool:
    return store_update(session, update_id, chat, f'{{"update_id": {update_id}}}', now=NOW)


def test_an_update_is_stored_once(session: Session) -> None:
    assert _store(session, 10, 501)
    assert not _store(session, 10, 501)  # Telegram's retry, or the proxy's
    session.commit()
    assert unhandled_count(session) == 1


def test_one_head_per_chat_in_update_order(session: Session) -> None:
    for update_id, chat in [(3, 501), (1, 501), (2, 502), (4, 502), (5, None)]:
        _store(session, update_id, chat)
    first = claim_heads(session, "w1", now=NOW, lease=LEASE, limit=10)
    # Chat 501's head is update 1 although 3 arrived first; chat 502's is 2.
    assert sorted(i.update_id for i in first) == [1, 2, 5]
    assert claim_heads(session, "w2", now=NOW, lease=LEASE, limit=10) == []
    by_update = {i.update_id: i for i in first}
    assert mark_handled(session, by_update[1].row_id, "w1", now=NOW)
    second = claim_heads(session, "w2", now=NOW, lease=LEASE, limit=10)
    assert [i.update_id for i in second] == [3]


def test_a_dead_workers_claim_is_retaken_after_its_lease(session: Session) -> None:
    _store(session, 1, 501)
    _store(session, 2, 501)
    [held] = claim_heads(session, "dead", now=NOW, lease=LEASE, limit=10)
    assert claim_heads(session, "alive", now=NOW + LEASE / 2, lease=LEASE, limit=10) == []
    [retaken] = claim_heads(session, "alive", now=NOW + LEASE * 2, lease=LEASE, limit=10)
    assert retaken.update_id == held.update_id == 1
    assert not mark_handled(session, held.row_id, "dead", now=NOW + LEASE * 2)
    assert mark_handled(session, retaken.row_id, "alive", now=NOW + LEASE * 2)
    [after] = claim_heads(session, "alive", now=NOW + LEASE * 2, lease=LEASE, limit=10)
    assert after.update_id == 2


def test_a_renewed_lease_is_not_retaken(session: Session) -> None:
    _store(session, 1, 501)
    [held] = claim_heads(session, "slow", now=NOW, lease=LEASE, limit=10)
    assert renew_leases(session, "slow", [held.row_id], now=NOW + LEASE / 2, lease=LEASE) == 1
    assert claim_heads(session, "other", now=NOW + LEASE, lease=LEASE, limit=10) == []


def test_busy_chats_and_the_limit_are_respected(session: Session) -> None:
    for update_id, chat in [(1, 501), (2, 502), (3, 503)]:
        _store(session, update_id, chat)
    claimed = claim_heads(session, "w", now=NOW, lease=LEASE, limit=1, busy_chats={501})
    assert [i.chat_id for i in claimed] == [502]


def test_handled_updates_are_pruned(session: Session) -> None:
    _store(session, 1, 501)
    [item] = claim_heads(session, "w", now=NOW, lease=LEASE, limit=1)
    mark_handled(session, item.row_id, "w", now=NOW)
    assert forget_handled_before(session, NOW + timedelta(days=3)) == 1
    assert unhandled_count(session) == 0


@settings(max_examples=25)
@given(
    st.lists(st.tuples(st.integers(1, 4), st.integers(1, 3)), min_size=1, max_size=25),
    st.randoms(use_true_random=False),
)
def test_any_interleaving_handles_each_chat_in_update_order(
    tmp_path_factory: pytest.TempPathFactory,
    arrivals: list[tuple[int, int]],
    rng: random.Random,
) -> None:
    """Updates arrive in any order of chats; two workers claim and finish in a random order;
    each chat's updates are handled in update-id order, each exactly once."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('inbox')}/inbox.db")
    migrate(engine)
    sessions = make_session_factory(engine)
    handled: list[tuple[int, int]] = []
    with sessions() as session:
        for update_id, (chat, _) in enumerate(arrivals, start=1):
            _store(session, update_id, chat)
        in_hand: list[tuple[str, int, int, int]] = []
        while unhandled_count(session):
            worker = rng.choice(["w1", "w2"])
            for item in claim_heads(session, worker, now=NOW, lease=LEASE, limit=2):
                in_hand.append((worker, item.row_id, item.chat_id, item.update_id))
            rng.shuffle(in_hand)
            if in_hand:
                worker, row_id, chat, update_id = in_hand.pop()
                assert mark_handled(session, row_id, worker, now=NOW)
                handled.append((chat, update_id))
    engine.dispose()
    assert sorted(u for _, u in handled) == list(range(1, len(arrivals) + 1))
    for chat in {c for c, _ in handled}:
        order = [u for c, u in handled if c == chat]
        assert order == sorted(order)


@pytest.mark.postgres
def test_workers_claiming_at_once_never_share_a_chat(postgres_engine: Engine) -> None:
    url = postgres_engine.url.render_as_string(hide_password=False)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    try:
        with sessions() as session:
            session.execute(delete(TelegramInboxRow))
            for update_id in range(1, 41):
                _store(session, 10_000 + update_id, 900 + update_id % 8)
            session.commit()

        def claim(worker: str) -> list[int]:
            with sessions() as session:
                items = claim_heads(session, worker, now=NOW, lease=LEASE, limit=8)
                session.commit()
                return [i.chat_id for i in items]

        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(claim, ["a", "b", "c", "d"]))
        chats = [chat for result in results for chat in result]
        assert sorted(chats) == sorted(set(chats))  # no chat claimed twice
        assert len(chats) == 8  # and every chat's head is claimed by someone
    finally:
        engine.dispose()
