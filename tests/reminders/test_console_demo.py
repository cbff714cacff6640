"""The console demo with the scheduler: `wait` moves the demo clock and reminders print, and a
pushed reminder's buttons answer to numbers."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.console import Console
from bot.console_outbound import ConsoleOutbound
from bot.demo import seed_demo
from bot.run_command import dialogue_manager
from reminders.clock import OffsetClock
from reminders.scheduler import ReminderService
from reminders.settings import ReminderSettings
from storage.db import make_engine, make_session_factory, migrate

REAL = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)  # a fixed "real" clock: 3am
FAR = timedelta(days=3650)


async def test_wait_delivers_reminders_and_escalations_in_order(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    migrate(engine)
    sessions = make_session_factory(engine)
    clock = OffsetClock(lambda: REAL)
    with sessions() as session:
        seed_demo(session, clock())
        session.commit()

    script = [
        "3",
        "Jay's not back, he was due in at 10",
        "10",
        "no",
        "r1",  # the pushed reminder's "Done": pushed options have their own labels
        "as Tom",
        "wait 24h",
        "wait",
    ]
    out = io.StringIO()
    # Built as `homeward run` builds it: reminder buttons answered through the dialogue.
    manager = dialogue_manager(sessions, ReminderSettings())
    console = Console(manager, sessions, clock, io.StringIO("\n".join(script) + "\n"), out)
    service = ReminderService(
        engine,
        ConsoleOutbound(console),
        clock,
        ReminderSettings(),
        to_real=lambda instant: clock.to_real(instant) + FAR,
    )

    async def advance(to: datetime) -> None:
        await service.advance(to, clock.jump_to)

    try:
        await service.start()
        await console.run_async(advance, service.poke)
    finally:
        service.shutdown()
        engine.dispose()
    text = out.getvalue()
    assert "[reminder for Sam Carter] Reminder: J.M., episode 1: Report the child missing" in text
    assert "Marked done: J.M., episode 1: Report the child missing" in text
    # Out of hours the social worker's items go to the emergency duty team.
    assert "[reminder for Ellis Grant] Out of hours, covering for Tom Evans." in text
    assert "The demo clock now reads Wed 04 Mar 2026 03:00." in text
    # The 24-hour protocol escalation reaches the District Operational Lead, and the
    # unacknowledged reminder climbs Priya Shah's line management.
    assert "[reminder for Bea Lindqvist] Protocol escalation for you as district" in text
    assert "[reminder for Idris Quarrie] Escalation: Priya Shah has not acknowledged" in text
    assert 'Try "wait 2h" or "wait 30m"' in text
    assert "Sent late" not in text
    assert "Jay" not in text.split("[reminder for Ellis Grant]")[1].split("\n")[0]
