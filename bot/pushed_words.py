"""Typing a pushed reminder's answer instead of pressing it ("acknowledge", "done", "snooze",
"not me"), for every channel. The step on screen comes first: a word that is one of its own
choices answers the step; otherwise it acts on the latest reminder still waiting."""

from __future__ import annotations

from collections.abc import Sequence

from dialogues.replies import Button
from reminders.buttons import PREFIX

# What people type -> the reminder button kind it means (payload `rem:<kind>:<delivery id>`).
WORDS = {
    "done": "done",
    "it's done": "done",
    "ack": "ack",
    "acknowledge": "ack",
    "acknowledged": "ack",
    "snooze": "snooze",
    "later": "snooze",
    "not me": "notme",
    "not mine": "notme",
}


def _words(text: str) -> str:
    return " ".join(text.lower().strip(" .!").split())


def is_reminder_payload(payload: str) -> bool:
    return payload.startswith(PREFIX)


def pushed_choice(
    text: str, step: Sequence[Button], pushes: Sequence[Sequence[Button]]
) -> str | None:
    """The payload of the reminder button `text` names, from the latest push (last in
    `pushes`) that offers it; None when the step on screen offers that word itself, or when
    no waiting reminder does."""
    wanted = _words(text)
    kind = WORDS.get(wanted)
    if kind is None:
        return None
    for label, _ in step:
        shown = _words(label)
        if shown == wanted or shown.split(" ")[:1] == [wanted]:
            return None  # the step's own "Done" (or similar) wins: it is what is on screen
    for buttons in reversed(pushes):
        for _, payload in buttons:
            if payload.startswith(f"{PREFIX}{kind}:"):
                return payload
    return None
