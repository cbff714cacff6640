"""Driving the real PTB Application with hand-made updates against FakeTelegram."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from telegram import Update
from telegram.ext import Application, ContextTypes

from bot.demo import seed_demo
from bot.run_command import dialogue_manager
from bot.telegram.app import build_application
from bot.telegram.settings import TelegramSettings
from dialogues.manager import DialogueManager
from reminders.settings import ReminderSettings
from storage.db import make_engine, make_session_factory, migrate
from storage.invites import create_invite
from tests.dialogues.nlu_once import understanding
from tests.telegram.fake_telegram import BOT, DATE, Call, FakeTelegram

NOW = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)  # 3am, London on GMT
SAM, TOM, PRIYA, DEE = 3, 2, 1, 6  # demo staff ids: carer, social worker, manager, carer
ADMIN = PRIYA


@dataclass
class Clock:
    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


def demo_sessions(path: Path) -> sessionmaker[Session]:
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    sessions = make_session_factory(engine)
    with sessions() as session:
        seed_demo(session, NOW)
        session.commit()
    return sessions


def settings(**changes: Any) -> TelegramSettings:
    base: dict[str, Any] = {
        "token": "123456:TEST",
        "admins": frozenset({ADMIN}),
        "bot_username": BOT["username"],
    }
    base.update(changes)
    return TelegramSettings(**base)


def private(chat_id: int) -> dict[str, Any]:
    return {"id": chat_id, "type": "private", "first_name": f"Person{chat_id}"}


def user(chat_id: int) -> dict[str, Any]:
    return {"id": chat_id, "is_bot": False, "first_name": f"Person{chat_id}"}


@dataclass
class Harness:
    app: Application  # type: ignore[type-arg]
    telegram: FakeTelegram
    sessions: sessionmaker[Session]
    clock: Clock
    errors: list[BaseException] = field(default_factory=list)
    _ids: Iterator[int] = field(default_factory=lambda: iter(range(1, 10**9)))

    async def feed(self, data: dict[str, Any]) -> None:
        await self.app.process_update(Update.de_json(data, self.app.bot))

    def message(
        self, chat_id: int, text: str, chat: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(self._ids),
            "date": DATE,
            "chat": chat or private(chat_id),
            "from": user(chat_id),
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split()[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return {"update_id": next(self._ids), "message": message}

    async def say(self, chat_id: int, text: str) -> list[str]:
        before = len(self.telegram.calls)
        await self.feed(self.message(chat_id, text))
        return [
            str(c.params["text"]) for c in self.telegram.calls[before:] if c.method == "sendMessage"
        ]

    def last_keyboard(self, chat_id: int) -> Call:
        for call in reversed(self.telegram.sent(chat_id)):
            if "reply_markup" in call.params:
                return call
        raise AssertionError(f"no keyboard was sent to {chat_id}")

    def callback(self, chat_id: int, data: str, message_id: int, text: str = "") -> dict[str, Any]:
        return {
            "update_id": next(self._ids),
            "callback_query": {
                "id": f"cq{next(self._ids)}",
                "from": user(chat_id),
                "chat_instance": f"ci{chat_id}",
                "data": data,
                "message": {
                    "message_id": message_id,
                    "date": DATE,
                    "chat": private(chat_id),
                    "from": BOT,
                    "text": text,
                },
            },
        }

    async def press(self, chat_id: int, label: str) -> list[str]:
        """Press the button labelled `label` on the last keyboard sent to the chat."""
        call = self.last_keyboard(chat_id)
        message_id = int(call.result["message_id"])
        rows = call.params["reply_markup"]["inline_keyboard"]
        for row in rows:
            for button in row:
                # A long choice is listed in the message and its button numbered ("2. Yes…").
                if label in (button["text"], button["text"].partition(". ")[2]):
                    before = len(self.telegram.calls)
                    await self.feed(self.callback(chat_id, button["callback_data"], message_id))
                    return [
                        str(c.params["text"])
                        for c in self.telegram.calls[before:]
                        if c.method == "sendMessage"
                    ]
        labels = [b["text"] for row in rows for b in row]
        raise AssertionError(f"no button {label!r} in {labels}")

    def invite_code(self, staff_id: int) -> str:
        with self.sessions() as session:
            code = create_invite(session, staff_id, now=self.clock()).code
            session.commit()
            return code

    async def link(self, chat_id: int, staff_id: int) -> list[str]:
        return await self.say(chat_id, f"/start {self.invite_code(staff_id)}")


async def make_harness(
    path: Path,
    manager: DialogueManager | None = None,
    limit_rate: bool = True,
    reminders: ReminderSettings | None = None,
    **changes: Any,
) -> Harness:
    """`reminders`: use the manager `homeward run` builds, whose reminder buttons work."""
    sessions = demo_sessions(path)
    clock = Clock()
    telegram = FakeTelegram()
    if reminders is not None:
        manager = dialogue_manager(sessions, reminders, understanding())
    app = build_application(
        settings(**changes),
        manager or DialogueManager(sessions, understanding()),
        sessions,
        clock,
        request=telegram,
        updates_request=telegram,
        with_updater=False,
        limit_rate=limit_rate,
        snooze=(reminders or ReminderSettings()).snooze,
    )
    harness = Harness(app, telegram, sessions, clock)

    async def record(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if context.error is not None:
            harness.errors.append(context.error)

    app.add_error_handler(record)
    await app.initialize()
    return harness
