"""Out of office hours a social worker's reminders go to the emergency duty team, and the day
team hears in the morning what happened overnight."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, select

from dialogues.replies import Reply
from protocols.vocabulary import Role
from reminders.buttons import handle_button
from reminders.hours import in_office_hours
from reminders.settings import OfficeHours, parse_office_hours
from storage.db import make_session_factory
from storage.deliveries import Delivery
from tests.reminders.helpers import DAY, NIGHT, FakeOutbound, add_task, at, build_org, drive


def test_office_hours_skip_evenings_weekends_and_bank_holidays() -> None:
    hours = OfficeHours()
    assert in_office_hours(at(10), hours)
    assert not in_office_hours(at(8, 29), hours) and in_office_hours(at(8, 30), hours)
    assert not in_office_hours(at(17), hours)
    assert not in_office_hours(at(10) + timedelta(days=4), hours)  # Saturday
    good_friday = at(10).replace(month=4, day=3)
    assert not in_office_hours(good_friday, hours)
    summer = at(8, 0).replace(month=7, day=1)  # 09:00 BST
    assert in_office_hours(summer, hours)
    assert parse_office_hours("09:00-17:30") == OfficeHours(
        at(9).time().replace(tzinfo=None), at(17, 30).time().replace(tzinfo=None)
    )


async def test_night_reminder_goes_to_edt_and_the_morning_digest_to_the_day_team(
    engine: Engine,
) -> None:
    sessions = make_session_factory(engine)
    with sessions() as session:
        org = build_org(session)
        add_task(session, org, "risk_review#1", NIGHT + timedelta(hours=2))  # 00:00
        add_task(session, org, "notify:iro", NIGHT + timedelta(hours=3), Role.CARER)
        session.commit()
    out = FakeOutbound()
    await drive(sessions, out, NIGHT + timedelta(minutes=90))
    assert out.to(org.social_worker) == []
    assert out.to(org.edt) == [
        "Out of hours, covering for Tobias Wren. "
        "Reminder: K.M., episode 1: Do risk_review#1, due Wed 04 Mar 00:00."
    ]
    # EDT acknowledges; the overdue ping goes to EDT's own manager.
    payload = dict(out.sent[0][1].buttons)["Acknowledge"]
    with sessions() as session:
        handle_button(session, org.edt, payload, NIGHT + timedelta(minutes=95))
        session.commit()
    await drive(sessions, out, NIGHT + timedelta(hours=2))
    assert out.to(org.edt_manager)[0].startswith("Overdue: K.M., episode 1: Do risk_review#1")
    # The carer's own task is not re-routed.
    await drive(sessions, out, NIGHT + timedelta(minutes=150))
    assert out.to(org.carer)[0].startswith("Reminder: K.M., episode 1: Do notify:iro")
    # 08:30 next morning: the social worker gets the digest, once.
    morning = DAY + timedelta(days=1) - timedelta(hours=1, minutes=30)
    out.clear()
    await drive(sessions, out, morning - timedelta(minutes=1))
    assert out.to(org.social_worker) == []
    await drive(sessions, out, morning, morning + timedelta(minutes=5))
    digest = out.to(org.social_worker)
    assert len(digest) == 1
    assert digest[0].startswith("Overnight, since Tue 17:00, out-of-hours cover handled these")
    assert "Do risk_review#1: told Ellis Grant at 23:30 (acknowledged)" in digest[0]
    assert "Rowan Tilly at 00:00" in digest[0]
    with sessions() as session:
        covered = session.scalars(select(Delivery).where(Delivery.for_staff_id.is_not(None)))
        assert {row.for_staff_id for row in covered} == {org.social_worker}


class DigestFailsOnce(FakeOutbound):
    """The channel fails the first morning digest (a 502, say), then works."""

    failed: int = 0

    async def deliver(self, staff_id: int, reply: Reply) -> bool:
        if reply.text.startswith("Overnight") and not self.failed:
            self.failed += 1
            raise RuntimeError("Bad Gateway")
        return await super().deliver(staff_id, reply)


async def test_a_morning_digest_that_failed_is_sent_again_once(engine: Engine) -> None:
    sessions = make_session_factory(engine)
    with sessions() as session:
        org = build_org(session)
        add_task(session, org, "risk_review#1", NIGHT + timedelta(hours=2))
        session.commit()
    out = DigestFailsOnce()
    await drive(sessions, out, NIGHT + timedelta(minutes=90))
    morning = DAY + timedelta(days=1) - timedelta(hours=1, minutes=30)
    out.clear()
    await drive(sessions, out, morning, morning + timedelta(minutes=1))
    digests = [t for t in out.to(org.social_worker) if t.startswith("Overnight")]
    assert out.failed == 1 and digests == []  # failed, and not yet due again
    await drive(sessions, out, morning + timedelta(minutes=3), morning + timedelta(minutes=10))
    digests = [t for t in out.to(org.social_worker) if t.startswith("Overnight")]
    assert len(digests) == 1
