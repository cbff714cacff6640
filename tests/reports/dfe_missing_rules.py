"""The DfE's validation rules for the SSDA903 Missing table, as the open-source validator903
(PyPI quality-lac-data-validator 1.0.3, validators.py) applies them, re-implemented here because
that package does not install on Python 3.11 (it pins a numpy that no longer builds).

Only the rules that read the Missing table alone, or with the collection year and the child's
date of birth, are checked: 1004, 1005, 1006, 564, 565, 566, 567, 570, 571, 574, 586 and the
column list. Rules that need the Episodes or Header tables (575, 576, 577, 578, 580, 1012, INT04,
INT13) cannot be checked without those tables, which Homeward does not hold.
"""

from __future__ import annotations

import csv
import itertools
from datetime import UTC, date, datetime
from pathlib import Path

COLUMNS = ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"]


def _date(text: str) -> date | None:
    """validator903 parses with pd.to_datetime(format='%d/%m/%Y', errors='coerce')."""
    try:
        parsed = datetime.strptime(text, "%d/%m/%Y").replace(tzinfo=UTC).date()
    except ValueError:
        return None
    # strptime accepts 1/3/2026; the DfE format is two-digit day and month.
    return parsed if parsed.strftime("%d/%m/%Y") == text else None


def check(path: Path, collection_start: date, collection_end: date) -> list[str]:
    """Every rule broken, as 'rule: row n (CHILD)'; empty when the file passes."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = list(reader)
    errors: list[str] = []
    if header != COLUMNS:
        errors.append(f"columns: {header} != {COLUMNS}")
        return errors
    parsed = []
    for index, (child, dob, missing, start, end) in enumerate(rows):
        where = f"row {index + 1} ({child})"
        start_day, end_day, birth = _date(start), _date(end), _date(dob)
        if not child or not child.isalnum():
            errors.append(f"CHILD: {where}")
        if birth is None:
            errors.append(f"DOB: {where}")
        if start_day is None:
            errors.append(f"1004: {where}")
        if end and end_day is None:
            errors.append(f"1005: {where}")
        if missing and missing.upper() not in ("M", "A"):
            errors.append(f"1006: {where}")
        if missing.upper() in ("M", "A") and not start:
            errors.append(f"564: {where}")
        if start and not missing:
            errors.append(f"565: {where}")
        if end and not missing:
            errors.append(f"566: {where}")
        if start_day and end_day and end_day < start_day:
            errors.append(f"567: {where}")
        if start_day and start_day > collection_end:
            errors.append(f"570: {where}")
        if end_day and (end_day < collection_start or end_day > collection_end):
            errors.append(f"571: {where}")
        if start_day and birth and start_day <= birth:
            errors.append(f"586: {where}")
        parsed.append((child, start_day, end_day, end, index))
    # 574: a period may not start while the previous is open, nor before the previous one
    # ended. validator903 1.0.3 sorts by child then start; later versions by child, then end
    # (start when open), then start. Both orders are checked.
    orders = (
        lambda r: (r[0], r[1] or date.min),
        lambda r: (r[0], r[2] or r[1] or date.min, r[1] or date.min),
    )
    found: set[str] = set()
    for order in orders:
        for previous, current in itertools.pairwise(sorted(parsed, key=order)):
            if previous[0] != current[0]:
                continue
            still_open = previous[3] == ""
            overlaps = (
                previous[2] is not None and current[1] is not None and current[1] < previous[2]
            )
            if still_open or overlaps:
                found.add(f"574: row {current[4] + 1} ({current[0]})")
    return errors + sorted(found)
