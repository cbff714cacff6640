"""End to end: the real PTB application, built exactly as `homeward run` builds it (HTTP
requests, retries, rate limiter), against a Telegram Bot API emulator on 127.0.0.1."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from telegram import Update
from telegram.ext import Application, ContextTypes, TypeHandler

from bot.run_command import dialogue_manager
from bot.telegram import messages as tm
from bot.telegram.app import build_application
from bot.telegram.outbound import TelegramOutbound
from bot.telegram.webhook_worker import serve
from reminders.engine import run_due
from reminders.settings import ReminderSettings
from storage.deliveries import Delivery
from storage.invites import create_invite
from storage.models import Episode, EpisodeEvent, TaskRecord
from storage.queries import ACTIONABLE
from tests.dialogues.nlu_once import understanding
from tests.telegram.emulator import Person, Unavailable, free_port, running_emulator
from tests.telegram.harness import SAM, Clock, demo_sessions, settings

TOKEN = "123456:EMULATED"
CHAT = 4242001
WAIT = 20.0  # seconds an update may take to come round the polling loop before we give up


@pytest.fixture(scope="module")
def emulator() -> Iterator[str]:
    try:
        with running_emulator() as url:
            yield url
    except Unavailable as reason:
        pytest.skip(str(reason))


@dataclass
class World:
    app: Application  # type: ignore[type-arg]
    sessions: sessionmaker[Session]
    person: Person
    clock: Clock

    async def pump(self) -> None:
        """Fetch what the emulator holds for the bot and handle it, as the poller would."""
        for update in await self.app.bot.get_updates():
            await self.app.process_update(update)

    async def says(self, text: str) -> None:
        await self.person.says(text)
        await self.pump()

    async def presses(self, label: str) -> None:
        await self.person.presses(label)
        await self.pump()


@pytest.fixture
async def world(emulator: str, tmp_path: Path) -> AsyncIterator[World]:
    sessions = demo_sessions(tmp_path / "homeward.sqlite3")
    clock = Clock()
    app = build_application(
        settings(token=TOKEN, api_base_url=emulator),
        dialogue_manager(sessions, ReminderSettings(), understanding()),
        sessions,
        clock,
    )
    await app.initialize()
    with sessions() as session:
        code = create_invite(session, SAM, now=clock()).code
        session.commit()
    person = Person(emulator, TOKEN, CHAT)
    w = World(app, sessions, person, clock)
    await w.says(f"/start {code}")
    try:
        yield w
    finally:
        await app.shutdown()


async def _night_report(world: World) -> None:
    await world.says("Jay's not back, he was due in at 10")
    await world.says("10pm")
    await world.presses("No")
    for _ in range(5):  # a foster placement: the six searches, the home-only one left out
        await world.presses("Done")
    await world.presses("Skip")
    await world.says("no car")
    await world.presses("Yes")
    await world.says("SP-2603-0199")
    await world.presses("Finished for now")


async def test_a_night_report_with_button_presses(world: World) -> None:
    assert (await world.person.texts())[-1].startswith("Welcome, Sam Carter")
    await _night_report(world)
    texts = await world.person.texts()
    # Finished with people still to tell: the reply lists them, never "done everything".
    assert any("Still to do now:" in t for t in texts)
    assert not any("You've done everything needed for now" in t for t in texts)
    assert any(t.endswith("✓ No") for t in texts)  # the pressed question was edited
    messages = await world.person.bot_messages()
    assert all(str(m.get("protect_content")).lower() == "true" for m in messages)
    with world.sessions() as session:
        episode = session.scalars(select(Episode)).one()
        assert episode.police_reference == "SP-2603-0199"


async def test_a_return_with_button_presses(world: World) -> None:
    await _night_report(world)
    await world.says("Jay is back home")
    await world.says("just now")
    await world.presses("Police brought them back")
    while "Looking after" in (await world.person.texts())[-1]:  # the pack's immediate needs
        await world.presses("Done")
    if "Press each one" in " ".join((await world.person.texts())[-3:]):
        await world.presses("Finished for now")
    texts = await world.person.texts()
    assert any("I've closed the missing record" in t for t in texts)
    assert any(t.startswith("The safe and well check") for t in texts)
    with world.sessions() as session:
        episode = session.scalars(select(Episode)).one()
        assert (episode.status, episode.return_how) == ("closed", "police")


async def test_a_reminder_pushed_and_acknowledged_by_button(world: World) -> None:
    await _night_report(world)
    with world.sessions() as session:
        first = session.scalars(
            select(TaskRecord)
            .where(TaskRecord.assignee_staff_id == SAM, TaskRecord.status.in_(ACTIONABLE))
            .order_by(TaskRecord.due_at)
        ).first()
        assert first is not None
        due = first.due_at
    world.clock.now = due
    outbound = TelegramOutbound(world.app.bot, world.sessions, world.clock)
    sent = await run_due(world.sessions, due, outbound, ReminderSettings())
    assert sent
    pushed = (await world.person.texts())[-1]
    assert "J.M." in pushed and "Jay" not in pushed and "Morgan" not in pushed  # privacy mode
    await world.presses("Acknowledge")
    with world.sessions() as session:
        delivery = session.get(Delivery, sent[0])
        assert delivery is not None and delivery.handled == "acknowledged"
        kinds = {e.type for e in session.scalars(select(EpisodeEvent))}
        assert {"audit:reminder_sent", "audit:reminder_acknowledged"} <= kinds


async def test_a_pushed_reminder_keeps_its_buttons_and_then_says_who_handled_it(
    world: World,
) -> None:
    await world.says("Jay's not back, he was due in at 10")
    await world.says("10pm")
    await world.presses("No")  # the searches begin
    with world.sessions() as session:
        first = session.scalars(
            select(TaskRecord)
            .where(TaskRecord.assignee_staff_id == SAM, TaskRecord.status.in_(ACTIONABLE))
            .order_by(TaskRecord.due_at)
        ).first()
        assert first is not None
        world.clock.now = max(world.clock.now, first.due_at)
    outbound = TelegramOutbound(world.app.bot, world.sessions, world.clock)
    assert await run_due(world.sessions, world.clock.now, outbound, ReminderSettings())
    push = (await world.person.bot_messages())[-1]
    assert push["text"].startswith("Reminder: J.M.")
    await world.presses("Skip")  # the search above the push, answered by its own button
    still = next(
        m for m in await world.person.bot_messages() if m["message_id"] == push["message_id"]
    )
    labels = [b["text"] for row in still["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == ["Done", "Acknowledge", "Snooze 30 min", "Not me"]
    await world.presses("Acknowledge")
    edited = next(
        m for m in await world.person.bot_messages() if m["message_id"] == push["message_id"]
    )
    at = world.clock.now.strftime("%H:%M")  # London is on GMT in March
    assert edited["text"].endswith(tm.PUSH_ACKNOWLEDGED.format(name="Sam Carter", at=at))


async def test_a_stranger_is_refused_once(world: World, emulator: str) -> None:
    stranger = Person(emulator, TOKEN, CHAT + 1)
    for text in ("hello", "/status", "Jay's not back"):
        await stranger.says(text)
        await world.pump()
    assert await stranger.texts() == [tm.REFUSAL]


async def test_the_polling_loop_delivers_updates(world: World) -> None:
    handled = asyncio.Event()

    async def mark(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        handled.set()

    world.app.add_handler(TypeHandler(Update, mark), group=1)
    await world.app.start()
    assert world.app.updater is not None
    await world.app.updater.start_polling(poll_interval=0.02, timeout=0)
    try:
        await world.person.says("/status")
        await asyncio.wait_for(handled.wait(), WAIT)
    finally:
        await world.app.updater.stop()
        await world.app.stop()
    assert "no open tasks" in (await world.person.texts())[-1]


async def test_webhook_mode_takes_updates_only_with_the_secret(
    emulator: str, tmp_path: Path
) -> None:
    port = free_port()
    hook = settings(
        token=TOKEN,
        api_base_url=emulator,
        webhook_url=f"http://127.0.0.1:{port}/tg-hook",
        webhook_secret="s3cret-token",
        webhook_listen="127.0.0.1",
        webhook_port=port,
    )
    sessions = demo_sessions(tmp_path / "hook.sqlite3")
    app = build_application(
        hook,
        dialogue_manager(sessions, ReminderSettings(), understanding()),
        sessions,
        Clock(),
        with_updater=False,
    )
    handled = asyncio.Event()

    async def mark(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        handled.set()

    app.add_handler(TypeHandler(Update, mark), group=1)
    stop = asyncio.Event()
    # The production path: the inbox worker, which also registers the webhook.
    worker = asyncio.create_task(serve(app, hook, sessions, Clock(), stop=stop))
    update = {
        "update_id": 9001,
        "message": {
            "message_id": 1,
            "date": 1772503200,
            "chat": {"id": CHAT + 9, "type": "private", "first_name": "Stranger"},
            "from": {"id": CHAT + 9, "is_bot": False, "first_name": "Stranger"},
            "text": "hello",
        },
    }
    url = f"http://127.0.0.1:{port}/tg-hook"
    try:
        async with httpx.AsyncClient() as client:
            await _until_serving(client, f"http://127.0.0.1:{port}/healthz")
            forged = await client.post(url, json=update)
            assert forged.status_code == 403 and not handled.is_set()
            secret = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}
            accepted = await client.post(url, json=update, headers=secret)
            assert accepted.status_code == 200
        await asyncio.wait_for(handled.wait(), WAIT)
    finally:
        stop.set()
        await worker


async def _until_serving(client: httpx.AsyncClient, url: str) -> None:
    for _ in range(int(WAIT / 0.05)):
        try:
            if (await client.get(url)).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.05)
    raise AssertionError(f"{url} never answered")
