from datetime import date, timedelta

import pytest

from protocols.clock import (
    describe,
    end_of_working_day,
    is_working_day,
    parse_duration,
)

from .helpers import london, utc


@pytest.mark.parametrize(
    ("text", "months", "hours"),
    [
        ("PT6H", 0, 6),
        ("P3D", 0, 72),
        ("P5D", 0, 120),
        ("P10W", 0, 1680),
        ("P1M", 1, 0),
        ("P6M", 6, 0),
        ("PT24H", 0, 24),
        ("P1Y", 12, 0),
    ],
)
def test_durations(text: str, months: int, hours: int) -> None:
    d = parse_duration(text)
    assert d.months == months
    assert d.elapsed == timedelta(hours=hours)


@pytest.mark.parametrize("text", ["", "6h", "P", "PT", "P1H", "-PT1H", "PT1.5H"])
def test_bad_durations_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="ISO 8601"):
        parse_duration(text)


def test_hours_are_elapsed_time_across_the_autumn_change() -> None:
    # 23:00 BST on Sat 24 Oct 2026; clocks go back at 02:00 on Sunday 25 October.
    start = london("2026-10-24 23:00")
    assert start == utc("2026-10-24 22:00")
    assert parse_duration("PT6H").after(start) == utc("2026-10-25 04:00")  # 04:00 GMT


def test_months_keep_the_london_wall_clock_across_the_spring_change() -> None:
    start = london("2026-03-05 10:00")  # GMT
    assert parse_duration("P1M").after(start) == london("2026-04-05 10:00")  # BST
    assert parse_duration("P1M").after(start) == utc("2026-04-05 09:00")


def test_month_end_is_clamped() -> None:
    assert parse_duration("P1M").after(london("2026-01-31 12:00")) == london("2026-02-28 12:00")


def test_bank_holidays_of_england_and_wales() -> None:
    assert not is_working_day(date(2026, 4, 3))  # Good Friday
    assert not is_working_day(date(2026, 4, 6))  # Easter Monday
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day substitute
    assert not is_working_day(date(2026, 11, 28))  # Saturday
    assert is_working_day(date(2026, 11, 23))


def test_end_of_fifth_working_day_skips_easter() -> None:
    # Episode on Thu 2 Apr 2026: Fri 3 (Good Friday), Mon 6 (Easter Monday) do not count.
    due = end_of_working_day(london("2026-04-02 20:00"), 5)
    assert due == london("2026-04-13 23:59")  # Tue 7, Wed 8, Thu 9, Fri 10, Mon 13


def test_end_of_working_day_is_london_time_in_summer() -> None:
    due = end_of_working_day(london("2026-06-01 09:00"), 1)
    assert due == utc("2026-06-02 22:59")


def test_days_are_london_calendar_days_across_the_spring_change() -> None:
    # One rule (ISO 8601): the date part moves the London calendar, the time part is elapsed.
    start = london("2026-03-28 22:00")  # GMT; clocks go forward at 01:00 GMT on 29 March
    assert parse_duration("P3D").after(start) == london("2026-03-31 22:00")  # BST
    assert parse_duration("P3D").after(start) - start == timedelta(hours=71)
    assert parse_duration("PT72H").after(start) - start == timedelta(hours=72)
    assert parse_duration("P1W").after(start) == london("2026-04-04 22:00")


def test_days_are_london_calendar_days_across_the_autumn_change() -> None:
    start = london("2026-10-24 20:00")  # BST; clocks go back on 25 October
    assert parse_duration("P1D").after(start) == london("2026-10-25 20:00")  # GMT
    assert parse_duration("P1D").after(start) - start == timedelta(hours=25)
    assert parse_duration("P1DT2H").after(start) == london("2026-10-25 22:00")


def test_windows_count_back_in_calendar_days() -> None:
    end = london("2026-04-10 12:00")
    assert parse_duration("P90D").before(end) == london("2026-01-10 12:00")
    assert parse_duration("P6M").before(end) == london("2025-10-10 12:00")


def test_durations_beyond_a_hundred_years_are_refused() -> None:
    for text in ("P9999999W", "P101Y", "PT99999999H"):
        with pytest.raises(ValueError, match="at most 100 years"):
            parse_duration(text)


def test_describe_says_days_and_hours_as_written() -> None:
    assert describe(parse_duration("PT72H")) == "72 hours"
    assert describe(parse_duration("P3D")) == "3 days"
    assert describe(parse_duration("P10W")) == "10 weeks"
    assert describe(parse_duration("P1M")) == "1 month"
    assert describe(parse_duration("PT0H")) == "immediately"
