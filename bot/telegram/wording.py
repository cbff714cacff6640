"""Telegram's own way of naming commands: the conversations are written for every channel and
say `type "status"`; on Telegram a tappable /status is clearer, so replies are reworded here."""

from __future__ import annotations

import re

# Words the dialogues accept that are also Telegram commands in the menu.
COMMAND_WORDS = ("status", "tasks", "help", "cancel", "why", "undo")
_WORDS = "|".join(COMMAND_WORDS)
_TYPE = re.compile(rf"\b([Tt])ype \"({_WORDS})\"")
_OR = re.compile(rf"(?<=/)({_WORDS}) or \"({_WORDS})\"")


def for_telegram(text: str) -> str:
    """'Type "status" to see…' -> 'Use /status to see…'; 'or type "status" or "help"' ->
    'or use /status or /help'."""
    text = _TYPE.sub(lambda m: ("Use" if m.group(1) == "T" else "use") + f" /{m.group(2)}", text)
    return _OR.sub(lambda m: f"{m.group(1)} or /{m.group(2)}", text)
