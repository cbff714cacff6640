"""Engines, sessions and schema upgrades."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeAlias

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine as Engine
from sqlalchemy import create_engine, event, text
from sqlalchemy.orm import Session as Session
from sqlalchemy.orm import sessionmaker

# What domain packages (dialogues, reminders) name when they take a database handle, so they
# need not import SQLAlchemy themselves.
SessionFactory: TypeAlias = sessionmaker[Session]

__all__ = [
    "Session",
    "SessionFactory",
    "alembic_config",
    "make_engine",
    "make_session_factory",
    "migrate",
]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 5000


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url`. SQLite is set up for a bot and a scheduler sharing one file."""
    if url.startswith("sqlite"):
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # A server may have dropped idle connections while the assistant waited for a deadline.
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # SQLite ignores foreign keys unless told otherwise, per connection.
        cursor.execute("PRAGMA foreign_keys=ON")
        # WAL lets readers (reminders) proceed while a writer (the bot) commits.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # Rows stay readable after commit: callers format replies from them once the write is safe.
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config(engine: Engine | None = None) -> Config:
    """Alembic's configuration built in code, so an installed package migrates without an ini."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    if engine is not None:
        config.attributes["engine"] = engine
    return config


MIGRATE_LOCK = 0x486F6D66  # PostgreSQL advisory lock key: one process migrates at a time


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (a no-op when it is already there). On
    PostgreSQL, several workers starting together take turns: the first upgrades, the others
    then find the schema at its head."""
    if engine.dialect.name != "postgresql":
        command.upgrade(alembic_config(engine), "head")
        return
    with engine.connect() as lock:
        lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATE_LOCK})
        lock.commit()  # the lock belongs to the connection, not to this transaction
        try:
            command.upgrade(alembic_config(engine), "head")
        finally:
            lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATE_LOCK})
            lock.commit()
