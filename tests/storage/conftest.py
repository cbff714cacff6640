"""Database fixtures for the storage tests: every test that takes `engine` or `session` runs on
SQLite and on PostgreSQL. Only fixtures live here."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import URL, Engine
from sqlalchemy.orm import Session

from storage.db import make_engine, make_session_factory, migrate
from storage.models import Base
from tests.storage.pg_cluster import (
    NO_BINARIES,
    NO_SERVER_USER,
    configured_url,
    find_bin_dir,
    scratch_database,
    server_user,
    throwaway_cluster,
)

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[URL]:
    """A server we may create databases on: HOMEWARD_TEST_POSTGRES_URL, else our own."""
    given = configured_url()
    if given is not None:
        yield given
        return
    bin_dir = find_bin_dir()
    if bin_dir is None:
        pytest.skip(NO_BINARIES)
    run_as = server_user()
    if run_as is None:
        pytest.skip(NO_SERVER_USER)
    with throwaway_cluster(bin_dir, run_as) as url:
        yield url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied per test: cheaper than migrating every time."""
    path = tmp_path_factory.mktemp("template") / "homeward.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_engine(postgres_admin_url: URL) -> Iterator[Engine]:
    """One migrated database for the session; tests get it emptied (see `engine`)."""
    with scratch_database(postgres_admin_url) as url:
        engine = make_engine(url)
        migrate(engine)
        yield engine
        engine.dispose()


@pytest.fixture(params=BACKENDS)
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all, for the migration tests."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    admin: URL = request.getfixturevalue("postgres_admin_url")
    with scratch_database(admin) as url:
        yield url


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty database."""
    if request.param == "sqlite":
        path = tmp_path / "homeward.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        sqlite = make_engine(f"sqlite:///{path}")
        yield sqlite
        sqlite.dispose()
        return
    postgres: Engine = request.getfixturevalue("postgres_engine")
    # DELETE, not TRUNCATE: on a handful of rows it is several times faster.
    with postgres.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
    yield postgres


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with make_session_factory(engine)() as session:
        yield session
