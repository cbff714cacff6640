"""The one "when" reader: next-meeting dates (never in the past) and past times (last seen, back),
with what makes a past time implausible."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogues.when import Plausible, parse_future_date, parse_past_time, plausibility

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


# Past times: when last seen, when back ---------------------------------------------------------

NIGHT = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)  # 3am GMT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("midnight", datetime(2026, 3, 3, 0, 0, tzinfo=UTC)),
        ("teatime", datetime(2026, 3, 2, 17, 0, tzinfo=UTC)),
        ("lunchtime", datetime(2026, 3, 2, 12, 30, tzinfo=UTC)),
        ("10pm", datetime(2026, 3, 2, 22, 0, tzinfo=UTC)),
        ("half 10", datetime(2026, 3, 2, 22, 30, tzinfo=UTC)),
        ("about 10 last night", datetime(2026, 3, 2, 22, 0, tzinfo=UTC)),
        ("2 hours ago", datetime(2026, 3, 3, 1, 0, tzinfo=UTC)),
        ("just now", NIGHT),
    ],
)
def test_past_times(text: str, expected: datetime) -> None:
    assert parse_past_time(text, NIGHT) == expected


@pytest.mark.parametrize("text", ["", "०", "²", "qwerty", "25:00", "10:75", "👍"])
def test_unreadable_past_times(text: str) -> None:
    assert parse_past_time(text, NIGHT) is None


@pytest.mark.parametrize("text", ["99999 hours ago", "9999999999 hours ago", "400 days ago"])
def test_huge_counts_are_capped_then_refused_not_years_back(text: str) -> None:
    when = parse_past_time(text, NIGHT)
    assert when is not None and when.year >= 2025
    assert plausibility(when, NIGHT) is Plausible.TOO_LONG_AGO


def test_plausibility() -> None:
    hour = timedelta(hours=1)
    assert plausibility(NIGHT - hour, NIGHT) is Plausible.OK
    assert plausibility(NIGHT + hour, NIGHT) is Plausible.FUTURE
    assert plausibility(NIGHT - 4 * 24 * hour, NIGHT) is Plausible.LONG_AGO
    assert plausibility(NIGHT - 40 * 24 * hour, NIGHT) is Plausible.TOO_LONG_AGO
    previous = NIGHT - 2 * hour
    assert plausibility(NIGHT - 3 * hour, NIGHT, not_before=previous) is Plausible.BEFORE_PREVIOUS


@given(st.text(max_size=40))
def test_no_text_crashes_the_time_reader(text: str) -> None:
    when = parse_past_time(text, NIGHT)
    assert when is None or when <= NIGHT
