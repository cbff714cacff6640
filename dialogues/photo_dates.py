"""When a photo was taken, as a carer says it: "today", "yesterday", "last week", "3 weeks
ago", "in June", "12 May", "12/05/2026". Only days up to today; None when unclear (the flow then
asks again rather than guessing)."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from dialogues.when import valid_date

_MONTHS = {
    name.lower(): i
    for i in range(1, 13)
    for name in (calendar.month_name[i], calendar.month_abbr[i])
}
_MONTHS["sept"] = 9
_AGO = re.compile(r"^(?:about\s+|around\s+)?(a|an|one|\d{1,3})\s+(day|week|month|year)s?\s+ago$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2}|\d{4}))?$")
_WORDS = re.compile(r"^(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?(?:of\s+)?([a-z]+)(?:\s+(\d{4}))?$")
_FIXED = {
    "today": 0,
    "this morning": 0,
    "this afternoon": 0,
    "tonight": 0,
    "just now": 0,
    "yesterday": 1,
    "this week": 3,
    "last week": 7,
    "a week ago": 7,
    "this month": 14,
    "last month": 30,
}


def parse_past_date(text: str, today: date) -> date | None:
    said = " ".join(text.lower().strip().rstrip(".!").split())
    said = re.sub(r"^(?:it was |taken |on |in |about |around )+", "", said)
    if said in _FIXED:
        return today - timedelta(days=_FIXED[said])
    ago = _AGO.match(said)
    if ago:
        return _ago(ago.group(1), ago.group(2), today)
    numeric = _NUMERIC.match(said)
    if numeric:
        day, month, year = numeric.groups()
        return _past(int(day), int(month), _year(year), today)
    words = _WORDS.match(said)
    if words and words.group(2) in _MONTHS:
        day_text, month_name, year_text = words.groups()
        month = _MONTHS[month_name]
        if day_text is None and year_text is None and month == today.month:
            return today  # "in December", said in December
        return _past(int(day_text) if day_text else 15, month, _year(year_text), today)
    return None


def _ago(amount: str, unit: str, today: date) -> date | None:
    n = 1 if amount in ("a", "an", "one") else int(amount)
    if unit == "day":
        return today - timedelta(days=n)
    if unit == "week":
        return today - timedelta(weeks=n)
    months = n * (12 if unit == "year" else 1)
    index = today.month - 1 - months
    year, month = today.year + index // 12, index % 12 + 1
    return valid_date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    return int(text) + 2000 if len(text) == 2 else int(text)


def _past(day: int, month: int, year: int | None, today: date) -> date | None:
    """That day in the given year, or the latest one not after today when no year is said."""
    if year is not None:
        found = valid_date(year, month, day)
        return found if found is not None and found <= today else None
    found = valid_date(today.year, month, day)
    if found is not None and found > today:
        found = valid_date(today.year - 1, month, day)
    return found
