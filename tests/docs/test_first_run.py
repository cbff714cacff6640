"""The console demo's first run: the first screen says who you can be, that the clock is the
real one and `wait 2h` moves it, and offers the tour; `help` lists `wait`; the tour walks
through a report, a reminder after `wait`, and two statuses, one step per Enter."""

from __future__ import annotations

import re
from pathlib import Path

from bot import console_messages as cm
from tests.reminders.helpers import run_console_demo


async def _run(tmp_path: Path, script: list[str]) -> str:
    return await run_console_demo(tmp_path, script)


async def test_the_first_screen_and_help(tmp_path: Path) -> None:
    text = await _run(tmp_path, ["help", "3", "help"])
    first = text.split("Who are you?")[0]
    assert "The clock is the real clock (now Tue 03 Mar 2026 03:00)" in first
    assert '"wait 2h"' in first and 'Type "tour"' in first
    assert "3. Sam Carter (carer, Staffordshire North)" in text
    assert "7. Ellis Grant (emergency duty team, Emergency Duty Team)" in text
    # help before choosing someone, and after: the assistant's help, then the demo's words.
    assert text.count('"wait 2h" / "wait 30m" moves the clock forward') == 2
    after = text.split("You are now Sam Carter")[1]
    assert after.index("If a child is in immediate danger") < after.index("In this demo:")


async def test_the_tour(tmp_path: Path) -> None:
    text = await _run(tmp_path, ["tour", "", "", "", "", "status"])
    for step, (words, lines) in enumerate(cm.TOUR, 1):
        assert words in text, step
        for line in lines:
            assert f"> {line}" in text
    assert "I've opened a missing record for Jay Morgan" in text
    assert "[reminder for Sam Carter] Reminder: J.M., episode 1" in text
    assert "The demo clock now reads Tue 03 Mar 2026 05:00." in text
    assert "You are now Tom Evans" in text and "Your open tasks:" in text
    assert "OVERDUE" in text.split("You are now Priya Shah")[1]
    assert cm.TOUR_END in text
    # After the tour the console is Priya Shah's: "status" answers as her.
    assert text.rstrip().endswith("Goodbye.")
    assert text.split(cm.TOUR_END)[1].count("Your open tasks:") == 1


async def test_typing_during_the_tour_leaves_it(tmp_path: Path) -> None:
    text = await _run(tmp_path, ["tour", "status"])
    assert cm.TOUR_LEFT in text
    assert "Step 2 of 5" not in text
    # "status" went to the assistant as Sam Carter, the person step 1 made you.
    assert "- Jay Morgan, since Tue 03 Mar 2026 01:00" in text.split(cm.TOUR_LEFT)[1]


def readme_tour() -> list[str]:
    """The typed half of each line of the README's tour block (the rest is what it does)."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("## A tour of the console demo")[1].split("```text\n")[1]
    lines = block.split("```")[0].splitlines()
    return [re.split(r"\s{2,}", line.strip())[0] for line in lines if line.strip()]


async def test_the_readme_tour_does_what_it_says(tmp_path: Path) -> None:
    typed = readme_tour()
    assert len(typed) == 11
    text = await _run(tmp_path, typed)
    assert "I've opened a missing record for Jay Morgan" in text
    assert "[reminder for Sam Carter]" in text
    assert "You are now Tom Evans" in text and "Rule: staffordshire §14.1" in text
    assert "§14.1 of" in text and "Tell your line manager (missing 24 hours)" in text
    assert "OVERDUE" in text.split("You are now Priya Shah")[1]
