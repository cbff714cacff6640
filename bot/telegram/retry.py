"""Retrying transient network failures without ever sending a message twice.

A request is retried only when it certainly never reached Telegram (the connection could not be
made, or no pooled connection was free), or when repeating it changes nothing (reading updates,
answering a button, editing). A send that timed out after leaving may have arrived, so it is not
repeated: a duplicated night report is worse than a logged failure. Flood limits (429) are the
rate limiter's job (AIORateLimiter)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence

import httpx
from telegram.error import NetworkError
from telegram.request import BaseRequest, RequestData

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
IDEMPOTENT = frozenset(
    {
        "getMe",
        "getUpdates",
        "getWebhookInfo",
        "getChat",
        "answerCallbackQuery",
        "editMessageText",
        "editMessageReplyMarkup",
        "setMyCommands",
        "setWebhook",
        "deleteWebhook",
        "sendChatAction",
    }
)
DEFAULT_DELAYS = (0.5, 2.0, 5.0)


def never_sent(error: BaseException) -> bool:
    cause = error.__cause__
    return isinstance(cause, NEVER_SENT) or "Request was *not* sent" in str(error)


class RetryingRequest(BaseRequest):
    """Wraps another request (normally PTB's HTTPXRequest) with the retry rule above."""

    def __init__(
        self,
        inner: BaseRequest,
        *,
        delays: Sequence[float] = DEFAULT_DELAYS,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._inner = inner
        self._delays = tuple(delays)
        self._sleep = sleep

    @property
    def read_timeout(self) -> float | None:
        return self._inner.read_timeout

    async def initialize(self) -> None:
        await self._inner.initialize()

    async def shutdown(self) -> None:
        await self._inner.shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        for attempt in range(len(self._delays) + 1):
            try:
                return await self._inner.do_request(
                    url,
                    method,
                    request_data,
                    read_timeout,  # type: ignore[arg-type]
                    write_timeout,  # type: ignore[arg-type]
                    connect_timeout,  # type: ignore[arg-type]
                    pool_timeout,  # type: ignore[arg-type]
                )
            except NetworkError as error:  # TimedOut is a NetworkError too
                safe = never_sent(error) or api_method in IDEMPOTENT
                if not safe or attempt == len(self._delays):
                    raise
                log.warning("%s failed (%s); retry %d", api_method, error, attempt + 1)
                await self._sleep(self._delays[attempt])
        raise AssertionError("unreachable: the loop returns or raises")
