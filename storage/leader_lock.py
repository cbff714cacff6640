"""Exactly one reminder scheduler at a time across processes: a PostgreSQL advisory lock held on a
dedicated connection. PostgreSQL frees it when that connection dies, so a standby that keeps
trying takes over within one retry interval. SQLite serves a single process (the demo), so
there the lock is always granted."""

from __future__ import annotations

import logging

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

LOCK_KEY = 0x486F6D65  # an arbitrary constant every Homeward process agrees on
# A bigint advisory key shows in pg_locks as its high and low 32 bits (classid, objid) with
# objsubid 1; the key is positive and below 2**31, so the high half is 0.
_HOLDS = text(
    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
    " AND pid = pg_backend_pid() AND objsubid = 1"
    " AND classid::bigint = (CAST(:key AS bigint) >> 32)"
    " AND objid::bigint = (CAST(:key AS bigint) & 4294967295))"
)


class LeaderLock:
    def __init__(self, engine: Engine, key: int = LOCK_KEY) -> None:
        self._engine = engine
        self._key = key
        self._connection: Connection | None = None
        self.held = False

    def try_acquire(self) -> bool:
        if self._engine.dialect.name != "postgresql":
            self.held = True
            return True
        if self.held:
            return self.still_held()
        try:
            if self._connection is None:
                self._connection = self._engine.connect()
            got = self._connection.execute(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": self._key}
            ).scalar()
            self._connection.commit()  # the lock is per session: it outlives the transaction
        except DBAPIError:
            log.warning("could not ask for the scheduler lock", exc_info=True)
            self._drop()
            return False
        self.held = bool(got)
        return self.held

    def still_held(self) -> bool:
        """False once the lock's connection has gone (the server restarted, the link broke)."""
        if self._engine.dialect.name != "postgresql":
            return self.held
        if self._connection is None:
            return False
        try:
            # Ask the server whether this session holds the lock, not merely whether the
            # connection answers: SQLAlchemy may have reconnected it silently, and a new session
            # holds nothing.
            mine = self._connection.execute(_HOLDS, {"key": self._key}).scalar()
            self._connection.commit()
        except DBAPIError:
            self._drop()
            return False
        if not mine:
            log.warning("the scheduler lock's session was lost; standing down")
            self._drop()
        return self.held

    def release(self) -> None:
        if self._connection is not None and self.held:
            try:
                self._connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": self._key}
                )
                self._connection.commit()
            except DBAPIError:
                log.warning("could not release the scheduler lock", exc_info=True)
        self._drop()

    def _drop(self) -> None:
        self.held = False
        if self._connection is not None:
            try:
                self._connection.close()
            except DBAPIError:
                log.debug("closing a broken lock connection", exc_info=True)
            self._connection = None
