"""What the assistant says, independent of the channel (console today, Telegram later)."""

from __future__ import annotations

from dataclasses import dataclass

Button = tuple[str, str]  # (label shown, payload sent back as the person's message)


@dataclass(frozen=True)
class Document:
    """A file sent with a reply (e.g. a grab pack PDF). Channels send it protected where they
    can (Telegram: no forwarding or saving) and never keep a copy of their own."""

    filename: str
    data: bytes
    mime_type: str = "application/pdf"


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = ()
    document: Document | None = None


def say(text: str, *buttons: Button) -> Reply:
    return Reply(text, tuple(buttons))
