"""What a channel must offer to push reminders: console in the demo, Telegram when configured."""

from __future__ import annotations

from typing import Protocol

from dialogues.replies import Reply


class Outbound(Protocol):
    async def deliver(self, staff_id: int, reply: Reply) -> bool: ...

    # True when the channel accepted the message; False when this person has no address on it.
