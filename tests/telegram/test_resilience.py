"""Transient network failures are retried only when repeating cannot duplicate a message."""

from __future__ import annotations

import httpx
import pytest
from telegram.error import NetworkError, TimedOut

from bot.telegram.retry import RetryingRequest
from tests.telegram.fake_telegram import FakeTelegram

URL = "https://api.telegram.org/bot123:T/"


def caused(error: NetworkError, cause: Exception) -> NetworkError:
    error.__cause__ = cause
    return error


def refused() -> NetworkError:
    return caused(NetworkError("httpx.ConnectError"), httpx.ConnectError("refused"))


def read_timeout() -> NetworkError:
    return caused(TimedOut(), httpx.ReadTimeout("slow"))


class Sleeps:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)  # the test never waits


async def test_a_request_that_never_left_is_retried() -> None:
    fake, sleeps = FakeTelegram(fail_next=[refused(), refused()]), Sleeps()
    request = RetryingRequest(fake, delays=(1, 2, 3), sleep=sleeps)
    status, _ = await request.do_request(URL + "sendMessage", "POST")
    assert status == 200 and sleeps.delays == [1, 2]
    assert [c.method for c in fake.calls] == ["sendMessage"]


async def test_a_send_that_may_have_arrived_is_not_repeated() -> None:
    fake, sleeps = FakeTelegram(fail_next=[read_timeout()]), Sleeps()
    with pytest.raises(TimedOut):
        await RetryingRequest(fake, sleep=sleeps).do_request(URL + "sendMessage", "POST")
    assert sleeps.delays == [] and fake.calls == []


async def test_harmless_calls_are_repeated_after_any_network_error() -> None:
    fake, sleeps = FakeTelegram(fail_next=[read_timeout()]), Sleeps()
    status, _ = await RetryingRequest(fake, sleep=sleeps).do_request(URL + "getUpdates", "POST")
    assert status == 200 and len(sleeps.delays) == 1


async def test_it_gives_up_after_the_last_delay() -> None:
    fake, sleeps = FakeTelegram(fail_next=[refused() for _ in range(3)]), Sleeps()
    with pytest.raises(NetworkError):
        await RetryingRequest(fake, delays=(1, 1), sleep=sleeps).do_request(URL + "getMe", "POST")
    assert sleeps.delays == [1, 1]
