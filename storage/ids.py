"""Row ids as they arrive from outside (button payloads, typed numbers, CLI arguments).

A payload is text anyone can forge: "²" is a digit to Python but not to int(), and a 23-digit
number overflows SQLite's INTEGER. Parsed here once, so a bad id is "no such row", never a
crash."""

from __future__ import annotations

# Both SQLite and PostgreSQL (bigint) keep ids below 2**63; our ids are positive.
MAX_ROW_ID = 2**63 - 1
_ASCII_DIGITS = frozenset("0123456789")


def parse_row_id(text: str) -> int | None:
    """The id `text` spells in plain ASCII digits, or None when it cannot be a row id."""
    if not text or len(text) > len(str(MAX_ROW_ID)) or not set(text) <= _ASCII_DIGITS:
        return None
    value = int(text)
    return value if 0 < value <= MAX_ROW_ID else None
