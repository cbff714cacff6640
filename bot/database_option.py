"""The `--db FILE` option every administration command shares, and its session."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.orm import Session


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        help="use this SQLite file (else HOMEWARD_DATABASE_URL or HOMEWARD_DB_PATH)",
    )


@contextmanager
def database_session(db: Path | None) -> Iterator[Session]:
    """A session on the configured database, migrated first. The caller commits."""
    from storage.config import database_url
    from storage.db import make_engine, make_session_factory, migrate

    url = f"sqlite:///{db.expanduser().resolve()}" if db else database_url(os.environ)
    engine = make_engine(url)
    try:
        migrate(engine)
        with make_session_factory(engine)() as session:
            yield session
    finally:
        engine.dispose()
