"""Where the database lives, decided from the environment only (no files to find)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import platformdirs

URL_VARIABLE = "HOMEWARD_DATABASE_URL"
PATH_VARIABLE = "HOMEWARD_DB_PATH"
DEFAULT_FILENAME = "homeward.sqlite3"


def database_url(env: Mapping[str, str]) -> str:
    """The SQLAlchemy URL: HOMEWARD_DATABASE_URL, else SQLite at HOMEWARD_DB_PATH, else SQLite in
    the user's data directory (created so a first run just works)."""
    url = env.get(URL_VARIABLE, "").strip()
    if url:
        return url
    raw_path = env.get(PATH_VARIABLE, "").strip()
    if raw_path:
        path = Path(raw_path).expanduser()
    else:
        path = Path(platformdirs.user_data_dir("homeward")) / DEFAULT_FILENAME
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path.resolve()}"
