"""The sweep's database work runs in worker threads, so the event loop (the channel's updates,
the watchdog) keeps answering while a slow sweep plans; and start-up does not wait for the
catch-up sending."""

from __future__ import annotations

import asyncio
import threading
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine

from reminders import engine as reminder_engine
from reminders.scheduler import ReminderService
from reminders.settings import ReminderSettings
from tests.reminders.helpers import FakeOutbound, Org, at

WAIT = 30.0  # seconds a blocked test waits before it fails (never reached when it passes)


def _service(engine: Engine, out: FakeOutbound, now: datetime) -> ReminderService:
    return ReminderService(
        engine,
        out,
        lambda: now,
        ReminderSettings(),
        to_real=lambda instant: instant + timedelta(days=3650),  # only our sweeps run
    )


def _gated(
    monkeypatch: pytest.MonkeyPatch, gate: threading.Event, entered: threading.Event
) -> list[bool]:
    """The sweep's planning, made to wait for `gate` (from whichever thread runs it)."""
    real = reminder_engine.due_actions
    opened: list[bool] = []

    def slow(*args: Any, **kwargs: Any) -> Any:
        entered.set()
        opened.append(gate.wait(WAIT))
        return real(*args, **kwargs)

    monkeypatch.setattr(reminder_engine, "due_actions", slow)
    return opened


async def test_the_loop_answers_while_a_slow_sweep_runs(
    engine: Engine, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = _service(engine, FakeOutbound(), at(11, 50))
    try:
        assert await service.start()
        gate, entered = threading.Event(), threading.Event()
        opened = _gated(monkeypatch, gate, entered)
        sweep = asyncio.create_task(service.tick())

        async def another_chat() -> None:
            # Runs only if the loop is free while the sweep is inside its database work; had
            # the sweep run on the loop, the gate would never open.
            while not entered.is_set():
                await asyncio.sleep(0.01)
            gate.set()

        await asyncio.wait_for(another_chat(), WAIT)
        assert await sweep is True
        assert opened and all(opened)
    finally:
        service.shutdown()


async def test_start_up_does_not_wait_for_the_catch_up(
    engine: Engine, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = FakeOutbound()
    service = _service(engine, out, at(11, 50))  # the 11:30 reminder came due while down
    gate, entered = threading.Event(), threading.Event()
    opened = _gated(monkeypatch, gate, entered)
    try:
        assert await service.start(catch_up_later=True)  # returns with the catch-up pending
        assert out.sent == []
        gate.set()
        await service.tick()  # waits for the catch-up sweep, then sweeps once more
        assert out.to(org.social_worker) == [
            "Sent late: this was due to reach you at 11:30. "
            "Reminder: K.M., episode 1: Do notify:team_manager, due 12:00."
        ]
        assert all(opened)
    finally:
        service.shutdown()


async def test_a_slow_sweep_is_not_restarted_and_a_hung_one_stops_the_watchdog_pets(
    engine: Engine, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [0.0]
    service = ReminderService(
        engine,
        FakeOutbound(),
        lambda: at(11, 50),
        ReminderSettings(),
        to_real=lambda instant: instant + timedelta(days=3650),
        monotonic=lambda: clock[0],
    )
    try:
        assert await service.start()
        gate, entered = threading.Event(), threading.Event()
        _gated(monkeypatch, gate, entered)
        sweep = asyncio.create_task(service.tick())
        while not entered.is_set():
            await asyncio.sleep(0.01)
        clock[0] = 200.0  # past stall_after: slow, but APScheduler did start it
        assert await service.check_sweeps() is False and service.restarts == 0
        assert not service.sweep_stuck()
        clock[0] = 400.0  # past loop_stall_after: its database work hangs
        assert service.sweep_stuck()
        gate.set()
        assert await sweep is True
        assert not service.sweep_stuck()
    finally:
        service.shutdown()


async def test_the_interval_skips_while_a_sweep_runs(
    engine: Engine, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long catch-up does not queue interval sweeps to run back to back after it."""
    service = _service(engine, FakeOutbound(), at(11, 50))
    try:
        assert await service.start()
        gate, entered = threading.Event(), threading.Event()
        _gated(monkeypatch, gate, entered)
        sweep = asyncio.create_task(service.tick())
        while not entered.is_set():
            await asyncio.sleep(0.01)
        before = service.sweeps
        await service._interval_tick()  # returns at once: a sweep is running
        assert service.sweeps == before
        gate.set()
        assert await sweep is True
        await service._interval_tick()  # and sweeps when none is
        assert service.sweeps == before + 2
    finally:
        service.shutdown()
