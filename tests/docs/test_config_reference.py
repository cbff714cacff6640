"""docs/operators.md's configuration table is what bot.config_reference renders from the
settings code, and that catalogue names exactly the HOMEWARD_*/TELEGRAM_* variables the code
reads."""

from __future__ import annotations

from bot.config_reference import OPERATORS_PAGE, SECTION, SETTINGS, markdown_table, names_in_code
from bot.docs_sections import section

FIX = "run `.venv/bin/python -m bot.config_reference --write`"


def test_the_page_holds_the_generated_table() -> None:
    page = OPERATORS_PAGE.read_text(encoding="utf-8")
    assert section(page, SECTION) == markdown_table(), f"docs/operators.md drifted: {FIX}"


def test_every_variable_the_code_reads_is_described() -> None:
    described = {setting.name for setting in SETTINGS}
    undescribed = names_in_code() - described
    assert not undescribed, (
        f"describe these in bot/config_reference.py SETTINGS, then {FIX}: {sorted(undescribed)}"
    )


def test_nothing_is_described_that_the_code_does_not_read() -> None:
    described = [setting.name for setting in SETTINGS]
    assert len(described) == len(set(described))
    assert not set(described) - names_in_code()


def test_defaults_come_from_the_settings_code() -> None:
    from reminders.settings import ReminderSettings

    table = markdown_table()
    assert "`PT30M`" in table and "`08:30-17:00`" in table and "`8443`" in table
    assert ReminderSettings().repeats == 1
    row = next(line for line in table.splitlines() if "`HOMEWARD_REMINDER_REPEATS`" in line)
    assert "| `1` |" in row
