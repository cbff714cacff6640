"""Telegram updates of different chats handled at the same time, each chat's strictly in the
order they arrived.

python-telegram-bot handles one update at a time by default, so a message waiting on the rate
limiter or on the database holds up every other person. With this processor
(`ApplicationBuilder.concurrent_updates`) up to `max_concurrent_updates` updates run together;
a per-chat lock, which asyncio hands over first come first served, keeps a person's own
messages and button presses in order, so "Jay's back" is never overtaken by the "yes" answering
it. A chat's lock is dropped as soon as nothing of that chat is waiting.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT_UPDATES = 256  # updates in progress at once, across all chats


class PerChatOrder(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int | None, asyncio.Lock] = {}
        self._holders: dict[int | None, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_key(update)
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._holders[key] = self._holders.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._holders[key] -= 1
            if not self._holders[key]:
                del self._holders[key], self._locks[key]

    async def initialize(self) -> None:
        """Nothing to allocate: the locks come and go with the chats."""

    async def shutdown(self) -> None:
        """Nothing to free."""


def chat_key(update: object) -> int | None:
    """The chat an update belongs to; updates without one share a single queue."""
    if isinstance(update, Update) and update.effective_chat is not None:
        return update.effective_chat.id
    return None
