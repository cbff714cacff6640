"""The storage fixtures (every test on SQLite and PostgreSQL) and an invented organisation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from storage.db import make_session_factory
from tests.reminders.helpers import Org, add_task, at, build_org
from tests.storage.conftest import (  # noqa: F401  (fixtures are found by name)
    empty_database_url,
    engine,
    postgres_admin_url,
    postgres_engine,
    session,
    sqlite_template,
)


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:  # noqa: F811  (the fixture above)
    return make_session_factory(engine)


@pytest.fixture
def org(sessions: sessionmaker[Session]) -> Iterator[Org]:
    """The invented organisation with one open task: tell the team manager, due 12:00."""
    with sessions() as db:
        org = build_org(db)
        add_task(db, org, "notify:team_manager", at(12))
        db.commit()
    yield org
