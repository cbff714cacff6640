"""The statutory and sector returns about missing episodes, as CSV rows:

- SSDA903 "Missing" (DfE): `CHILD,DOB,MISSING,MIS_START,MIS_END`, looked-after children only,
  exactly as ../shared/interfaces.md fixes it.
- SSD `ssd_missing` (Standard Safeguarding Dataset), every child, with return interview offered
  and accepted.
- Ofsted Annex A list 8 (children in care): the missing and absent columns.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from protocols.clock import LONDON
from reports.periods import ChildPeriod, away_periods, end_of, start_of
from reports.records import EpisodeView, child_reference, interview, load_views
from storage import extracts
from storage.db import Session

SSDA903_COLUMNS = ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END")
SSD_COLUMNS = (
    "miss_table_id",
    "miss_person_id",
    "miss_missing_episode_start_date",
    "miss_missing_episode_type",
    "miss_missing_episode_end_date",
    "miss_missing_rhi_offered",
    "miss_missing_rhi_accepted",
)
ANNEX_A_COLUMNS = (
    "Child Unique ID",
    "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
    "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
    "Was the child offered a Return Interview after their last missing episode (Y/N)?",
    "Did the child accept a Return Interview after their last missing episode (Y/N)?",
    "Allocated Team",
    "Allocated Worker",
)


@dataclass(frozen=True)
class Return:
    """Rows to write, and why anything was left out (one line each, for stderr)."""

    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]
    left_out: list[str]


def _dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _views(session: Session, first: date, last: date) -> list[EpisodeView]:
    return load_views(session, start_of(first), end_of(last))


def ssda903_missing(session: Session, first: date, last: date) -> Return:
    """One row per period away from placement overlapping [first, last] (London dates)."""
    rows: list[tuple[str, ...]] = []
    left_out: list[str] = []
    for item in away_periods(_views(session, first, last), first, last, looked_after_only=True):
        child = item.view.child
        reference = str(child_reference(child))
        if child.date_of_birth is None:
            left_out.append(f"child {reference}: no date of birth, so no valid 903 row")
            continue
        if item.start_day <= child.date_of_birth:
            left_out.append(f"child {reference}: away on {item.start_day} before birth (586)")
            continue
        end = _dmy(item.end_day) if item.end_day is not None else ""
        rows.append(
            (reference, _dmy(child.date_of_birth), item.period.code, _dmy(item.start_day), end)
        )
    rows.sort(key=lambda r: (r[0], _sort_day(r[3])))
    return Return(SSDA903_COLUMNS, rows, sorted(set(left_out)))


def _sort_day(dmy: str) -> date:
    day, month, year = dmy.split("/")
    return date(int(year), int(month), int(day))


def _local(instant: datetime | None) -> str:
    # The SSD's datetimes carry no zone; case systems record London wall-clock time.
    if instant is None:
        return ""
    return instant.astimezone(LONDON).strftime("%Y-%m-%d %H:%M:%S")


def _yn(value: bool | None) -> str:
    return "" if value is None else ("Y" if value else "N")


def ssd_missing(session: Session, first: date, last: date) -> Return:
    """The SSD table: every child, periods overlapping [first, last], real end times. Return
    interview offered/accepted sit on the period that ended with the return; a period ended by a
    change between missing and away has NA; an episode not yet over has them blank."""
    rows: list[tuple[str, ...]] = []
    counter: dict[int, int] = defaultdict(int)
    periods = away_periods(_views(session, first, last), first, last, looked_after_only=False)
    for item in periods:
        episode = item.view.episode
        counter[episode.id] += 1
        ended_by_return = item.period.end is not None and item.period.end == episode.returned_at
        if ended_by_return:
            done = interview(item.view)
            offered, accepted = _yn(done.offered), _yn(done.accepted if done.offered else None)
        elif item.period.end is not None:
            offered = accepted = "NA"
        else:
            offered = accepted = ""
        rows.append(
            (
                f"{episode.id}-{counter[episode.id]}",
                str(child_reference(item.view.child)),
                _local(item.period.start),
                item.period.code,
                _local(item.period.end),
                offered,
                accepted,
            )
        )
    return Return(SSD_COLUMNS, rows, [])


def annex_a_missing(session: Session, last: date) -> Return:
    """Annex A list 8's missing columns for every looked-after child with an episode in the 12
    months to `last`: counts of missing (M) and absent (A) periods, and whether a return
    interview was offered and accepted after the last one that ended."""
    first = _year_before(last)
    views = _views(session, first, last)
    periods = away_periods(views, first, last, looked_after_only=True)
    by_child: dict[int, list[ChildPeriod]] = defaultdict(list)
    for item in periods:
        by_child[item.view.child.id].append(item)
    staff = extracts.staff_by_id(session)
    rows: list[tuple[str, ...]] = []
    for items in by_child.values():
        child, team = items[0].view.child, items[0].view.team
        ended = [i.view for i in items if _back_by(i.view, end_of(last))]
        last_view = max(ended, key=lambda v: v.episode.started_at) if ended else None
        done = interview(last_view) if last_view else None
        worker = staff.get(child.allocated_social_worker_id or -1)
        rows.append(
            (
                str(child_reference(child)),
                str(sum(1 for i in items if i.period.code == "M")),
                str(sum(1 for i in items if i.period.code == "A")),
                _yn(done.offered) if done else "",
                _yn(done.accepted) if done and done.offered else "",
                team.name,
                worker.name if worker else "",
            )
        )
    rows.sort()
    return Return(ANNEX_A_COLUMNS, rows, [])


def _back_by(view: EpisodeView, instant: datetime) -> bool:
    returned = view.episode.returned_at
    return returned is not None and returned <= instant


def _year_before(last: date) -> date:
    try:
        return last.replace(year=last.year - 1) + timedelta(days=1)
    except ValueError:  # 29 February
        return last.replace(year=last.year - 1, day=28) + timedelta(days=1)


