"""The console demo with the scheduler: `wait` moves the demo clock and reminders print, and a
pushed reminder's buttons answer to numbers."""

from __future__ import annotations

from pathlib import Path

from tests.reminders.helpers import run_console_demo


async def test_wait_delivers_reminders_and_escalations_in_order(tmp_path: Path) -> None:
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
    text = await run_console_demo(tmp_path, script)
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
