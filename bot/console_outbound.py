"""Pushed reminders on the console: the console prints them (reminders.outbound.Outbound)."""

from __future__ import annotations

from bot.console import Console
from dialogues.replies import Reply


class ConsoleOutbound:
    def __init__(self, console: Console) -> None:
        self._console = console

    async def deliver(self, staff_id: int, reply: Reply) -> bool:
        self._console.push(staff_id, reply)
        return True
