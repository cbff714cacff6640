"""When the NLU is unsure, ask with buttons instead of guessing (issue 4).

A wrong guess here could open a missing record for a child who is home, or treat "still not
back" as a return; one extra tap is cheap by comparison. The message is kept in the state so the
chosen meaning acts on exactly what was typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dialogues import messages as m
from dialogues.context import Turn
from dialogues.replies import Reply, say

PREFIX = "intent:"
PENDING = "pending_text"
_ELSE = "intent:none"


def ask(turn: Turn, text: str, parsed: Mapping[str, Any], routable: set[str]) -> list[Reply]:
    """Offer the likeliest meanings the assistant can act on, plus a way out."""
    ranked = [s["name"] for s in parsed["intent_ranking"] if s["name"] in routable]
    options = [name for name in ranked if name in m.INTENT_LABELS][:3]
    if not options:
        return [say(m.NOT_UNDERSTOOD)]
    turn.state[PENDING] = text
    buttons = [(m.INTENT_LABELS[name], PREFIX + name) for name in options]
    return [say(m.CONFIRM_MEANING, *buttons, (m.CONFIRM_NONE, _ELSE))]


def chosen(turn: Turn, payload: str) -> tuple[str, str] | None:
    """(intent, original text) for a pressed meaning button; None for "something else" or a stale
    button whose message is gone."""
    text = turn.state.pop(PENDING, None)
    name = payload.removeprefix(PREFIX)
    if text is None or payload == _ELSE or name not in m.INTENT_LABELS:
        return None
    return name, str(text)
