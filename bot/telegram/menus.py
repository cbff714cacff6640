"""The command menu each person sees (Telegram's setMyCommands): a stranger's chat offers /start
and /help only; a linked chat gets its role's list (carers, workers, managers) and
administrators also /invite and /unlock. Set for every linked chat at start-up and for a chat
when it links, with the bot's description and short description."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from telegram import Bot, BotCommand, BotCommandScopeAllPrivateChats, BotCommandScopeChat
from telegram.error import TelegramError

from bot.telegram import messages as tm
from protocols.vocabulary import MANAGEMENT_LADDER, Role
from storage.models import Staff, StaffAddress

log = logging.getLogger(__name__)

CARERS = "carers"
WORKERS = "workers"
MANAGERS = "managers"
ADMINS = "admins"

_MENUS: dict[str, tuple[str, ...]] = {
    "strangers": ("start", "help"),
    CARERS: ("status", "why", "undo", "cancel", "help"),
    WORKERS: ("status", "tasks", "why", "undo", "cancel", "help"),
    MANAGERS: ("status", "tasks", "summary", "why", "undo", "cancel", "help"),
}
_ADMIN_EXTRA = ("invite", "unlock")
_MANAGER_ROLES = {r.value for r in MANAGEMENT_LADDER} | {
    Role.HOME_MANAGER.value,
    Role.CHAD_MANAGER.value,
    Role.FAMILY_PRACTITIONER_LEAD.value,
}


def menu_group(role: str) -> str:
    """carers, workers or managers, from a staff role as stored (`home_manager`)."""
    role = role.replace(" ", "_")
    if role == Role.CARER.value:
        return CARERS
    return MANAGERS if role in _MANAGER_ROLES else WORKERS


def commands_for(role: str | None, admin: bool) -> list[BotCommand]:
    names = _MENUS["strangers"] if role is None else _MENUS[menu_group(role)]
    if admin and role is not None:
        names = (*names[:-1], *_ADMIN_EXTRA, names[-1])
    return [BotCommand(name, tm.COMMAND_WORDS[name]) for name in names]


async def set_chat_menu(bot: Bot, chat_id: int, role: str, admin: bool) -> None:
    try:
        await bot.set_my_commands(commands_for(role, admin), scope=BotCommandScopeChat(chat_id))
    except TelegramError:
        # A menu is a convenience: every command also works typed.
        log.info("could not set the command menu of chat %s", chat_id)


def _linked_chats(sessions: sessionmaker[Session]) -> list[tuple[int, int, str]]:
    with sessions() as session:
        rows = session.execute(
            select(StaffAddress.address, Staff.id, Staff.role)
            .join(Staff, Staff.id == StaffAddress.staff_id)
            .where(StaffAddress.channel == "telegram", Staff.active)
        )
        return [(int(address), staff_id, role) for address, staff_id, role in rows]


async def set_up_bot(bot: Bot, sessions: sessionmaker[Session], admins: frozenset[int]) -> None:
    """At start-up: the description, the strangers' default menu, every linked chat's menu."""
    try:
        await bot.set_my_description(tm.DESCRIPTION)
        await bot.set_my_short_description(tm.SHORT_DESCRIPTION)
        await bot.set_my_commands(commands_for(None, False), scope=BotCommandScopeAllPrivateChats())
    except TelegramError:
        # Start anyway: the conversation works without a description or a menu.
        log.warning("could not set the bot's description or default menu", exc_info=True)
    for chat_id, staff_id, role in await asyncio.to_thread(_linked_chats, sessions):
        await set_chat_menu(bot, chat_id, role, staff_id in admins)
