"""Telling the people who need to know when it happens (issue 13): reported missing, graded
high by the police, back. Written by the commands, pushed by the reminder sweep by office hours
(never twice, initials only), and shown on the person's next message."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dialogues.replies import Reply
from reminders.event_notices import EventNoticeSweep
from reminders.settings import OfficeHours
from storage.commands import open_report, record_return, record_risk_grading, undo_fact
from storage.models import Episode, EventNotice
from tests.dialogues.carer_world import LAST_SEEN, NIGHT, factory, make_world, night_report_lines
from tests.dialogues.test_child_page import as_person as talk_as
from tests.dialogues.worker_world import (
    DEE,
    HELEN,
    JAY,
    KAI,
    MARCUS,
    NOW,
    PRIYA,
    SAM,
    TOM,
    talk,
    text,
    world,
)

ELLIS = 7  # the demo's emergency duty team worker


class Recorded:
    """The channel at its true edge: what was pushed, to whom."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, Reply]] = []

    async def deliver(self, staff_id: int, reply: Reply) -> bool:
        self.sent.append((staff_id, reply))
        return True


def sweep(sessions: sessionmaker[Session], now: datetime) -> list[tuple[int, Reply]]:
    outbound = Recorded()
    asyncio.run(EventNoticeSweep(OfficeHours())(sessions, now, outbound))
    return outbound.sent


def _episode(sessions: sessionmaker[Session], child: int) -> int:
    with sessions() as session:
        found = session.scalar(
            select(Episode.id).where(Episode.child_id == child, Episode.status == "open")
        )
        assert found is not None
        return found


def test_reported_missing_at_night_with_nobody_covering_tells_the_worker_and_manager(
    tmp_path: Path,
) -> None:
    w = make_world(tmp_path, "staffordshire")  # no out-of-hours team; the pack tells managers
    sessions = factory(w.path)
    with sessions() as session:
        open_report(session, w.carer_id, w.child_id, last_seen=LAST_SEEN, now=NIGHT)
        session.commit()
    sent = sweep(sessions, NIGHT + timedelta(seconds=30))
    with sessions() as session:
        names = dict(session.execute(select(EventNotice.staff_id, EventNotice.audience)).all())
    assert sorted(names.values()) == ["manager", "social_worker"]
    assert sorted(staff for staff, _ in sent) == sorted(names)
    for _, reply in sent:
        assert reply.text.startswith("T.F., episode 1 has been reported missing")
        assert "Tia" not in reply.text and "Fenwick" not in reply.text
        assert reply.buttons == (("Open the page", f"page:{w.child_id}"),)
    assert sweep(sessions, NIGHT + timedelta(minutes=1)) == []  # never twice


def test_back_in_office_hours_tells_the_worker_and_manager_not_the_night_team(
    tmp_path: Path,
) -> None:
    sessions = world(tmp_path)
    with sessions() as session:
        record_return(session, DEE, _episode(sessions, KAI), at=NOW, now=NOW, how="own_accord")
        session.commit()
    sent = sweep(sessions, NOW)
    assert sorted(staff for staff, _ in sent) == sorted([MARCUS, HELEN])
    assert all(r.text.startswith("K.T., episode 1 is back") for _, r in sent)
    with sessions() as session:
        cover = session.scalars(select(EventNotice).where(EventNotice.staff_id == ELLIS)).one()
        assert cover.push == "not_needed"
    told = text(talk(sessions, MARCUS, "status"))
    assert "Since you last looked:" in told and "Kai Turner is back" in told
    assert "by Dee Okafor" in told
    assert "Since you last looked" not in text(talk(sessions, MARCUS, "status"))  # once


def test_graded_high_at_night_goes_to_the_night_team_and_the_day_worker_in_the_morning(
    tmp_path: Path,
) -> None:
    sessions = world(tmp_path)
    night = datetime(2026, 3, 4, 23, 0, tzinfo=UTC)
    with sessions() as session:
        record_risk_grading(session, TOM, _episode(sessions, JAY), "high", now=night)
        session.commit()
    at_night = sweep(sessions, night)
    assert [staff for staff, _ in at_night] == [ELLIS]  # Tom graded it; Priya waits
    assert at_night[0][1].text.startswith("Out of hours, you cover this team. J.M., episode 1:")
    assert "HIGH" in at_night[0][1].text
    morning = sweep(sessions, datetime(2026, 3, 5, 9, 0, tzinfo=UTC))
    assert [staff for staff, _ in morning] == [PRIYA]
    with sessions() as session:
        again = record_risk_grading(session, TOM, _episode(sessions, JAY), "high", now=night)
        session.commit()
        assert not session.scalars(
            select(EventNotice).where(EventNotice.event_id == again.event_id)
        ).all()  # already high: not news


def test_an_undone_report_is_never_pushed(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    with sessions() as session:
        record_return(session, SAM, _episode(sessions, JAY), at=NOW, now=NOW)
        session.commit()
    with sessions() as session:
        last = session.scalars(select(EventNotice).order_by(EventNotice.id.desc())).first()
        assert last is not None
        undo_fact(session, SAM, last.event_id, now=NOW + timedelta(minutes=1))
        session.commit()
    assert sweep(sessions, NOW + timedelta(minutes=2)) == []
    assert "is back" not in text(talk(sessions, TOM, "status"))


def test_the_night_report_on_the_console_tells_the_social_worker_by_name_next_time(
    tmp_path: Path,
) -> None:
    w = make_world(tmp_path, "staffordshire")
    lines = night_report_lines(w)
    lines[2] = "yes"  # in danger: the carer's own high grading
    talk_as(w, "Robin Ashdown", *lines)
    out = talk_as(w, "Owen Pryce", "status")
    assert "- Tia Fenwick was reported missing by Robin Ashdown" in out
    assert "risk: high (carer's view)" in out
    assert "reported missing by" not in talk_as(w, "Owen Pryce", "status")


def test_a_long_absence_shows_ten_notices_and_says_there_were_more(tmp_path: Path) -> None:
    """Back from a week away: the first message lists ten events, says there were more, and
    marks them all seen, instead of burying the answer under every event since."""
    sessions = world(tmp_path)
    at = NOW
    with sessions() as session:
        record_return(session, DEE, _episode(sessions, KAI), at=at, now=at, how="own_accord")
        for _ in range(6):  # six more absences: a missing and a back notice each
            at += timedelta(hours=2)
            open_report(session, DEE, KAI, last_seen=at - timedelta(hours=1), now=at)
            at += timedelta(hours=1)
            record_return(session, DEE, _episode_in(session, KAI), at=at, now=at)
        session.commit()
    told = text(talk(sessions, MARCUS, "status"))
    listed = [line for line in told.splitlines() if line.startswith("- Kai Turner")]
    assert len(listed) == 10
    assert "and more besides" in told
    assert "Since you last looked" not in text(talk(sessions, MARCUS, "status"))  # all seen


def _episode_in(session: Session, child: int) -> int:
    found = session.scalar(
        select(Episode.id).where(Episode.child_id == child, Episode.status == "open")
    )
    assert found is not None
    return found
