"""Any run of episodes (clock changes, backdated starts, changes between missing and away,
episodes still open, periods across the year's edges) gives a Missing table that passes the
DfE's rules, with one row per period that touches the year."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protocols.facts import Event, EventType
from protocols.vocabulary import LegalStatus
from reports.statutory import ssda903_missing
from reports.subcommands import write_csv
from storage.db import make_engine, make_session_factory
from storage.episodes import append_event, open_episode
from storage.people import create_child, create_team
from tests.reports.dfe_missing_rules import check

YEAR = (date(2026, 4, 1), date(2027, 3, 31))
# Around the year's edges and both clock changes of 2026.
ANCHORS = [datetime(2026, 3, 29, 0, 30, tzinfo=UTC), datetime(2026, 3, 31, 22, tzinfo=UTC),
           datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2027, 3, 28, 0, 30, tzinfo=UTC),
           datetime(2027, 3, 31, 22, 30, tzinfo=UTC)]
CATEGORIES = ["missing", "absent", "away_without_authorisation", "unauthorised_absence"]

episode_plan = st.tuples(
    st.integers(0, len(ANCHORS) - 1),
    st.integers(-72 * 60, 72 * 60),  # minutes from the anchor
    st.integers(-600, 600 * 24),  # minutes from the previous return (negative: backdated)
    st.integers(1, 60 * 24 * 10),  # minutes away
    st.sampled_from(CATEGORIES),
    st.lists(st.tuples(st.integers(1, 60 * 24 * 10), st.sampled_from(CATEGORIES)), max_size=3),
    st.booleans(),  # returned
)


Plan = tuple[int, int, int, int, str, list[tuple[int, str]], bool]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans=st.lists(episode_plan, min_size=1, max_size=4), dob_year=st.integers(2009, 2016))
def test_any_episodes_pass_the_dfe_missing_rules(
    sqlite_template: Path,
    tmp_path_factory: pytest.TempPathFactory,
    plans: list[Plan],
    dob_year: int,
) -> None:
    folder = tmp_path_factory.mktemp("prop")
    path = folder / "homeward.sqlite3"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    with make_session_factory(engine)() as session:
        team = create_team(session, "Northgate", "staffordshire").id
        child = create_child(session, "Ada", "Quill", LegalStatus.LOOKED_AFTER, team,
                             date_of_birth=date(dob_year, 5, 17))
        child.external_id = "C1001"
        previous_back: datetime | None = None
        for anchor, shift, gap, length, category, changes, returned in plans:
            start = ANCHORS[anchor] + timedelta(minutes=shift)
            if previous_back is not None:
                # A "last seen" may be written before the previous return (gap < 0).
                start = max(start, previous_back + timedelta(minutes=gap))
            row = open_episode(session, child.id, start, start, None, category)
            for offset, to in changes:
                at = start + timedelta(minutes=min(offset, length))
                change = Event(at, EventType.CATEGORY_CHANGED, {"category": to})
                append_event(session, row.id, change, None, now=at)
            if not returned:
                break  # still away: it must be the child's last episode
            back = start + timedelta(minutes=length)
            append_event(session, row.id, Event(back, EventType.RETURNED, {"how": "carer"}),
                         None, now=back)
            previous_back = back
        session.flush()
        result = ssda903_missing(session, *YEAR)
        out = folder / "missing.csv"
        write_csv(out, result.columns, result.rows)
        assert check(out, *YEAR) == [], out.read_text()
        # Only a period starting on or before the date of birth may be left out (rule 586).
        assert all("(586)" in line for line in result.left_out)
    engine.dispose()
