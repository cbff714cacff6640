from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from storage.db import alembic_config, make_engine, migrate
from storage.models import Base


def test_migrations_build_exactly_the_models(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    try:
        migrate(engine)
        with engine.connect() as connection:
            diffs = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert diffs == []
    finally:
        engine.dispose()


def test_migrate_is_idempotent_and_records_head(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    try:
        migrate(engine)
        migrate(engine)
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        with engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() == head
    finally:
        engine.dispose()


def test_downgrade_to_base_removes_every_table(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    try:
        migrate(engine)
        command.downgrade(alembic_config(engine), "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()
