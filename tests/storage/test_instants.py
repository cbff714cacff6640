from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

from storage.db import make_session_factory
from storage.models import Staff
from storage.people import create_staff

LONDON_SUMMER = timezone(timedelta(hours=1))


def test_aware_instants_come_back_aware_utc_and_equal(engine: Engine) -> None:
    written = datetime(2026, 6, 1, 9, 30, 15, 123456, tzinfo=LONDON_SUMMER)
    factory = make_session_factory(engine)
    with factory.begin() as session:
        staff_id = create_staff(session, "Ada Fenwick", "carer", now=written).id
    with factory() as session:
        read = session.get_one(Staff, staff_id).created_at
    assert read == written
    assert read.tzinfo is UTC
    assert read.hour == 8


def test_naive_instants_are_refused(session: Session) -> None:
    with pytest.raises(StatementError, match="naive datetime"):
        create_staff(session, "Ada Fenwick", "carer", now=datetime(2026, 6, 1, 9, 30))


def test_comparisons_use_the_instant_not_the_wall_clock(session: Session) -> None:
    # 00:30+01:00 is 23:30 UTC the day before: earlier than 23:45 UTC despite its wall clock.
    create_staff(session, "Early", "carer", now=datetime(2026, 6, 2, 0, 30, tzinfo=LONDON_SUMMER))
    create_staff(session, "Late", "carer", now=datetime(2026, 6, 1, 23, 45, tzinfo=UTC))
    cutoff = datetime(2026, 6, 1, 23, 40, tzinfo=UTC)
    names = session.scalars(select(Staff.name).where(Staff.created_at < cutoff)).all()
    assert names == ["Early"]
    assert session.scalars(select(Staff.name).order_by(Staff.created_at)).all() == [
        "Early",
        "Late",
    ]
