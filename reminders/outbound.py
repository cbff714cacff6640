"""What a channel must offer to push reminders: console in the demo, Telegram when configured.

`deliver` returns True when the message was accepted and False when the person cannot be reached
on the channel at all (no linked chat, blocked the bot, left): the chain then skips them. Any
other failure is raised. `SendFailed` says how: `maybe_sent` when the message may have arrived
(a timeout after the request left), `retry_after` when the channel asked to wait. Any other
exception is treated as a failure of unknown outcome. Either way the reminder is sent again.
"""

from __future__ import annotations

from typing import Protocol

from dialogues.replies import Reply


class Outbound(Protocol):
    async def deliver(self, staff_id: int, reply: Reply) -> bool: ...


class SendFailed(Exception):
    """A send that did not go through now; the reminder engine retries it with backoff."""

    def __init__(
        self, reason: str, *, maybe_sent: bool = False, retry_after: float | None = None
    ) -> None:
        super().__init__(reason)
        self.maybe_sent = maybe_sent
        self.retry_after = retry_after


def failure_outcome(error: BaseException) -> tuple[bool, float | None]:
    """(the message may have arrived, seconds the channel asked us to wait) for a failed send."""
    if isinstance(error, SendFailed):
        return error.maybe_sent, error.retry_after
    return True, None  # unknown: resend, and say it may be a repeat
