"""The conversations a person can be in. Each flow is a module with the same four entry points,
registered in dialogues.routes so the manager needs no change when a flow is added."""

from __future__ import annotations

from typing import Protocol

from dialogues.context import Turn
from dialogues.replies import Reply


class Flow(Protocol):
    """A flow module: its name in the saved state and how it answers at each step."""

    @property
    def FLOW(self) -> str: ...

    def prompt(self, turn: Turn) -> list[Reply]:
        """The current step's question with its buttons (also used to reprompt)."""
        ...

    def why(self, turn: Turn) -> str | None:
        """The rule behind the current step and its citation, if it has one."""
        ...

    def handle(self, turn: Turn, text: str) -> list[Reply]:
        """The person's answer to the current step."""
        ...
