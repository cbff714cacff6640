from __future__ import annotations

from datetime import UTC, datetime

import pytest

from nlu.parser import extract_rule_entities
from nlu.times import LONDON, find_times


def london(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def resolve(text: str, now: datetime) -> tuple[str, str]:
    """The stretch of text the time covers and its value: "last night at 11" is two spans
    (the guideline leaves "at" out), both meaning 23:00 last night."""
    matches = find_times(text, now)
    assert len({m.value for m in matches}) == 1
    return text[matches[0].start : matches[-1].end], matches[0].value


# Winter: London is UTC, so the expected values read as wall-clock times.
WINTER_LATE = london(2026, 3, 2, 23, 30)
WINTER_SMALL_HOURS = london(2026, 3, 3, 1, 0)


@pytest.mark.parametrize(
    ("text", "now", "span", "value"),
    [
        ("last seen half 10", WINTER_LATE, "half 10", "2026-03-02T22:30:00Z"),
        # After midnight "half 10" is last night, not the coming morning.
        ("last seen half 10", WINTER_SMALL_HOURS, "half 10", "2026-03-02T22:30:00Z"),
        ("went out 2 hours ago", WINTER_LATE, "2 hours ago", "2026-03-02T21:30:00Z"),
        ("left at 21:40", WINTER_LATE, "21:40", "2026-03-02T21:40:00Z"),
        ("left at 21:40", WINTER_SMALL_HOURS, "21:40", "2026-03-02T21:40:00Z"),
        ("due back at 10pm", WINTER_LATE, "10pm", "2026-03-02T22:00:00Z"),
        ("seen at 9am", WINTER_LATE, "9am", "2026-03-02T09:00:00Z"),
        ("quarter to 11", WINTER_LATE, "quarter to 11", "2026-03-02T22:45:00Z"),
        ("20 past 9", WINTER_LATE, "20 past 9", "2026-03-02T21:20:00Z"),
        ("since 9 last night", WINTER_LATE, "9 last night", "2026-03-01T21:00:00Z"),
        ("last night at 11", london(2026, 3, 3, 8, 0), "last night at 11", "2026-03-02T23:00:00Z"),
        ("last night at 2", london(2026, 3, 3, 8, 0), "last night at 2", "2026-03-03T02:00:00Z"),
        ("yesterday at 5", WINTER_LATE, "yesterday at 5", "2026-03-01T17:00:00Z"),
        ("about 10ish", WINTER_LATE, "10ish", "2026-03-02T22:00:00Z"),
        ("half an hour ago", WINTER_LATE, "half an hour ago", "2026-03-02T23:00:00Z"),
        ("an hour and a half ago", WINTER_LATE, "an hour and a half ago", "2026-03-02T22:00:00Z"),
        ("20 mins ago", WINTER_LATE, "20 mins ago", "2026-03-02T23:10:00Z"),
        ("just now", WINTER_LATE, "just now", "2026-03-02T23:30:00Z"),
        ("at midnight", WINTER_SMALL_HOURS, "midnight", "2026-03-03T00:00:00Z"),
        ("2130hrs", WINTER_LATE, "2130hrs", "2026-03-02T21:30:00Z"),
        ("last night", WINTER_LATE, "last night", "2026-03-01T18:00:00Z"),
        ("tonight", WINTER_SMALL_HOURS, "tonight", "2026-03-02T18:00:00Z"),
        ("10 this morning", WINTER_SMALL_HOURS, "10 this morning", "2026-03-02T10:00:00Z"),
        ("on friday", WINTER_LATE, "friday", "2026-02-27T00:00:00Z"),
        ("3rd March", WINTER_LATE, "3rd March", "2025-03-03T00:00:00Z"),
        ("1st March at 8pm", WINTER_LATE, "1st March at 8pm", "2026-03-01T20:00:00Z"),
        # New Year: 31/12 in early January is last year.
        ("31/12 at 11pm", london(2026, 1, 1, 0, 30), "31/12 at 11pm", "2025-12-31T23:00:00Z"),
    ],
)
def test_resolves_relative_to_now(text: str, now: datetime, span: str, value: str) -> None:
    assert resolve(text, now) == (span, value)


def test_a_clock_time_a_few_minutes_ahead_is_not_yesterday() -> None:
    assert resolve("back by 23:40", WINTER_LATE)[1] == "2026-03-02T23:40:00Z"


def test_summer_times_are_converted_from_bst() -> None:
    now = london(2026, 7, 10, 23, 30)
    assert resolve("half 10", now)[1] == "2026-07-10T21:30:00Z"


def test_across_the_spring_forward() -> None:
    # Clocks go forward at 01:00 GMT on 29 March 2026; 23:00 on the 28th was GMT.
    now = london(2026, 3, 29, 9, 0)
    assert resolve("last night at 11", now)[1] == "2026-03-28T23:00:00Z"
    assert resolve("2 hours ago", now)[1] == "2026-03-29T06:00:00Z"
    assert resolve("8am", now)[1] == "2026-03-29T07:00:00Z"


def test_across_the_fall_back_picks_the_later_repeated_hour() -> None:
    # 25 Oct 2026: 01:30 happens twice (BST 00:30Z, then GMT 01:30Z).
    now = datetime(2026, 10, 25, 2, 0, tzinfo=UTC)
    assert resolve("at 1:30", now)[1] == "2026-10-25T01:30:00Z"
    earlier = datetime(2026, 10, 25, 1, 0, tzinfo=UTC)
    assert resolve("at 1:30", earlier)[1] == "2026-10-25T00:30:00Z"


@pytest.mark.parametrize(
    "text",
    ["she is 14", "3 lads were with her", "at 10 past", "gone for 2 hours", "has 2 phones"],
)
def test_numbers_that_are_not_times(text: str) -> None:
    assert all(m.text not in {"14", "3", "2"} for m in find_times(text, WINTER_LATE))


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError):
        find_times("half 10", datetime(2026, 3, 2, 23, 30))


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("YP returned 0315 via police", "0315", "2026-12-02T03:15:00Z"),
        ("left at 2215, not seen since", "2215", "2026-12-01T22:15:00Z"),
        ("rang at 1130 about the RHI", "1130", "2026-12-01T11:30:00Z"),
        ("came in 1130hrs", "1130hrs", "2026-12-01T11:30:00Z"),
    ],
)
def test_log_style_four_digit_times_are_the_24_hour_clock(text: str, span: str, value: str) -> None:
    now = datetime(2026, 12, 2, 3, 30, tzinfo=UTC)
    [found] = find_times(text, now)
    assert (text[found.start : found.end], found.value) == (span, value)


