"""Time expressions found in a message, resolved to instants in Europe/London.

Written by hand rather than with dateparser: dateparser does not know "half 10" or "gone 9",
takes over a second on its first call and ~15 ms on each later one, and picks the future for a
bare clock time. Here a clock time without a day is the most recent occurrence (messages report
when a child was last seen or was due back), with a short grace into the future for clocks that
run a little ahead. A part of the day ("last night") resolves to the start of that part, the
earliest plausible instant, so protocol clocks err early rather than late; its grain says the
dialogue may want to ask for the exact time. The clock is always a parameter, never read here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
# A time this far ahead of `now` still counts as "just now" rather than "yesterday".
FUTURE_GRACE = timedelta(minutes=15)

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "twenty five": 25,
    "twenty-five": 25,
}
_HOUR = r"(?:1[0-2]|0?[1-9]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_MINUTES_WORD = r"(?:\d{1,2}|five|ten|twenty|twenty[- ]five)"
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?"
# "sat", "sun" and "wed" are also words ("he's sat at the rec"): a day only after a word that
# makes them one ("on sat", "last sun", "since wed") or before a part of the day ("sat night").
_WEEKDAY_NAMED = (
    r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)day|mon|tues?|weds|thu(?:rs?)?|fri"
    r"|(?:(?<=\bon\s)|(?<=\blast\s)|(?<=\bsince\s)|(?<=\bfrom\s)|(?<=\btill\s)|(?<=\bthis\s)"
    r"|(?<=\bnext\s)|(?<=\buntil\s))(?:sat|sun|wed)"
    r"|(?:sat|sun|wed)(?=\s+(?:night|nite|morning|afternoon|evening|arvo)\b))"
)
_PART = r"(?:morning|afternoon|evening|night|nite|arvo)"
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# "2am", and said in words: "2 in the morning", "10 at night".
_AMPM = (
    # "a.m." keeps its last dot; "10pm." ends a sentence, so the dot is not part of the time.
    r"(?:\s*(?P<ap>[ap]\.m\.|[ap]\.?m\b|(?<=\s)(?:in\s+the\s+(?:morning|afternoon|evening)"
    r"|at\s+night)\b))"
)
_UNIT = r"(?P<unit>mins?|minutes?|hrs?|hours?|days?|weeks?|wks?|months?|mths?)"
_AMOUNT = (
    # Up to three digits: "in 1130hrs" is a log time, not 1,130 hours from now.
    r"(?P<amount>\d{1,3}(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
    r"|twelve|fifteen|twenty|thirty|forty|fifty|a\s+couple\s+of|couple\s+of|a\s+couple|a\s+few"
    r"|few|several)"
)

_CLOCK_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("hhmm", rf"\b(?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)(?:{_AMPM}|\s*hrs\b)?"),
        ("hhmm", r"\b(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)(?P<h24>)\s*hrs\b"),
        # A log line that starts with four digits: "0355 EDT: carer confirms ...".
        (
            "hhmm",
            r"^\s*(?P<core>(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)(?P<h24>))"
            r"(?=\s*(?:hrs?\b|:|-|–|\s+(?-i:[A-Z])))",
        ),
        # Log-style four digits after a word that makes them a time: "returned 0315", "at 2215".
        (
            "hhmm",
            r"(?:\b(?:at|since|around|about|abt|by|from|till?|until|before|after|approx|returned"
            r"|left|absconded|seen)\s+|@\s*)(?P<core>(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)(?P<h24>))\b"
            r"(?!\s*(?:hrs?\b|hours?\b|%|\d|/))",
        ),
        # Four digits standing alone in a log-style message: "back 2350", "curfew 2100", "LS
        # 2140 outside the gate". References ("incident 0419") are taken first by the caller;
        # a year ("in 2019") is left out in _scan.
        (
            "hhmm",
            r"(?<![£$#/:.\-])\b(?P<core>(?P<bare>(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d))(?P<h24>))\b"
            r"(?![/:.\-]\d|\s*(?:hrs?\b|hours?\b|%|mins?\b|minutes?\b|days?\b|weeks?\b|months?\b|years?\b|quid|pounds?|people|miles?))",
        ),
        # A clock said with a space by a phone's voice typing: "at 7 30", "turned up at 11 40".
        (
            "hhmm",
            r"\b(?:at|till?|until|by|from)\s+(?P<core>(?P<h>[01]?\d|2[0-3])\s(?P<m>[0-5]\d))\b"
            r"(?!\s*(?:%|hrs?\b|hours?\b|mins?\b|minutes?\b|\d))",
        ),
        ("half", rf"\bhalf\s+(?:past\s+)?(?P<h>{_HOUR})\b{_AMPM}?"),
        ("quarter", rf"\b(?:a\s+)?quarter\s+(?P<dir>past|to|after)\s+(?P<h>{_HOUR})\b{_AMPM}?"),
        (
            "minutes",
            rf"\b(?P<mw>{_MINUTES_WORD})\s+(?:mins?\s+|minutes\s+)?(?P<dir>past|to)"
            rf"\s+(?P<h>{_HOUR})\b{_AMPM}?",
        ),
        ("hour", rf"\b(?P<h>{_HOUR})\s*(?:o'?\s?clock\b|{_AMPM})"),
        ("hour", rf"\b(?P<h>{_HOUR})\s*-?ish\b"),
        (
            "hour",
            r"\b(?:at|since|around|about|abt|by|from|till?|until|before|after|gone|approx|nearly"
            r"|almost|past|(?:in|back|home|due|be|here)\s+for|curfew(?:\s+(?:was|is|of|at))?)\s+"
            rf"(?P<core>(?P<h>{_HOUR}))\b(?!\s*(?:%|[:.]\d|of\b|people|lads|girls|boys|times|years?|yrs?"
            r"|hours?|hrs?|mins?|minutes?|days?|nights?|weeks?|months?|miles?|quid|pounds?|kids|children"
            r"|other|more|or\s+\d))",
        ),
        # "it's 7 now", "It's 10 and he isn't answering": the hour it is when writing.
        (
            "hour",
            rf"\bit['’]?s\s+(?:now\s+)?(?P<core>(?P<h>{_HOUR}))(?=\s+(?:now|and|already)\b|\s*[,.!])",
        ),
        # A bare hour right before a day ("10 this morning") is a time because of that day.
        (
            "hour",
            rf"\b(?P<h>{_HOUR})(?=\s+(?:this\s+(?:morning|afternoon|evening)|last\s+night"
            r"|tonight|yesterday|tomorrow)\b)",
        ),
        # "gone midnight" is after midnight: the "gone" is part of what was said; so it is in
        # "gone 2" (an informal time, written whole, where "at 2" is just "2").
        (
            "hour",
            rf"\b(?P<core>gone\s+(?P<h>{_HOUR})(?:\s*o'?\s?clock\b|{_AMPM}|\b))"
            r"(?!\s*(?:%|[:.]\d|of\b|hours?|hrs?|mins?|minutes?|days?|nights?|weeks?|months?|years?|times))",
        ),
        ("midnight", r"\b(?:gone\s+)?(?:mid-?night|midday|noon)\b"),
        # A meal by itself is a time only after a word that makes it one ("since tea", "just
        # after tea"); that word is not part of it, as "at" is not part of "at 10".
        (
            "named",
            r"\b(?:since|before|till|until|by|at|around|about|from)\s+"
            r"(?P<core>(?P<named>tea|dinner|lunch|breakfast))\b(?!\s?time)",
        ),
        # "after tea": "after" is not one of the words the guideline leaves out (at, by,
        # since ...), so it is part of the time, as "gone" is in "gone 9".
        (
            "named",
            r"\b(?P<core>(?:just\s+)?after\s+(?P<named>tea|dinner|lunch|breakfast))\b(?!\s?time)",
        ),
        # The small hours, earliest first so protocol clocks err early.
        ("named", r"\b(?P<named>early\s+hours)(?:\s+of\s+(?:this|the)\s+morning)?\b"),
        # Meal times and other everyday clock words, read as the hour they usually mean here
        # (the Midlands and North: "dinner" is the midday meal, "tea" the evening one).
        (
            "named",
            r"\b(?P<named>dinner\s?time|tea\s?time|lunch\s?time|breakfast\s?time|bed\s?time"
            r"|first\s+thing|home\s?time)\b",
        ),
        # Prayer times: "after Maghrib", "since fajr".
        ("named", r"\b(?P<named>fajr|dhuhr|zuhr|maghrib|isha)\b"),
    )
)
# The hour each named time stands for.
_NAMED_HOURS = {
    "dinner": 12,
    "tea": 17,
    "lunch": 12,
    "breakfast": 8,
    "bed": 21,
    "first": 8,
    "home": 15,
    "fajr": 5,
    "dhuhr": 13,
    "zuhr": 13,
    "maghrib": 17,
    "isha": 19,
    "early": 1,
}
_DAY_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("last_night", r"\b(?:late\s+)?last\s+(?:night|nite|evening)\b"),
        ("last_week", r"\blast\s+week\b"),
        ("tonight", r"\b(?:earlier\s+)?(?:tonight|tonite|2nite|this\s+evening)\b"),
        ("this_part", r"\b(?:early\s+|earlier\s+)?this\s+(?P<part>morning|afternoon|arvo)\b"),
        ("yesterday", rf"\b(?:yesterday|yday|yest)(?:\s+(?P<part>{_PART}))?\b"),
        ("today", r"\b(?:today|2day|earlier\s+today)\b"),
        # "keep her till the morning", "drive her back in the morning", Scots "the morn".
        (
            "tomorrow",
            r"\b(?:till?|until|in|by|first\s+thing\s+in)\s+(?P<core>(?:the\s+)?morning|the\s+morn)\b"
            r"(?!['’]s|\s+(?:of|after|before)\b)",
        ),
        ("tomorrow", rf"\b(?:tomorrow|tmrw|tmw)(?:\s+(?P<part>{_PART}))?\b"),
        ("weekday", rf"\b(?P<last>last\s+)?(?P<wd>{_WEEKDAY_NAMED})(?:\s+(?P<part>{_PART}))?\b"),
        (
            "date",
            rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH})\b"
            r"(?:\s+(?P<y>20\d\d))?",
        ),
        ("date", rf"\b(?P<mon>{_MONTH})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b"),
        ("date", r"\b(?P<d>[0-3]?\d)/(?P<mo>[01]?\d)(?:/(?P<y>(?:20)?\d\d))?\b"),
    )
)
_RELATIVE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        (
            "ago",
            r"\b(?:(?:over|about|around|abt|nearly|almost|like)\s+)?(?:an\s+hour\s+and\s+a\s+half"
            r"|(?P<hh>half\s+an?\s+hour))\s+ago\b",
        ),
        (
            "ago",
            rf"\b(?:(?:over|about|around|abt|nearly|almost|like)\s+)?{_AMOUNT}\s*{_UNIT}"
            r"(?P<half>\s+and\s+a\s+half)?\s+ago\b",
        ),
        ("in", rf"\bin\s+(?:(?:about|around|abt)\s+)?{_AMOUNT}\s*{_UNIT}\b"),
        ("just_now", r"\b(?:just\s+now|a\s+(?:min|minute|moment)\s+ago|few\s+mins\s+ago)\b"),
    )
)
_YEAR_BEFORE = re.compile(
    rf"\b(?:in|of|since|year|born|summer|winter|spring|autumn|christmas|{_MONTH})\s+$", re.I
)
_LEAD = re.compile(r"\b(?:just\s+(?:after|before|gone)|nearly|almost|past)\s+$", re.I)
# Words that may sit between a day and a clock time that belong together ("last night at 11").
_SPLIT = re.compile(r"\b(?:at|about|around|abt|approx|by|from)\b", re.I)
_JOINER = re.compile(r"^\s*(?:,\s*)?(?:at|about|around|abt|approx|by|from|on|gone|,)?\s*$", re.I)


@dataclass(frozen=True)
class _Piece:
    start: int
    end: int
    kind: str
    fields: dict[str, str | None]
    group: str  # "clock", "day" or "relative"


@dataclass(frozen=True)
class TimeMatch:
    start: int
    end: int
    text: str
    instant: datetime  # aware, UTC
    grain: str  # minute, hour, part_of_day, day, week
    wait: bool = False  # "in 10 mins": found only with `waits`, masked but no time entity

    @property
    def value(self) -> str:
        return self.instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _num(word: str) -> float:
    word = re.sub(r"\s+", " ", word.strip().lower())
    if word in {"a", "an"}:
        return 1
    if "couple" in word:
        return 2
    if word in {"a few", "few", "several"}:
        return 3
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS[word]
    return float(word)


def _local_candidates(day: date, hour: int, minute: int) -> list[datetime]:
    """UTC instants for a London wall-clock time; two in the autumn repeated hour."""
    naive = datetime.combine(day, time(hour, minute))
    out = []
    for fold in (0, 1):
        aware = naive.replace(tzinfo=LONDON, fold=fold)
        out.append(aware.astimezone(UTC))
    return sorted(set(out))


def _hours(h: int, ap: str | None, explicit_24h: bool) -> list[int]:
    if ap:
        base = h % 12
        said = ap.lower()
        if "night" in said:
            # "10 at night" is 22:00, "2 at night" is 02:00, "12 at night" midnight.
            return [base + 12] if 6 <= h < 12 else [base]
        pm = said.startswith("p") or "afternoon" in said or "evening" in said
        return [base + 12] if pm else [base]
    if explicit_24h or h == 0 or h > 12:
        return [h % 24]
    return [h % 12, h % 12 + 12]


# Parts of the day as [start hour, end hour) offsets from the day's midnight; night runs on.
_PART_WINDOWS = {
    "morning": (6, 12),
    "afternoon": (12, 17),
    "arvo": (12, 17),
    "evening": (17, 24),
    "night": (18, 30),
    "nite": (18, 30),
}


def _window(
    kind: str, fields: dict[str, str | None], now_local: datetime, *, with_clock: bool = False
) -> tuple[datetime, datetime, bool] | None:
    """Local [start, end) for a day reference, and whether it may lie in the future.

    With a clock time, "morning" starts at midnight: "half 3 this morning" is 03:30.
    """
    today = now_local.date()
    part = (fields.get("part") or "").lower() or None

    def span(day: date, part_name: str | None) -> tuple[datetime, datetime]:
        midnight = datetime.combine(day, time())
        if part_name is None:
            return midnight, midnight + timedelta(days=1)
        lo, hi = _PART_WINDOWS[part_name]
        if with_clock and part_name == "morning":
            lo = 0
        return midnight + timedelta(hours=lo), midnight + timedelta(hours=hi)

    if kind == "last_week":
        monday = datetime.combine(today - timedelta(days=today.weekday() + 7), time())
        return monday, monday + timedelta(days=7), False

    if kind == "last_night":
        lo, hi = span(today - timedelta(days=1), "night")
        return lo - timedelta(hours=1), hi, False
    if kind == "tonight":
        evening_day = today if now_local.hour >= 6 else today - timedelta(days=1)
        lo, hi = span(evening_day, "night")
        return lo - timedelta(hours=1), hi, True
    if kind == "this_part":
        lo, hi = span(today, part)
        if with_clock:
            # "1 this morning" at 03:30 is today's 01:00; _resolve_clock looks at the day
            # before when nothing today fits ("10 this morning", said at 03:30).
            return lo, hi, False
        usual_start = datetime.combine(today, time(_PART_WINDOWS[part or "morning"][0]))
        if usual_start > now_local.replace(tzinfo=None):
            # Up all night, "this morning" at 01:00 still means the morning just gone.
            lo, hi = lo - timedelta(days=1), hi - timedelta(days=1)
        return lo, hi, False
    if kind == "yesterday":
        return (*span(today - timedelta(days=1), part), False)
    if kind == "today":
        return (*span(today, None), True)
    if kind == "tomorrow":
        return (*span(today + timedelta(days=1), part), True)
    if kind == "weekday":
        wd = _WEEKDAYS.index((fields.get("wd") or "")[:3].lower())
        back = (today.weekday() - wd) % 7
        if back == 0 and fields.get("last"):
            back = 7
        return (*span(today - timedelta(days=back), part), False)
    if kind == "date":
        mon = fields.get("mon")
        month = _MONTHS.index(mon[:3].lower()) + 1 if mon else int(fields.get("mo") or 0)
        d = int(fields.get("d") or 0)
        year_text = fields.get("y")
        try:
            if year_text:
                year = int(year_text) + (2000 if len(year_text) == 2 else 0)
                day = date(year, month, d)
            else:
                day = date(today.year, month, d)
                if day > today:
                    day = date(today.year - 1, month, d)
        except ValueError:
            return None
        return (*span(day, None), False)
    return None


def _clock_fields(piece: _Piece) -> tuple[int, int, str | None, bool] | None:
    """Hour (as written), minute, am/pm and whether the writing was unambiguously 24-hour."""
    f = piece.fields
    ap = f.get("ap")
    if piece.kind == "midnight":
        return None
    if piece.kind == "named":
        word = (f.get("named") or "").lower()
        return next(h for key, h in _NAMED_HOURS.items() if word.startswith(key)), 0, None, True
    raw_h = f.get("h") or "0"
    h = int(_num(raw_h))
    # Four digits with no separator ("1130", "2215hrs") are always the 24-hour clock.
    explicit_24h = piece.kind == "hhmm" and (
        raw_h.startswith("0") or h > 12 or h == 0 or f.get("h24") is not None
    )
    if piece.kind == "hhmm":
        return h, int(f.get("m") or 0), ap, explicit_24h
    if piece.kind == "half":
        return h, 30, ap, False
    if piece.kind == "quarter":
        if (f.get("dir") or "").lower() == "to":
            return (h - 1) or 12, 45, ap, False
        return h, 15, ap, False
    if piece.kind == "minutes":
        mins = int(_num(f.get("mw") or "0"))
        if mins >= 60:
            return None
        if (f.get("dir") or "").lower() == "to":
            return (h - 1) or 12, 60 - mins, ap, False
        return h, mins, ap, False
    return h, 0, ap, False


def _pick(
    candidates: list[datetime], now: datetime, window: tuple[datetime, datetime, bool] | None
) -> datetime | None:
    if window is not None:
        lo, hi, _ = window
        candidates = [c for c in candidates if lo <= c.astimezone(LONDON).replace(tzinfo=None) < hi]
    if not candidates:
        return None
    past = [c for c in candidates if c <= now + FUTURE_GRACE]
    if past:
        return max(past)
    # Only a future reading fits (a check booked for "10 this morning" at 08:00): take it
    # rather than drop a time the person clearly gave.
    return min(candidates)


def _resolve_clock(clock: _Piece, day: _Piece | None, now: datetime) -> tuple[datetime, str] | None:
    now_local = now.astimezone(LONDON)
    window = _window(day.kind, day.fields, now_local, with_clock=True) if day else None
    if day is not None and window is None:
        return None
    if clock.kind == "midnight":
        word = (clock.fields.get("word") or "").lower()
        hours = [0] if "night" in word else [12]
        minute = 0
        explicit = hours
    else:
        parsed = _clock_fields(clock)
        if parsed is None:
            return None
        h, minute, ap, explicit_24h = parsed
        explicit = _hours(h, ap, explicit_24h)
    if window is not None:
        lo, hi, _ = window
        days = sorted({lo.date() + timedelta(days=i) for i in range((hi - lo).days + 2)})
    else:
        days = [now_local.date() + timedelta(days=i) for i in (-2, -1, 0, 1)]
    candidates = [c for d in days for hr in explicit for c in _local_candidates(d, hr, minute)]
    picked = _pick(candidates, now, window)
    late = picked is None or picked > now + FUTURE_GRACE
    small_hours = now_local.hour < _PART_WINDOWS["morning"][0]
    if window is not None and day is not None and day.kind == "this_part" and late and small_hours:
        # Up all night: "10 this morning" said at 03:30 is yesterday's 10:00.
        lo, hi, future = window
        yesterday = lo.date() - timedelta(days=1)
        earlier = _pick(
            [c for hr in explicit for c in _local_candidates(yesterday, hr, minute)],
            now,
            (lo - timedelta(days=1), hi - timedelta(days=1), future),
        )
        picked = earlier if earlier is not None and earlier <= now + FUTURE_GRACE else picked
    if picked is None:
        return None
    return picked, "minute" if minute else "hour"


def _resolve_day(day: _Piece, now: datetime) -> tuple[datetime, str] | None:
    window = _window(day.kind, day.fields, now.astimezone(LONDON))
    if window is None:
        return None
    lo = window[0]
    if day.kind in {"last_night", "tonight"}:
        lo += timedelta(hours=1)
    grain = (
        "part_of_day"
        if (day.fields.get("part") or day.kind in {"last_night", "tonight", "this_part"})
        else "week"
        if day.kind == "last_week"
        else "day"
    )
    return _local_candidates(lo.date(), lo.hour, lo.minute)[0], grain


def _resolve_relative(piece: _Piece, now: datetime) -> tuple[datetime, str] | None:
    f = piece.fields
    if piece.kind == "just_now":
        return now, "minute"
    if piece.kind == "ago" and f.get("unit") is None:
        minutes = 30.0 if f.get("hh") else 90.0
        return now - timedelta(minutes=minutes), "minute"
    amount = _num(f.get("amount") or "1") + (0.5 if f.get("half") else 0)
    unit = (f.get("unit") or "").lower()
    if unit.startswith(("mo", "mt")):
        delta, grain = timedelta(days=30 * amount), "month"
    elif unit.startswith("m"):
        delta, grain = timedelta(minutes=amount), "minute"
    elif unit.startswith("h"):
        delta, grain = timedelta(hours=amount), "minute" if amount % 1 else "hour"
    elif unit.startswith("d"):
        delta, grain = timedelta(days=amount), "day"
    else:
        delta, grain = timedelta(weeks=amount), "week"
    return (now - delta if piece.kind == "ago" else now + delta), grain


def _safe_relative(piece: _Piece, now: datetime) -> tuple[datetime, str] | None:
    """A relative time, or None when it cannot be a date at all ("9999999999 hours ago")."""
    try:
        return _resolve_relative(piece, now)
    except (OverflowError, ValueError):
        return None


def _scan(text: str) -> list[_Piece]:
    pieces: list[_Piece] = []
    for group, patterns in (
        ("relative", _RELATIVE_PATTERNS),
        ("clock", _CLOCK_PATTERNS),
        ("day", _DAY_PATTERNS),
    ):
        for kind, pattern in patterns:
            for m in pattern.finditer(text):
                fields = dict(m.groupdict())
                if kind == "midnight":
                    fields["word"] = m.group(0)
                # Context words ("at", "since") select a bare hour but are not part of it.
                start, end = m.span("core") if "core" in pattern.groupindex else m.span()
                year = re.match(r"(?:19|20)\d\d\b", text[start:end])
                if year and fields.get("h24") is not None and _YEAR_BEFORE.search(text[:start]):
                    continue  # "in 2019", "since March 2023": a year
                # "nearly 9", "just after midnight": the guideline leaves out only at, by,
                # for, around, about, since, till and until.
                if group == "clock" and kind != "hhmm":
                    lead = _LEAD.search(text[:start])
                    start = lead.start() if lead else start
                pieces.append(_Piece(start, end, kind, fields, group))
    # Longest first, then earliest: "half an hour ago" beats "half an"; "21:40" beats "21".
    pieces.sort(key=lambda p: (-(p.end - p.start), p.start))
    chosen: list[_Piece] = []
    for p in pieces:
        if all(p.end <= c.start or p.start >= c.end for c in chosen):
            chosen.append(p)
    return sorted(chosen, key=lambda p: p.start)


def find_times(
    text: str,
    now: datetime,
    *,
    exclude: list[tuple[int, int]] | None = None,
    waits: bool = False,
) -> list[TimeMatch]:
    """Time expressions in `text`, resolved against aware `now`; spans in `exclude` are skipped.
    With `waits`, also "in 10 mins" (masking.py hides those from the intent classifier too)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    now = now.astimezone(UTC)
    blocked = exclude or []
    pieces = [p for p in _scan(text) if all(p.end <= s or p.start >= e for s, e in blocked)]
    results: list[TimeMatch] = []
    i = 0
    while i < len(pieces):
        p = pieces[i]
        nxt = pieces[i + 1] if i + 1 < len(pieces) else None
        joined = (
            nxt is not None
            and {p.group, nxt.group} == {"clock", "day"}
            and _JOINER.match(text[p.end : nxt.start]) is not None
        )
        resolved: tuple[datetime, str] | None
        if joined and nxt is not None and _SPLIT.search(text[p.end : nxt.start]):
            # "last night at 11": two spans, as the guideline leaves "at" out of a time, both
            # meaning the clock time on that day (a reader taking the first time gets 23:00).
            clock, day = (p, nxt) if p.group == "clock" else (nxt, p)
            both = _resolve_clock(clock, day, now)
            if both is not None:
                for piece in sorted((day, clock), key=lambda q: q.start):
                    span_text = text[piece.start : piece.end]
                    results.append(TimeMatch(piece.start, piece.end, span_text, *both))
            i += 2
            continue
        if joined and nxt is not None:
            clock, day = (p, nxt) if p.group == "clock" else (nxt, p)
            resolved = _resolve_clock(clock, day, now)
            start, end = p.start, nxt.end
            i += 2
        else:
            if p.group == "clock":
                resolved = _resolve_clock(p, None, now)
            elif p.group == "day":
                resolved = _resolve_day(p, now)
            else:
                resolved = _safe_relative(p, now)
            start, end = p.start, p.end
            i += 1
        wait = p.kind == "in" and end == p.end
        if resolved is not None and (waits or not wait):
            # "back in 10 mins", "due in 5 days": scanned so the number is not read as a
            # clock, but no writer takes a wait as a point in time (the guideline: durations
            # are not times).
            instant, grain = resolved
            results.append(TimeMatch(start, end, text[start:end], instant, grain, wait))
    return results
