"""The console channel: a pushed reminder's options have their own labels (r1, r2…), so "1"
still answers the step on screen and "r1" presses the reminder's first option."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from bot.console import Console
from bot.console_outbound import ConsoleOutbound
from bot.demo import seed_demo
from bot.run_command import dialogue_manager
from reminders.engine import run_due
from reminders.settings import ReminderSettings
from storage.db import make_engine, make_session_factory, migrate
from storage.deliveries import Delivery

NOW = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)
SETTINGS = ReminderSettings(snooze=timedelta(minutes=20))


async def _run(tmp_path: Path, script: list[str]) -> tuple[str, list[Delivery]]:
    engine = make_engine(f"sqlite:///{tmp_path / 'console.sqlite3'}")
    migrate(engine)
    sessions = make_session_factory(engine)
    with sessions() as session:
        seed_demo(session, NOW)
        session.commit()
    out = io.StringIO()
    manager = dialogue_manager(sessions, SETTINGS)
    console = Console(
        manager, sessions, lambda: NOW, io.StringIO("\n".join(script) + "\n"), out, SETTINGS.snooze
    )

    async def nothing(to: datetime) -> None:
        return None

    async def due() -> None:
        await run_due(sessions, NOW, ConsoleOutbound(console), SETTINGS)

    try:
        await console.run_async(nothing, due)
        with sessions() as session:
            deliveries = list(session.scalars(select(Delivery).order_by(Delivery.id)))
            session.expunge_all()
    finally:
        engine.dispose()
    return out.getvalue(), deliveries


async def test_numbers_answer_the_step_and_r_labels_press_the_reminder(tmp_path: Path) -> None:
    script = ["3", "Jay's not back, he was due in at 10", "10", "no", "1", "r2", "1"]
    text, deliveries = await _run(tmp_path, script)
    pushed = text.split("[reminder for Sam Carter]", 1)[1]
    assert "  r1. Done\n  r2. Acknowledge\n  r3. Snooze 20 min\n  r4. Not me" in pushed
    # "1" answered the search on screen (the next search was asked), not the reminder.
    after_one = pushed.split("  r4. Not me", 1)[1]
    assert after_one.index("Search 2 of 6") < after_one.index("Thanks, acknowledged: J.M.")
    assert "Marked done: J.M." not in text
    # After the reminder's answer the search is still on screen, and "1" still answers it.
    assert "Search 3 of 6" in after_one.split("Thanks, acknowledged", 1)[1]
    handled = [d.handled for d in deliveries if d.staff_id == 3]
    assert handled[0] == "acknowledged"


async def test_typing_acknowledge_acts_on_the_waiting_reminder(tmp_path: Path) -> None:
    script = ["3", "Jay's not back, he was due in at 10", "10", "no", "acknowledge"]
    text, deliveries = await _run(tmp_path, script)
    assert "Thanks, acknowledged: J.M., episode 1" in text
    assert next(d.handled for d in deliveries if d.staff_id == 3) == "acknowledged"
