"""The channel's configuration, read from the environment only."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from storage.invites import DEFAULT_LIFETIME

TOKEN = "TELEGRAM_BOT_TOKEN"
WEBHOOK_URL = "TELEGRAM_WEBHOOK_URL"
WEBHOOK_PORT = "TELEGRAM_WEBHOOK_PORT"
WEBHOOK_SECRET = "TELEGRAM_WEBHOOK_SECRET"
WEBHOOK_LISTEN = "TELEGRAM_WEBHOOK_LISTEN"
BOT_USERNAME = "TELEGRAM_BOT_USERNAME"
API_BASE_URL = "TELEGRAM_API_BASE_URL"
INVITE_HOURS = "HOMEWARD_INVITE_HOURS"
ADMINS = "HOMEWARD_ADMINS"
PRIVACY = "HOMEWARD_PRIVACY"
WORKERS = "HOMEWARD_WORKERS"
RATE = "HOMEWARD_TELEGRAM_RATE"
INBOX_LEASE = "HOMEWARD_INBOX_LEASE"

DEFAULT_WEBHOOK_PORT = 8443
BOT_RATE = 30  # Telegram's limit: about 30 messages a second per bot, for all processes together
INBOX_LEASE_SECONDS = 30  # a dead worker's update is taken over after this long


class SettingsError(ValueError):
    """A setting has a value we cannot use; the message names it and what was expected."""


@dataclass(frozen=True)
class TelegramSettings:
    token: str
    webhook_url: str | None = None
    webhook_port: int = DEFAULT_WEBHOOK_PORT
    webhook_secret: str | None = None
    webhook_listen: str = "0.0.0.0"
    bot_username: str | None = None
    api_base_url: str | None = None  # another Bot API server (a local one, or an emulator)
    invite_lifetime: timedelta = DEFAULT_LIFETIME
    admins: frozenset[int] = frozenset()
    privacy: bool = True
    workers: int = 1  # bot processes sharing this bot (HOMEWARD_WORKERS), for the pacing
    rate: int = BOT_RATE  # messages a second for the whole bot (HOMEWARD_TELEGRAM_RATE)
    inbox_lease: timedelta = timedelta(seconds=INBOX_LEASE_SECONDS)

    @property
    def webhook(self) -> bool:
        return self.webhook_url is not None

    @property
    def rate_share(self) -> int:
        """This process's messages a second: the bot's rate shared out evenly, so N workers
        together never exceed it (bot.telegram.app's rate limiter applies it)."""
        return max(1, self.rate // self.workers)


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) <= 0:
        raise SettingsError(f"{name} must be a positive whole number, not {raw!r}")
    return int(raw)


def admin_ids(env: Mapping[str, str]) -> frozenset[int]:
    """HOMEWARD_ADMINS: staff ids separated by commas (the reminders helper reads it too)."""
    ids: set[int] = set()
    for part in env.get(ADMINS, "").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit():
            raise SettingsError(f"{ADMINS} must list staff ids separated by commas, not {part!r}")
        ids.add(int(part))
    return frozenset(ids)


def load_settings(env: Mapping[str, str]) -> TelegramSettings | None:
    """The settings when TELEGRAM_BOT_TOKEN is set, else None (the console channel runs)."""
    token = env.get(TOKEN, "").strip()
    if not token:
        return None
    secret = env.get(WEBHOOK_SECRET, "").strip() or None
    url = env.get(WEBHOOK_URL, "").strip() or None
    if url is not None and secret is None:
        # Without it anyone who learns the URL can post forged updates as any chat.
        raise SettingsError(f"{WEBHOOK_URL} is set, so {WEBHOOK_SECRET} must be set too")
    if secret is not None and not all(c.isalnum() or c in "_-" for c in secret):
        raise SettingsError(f"{WEBHOOK_SECRET} may hold only letters, digits, _ and -")
    privacy = env.get(PRIVACY, "on").strip().lower()
    if privacy not in {"on", "off"}:
        raise SettingsError(f"{PRIVACY} must be on or off, not {privacy!r}")
    return TelegramSettings(
        token=token,
        webhook_url=url,
        webhook_port=_int(env, WEBHOOK_PORT, DEFAULT_WEBHOOK_PORT),
        webhook_secret=secret,
        webhook_listen=env.get(WEBHOOK_LISTEN, "").strip() or "0.0.0.0",
        bot_username=env.get(BOT_USERNAME, "").strip().lstrip("@") or None,
        api_base_url=env.get(API_BASE_URL, "").strip() or None,
        invite_lifetime=timedelta(hours=_int(env, INVITE_HOURS, 48)),
        admins=admin_ids(env),
        privacy=privacy == "on",
        workers=_int(env, WORKERS, 1),
        rate=_int(env, RATE, BOT_RATE),
        inbox_lease=timedelta(seconds=_int(env, INBOX_LEASE, INBOX_LEASE_SECONDS)),
    )


def load_invite_hours(env: Mapping[str, str]) -> int:
    """HOMEWARD_INVITE_HOURS, refused unless a positive whole number (default 48)."""
    return _int(env, INVITE_HOURS, 48)
