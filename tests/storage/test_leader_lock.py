"""The reminder scheduler's election with several workers on one PostgreSQL: exactly one leads,
and when it stops (its connection gone, as when the process dies) exactly one standby takes
over; a worker that steps down cleanly hands over the same way."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from storage.db import make_engine
from storage.leader_lock import LeaderLock

WORKERS = 4


@pytest.mark.postgres
def test_one_leader_among_n_workers_and_one_successor(postgres_engine: Engine) -> None:
    url = postgres_engine.url.render_as_string(hide_password=False)
    engines = [make_engine(url) for _ in range(WORKERS)]
    locks = [LeaderLock(engine) for engine in engines]
    try:
        assert [lock.try_acquire() for lock in locks].count(True) == 1
        for dies in (True, False):  # the leader dies, then the next one steps down cleanly
            leader = next(lock for lock in locks if lock.held)
            if dies:
                _cut_off(leader, postgres_engine)  # as when its process or host dies
                assert not leader.still_held()
            else:
                leader.release()
            locks.remove(leader)
            assert [lock.try_acquire() for lock in locks].count(True) == 1
            assert sum(lock.held for lock in locks) == 1
    finally:
        for lock in locks:
            lock.release()
        for engine in engines:
            engine.dispose()


def _cut_off(lock: LeaderLock, admin: Engine) -> None:
    """End the lock's server session from outside; PostgreSQL frees its advisory locks."""
    assert lock._connection is not None
    pid = lock._connection.execute(text("SELECT pg_backend_pid()")).scalar()
    lock._connection.commit()
    with admin.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        connection.commit()


@pytest.mark.postgres
def test_a_lock_whose_session_was_replaced_is_not_held(postgres_engine: Engine) -> None:
    """If the lock's connection is reopened under it (a pool's silent reconnect), the new
    session holds nothing: the worker must stand down, not go on believing it leads."""
    url = postgres_engine.url.render_as_string(hide_password=False)
    engine = make_engine(url)
    lock = LeaderLock(engine)
    try:
        assert lock.try_acquire() and lock.still_held()
        assert lock._connection is not None
        lock._connection.execute(text("SELECT pg_advisory_unlock_all()"))  # as a new session
        lock._connection.commit()
        assert not lock.still_held()
        assert not lock.held
        assert lock.try_acquire()  # and it may lead again once the lock is free
    finally:
        lock.release()
        engine.dispose()
