"""The configuration reference: every HOMEWARD_* / TELEGRAM_* setting, its default and meaning.

Defaults are read from the settings code itself (the dataclasses and constants the loaders
use), so the table cannot promise a default the code does not have. `docs/operators.md` holds
the rendered table between two markers; `python -m bot.config_reference --write` refreshes it,
and `tests/docs/test_config_reference.py` fails when the page, this catalogue or the names the
code reads drift apart (a new variable in the code must be described here).
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from datetime import time, timedelta
from pathlib import Path

from bot.docs_sections import replace_section

ROOT = Path(__file__).resolve().parent.parent
OPERATORS_PAGE = ROOT / "docs" / "operators.md"
SECTION = "config-reference"
# Where the code that reads settings lives (tests/ too: the storage tests' PostgreSQL URL).
SOURCE_DIRS = ("bot", "storage", "reminders", "nlu", "dialogues", "protocols", "reports", "tests")
NAME = re.compile(r"\b(?:HOMEWARD|TELEGRAM)_[A-Z0-9_]*[A-Z0-9]\b")


@dataclass(frozen=True)
class Setting:
    name: str
    meaning: str
    default: Callable[[], str]  # read from the code that applies it
    area: str


def _iso(delta: timedelta) -> str:
    """PT30M / PT1H / PT0M / P3D, as the variables are written."""
    seconds = int(delta.total_seconds())
    if seconds and seconds % 86400 == 0:
        return f"P{seconds // 86400}D"
    hours, rest = divmod(seconds, 3600)
    minutes = rest // 60
    if hours and not minutes:
        return f"PT{hours}H"
    if not hours:
        return f"PT{minutes}M"
    return f"PT{hours}H{minutes}M"


def _hours(start: time, end: time) -> str:
    return f"{start:%H:%M}-{end:%H:%M}"


def _field_default(cls: type, name: str) -> object:
    for item in fields(cls):
        if item.name == name:
            return item.default
    raise KeyError(name)


def _code(text: object) -> str:
    return f"`{text}`"


def _reminders(attribute: str) -> Callable[[], str]:
    def read() -> str:
        from reminders.settings import ReminderSettings

        value = getattr(ReminderSettings(), attribute)
        return _code(_iso(value) if isinstance(value, timedelta) else value)

    return read


def _office_hours() -> str:
    from reminders.settings import ReminderSettings

    hours = ReminderSettings().office_hours
    return _code(_hours(hours.start, hours.end))


def _profile_every() -> str:
    from reminders.profile_review import ProfileReviewSettings

    every = ProfileReviewSettings().every
    months = f"{every.months}M" if every.months else ""
    days = f"{every.days}D" if every.days else ""
    rest = _iso(every.time)[1:] if every.time else ""
    return _code(f"P{months}{days}{rest}")


def _profile_after_return() -> str:
    from reminders.profile_review import ProfileReviewSettings

    return _code(_iso(ProfileReviewSettings().ask_after_return))


def _profile_hours() -> str:
    from reminders.profile_review import ProfileReviewSettings

    start, end = ProfileReviewSettings().hours
    return _code(_hours(start, end)) + " London"


def _db_path() -> str:
    from storage.config import DEFAULT_FILENAME

    return f"{_code(DEFAULT_FILENAME)} in the user data dir (`~/.local/share/homeward/` on Linux)"


def _telegram(attribute: str) -> Callable[[], str]:
    def read() -> str:
        from bot.telegram.settings import TelegramSettings

        value = _field_default(TelegramSettings, attribute)
        return _code(value)

    return read


def _privacy() -> str:
    from bot.telegram.settings import TelegramSettings

    return _code("on" if _field_default(TelegramSettings, "privacy") else "off")


def _invite_hours() -> str:
    from storage.invites import DEFAULT_LIFETIME

    return _code(int(DEFAULT_LIFETIME.total_seconds() // 3600))


def _rasa_url() -> str:
    from nlu.parser import DEFAULT_RASA_URL

    return _code(DEFAULT_RASA_URL)


def _retention(attribute: str) -> Callable[[], str]:
    def read() -> str:
        from reports.retention_policy import RetentionPolicy

        return _code(getattr(RetentionPolicy(), attribute))

    return read


def _retention_action() -> str:
    from reports.retention_policy import RetentionPolicy
    from storage.retention import ANONYMISED, DELETED

    # The policy stores the outcome ("deleted"); the variable takes the verb.
    verbs = {DELETED: "delete", ANONYMISED: "anonymise"}
    return _code(verbs[RetentionPolicy().action])


def _inbox_lease() -> str:
    from bot.telegram.settings import INBOX_LEASE_SECONDS

    return _code(INBOX_LEASE_SECONDS)


def _fixed(text: str) -> Callable[[], str]:
    return lambda: text


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "HOMEWARD_DATABASE_URL",
        "any SQLAlchemy URL, e.g. `postgresql+psycopg://user:pw@host/homeward`",
        _fixed("unset: SQLite"),
        "database",
    ),
    Setting("HOMEWARD_DB_PATH", "SQLite file used when no URL is set", _db_path, "database"),
    Setting(
        "HOMEWARD_PROTOCOL_DIRS",
        "extra folders of protocol packs (`:`-separated), searched before the built-in ones",
        _fixed("none"),
        "protocols",
    ),
    Setting(
        "HOMEWARD_NLU_BACKEND",
        "`embedded`, or `rasa` to use a Rasa server's `/model/parse`",
        _fixed("`embedded`"),
        "understanding",
    ),
    Setting(
        "HOMEWARD_RASA_URL", "the Rasa server, with the `rasa` backend", _rasa_url, "understanding"
    ),
    Setting(
        "HOMEWARD_RASA_TOKEN",
        "the Rasa server's `--auth-token`, sent as `?token=` and never shown in errors",
        _fixed("none"),
        "understanding",
    ),
    Setting(
        "HOMEWARD_NLU_CACHE",
        "where the trained NLU model is cached",
        _fixed("the user cache dir (`~/.cache/homeward/nlu` on Linux)"),
        "understanding",
    ),
    Setting(
        "TELEGRAM_BOT_TOKEN",
        "the bot's token from @BotFather; set, `make run` runs on Telegram",
        _fixed("unset: the console"),
        "telegram",
    ),
    Setting(
        "TELEGRAM_WEBHOOK_URL",
        "public HTTPS URL Telegram posts to; its path is the path served",
        _fixed("unset: long polling"),
        "telegram",
    ),
    Setting(
        "TELEGRAM_WEBHOOK_SECRET",
        "required with a webhook: Telegram's `secret_token` header (letters, digits, `_`, `-`)",
        _fixed("none"),
        "telegram",
    ),
    Setting(
        "TELEGRAM_WEBHOOK_PORT",
        "the port the webhook server listens on",
        _telegram("webhook_port"),
        "telegram",
    ),
    Setting(
        "TELEGRAM_WEBHOOK_LISTEN",
        "the address the webhook server listens on",
        _telegram("webhook_listen"),
        "telegram",
    ),
    Setting(
        "TELEGRAM_BOT_USERNAME",
        "lets invitations print a `t.me/…?start=CODE` link",
        _fixed("unset"),
        "telegram",
    ),
    Setting(
        "TELEGRAM_API_BASE_URL",
        "another Bot API server (a local one, or the test emulator)",
        _fixed("Telegram's"),
        "telegram",
    ),
    Setting(
        "HOMEWARD_WORKERS",
        "bot processes sharing this bot (webhook workers); each paces itself to its share of "
        "the bot's rate (docs/deploy.md)",
        _telegram("workers"),
        "telegram",
    ),
    Setting(
        "HOMEWARD_TELEGRAM_RATE",
        "messages a second for the whole bot, shared out among `HOMEWARD_WORKERS`",
        _telegram("rate"),
        "telegram",
    ),
    Setting(
        "HOMEWARD_INBOX_LEASE",
        "seconds after which a stopped webhook worker's update is taken over by another",
        _inbox_lease,
        "telegram",
    ),
    Setting(
        "HOMEWARD_ADMINS",
        "staff ids (comma-separated) allowed to use `/invite` and `/wait` in the bot, and told "
        "when the scheduler stalls",
        _fixed("none"),
        "telegram, reminders",
    ),
    Setting(
        "HOMEWARD_INVITE_HOURS",
        "how long an invitation code works (hours, a positive whole number)",
        _invite_hours,
        "telegram",
    ),
    Setting(
        "HOMEWARD_PRIVACY",
        "`on`: pushed messages show initials and an episode number only; or `off`",
        _privacy,
        "telegram",
    ),
    Setting(
        "HOMEWARD_OFFICE_HOURS",
        "the day team's hours, Mon–Fri except England and Wales bank holidays",
        _office_hours,
        "reminders",
    ),
    Setting(
        "HOMEWARD_REMINDER_LEAD",
        "first reminder this long before the deadline (ISO 8601)",
        _reminders("lead"),
        "reminders",
    ),
    Setting(
        "HOMEWARD_REMINDER_REPEAT_EVERY",
        "an unacknowledged reminder repeats this often",
        _reminders("repeat_every"),
        "reminders",
    ),
    Setting(
        "HOMEWARD_REMINDER_REPEATS",
        "how many repeats before it climbs the line-management chain",
        _reminders("repeats"),
        "reminders",
    ),
    Setting(
        "HOMEWARD_ESCALATE_EVERY",
        "one management level up per interval",
        _reminders("escalate_every"),
        "reminders",
    ),
    Setting(
        "HOMEWARD_OVERDUE_AFTER",
        "how long past due before the manager hears",
        _reminders("overdue_after"),
        "reminders",
    ),
    Setting("HOMEWARD_SNOOZE", "the snooze", _reminders("snooze"), "reminders"),
    Setting(
        "HOMEWARD_PROFILE_REVIEW_EVERY",
        "the authority's interval for the missing profile and the photo (ISO 8601: `P3M`, `P6W`)",
        _profile_every,
        "missing profile",
    ),
    Setting(
        "HOMEWARD_PROFILE_REVIEW_BY_PROTOCOL",
        "a protocol's own interval, overriding it: `staffordshire=P1M,essex=P2M`",
        _fixed("none"),
        "missing profile",
    ),
    Setting(
        "HOMEWARD_PROFILE_ASK_AFTER_RETURN",
        "how long after a return each carer is asked if anything is new for the profile "
        "(hours or days)",
        _profile_after_return,
        "missing profile",
    ),
    Setting(
        "HOMEWARD_PROFILE_REMINDER_HOURS",
        "London hours in which anyone is asked about a profile",
        _profile_hours,
        "missing profile",
    ),
    Setting(
        "HOMEWARD_PDF_FONT",
        "a TTF file to embed in PDFs (grab pack, carers' quick guide)",
        _fixed("DejaVu Sans if installed, else Helvetica"),
        "PDFs",
    ),
    Setting(
        "HOMEWARD_OUT_OF_HOURS_NUMBER",
        "the out-of-hours number printed on the carers' quick guide (`homeward guide`)",
        _fixed("unset: the guide leaves a line to write it on"),
        "carers' guide",
    ),
    Setting(
        "HOMEWARD_RETENTION_LOOKED_AFTER_AGE",
        "a looked-after child's (or care leaver's) record is kept until this birthday (reg. 50 "
        "of the Care Planning, Placement and Case Review (England) Regulations 2010: 75th)",
        _retention("looked_after_age"),
        "retention",
    ),
    Setting(
        "HOMEWARD_RETENTION_OTHER_YEARS",
        "any other child's record is kept this many years after their last episode ended",
        _retention("other_years"),
        "retention",
    ),
    Setting(
        "HOMEWARD_RETENTION_ACTION",
        "`delete`, or `anonymise` (`anonymize` works too) when `homeward retention` runs",
        _retention_action,
        "retention",
    ),
    Setting(
        "HOMEWARD_TEST_POSTGRES_URL",
        "a PostgreSQL server where the storage tests may create databases",
        _fixed("unset: the tests start their own if the server binaries exist"),
        "tests",
    ),
)


def markdown_table(settings: Iterable[Setting] = SETTINGS) -> str:
    lines = ["| variable | meaning | default | area |", "|---|---|---|---|"]
    for item in settings:
        lines.append(f"| `{item.name}` | {item.meaning} | {item.default()} | {item.area} |")
    return "\n".join(lines) + "\n"


def names_in_code(root: Path = ROOT) -> set[str]:
    """Every HOMEWARD_* / TELEGRAM_* name written in a string of the code (docstrings too)."""
    found: set[str] = set()
    for folder in SOURCE_DIRS:
        for path in (root / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    found.update(NAME.findall(node.value))
    return found


def write(page: Path = OPERATORS_PAGE) -> None:
    text = page.read_text(encoding="utf-8")
    page.write_text(replace_section(text, SECTION, markdown_table()), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.config_reference",
        description="Print the configuration reference, or --write it into docs/operators.md.",
    )
    parser.add_argument("--write", action="store_true", help="refresh docs/operators.md")
    args = parser.parse_args(argv)
    if args.write:
        write()
    else:
        sys.stdout.write(markdown_table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
