"""The reminder service's own worker threads, for its database work.

Off the event loop, so the channel's updates and the watchdog are answered while a sweep plans,
claims and records; and in threads of its own rather than asyncio's default pool, which the
Telegram channel uses for its database work: a catch-up of thousands of late reminders, whose
claims wait on each other (engine.Ledger.claims), must not occupy every thread a chat's reply
needs. Each call opens its own sessions.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

WORKERS = 4
_pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="reminders")


async def off_loop(func: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """`func(*args, **kwargs)` in one of the reminder threads; the loop goes on meanwhile."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_pool, partial(func, *args, **kwargs))
