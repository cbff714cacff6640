from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from nlu.cache import load_model
from nlu.parser import EmbeddedUnderstanding

NOW = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)


@pytest.fixture(scope="session")
def cache_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    yield {"HOMEWARD_NLU_CACHE": str(tmp_path_factory.mktemp("nlu-cache"))}


@pytest.fixture(scope="session")
def understanding(cache_env: dict[str, str]) -> EmbeddedUnderstanding:
    return EmbeddedUnderstanding(load_model(env=cache_env))


@pytest.fixture(autouse=True)
def _isolated_cache(monkeypatch: pytest.MonkeyPatch, cache_env: dict[str, str]) -> None:
    # The CLI builds its own model; keep it out of the developer's real cache.
    monkeypatch.setenv("HOMEWARD_NLU_CACHE", cache_env["HOMEWARD_NLU_CACHE"])
    monkeypatch.delenv("HOMEWARD_NLU_BACKEND", raising=False)


DATA = Path(__file__).resolve().parents[2] / "nlu" / "data"
