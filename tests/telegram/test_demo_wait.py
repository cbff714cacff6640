"""An administrator's `/wait 2h` moves the clock in a demo database only (`homeward demo seed`
marks it), like the console's `wait`; anyone else, or any other database, is refused."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.demo_clock import demo_advance
from bot.demo_command import seed_demo_once
from bot.telegram import messages as tm
from bot.telegram.app import build_application
from bot.telegram.outbound import TelegramOutbound
from dialogues.manager import DialogueManager
from reminders.clock import OffsetClock
from reminders.scheduler import ReminderService
from reminders.settings import ReminderSettings
from storage.db import make_engine, make_session_factory, migrate
from storage.episodes import open_episode
from storage.people import find_children
from storage.tasks import refresh_tasks
from tests.dialogues.nlu_once import understanding
from tests.telegram.fake_telegram import FakeTelegram
from tests.telegram.harness import ADMIN, NOW, SAM, Clock, Harness, demo_sessions, settings

ADMIN_CHAT, SAM_CHAT = 5001, 5003


async def _harness(path: Path, *, mark_demo: bool) -> Harness:
    sessions = demo_sessions(path)
    if mark_demo:
        with sessions() as session:
            assert seed_demo_once(session) is False  # the demo is there already: only marked
            session.commit()
    clock = Clock()

    async def advance(step: timedelta) -> datetime:
        clock.advance(seconds=step.total_seconds())
        return clock()

    telegram = FakeTelegram()
    app = build_application(
        settings(),
        DialogueManager(sessions, understanding()),
        sessions,
        clock,
        request=telegram,
        updates_request=telegram,
        with_updater=False,
        advance=advance,
    )
    await app.initialize()
    return Harness(app, telegram, sessions, clock)


@pytest.fixture
async def demo(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await _harness(tmp_path / "demo.sqlite3", mark_demo=True)
    await harness.link(ADMIN_CHAT, ADMIN)
    await harness.link(SAM_CHAT, SAM)
    yield harness
    await harness.app.shutdown()


async def test_an_admin_moves_the_demo_clock(demo: Harness) -> None:
    reply = await demo.say(ADMIN_CHAT, "/wait 2h")
    assert demo.clock() == NOW + timedelta(hours=2)
    assert reply and reply[0].startswith("Demo clock moved on 2h. It is now")
    await demo.say(ADMIN_CHAT, "/wait 30m")
    assert demo.clock() == NOW + timedelta(hours=2, minutes=30)


async def test_bad_steps_and_non_admins_are_refused(demo: Harness) -> None:
    assert await demo.say(ADMIN_CHAT, "/wait") == [tm.WAIT_USAGE]
    assert await demo.say(ADMIN_CHAT, "/wait -2h") == [tm.WAIT_USAGE]
    assert await demo.say(ADMIN_CHAT, "/wait 0h") == [tm.WAIT_USAGE]
    assert await demo.say(ADMIN_CHAT, "/wait 90d") == [tm.WAIT_USAGE]
    assert await demo.say(SAM_CHAT, "/wait 2h") == [tm.WAIT_NOT_ALLOWED]
    assert demo.clock() == NOW


async def test_a_database_not_marked_demo_refuses_to_move_the_clock(tmp_path: Path) -> None:
    harness = await _harness(tmp_path / "real.sqlite3", mark_demo=False)
    try:
        await harness.link(ADMIN_CHAT, ADMIN)
        assert await harness.say(ADMIN_CHAT, "/wait 2h") == [tm.WAIT_NOT_DEMO]
        assert harness.clock() == NOW
    finally:
        await harness.app.shutdown()


async def test_wait_delivers_what_falls_due_on_the_way_as_run_wires_it(tmp_path: Path) -> None:
    """The wiring of `homeward run` on a demo database: an OffsetClock, the reminder service and
    `demo_advance`. Jay is reported missing; `/wait 2h` brings Sam's reminder to Sam's chat."""
    engine = make_engine(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    migrate(engine)
    sessions = make_session_factory(engine)
    clock = OffsetClock(lambda: NOW)
    with sessions() as session:
        seed_demo_once(session)
        jay = find_children(session, "Jay")[0]
        episode = open_episode(session, jay.id, clock() - timedelta(hours=1), clock(), SAM)
        refresh_tasks(session, episode.id, clock())
        session.commit()
    services: list[ReminderService] = []
    telegram = FakeTelegram()
    app = build_application(
        settings(),
        DialogueManager(sessions, understanding()),
        sessions,
        clock,
        request=telegram,
        updates_request=telegram,
        with_updater=False,
        advance=demo_advance(clock, services),
    )
    await app.initialize()
    service = ReminderService(
        engine,
        TelegramOutbound(app.bot, sessions, clock, privacy=True),
        clock,
        ReminderSettings(),
        # The scheduler's own timers are pushed far away: only /wait delivers here.
        to_real=lambda instant: clock.to_real(instant) + timedelta(days=3650),
    )
    services.append(service)
    harness = Harness(app, telegram, sessions, clock)  # type: ignore[arg-type]
    try:
        # Linked first: the reminder service passes over at once anyone it cannot reach.
        await harness.link(ADMIN_CHAT, ADMIN)
        await harness.link(SAM_CHAT, SAM)
        await service.start()
        before = len(telegram.sent(SAM_CHAT))
        reply = await harness.say(ADMIN_CHAT, "/wait 2h")
        assert clock() == NOW + timedelta(hours=2)
        assert reply[-1].startswith("Demo clock moved on 2h.")
        pushed = [str(c.params["text"]) for c in telegram.sent(SAM_CHAT)[before:]]
        assert any("J.M., episode 1" in text for text in pushed), pushed
    finally:
        service.shutdown()
        await app.shutdown()
        engine.dispose()
