from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.telegram.layout import (
    LABEL_LIMIT,
    Press,
    choice_data,
    label,
    page_count,
    page_data,
    page_slice,
    parse_data,
    split_text,
    with_choices,
    with_note,
)
from bot.telegram.privacy import initials, redact
from bot.telegram.settings import SettingsError, load_settings
from storage.models import Child


def test_callback_data_round_trips_and_rejects_everything_else() -> None:
    token = "AbCdEf012-_x"
    assert parse_data(choice_data(token, 3)) == Press(token, index=3)
    assert parse_data(page_data(token, 2)) == Press(token, page=2)
    for bad in (
        None,
        "",
        "done",
        f"{token}:",
        f"{token}:-1",
        f"{token}:q1",
        "a" * 65,
        f"{token}x:1",
    ):
        assert parse_data(bad) is None, bad


def test_split_text_keeps_everything_within_the_limit() -> None:
    text = "\n".join(["short line"] * 3 + ["y" * 25] + ["word " * 10])
    pieces = split_text(text, limit=20)
    assert all(len(p) <= 20 for p in pieces)
    assert "".join(pieces).replace(" ", "") == text.replace("\n", "").replace(" ", "")
    assert split_text("   ") == ["…"]


def test_pages_and_labels() -> None:
    assert page_count(0) == 1 and page_count(13, 6) == 3
    assert list(page_slice(13, 2, 6)) == [12] and list(page_slice(13, 9, 6)) == [12]
    assert len(label("z" * 200)) == LABEL_LIMIT == 30 and label("  a \n b ") == "a b"
    assert with_note("x" * 10, "✓ Yes", limit=12).endswith("✓ Yes")
    assert len(with_note("x" * 10, "✓ Yes", limit=12)) == 12


def test_settings_from_the_environment() -> None:
    assert load_settings({}) is None
    s = load_settings(
        {"TELEGRAM_BOT_TOKEN": "1:A", "HOMEWARD_ADMINS": "3, 7", "HOMEWARD_INVITE_HOURS": "6"}
    )
    assert s is not None and not s.webhook and s.privacy
    assert s.admins == {3, 7} and s.invite_lifetime == timedelta(hours=6)
    hook = load_settings(
        {
            "TELEGRAM_BOT_TOKEN": "1:A",
            "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/homeward",
            "TELEGRAM_WEBHOOK_SECRET": "s3cret_token",
            "TELEGRAM_WEBHOOK_PORT": "8080",
        }
    )
    assert hook is not None and hook.webhook and hook.webhook_port == 8080
    for bad in (
        {"TELEGRAM_WEBHOOK_URL": "https://x"},
        {"TELEGRAM_WEBHOOK_URL": "https://x", "TELEGRAM_WEBHOOK_SECRET": "has space"},
        {"HOMEWARD_ADMINS": "3,bob"},
        {"HOMEWARD_INVITE_HOURS": "0"},
        {"HOMEWARD_PRIVACY": "maybe"},
    ):
        with pytest.raises(SettingsError):
            load_settings({"TELEGRAM_BOT_TOKEN": "1:A", **bad})


def test_names_are_redacted_but_ordinary_words_are_not() -> None:
    will = Child(given_name="Will", family_name="Ash", date_of_birth=date(2012, 5, 1))
    assert initials(will) == "W.A."

    class Session:
        def scalars(self, _query: object) -> list[Child]:
            return [will]

    text = redact(Session(), "Will Ash (1/5/2012) will be checked; Will's room")  # type: ignore[arg-type]
    assert text == "W.A. ([date of birth]) will be checked; W.A. room"


def test_long_choices_are_listed_once() -> None:
    choices = ["Tell the police with the police incident number", "No"]
    once = with_choices("Next?", choices)
    assert once.endswith("1. Tell the police with the police incident number\n2. No")
    assert with_choices(once, choices) == once  # a question sent again is not listed twice
    assert with_choices("Next?", ["Yes", "No"]) == "Next?"
