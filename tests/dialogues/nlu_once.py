"""The real NLU for conversation tests, built once per test run (about a second)."""

from __future__ import annotations

from functools import cache

from dialogues.understanding import Understanding
from nlu.parser import load_understanding


@cache
def understanding() -> Understanding:
    return load_understanding({})
