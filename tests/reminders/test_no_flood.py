"""Issue 10, never a flood and never misleading: one message per recurring task however many
occurrences were missed, no overdue ping in the same second as the first reminder, chains that
stop when the child is home, and overdue texts that say how late (with the date when it is not
today, and GMT/BST inside the repeated hour of the October clock change)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine

from protocols.facts import Event, EventType
from protocols.vocabulary import LegalStatus, Role
from reminders import messages as m
from reminders.settings import ReminderSettings
from storage.db import make_session_factory
from storage.episodes import append_event, open_episode
from storage.people import create_child, create_staff, create_team, link_carer
from storage.tasks import refresh_tasks
from tests.reminders.helpers import FakeOutbound, add_task, at, build_org, drive

NOW = datetime(2026, 3, 4, 9, 10, tzinfo=UTC)  # Wednesday, GMT


async def test_a_report_back_dated_29_hours_sends_one_review_message_not_fifteen(
    engine: Engine,
) -> None:
    sessions = make_session_factory(engine)
    started = NOW - timedelta(hours=29)
    with sessions() as session:
        team = create_team(session, "Essex South", "essex").id
        manager = create_staff(session, "Helen Ward", Role.TEAM_MANAGER, now=started, team_id=team)
        carer = create_staff(
            session, "Dee Okafor", Role.CARER, now=started, team_id=team, line_manager_id=manager.id
        ).id
        child = create_child(session, "Ruby", "Hale", LegalStatus.LOOKED_AFTER, team).id
        link_carer(session, child, carer)
        episode = open_episode(session, child, started, NOW, carer).id
        refresh_tasks(session, episode, NOW)
        session.commit()
    out = FakeOutbound()
    await drive(sessions, out, NOW)
    reviews = [text for text in out.to(carer) if "Review the risk" in text]
    assert len(reviews) == 1
    assert reviews[0].startswith("Reminder: R.H., episode 1: Review the risk to the child, ")
    assert reviews[0].endswith(
        "14 risk reviews missed since Tue 03 Mar 06:10; the next is due 10:10."
    )
    # The manager hears nothing about it in the same second, and once a little later.
    assert not [t for t in out.to(manager.id) if "Review the risk" in t]
    await drive(sessions, out, NOW + timedelta(minutes=5))
    overdue = [t for t in out.to(manager.id) if "Review the risk" in t]
    assert len(overdue) == 1 and overdue[0].startswith("Overdue: R.H., episode 1")
    assert "was due 08:10, 1 hour ago" in overdue[0]


async def test_chains_stop_the_moment_the_child_is_home(engine: Engine) -> None:
    sessions = make_session_factory(engine)
    with sessions() as session:
        org = build_org(session)
        code = "escalate:district_operational_lead"
        task = add_task(session, org, code, at(12), Role.TEAM_MANAGER)
        session.commit()
    out = FakeOutbound()
    await drive(sessions, out, at(11, 30), at(12))
    assert out.to(org.dol)  # the protocol escalation while the child was missing
    with sessions() as session:
        returned = Event(at(12, 10), EventType.RETURNED, {"how": "own_accord"})
        append_event(session, task.episode_id, returned, org.carer, now=at(12, 10))
        session.commit()
    out.clear()
    await drive(sessions, out, at(12, 30), at(13, 30), at(15), at(18))
    assert out.sent == []


async def test_a_task_closed_by_done_stops_at_once(engine: Engine) -> None:
    sessions = make_session_factory(engine)
    with sessions() as session:
        org = build_org(session)
        task = add_task(session, org, "notify:team_manager", at(12))
        session.commit()
    out = FakeOutbound()
    await drive(sessions, out, at(11, 30))
    with sessions() as session:
        row = session.get(type(task), task.id)
        assert row is not None
        row.status = "done"
        session.commit()
    out.clear()
    await drive(sessions, out, at(12), at(13), at(14))
    assert out.sent == []


def test_overdue_text_says_how_late_and_the_date_when_not_today() -> None:
    due = datetime(2026, 3, 3, 0, 18, tzinfo=UTC)
    assert m.due_phrase(due, due + timedelta(hours=23)) == "was due 00:18, 23 hours ago"
    assert m.due_phrase(due, due + timedelta(hours=25)) == (
        "was due Tue 03 Mar 00:18, 25 hours ago"
    )
    assert m.due_phrase(due, due + timedelta(days=3)) == "was due Tue 03 Mar 00:18, 3 days ago"
    assert m.due_phrase(due, due - timedelta(minutes=10)) == "due 00:18"
    assert m.due_phrase(due, due + timedelta(seconds=20)) == "was due 00:18"


def test_the_repeated_hour_of_the_october_change_says_gmt_or_bst() -> None:
    # Sunday 25 October 2026: 01:00-02:00 London happens twice, first BST, then GMT.
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    later = datetime(2026, 10, 25, 3, 0, tzinfo=UTC)
    assert m.when(first, later) == "01:30 BST"
    assert m.when(second, later) == "01:30 GMT"
    assert m.when(later, later) == "03:00"
    assert m.due_phrase(first, later) == "was due 01:30 BST, 2 hours ago"


@given(st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)))
def test_every_instant_is_shown_unambiguously(naive: datetime) -> None:
    instant = naive.replace(tzinfo=UTC)
    shown = m.when(instant, instant)
    others = [instant + timedelta(hours=h) for h in (-1, 1)]
    # Two different instants on the same day never read the same.
    assert all(m.when(o, instant) != shown for o in others if o.date() == instant.date())


def test_settings_space_the_first_notice() -> None:
    assert ReminderSettings().escalation_gap > timedelta(0)


async def test_reminders_across_the_october_clock_change_come_at_the_right_instant(
    engine: Engine,
) -> None:
    # 25 October 2026: 01:30 London happens at 00:30 UTC (BST) and again at 01:30 UTC (GMT).
    sessions = make_session_factory(engine)
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    with sessions() as session:
        org = build_org(session)
        add_task(session, org, "a#1", first, Role.CARER)
        add_task(session, org, "b#1", second, Role.CARER)
        session.commit()
    out = FakeOutbound()
    lead = ReminderSettings().lead
    await drive(sessions, out, first - lead - timedelta(seconds=1))
    assert out.sent == []
    await drive(sessions, out, first - lead)
    assert out.to(org.carer) == ["Reminder: K.M., episode 1: Do a#1, due 01:30 BST."]
    await drive(sessions, out, second - lead - timedelta(seconds=1))
    assert len(out.to(org.carer)) == 2  # the repeat of a#1, 30 minutes (elapsed) later
    assert "Do b#1" not in " ".join(out.to(org.carer))
    await drive(sessions, out, second - lead)
    assert out.to(org.carer)[-1] == "Reminder: K.M., episode 1: Do b#1, due 01:30 GMT."
