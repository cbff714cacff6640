"""When a photo was taken, as people say it: never a future day, never a crash."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogues.photo_dates import parse_past_date

TODAY = date(2026, 3, 3)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("today", TODAY),
        ("Yesterday", date(2026, 3, 2)),
        ("last week", date(2026, 2, 24)),
        ("3 weeks ago", date(2026, 2, 10)),
        ("a month ago", date(2026, 2, 3)),
        ("2 months ago", date(2026, 1, 3)),
        ("in June", date(2025, 6, 15)),
        ("12 May", date(2025, 5, 12)),
        ("1st March", date(2026, 3, 1)),
        ("12/02/2026", date(2026, 2, 12)),
        ("12/02/26", date(2026, 2, 12)),
        ("it was on 2 January 2026", date(2026, 1, 2)),
        ("in March", TODAY),
    ],
)
def test_what_people_say(said: str, expected: date) -> None:
    assert parse_past_date(said, TODAY) == expected


@pytest.mark.parametrize("said", ["tomorrow", "banana", "", "31/02/2026", "12/05/2027", "soon"])
def test_unclear_or_future_is_none(said: str) -> None:
    assert parse_past_date(said, TODAY) is None


@given(st.text(max_size=40))
def test_never_a_future_day_and_never_a_crash(said: str) -> None:
    found = parse_past_date(said, TODAY)
    assert found is None or found <= TODAY
