from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.telegram.harness import Harness, make_harness


@pytest.fixture
async def tg(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await make_harness(tmp_path / "homeward.sqlite3")
    try:
        yield harness
    finally:
        await harness.app.shutdown()
    assert harness.errors == [], "a handler raised"
