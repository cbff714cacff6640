"""The storage fixtures (every test on SQLite and PostgreSQL)."""

from __future__ import annotations

from tests.storage.conftest import (  # noqa: F401  (fixtures are found by name)
    empty_database_url,
    engine,
    postgres_admin_url,
    postgres_engine,
    session,
    sqlite_template,
)
