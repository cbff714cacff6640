"""Keeping the missing profile current: a stale profile or photo gets one reminder per
interval, restarts and second processes never send twice, and a return is followed by
"anything new we should add?" unless the return flow already asked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from protocols.clock import Duration
from reminders.profile_review import (
    ProfileReviewSettings,
    ProfileReviewSweep,
    plan,
    settings_from_env,
)
from reminders.scheduler import ReminderService
from reminders.settings import ReminderSettings
from storage.db import make_session_factory
from storage.episodes import open_episode
from storage.models import ProfilePrompt
from storage.people import create_child, link_carer
from storage.profile_prompts import (
    AFTER_RETURN,
    ChildReview,
    PromptRow,
    ReturnReview,
    record_asked_in_chat,
)
from storage.profiles import confirm_profile, update_profile
from tests.reminders.helpers import FakeOutbound, Org, ProcessKilled, build_org

DAY = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)  # 10:00 London
SETTINGS = ProfileReviewSettings(check_every=timedelta(0))


def _child(**changes: object) -> ChildReview:
    base: dict[str, object] = {
        "child_id": 1,
        "name": "Kit Marlowe",
        "protocol_id": "staffordshire",
        "version": 0,
        "checked_at": None,
        "photo_id": None,
        "photo_dated": None,
        "recipients": (5, 6),
    }
    base.update(changes)
    return ChildReview(**base)  # type: ignore[arg-type]


# -- the pure planner ----------------------------------------------------------------------


def test_no_profile_and_no_photo_ask_every_carer_once() -> None:
    due = plan([_child()], [], [], DAY, SETTINGS)
    assert sorted((p.row.kind, p.row.staff_id, p.row.seq) for p in due) == [
        ("photo_stale", 5, 1),
        ("photo_stale", 6, 1),
        ("profile_stale", 5, 1),
        ("profile_stale", 6, 1),
    ]
    assert any(p.text.startswith("Kit Marlowe has no missing profile yet") for p in due)
    assert plan([_child(recipients=())], [], [], DAY, SETTINGS) == []


def test_nobody_is_asked_at_night() -> None:
    night = DAY.replace(hour=21, minute=30)  # 21:30 London in March
    assert plan([_child()], [], [], night, SETTINGS) == []


def test_a_current_profile_waits_for_its_interval() -> None:
    checked = DAY - timedelta(days=60)
    child = _child(version=3, checked_at=checked, photo_id=9, photo_dated=checked)
    assert plan([child], [], [], DAY, SETTINGS) == []
    three_months_on = Duration(months=3).after(checked)
    due = plan([child], [], [], three_months_on, SETTINGS)
    texts = {p.row.kind: p.text for p in due}
    assert "last checked on 02 Jan 2026, more than 3 months ago" in texts["profile_stale"]
    assert "photo on file is from 02 Jan 2026" in texts["photo_stale"]
    assert {b[1] for p in due for b in p.buttons} == {
        "profile:update:1",
        "profile:same:1",
        "profile:photo:1",
    }


def test_one_reminder_per_interval_while_nothing_changes() -> None:
    child = _child(recipients=(5,))
    sent = [PromptRow(1, "profile_stale", "v0", 1, 5, DAY)]
    later = DAY + timedelta(days=40)
    assert [p.row.kind for p in plan([child], [], sent, later, SETTINGS)] == ["photo_stale"]
    much_later = Duration(months=3).after(DAY)
    kinds = {(p.row.kind, p.row.seq) for p in plan([child], [], sent, much_later, SETTINGS)}
    assert ("profile_stale", 2) in kinds


def test_a_packs_own_interval_wins_over_the_authoritys() -> None:
    checked = DAY - timedelta(days=40)
    child = _child(version=1, checked_at=checked, photo_id=2, photo_dated=checked)
    monthly = ProfileReviewSettings(
        by_protocol={"staffordshire": Duration(months=1)}, check_every=timedelta(0)
    )
    assert plan([child], [], [], DAY, SETTINGS) == []
    assert len(plan([child], [], [], DAY, monthly)) == 4  # profile and photo, two carers


def test_after_a_return_the_carer_is_asked_once_after_the_delay() -> None:
    back = ReturnReview(1, "Kit Marlowe", 40, 2, DAY - timedelta(hours=1), (5,))
    fresh = _child(version=1, checked_at=DAY, photo_id=1, photo_dated=DAY)
    assert plan([fresh], [back], [], DAY, SETTINGS) == []
    later = DAY + timedelta(hours=1)
    due = plan([fresh], [back], [], later, SETTINGS)
    assert [(p.row.kind, p.row.basis) for p in due] == [("after_return", "episode40")]
    assert "Kit Marlowe is back (episode 2). Anything new" in due[0].text
    asked = [PromptRow(1, AFTER_RETURN, "episode40", 1, 5, later)]
    assert plan([fresh], [back], asked, later + timedelta(hours=1), SETTINGS) == []


def test_settings_from_the_environment() -> None:
    got = settings_from_env(
        {
            "HOMEWARD_PROFILE_REVIEW_EVERY": "P6W",
            "HOMEWARD_PROFILE_REVIEW_BY_PROTOCOL": "essex=P1M, rutland=P2M",
            "HOMEWARD_PROFILE_ASK_AFTER_RETURN": "PT4H",
            "HOMEWARD_PROFILE_REMINDER_HOURS": "10:00-19:30",
        }
    )
    assert got.interval("staffordshire") == Duration(days=42)
    assert got.interval("essex") == Duration(months=1)
    assert got.ask_after_return == timedelta(hours=4)
    assert settings_from_env({}).every == Duration(months=3)
    for name, bad in [
        ("HOMEWARD_PROFILE_REVIEW_EVERY", "three months"),
        ("HOMEWARD_PROFILE_REVIEW_EVERY", "PT0H"),
        ("HOMEWARD_PROFILE_REVIEW_BY_PROTOCOL", "essex"),
        ("HOMEWARD_PROFILE_ASK_AFTER_RETURN", "P1M"),
        ("HOMEWARD_PROFILE_REMINDER_HOURS", "20:00-09:00"),
    ]:
        with pytest.raises(ValueError, match=name):
            settings_from_env({name: bad})


# -- the sweep, on a real database -----------------------------------------------------------


def _org(session: Session) -> Org:
    org = build_org(session)
    session.commit()
    return org


async def test_stale_profile_one_reminder_per_interval_and_restart_safe(
    engine: Engine, session: Session
) -> None:
    org = _org(session)
    update_profile(session, org.child, {"description": "Tall"}, by=org.carer, now=DAY)
    session.commit()
    outbound = FakeOutbound()
    stale = Duration(months=3).after(DAY)
    sessions = make_session_factory(engine)
    assert await ProfileReviewSweep(SETTINGS)(sessions, DAY, outbound) == 1  # no photo yet
    assert outbound.to(org.carer) == [
        "There is no photo of Kit Marlowe on file. The police ask for a recent one."
    ]
    outbound.clear()
    # The same instant again, and a "restarted" process with a new session factory.
    assert await ProfileReviewSweep(SETTINGS)(sessions, DAY, outbound) == 0
    again = make_session_factory(engine)
    assert await ProfileReviewSweep(SETTINGS)(again, stale - timedelta(minutes=1), outbound) == 0
    assert outbound.sent == []
    await ProfileReviewSweep(SETTINGS)(again, stale, outbound)
    (only,) = outbound.sent
    assert only[0] == org.carer
    assert "last checked on 03 Mar 2026" in only[1].text and "no photo" in only[1].text
    outbound.clear()
    await ProfileReviewSweep(SETTINGS)(again, stale + timedelta(days=1), outbound)
    assert outbound.sent == []
    # "Still right" starts the interval again.
    with sessions() as s:
        confirm_profile(s, org.child, by=org.carer, now=stale, note="checked")
        s.commit()
    await ProfileReviewSweep(SETTINGS)(again, stale + timedelta(days=30), outbound)
    assert all("missing profile" not in r.text for _, r in outbound.sent)


async def test_a_process_killed_after_sending_does_not_send_again(
    engine: Engine, session: Session
) -> None:
    org = _org(session)
    sessions = make_session_factory(engine)
    dying = FakeOutbound(kill_after="no missing profile")
    with pytest.raises(ProcessKilled):
        await ProfileReviewSweep(SETTINGS)(sessions, DAY, dying)
    assert len(dying.sent) == 1
    fresh = FakeOutbound()
    await ProfileReviewSweep(SETTINGS)(make_session_factory(engine), DAY, fresh)
    assert fresh.sent == []
    with sessions() as s:
        statuses = s.scalars(select(ProfilePrompt.status)).all()
    assert set(statuses) == {"claimed"}  # left as the claim: may have gone, never resent
    assert org.carer == dying.sent[0][0]


async def test_after_a_return_the_sweep_asks_unless_the_chat_did(
    engine: Engine, session: Session
) -> None:
    org = _org(session)
    update_profile(session, org.child, {"description": "Tall"}, by=org.carer, now=DAY)
    episode = open_episode(session, org.child, DAY - timedelta(days=2), DAY, org.carer)
    episode.status, episode.returned_at = "closed", DAY - timedelta(hours=3)
    session.commit()
    sessions = make_session_factory(engine)
    settings = ProfileReviewSettings(
        check_every=timedelta(0), hours=(DAY.time(), DAY.time().replace(hour=23))
    )
    outbound = FakeOutbound()
    await ProfileReviewSweep(settings)(sessions, DAY, outbound)
    assert any("Kit Marlowe is back (episode 1)" in r.text for _, r in outbound.sent)
    outbound.clear()
    await ProfileReviewSweep(settings)(sessions, DAY + timedelta(hours=1), outbound)
    assert not any("is back" in r.text for _, r in outbound.sent)
    # A second return, already asked about at the end of the return flow.
    with sessions() as s:
        second = open_episode(s, org.child, DAY + timedelta(hours=2), DAY, org.carer)
        second.status, second.returned_at = "closed", DAY + timedelta(hours=3)
        row = PromptRow(org.child, AFTER_RETURN, f"episode{second.id}", 1, org.carer, DAY)
        record_asked_in_chat(s, row)
        s.commit()
    await ProfileReviewSweep(settings)(sessions, DAY + timedelta(hours=6), outbound)
    assert not any("is back" in r.text for _, r in outbound.sent)


async def test_the_reminder_service_runs_the_sweep_on_its_tick(
    engine: Engine, session: Session
) -> None:
    org = _org(session)
    outbound = FakeOutbound()
    service = ReminderService(
        engine, outbound, lambda: DAY, ReminderSettings(), sweeps=[ProfileReviewSweep(SETTINGS)]
    )
    await service.start()  # leads (the lock is free) and sweeps once
    try:
        await service.tick()
    finally:
        service.shutdown()
    assert any("no missing profile" in text for text in outbound.to(org.carer))


async def test_a_big_backlog_is_spread_over_sweeps(engine: Engine, session: Session) -> None:
    org = _org(session)
    for i in range(4):
        child = create_child(session, f"Ada{i}", "Quell", "looked_after", org.team).id
        link_carer(session, child, org.carer)
    session.commit()
    sessions = make_session_factory(engine)
    outbound = FakeOutbound()
    sweep = ProfileReviewSweep(ProfileReviewSettings(max_per_sweep=2))
    assert await sweep(sessions, DAY, outbound) == 2
    assert await sweep(sessions, DAY + timedelta(seconds=30), outbound) == 2  # not 15 min later
    assert await sweep(sessions, DAY + timedelta(seconds=60), outbound) == 1
    assert await sweep(sessions, DAY + timedelta(seconds=90), outbound) == 0
    assert len(outbound.to(org.carer)) == 5
