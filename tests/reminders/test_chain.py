"""The reminder chain with an injected clock: remind, repeat, climb the management chain, and
what each button does to it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from reminders.buttons import handle_button
from reminders.settings import ReminderSettings
from storage.db import make_session_factory
from storage.deliveries import Delivery
from storage.episodes import audit_log, open_episode
from storage.models import TaskRecord
from storage.queries import tasks_for_episode
from storage.tasks import refresh_tasks
from tests.reminders.helpers import FakeOutbound, Org, at, build_org, drive


def _payload(outbound: FakeOutbound, staff_id: int, label: str) -> str:
    reply = [r for who, r in outbound.sent if who == staff_id][-1]
    return dict(reply.buttons)[label]


def _press(
    sessions: sessionmaker[Session], org: Org, label: str, out: FakeOutbound, when: str
) -> str:
    payload = _payload(out, org.social_worker, label)
    hour, minute = (int(part) for part in when.split(":"))
    with sessions() as session:
        replies = handle_button(session, org.social_worker, payload, at(hour, minute))
        session.commit()
    return " ".join(r.text for r in replies)


async def test_unacknowledged_reminder_repeats_then_climbs_the_chain(
    sessions: sessionmaker[Session], org: Org
) -> None:
    out = FakeOutbound()
    await drive(sessions, out, at(11, 29))
    assert out.sent == []
    await drive(sessions, out, at(11, 30))
    assert out.to(org.social_worker) == [
        "Reminder: K.M., episode 1: Do notify:team_manager, due 12:00."
    ]
    labels = [label for label, _ in out.sent[0][1].buttons]
    assert labels == ["Done", "Acknowledge", "Snooze 30 min", "Not me"]
    assert all(len(payload) < 64 for _, payload in out.sent[0][1].buttons)
    out.clear()
    await drive(sessions, out, at(11, 59), at(12))
    assert sorted(who for who, _ in out.sent) == sorted([org.social_worker, org.team_manager])
    assert out.to(org.social_worker)[0].startswith("Reminder again, not yet acknowledged")
    assert out.to(org.team_manager)[0].startswith("Overdue: K.M., episode 1")
    out.clear()
    await drive(sessions, out, at(12, 59), at(13), at(13, 59), at(14), at(15), at(16))
    assert [who for who, _ in out.sent] == [
        org.team_manager,
        org.dol,
        org.assistant_director,
        org.director,
    ]
    assert out.sent[0][1].text.startswith("Escalation: Tobias Wren has not acknowledged K.M.")
    # A manager told of an escalation can close, acknowledge or snooze it, not hand it on.
    assert [label for label, _ in out.sent[0][1].buttons] == [
        "Done",
        "Acknowledge",
        "Snooze 30 min",
    ]


async def test_acknowledge_stops_repeats_but_the_manager_still_hears_if_overdue(
    sessions: sessionmaker[Session], org: Org
) -> None:
    out = FakeOutbound()
    await drive(sessions, out, at(11, 30))
    reply = _press(sessions, org, "Acknowledge", out, "11:35")
    assert reply.startswith("Thanks, acknowledged: K.M., episode 1")
    out.clear()
    await drive(sessions, out, at(12), at(13), at(14))
    assert [(who, text.split(":")[0]) for who, text in [(w, r.text) for w, r in out.sent]] == [
        (org.team_manager, "Overdue")
    ]


async def test_done_ends_everything_and_is_in_the_episode_log(engine: Engine) -> None:
    sessions = make_session_factory(engine)
    with sessions() as session:
        org = build_org(session)
        episode = open_episode(session, org.child, at(9), at(9, 30), org.carer)
        refresh_tasks(session, episode.id, at(9, 30))
        session.commit()
        task = next(
            t
            for t in tasks_for_episode(session, episode.id)
            if t.assignee_staff_id == org.social_worker and t.due_at > at(10)
        )
    out = FakeOutbound()
    remind_at = task.due_at - ReminderSettings().lead
    await drive(sessions, out, remind_at)
    mine = [(r.text, dict(r.buttons)) for who, r in out.sent if "rem:done:" in str(r.buttons)]
    payload = next(b["Done"] for text, b in mine if task.title.rstrip(".") in text)
    with sessions() as session:
        replies = handle_button(session, org.social_worker, payload, remind_at)
        session.commit()
    assert replies[0].text.startswith("Marked done: K.M., episode 1")
    out.clear()
    await drive(sessions, out, task.due_at, task.due_at + timedelta(hours=5))
    assert not [r for _, r in out.sent if task.title.rstrip(".") in r.text]
    with sessions() as session:
        row = session.get(TaskRecord, task.id)
        assert row is not None and row.status == "done" and row.done_by_id == org.social_worker
        done = audit_log(session, task.episode_id, "reminder_done")
        assert [entry.data["task"] for entry in done] == [task.key]
        sent = audit_log(session, task.episode_id, "reminder_sent")
        assert any(e.data["task"] == task.key and e.data["stage"] == "remind" for e in sent)
        assert all(e.data["to_staff_id"] for e in sent)


async def test_snooze_reminds_again_in_thirty_minutes(
    sessions: sessionmaker[Session], org: Org
) -> None:
    out = FakeOutbound()
    await drive(sessions, out, at(11, 30))
    reply = _press(sessions, org, "Snooze 30 min", out, "11:32")
    assert reply == "OK, I'll remind you again at 12:02."
    out.clear()
    await drive(sessions, out, at(12, 1))
    assert out.to(org.social_worker) == []
    await drive(sessions, out, at(12, 2))
    # Past its deadline now, so it says how late (issue 10).
    assert out.to(org.social_worker) == [
        "Snoozed reminder: K.M., episode 1: Do notify:team_manager, was due 12:00, 2 minutes ago."
    ]
    # Ignored after the snooze: the chain carries on (a repeat, then the line manager).
    out.clear()
    await drive(sessions, out, at(12, 32), at(13, 32))
    assert out.to(org.social_worker)[0].startswith("Reminder again")
    assert out.to(org.team_manager)[0].startswith("Escalation: Tobias Wren")


async def test_not_me_hands_the_task_to_the_line_manager_and_tells_them(
    sessions: sessionmaker[Session], org: Org
) -> None:
    out = FakeOutbound()
    await drive(sessions, out, at(11, 30))
    reply = _press(sessions, org, "Not me", out, "11:31")
    assert reply.startswith("Handed to Mina Castleford: K.M., episode 1")
    out.clear()
    await drive(sessions, out, at(11, 31))
    assert out.to(org.team_manager) == [
        "Tobias Wren says this is not theirs, so it is now yours: "
        "K.M., episode 1: Do notify:team_manager, due 12:00."
    ]
    with sessions() as session:
        task = session.scalars(select(TaskRecord)).one()
        assert task.assignee_staff_id == org.team_manager
        assert audit_log(session, task.episode_id, "task_reassigned")[0].data["reason"]
    # The new holder's chain: their own repeat, then *their* line manager.
    out.clear()
    await drive(sessions, out, at(12, 1), at(13, 1))
    assert out.to(org.team_manager)[0].startswith("Reminder again")
    assert out.to(org.dol)[-1].startswith("Escalation: Mina Castleford")


async def test_an_unreachable_person_is_passed_over_at_once(
    sessions: sessionmaker[Session], org: Org
) -> None:
    # Issue 10: the step goes to the next person straight away, saying why.
    out = FakeOutbound(unreachable={org.social_worker})
    await drive(sessions, out, at(11, 30))
    assert out.to(org.team_manager) == [
        "Escalation: Tobias Wren can't be reached on Homeward (no linked chat, the bot is "
        "blocked, or no longer active), so this comes to you: K.M., episode 1: "
        "Do notify:team_manager, due 12:00. Please make sure it happens."
    ]
    with sessions() as session:
        rows = session.scalars(select(Delivery).order_by(Delivery.id))
        statuses = [d.status for d in rows if d.staff_id == org.social_worker]
    assert statuses == ["unreachable"]


async def test_the_top_of_the_chain_ends_the_climb(
    sessions: sessionmaker[Session], org: Org
) -> None:
    out = FakeOutbound()
    await drive(sessions, out, at(11, 30), at(12), at(13), at(14), at(15), at(16), at(17))
    with sessions() as session:
        stages = [
            (d.stage, d.status) for d in session.scalars(select(Delivery).order_by(Delivery.id))
        ]
    assert ("escalate:5", "no_recipient") in stages
    before = len(out.sent)
    await drive(sessions, out, at(16, 45))
    assert len(out.sent) == before
