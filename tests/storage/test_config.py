from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from storage.config import database_url


def test_explicit_url_wins() -> None:
    env = {
        "HOMEWARD_DATABASE_URL": "postgresql+psycopg://homeward@db.invalid/homeward",
        "HOMEWARD_DB_PATH": "/nowhere/ignored.sqlite3",
    }
    assert database_url(env) == "postgresql+psycopg://homeward@db.invalid/homeward"


def test_path_gives_sqlite_and_creates_its_folder(tmp_path: Path) -> None:
    target = tmp_path / "nested" / "h.sqlite3"
    assert database_url({"HOMEWARD_DB_PATH": str(target)}) == f"sqlite:///{target}"
    assert target.parent.is_dir()


def test_default_is_in_the_user_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = tmp_path / "data" / "homeward"
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda app: str(data_dir))
    assert database_url({}) == f"sqlite:///{data_dir / 'homeward.sqlite3'}"
    assert data_dir.is_dir()


def test_blank_variables_count_as_unset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda app: str(tmp_path))
    url = database_url({"HOMEWARD_DATABASE_URL": " ", "HOMEWARD_DB_PATH": ""})
    assert url == f"sqlite:///{tmp_path / 'homeward.sqlite3'}"
