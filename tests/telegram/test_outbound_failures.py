"""How a failed reminder send on Telegram is sorted for the reminder engine: blocked means
unreachable (the chain passes the person over); flood control, timeouts, 500 and 502 are sent
again later, saying so when the message may already have arrived."""

from __future__ import annotations

import httpx
import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.telegram.app import RATE_LIMIT_RETRIES
from bot.telegram.outbound import TelegramOutbound
from dialogues.replies import Reply
from reminders.outbound import SendFailed
from tests.telegram.harness import SAM, Harness

CHAT = 5550007


def outbound(tg: Harness) -> TelegramOutbound:
    return TelegramOutbound(tg.app.bot, tg.sessions, tg.clock)


async def test_a_blocked_bot_or_a_gone_chat_is_unreachable(tg: Harness) -> None:
    await tg.link(CHAT, SAM)
    tg.telegram.fail_next = [Forbidden("Forbidden: bot was blocked by the user")]
    assert await outbound(tg).deliver(SAM, Reply("A task is due")) is False
    tg.telegram.fail_next = [BadRequest("Chat not found")]
    assert await outbound(tg).deliver(SAM, Reply("A task is due")) is False


async def test_flood_control_beyond_the_rate_limiter_waits_as_long_as_telegram_asks(
    tg: Harness,
) -> None:
    await tg.link(CHAT, SAM)
    # The rate limiter retries 429s itself (waiting retry_after); once it gives up, the
    # reminder engine waits at least that long before its own retry.
    tg.telegram.fail_next = [RetryAfter(0) for _ in range(RATE_LIMIT_RETRIES + 1)]
    with pytest.raises(SendFailed) as failed:
        await outbound(tg).deliver(SAM, Reply("A task is due"))
    assert failed.value.retry_after == 0 and not failed.value.maybe_sent


@pytest.mark.parametrize(
    "error",
    [TimedOut("Timed out"), NetworkError("Bad Gateway"), NetworkError("Internal Server Error")],
    ids=["read timeout", "502", "500"],
)
async def test_an_unknown_outcome_is_retried_as_possibly_sent(
    tg: Harness, error: NetworkError
) -> None:
    await tg.link(CHAT, SAM)
    tg.telegram.fail_next = [error]
    with pytest.raises(SendFailed) as failed:
        await outbound(tg).deliver(SAM, Reply("A task is due"))
    assert failed.value.maybe_sent


async def test_a_connection_never_made_is_retried_as_not_sent(tg: Harness) -> None:
    await tg.link(CHAT, SAM)
    refused = NetworkError("connect failed")
    refused.__cause__ = httpx.ConnectError("refused")
    # The request layer retries connection errors itself; a lasting outage still fails.
    tg.telegram.fail_next = [refused] * 10
    with pytest.raises(SendFailed) as failed:
        await outbound(tg).deliver(SAM, Reply("A task is due"))
    assert not failed.value.maybe_sent
    tg.telegram.fail_next = []
