"""The reminder's Done button closes the task it reminded of, by its id: in essex "tell the
parents" and the social worker's "offer the family the chance to give their views" share the
code notify:parents, and a Done that named only the code closed the second one after a return."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from protocols.vocabulary import LegalStatus, Role
from reminders.buttons import handle_button
from storage import commands
from storage.db import make_session_factory
from storage.deliveries import Delivery
from storage.models import EpisodeEvent, TaskRecord
from storage.people import create_child, create_staff, create_team, link_carer
from storage.queries import tasks_for_episode
from tests.reminders.helpers import NIGHT, FakeOutbound, add_task, build_org, drive

START = datetime(2026, 3, 2, 22, 0, tzinfo=UTC)


def test_done_on_the_overdue_tell_the_parents_reminder_after_the_return(session: Session) -> None:
    team = create_team(session, "Essex Test", "essex").id
    worker = create_staff(session, "Wyn Harrow", Role.SOCIAL_WORKER, now=START, team_id=team).id
    carer = create_staff(session, "Ada Quill", Role.CARER, now=START, team_id=team).id
    child = create_child(
        session, "Remy", "Tallis", LegalStatus.LOOKED_AFTER, team, allocated_social_worker_id=worker
    ).id
    link_carer(session, child, carer)
    now = START + timedelta(hours=1)
    episode = commands.open_report(session, carer, child, last_seen=START, now=now).episode_id
    commands.record_police_report(session, carer, episode, "SP-2603-0199", now=now)
    back = START + timedelta(days=2)
    commands.record_return(session, carer, episode, at=back, now=back)
    parents = next(t for t in tasks_for_episode(session, episode) if t.key == "notify_parents")
    assert parents.status == "overdue"
    reminder = Delivery(
        task_id=parents.id,
        occurrence=1,
        stage="overdue",
        episode_id=episode,
        staff_id=carer,
        planned_at=back,
        claimed_at=back,
        sent_at=back,
        status="sent",
    )
    session.add(reminder)
    session.flush()
    replies = handle_button(session, carer, f"rem:done:{reminder.id}", back + timedelta(minutes=5))
    assert replies[0].text.startswith("Marked done")
    statuses = {t.key: t.status for t in tasks_for_episode(session, episode)}
    assert statuses["notify_parents"] == "done"
    assert statuses["carer_family_views"] == "open"


async def test_out_of_hours_cover_may_mark_the_task_it_was_sent_done(engine: Engine) -> None:
    sessions = make_session_factory(engine)
    with sessions() as session:
        org = build_org(session)
        task_id = add_task(session, org, "risk_review#1", NIGHT + timedelta(hours=2)).id
        session.commit()
    out = FakeOutbound()
    await drive(sessions, out, NIGHT + timedelta(minutes=90))
    (reminder,) = [reply for who, reply in out.sent if who == org.edt]
    done = next(payload for _, payload in reminder.buttons if payload.startswith("rem:done:"))
    with sessions() as session:
        replies = handle_button(session, org.edt, done, NIGHT + timedelta(minutes=95))
        assert replies[0].text.startswith("Marked done")
        # The task here is invented (not the engine's), so look at the fact, not the status.
        done_facts = session.scalars(
            select(EpisodeEvent).where(EpisodeEvent.type == "task_done")
        ).all()
        assert [(f.actor_staff_id, f.data["task"]) for f in done_facts] == [
            (org.edt, "risk_review")
        ]
        assert session.get(TaskRecord, task_id) is not None
