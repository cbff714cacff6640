"""What the assistant says, independent of the channel (console today, Telegram later)."""

from __future__ import annotations

from dataclasses import dataclass

Button = tuple[str, str]  # (label shown, payload sent back as the person's message)


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = ()


def say(text: str, *buttons: Button) -> Reply:
    return Reply(text, tuple(buttons))
