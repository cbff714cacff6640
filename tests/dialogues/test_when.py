"""Next-meeting dates typed in free text, on the London wall clock, never in the past."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dialogues.when import parse_future_date

NOW = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)  # Friday before the clocks go forward


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Friday", datetime(2026, 4, 3, 9, 0, tzinfo=UTC)),  # next Friday, 10:00 BST
        ("monday 2pm", datetime(2026, 3, 30, 13, 0, tzinfo=UTC)),
        ("tomorrow", datetime(2026, 3, 28, 10, 0, tzinfo=UTC)),
        ("12 April", datetime(2026, 4, 12, 9, 0, tzinfo=UTC)),
        ("12/04 14:30", datetime(2026, 4, 12, 13, 30, tzinfo=UTC)),
        ("2026-04-01", datetime(2026, 4, 1, 9, 0, tzinfo=UTC)),
        ("today at 3pm", datetime(2026, 3, 27, 15, 0, tzinfo=UTC)),
    ],
)
def test_future_dates(text: str, expected: datetime) -> None:
    assert parse_future_date(text, NOW) == expected


@pytest.mark.parametrize("text", ["", "someday", "yesterday", "31/02", "today at 8am", "25:00"])
def test_unreadable_or_past(text: str) -> None:
    assert parse_future_date(text, NOW) is None