@pytest.mark.parametrize("text", ["incident 2215 logged", "ref 0315 given", "in 1130 days"])
def test_four_digits_of_a_reference_or_an_amount_are_not_times(text: str) -> None:
    found = extract_rule_entities(text, datetime(2026, 12, 2, 3, 30, tzinfo=UTC), [])
    assert [e for e in found if e["entity"] == "time"] == []


def _spans(text: str) -> list[str]:
    return [m.text for m in find_times(text, datetime(2026, 12, 2, 3, 30, tzinfo=UTC))]


def test_session_22_writers_times() -> None:
    # Four digits standing alone in a log line, but not a year.
    assert _spans("Mo back 2305, dropped by taxi") == ["2305"]
    assert _spans("curfew 2030 and no word") == ["2030"]
    assert _spans("he has been here since 2021") == []
    # A bare hour after "back for", "curfew was", "it's ... now"; "nearly", "just after" kept.
    assert _spans("was meant to be back for 8 tonight") == ["8 tonight"]
    assert _spans("curfew was 10 and she's still out") == ["10"]
    assert _spans("it's 11 now and nothing") == ["11"]
    assert _spans("its nearly 12 and no sign") == ["nearly 12"]
    assert _spans("went out the window just after 4") == ["just after 4"]
    # "at" parts a day from its clock; voice typing's "at 8 15"; "after tea" whole.
    assert _spans("she rang yesterday at 6") == ["yesterday", "6"]
    assert _spans("stopped at 8 15 for chips") == ["8 15"]
    assert _spans("he left after tea with his bag") == ["after tea"]
    assert _spans("picked up after school by his dad") == []
    # Till the morning, after maghrib.
    assert _spans("they're keeping him till the morning") == ["the morning"]
    assert _spans("not seen since maghrib") == ["maghrib"]
    # A wait is not a point in time, and its number is not a clock.
    assert _spans("said he'd be home in 20 mins") == []


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("hes sat at the rec with the lads", []),
        ("the sun is out", []),
        ("went out on sat night", ["sat night"]),
        ("not seen since sat", ["sat"]),
        ("she left at 10pm. no word since", ["10pm"]),
        ("0355 EDT: carer confirms he returned", ["0355"]),
    ],
)
def test_words_that_are_days_and_dots_that_end_sentences(text: str, spans: list[str]) -> None:
    found = find_times(text, datetime(2026, 12, 2, 3, 30, tzinfo=UTC))
    assert [text[f.start : f.end] for f in found] == spans
