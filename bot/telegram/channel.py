"""The Telegram channel's handling of one update: checks first (private chat, seen once, linked
and active), then a message or a button press becomes DialogueManager.handle(...) and the replies
go back as messages. Strangers get one polite refusal and nothing else; a group gets one line
saying I only work in private chats, then nothing.

Every message keeps its own buttons until they are used. A press on an older question the
conversation has moved past is answered kindly with the current step; a pushed reminder's
buttons work until the reminder is handled, and typing "acknowledge", "done" or "snooze" acts on
it. After every update, pushed reminders that someone has handled are edited to say so."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker
from telegram import CallbackQuery, Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.demo_clock import parse_step
from bot.pushed_words import is_reminder_payload, pushed_choice
from bot.telegram import messages as tm
from bot.telegram.access import LOCKED, NO_CODE, Person, Stranger, person_for_chat, stranger
from bot.telegram.admin import AdminError, add_staff, invite
from bot.telegram.layout import parse_data, with_note
from bot.telegram.location import record_location
from bot.telegram.menus import set_chat_menu
from bot.telegram.pack_delivery import send_pack
from bot.telegram.pushes import DEFAULT_SNOOZE, PushCloser
from bot.telegram.sender import ChatSender, keyboard
from bot.telegram.settings import TelegramSettings
from dialogues import messages as dm
from dialogues.confirm import PREFIX as CONFIRM_PREFIX
from dialogues.manager import OFFERED, DialogueManager
from dialogues.photo_intake import MAX_UPLOAD_BYTES, receive_photo
from dialogues.replies import Button, Reply, say
from dialogues.routes import payload_handler
from dialogues.undo import PREFIX as UNDO_PREFIX
from protocols.clock import london_text
from storage.conversations import load_state
from storage.ids import parse_row_id
from storage.people import get_staff
from storage.policy import children_for
from storage.roster_log import is_demo_database
from storage.telegram_chats import (
    EXPIRED,
    LEFT,
    UNKNOWN,
    USED,
    Keyboard,
    find_keyboard,
    first_time_seen,
    forget_updates_before,
    newer_keyboards,
    open_push_keyboards,
    refuse_once,
    set_keyboard_page,
    unlock_chat,
    use_keyboard,
)

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
Context = ContextTypes.DEFAULT_TYPE
# Moves a demo clock on by a step, delivering what falls due on the way; returns the new now.
DemoAdvance = Callable[[timedelta], Awaitable[datetime]]

# Commands the dialogue understands as words; /start, /invite, /unlock are the channel's own.
DIALOGUE_COMMANDS = {
    "help": "help",
    "cancel": "cancel",
    "status": "status",
    "tasks": "tasks",
    "why": "why",
    "undo": "undo",
    "summary": "weekly summary",
}
CODE_ANSWERS = {
    UNKNOWN: tm.CODE_UNKNOWN,
    USED: tm.CODE_USED,
    EXPIRED: tm.CODE_EXPIRED,
    LEFT: tm.CODE_LEFT,
    NO_CODE: tm.START_NO_CODE,
}
UPDATE_MEMORY = timedelta(days=2)  # Telegram keeps an undelivered update for 24 hours
PRUNE_EVERY = 500  # updates between clean-ups of remembered update ids


def command_of(text: str) -> tuple[str, str] | None:
    """('start', 'ABC') for '/start ABC' or '/start@HomewardBot ABC'; None for plain text."""
    if not text.startswith("/"):
        return None
    head, _, rest = text[1:].partition(" ")
    return head.split("@", 1)[0].lower(), rest.strip()


class TelegramChannel:
    def __init__(
        self,
        manager: DialogueManager,
        sessions: sessionmaker[Session],
        clock: Clock,
        settings: TelegramSettings,
        advance: DemoAdvance | None = None,
        snooze: timedelta = DEFAULT_SNOOZE,
    ) -> None:
        self._manager = manager
        self._sessions = sessions
        self._clock = clock
        self._settings = settings
        self._advance = advance
        self._snooze = snooze
        self._seen = 0

    # -- the checks every update passes -------------------------------------------------

    async def on_update(self, update: Update, context: Context) -> None:
        chat = update.effective_chat
        if chat is None:
            return
        now = self._clock()
        if chat.type != ChatType.PRIVATE:
            # One line, once, then silence: nothing about a child may reach a shared space.
            if chat.type == ChatType.CHANNEL or not await asyncio.to_thread(
                self._group_first_time, chat.id, now
            ):
                return
            await context.bot.send_message(chat.id, tm.GROUP, protect_content=True)
            return
        if not await asyncio.to_thread(self._first_time, update.update_id, now):
            log.info("update %s already handled; skipped", update.update_id)
            return
        person = await asyncio.to_thread(self._person, chat.id)
        chat_data = context.chat_data if context.chat_data is not None else {}
        if person is None:
            chat_data.pop("staff_id", None)
            if update.callback_query is not None:
                # A removed person's (or a stranger's) press: answered, so it stops spinning.
                await update.callback_query.answer(tm.BUTTON_GONE, show_alert=True)
                return
            await self._stranger(update, chat.id, now, context)
            return
        chat_data["staff_id"] = person.staff_id  # the error handler apologises only to staff
        sender = ChatSender(context.bot, self._sessions, self._clock)
        if update.callback_query is not None:
            await self._button(update.callback_query, chat.id, person, sender, context)
        elif update.message is not None:
            await self._message(update.message, chat.id, person, sender)
        # Whatever this update handled (here or by someone else), the pushes show it.
        await PushCloser(context.bot, self._sessions, self._clock, self._snooze).sweep()

    def _group_first_time(self, chat_id: int, now: datetime) -> bool:
        with self._sessions() as session:
            first = refuse_once(session, chat_id, now=now)
            session.commit()
            return first

    def _first_time(self, update_id: int, now: datetime) -> bool:
        with self._sessions() as session:
            fresh = first_time_seen(session, update_id, now=now)
            self._seen += 1
            if self._seen % PRUNE_EVERY == 0:
                forget_updates_before(session, now - UPDATE_MEMORY)
            session.commit()
            return fresh

    def _person(self, chat_id: int) -> Person | None:
        with self._sessions() as session:
            return person_for_chat(session, chat_id)

    async def _stranger(
        self, update: Update, chat_id: int, now: datetime, context: Context
    ) -> None:
        text = update.message.text if update.message is not None else None
        parsed = command_of(text or "")
        start = parsed is not None and parsed[0] == "start"
        code = parsed[1] if parsed is not None and start else None

        def decide() -> Stranger:
            with self._sessions() as session:
                outcome = stranger(session, chat_id, code, now=now, start=start)
                session.commit()
                return outcome

        outcome = await asyncio.to_thread(decide)
        if outcome.linked is not None:
            p = outcome.linked
            welcome = tm.WELCOME.format(name=p.name, role=p.role, team=p.team or "no team")
            await context.bot.send_message(chat_id, welcome, protect_content=True)
            admin = p.staff_id in self._settings.admins
            await set_chat_menu(context.bot, chat_id, outcome.staff_role or p.role, admin)
        elif outcome.problem == LOCKED:
            await context.bot.send_message(
                chat_id, tm.CODE_LOCKED.format(chat_id=chat_id), protect_content=True
            )
        elif outcome.problem is not None:
            await context.bot.send_message(
                chat_id, CODE_ANSWERS[outcome.problem], protect_content=True
            )
        elif outcome.refuse:
            await context.bot.send_message(chat_id, tm.REFUSAL, protect_content=True)

    # -- linked staff ---------------------------------------------------------------------

    async def _message(
        self, message: Message, chat_id: int, person: Person, sender: ChatSender
    ) -> None:
        if message.location is not None:
            answer = await asyncio.to_thread(
                self._sighting,
                person.staff_id,
                message.location.latitude,
                message.location.longitude,
            )
            await sender.send(chat_id, [say(answer)])
            return
        if message.voice is not None or message.audio is not None:
            await sender.send(chat_id, [say(tm.VOICE)])
            return
        if message.text is None:
            if message.photo or _image_document(message):
                await sender.send(chat_id, await self._photo(person.staff_id, message))
                return
            await sender.send(chat_id, [say(tm.NOT_TEXT)])
            return
        parsed = command_of(message.text)
        if parsed is None:
            pushed = await asyncio.to_thread(
                self._typed_push, person.staff_id, chat_id, message.text
            )
            text = pushed or message.text
            await sender.send(chat_id, await self._handle(person.staff_id, text))
            return
        name, args = parsed
        if name in DIALOGUE_COMMANDS:
            replies = await self._handle(person.staff_id, DIALOGUE_COMMANDS[name])
            await sender.send(chat_id, replies)
        elif name == "start":
            await sender.send(chat_id, [say(tm.WELCOME_BACK.format(name=person.name))])
        elif name == "invite":
            # Not protected: the administrator must be able to copy the code to pass it on.
            await sender.send(chat_id, [await self._invite(person, args)], protect=False)
        elif name == "unlock":
            await sender.send(chat_id, [await self._unlock(person, args)])
        elif name == "wait":
            await sender.send(chat_id, [await self._wait(person, args)])
        elif name == "pack":
            bot = message.get_bot()
            await send_pack(bot, self._sessions, chat_id, person.staff_id, self._clock())
        else:
            await sender.send(chat_id, [say(tm.UNKNOWN_COMMAND)])

    async def _photo(self, staff_id: int, message: Message) -> list[Reply]:
        """A picture (for a child's missing profile): fetched, then the dialogue decides."""
        attachment = message.photo[-1] if message.photo else message.document  # largest size
        assert attachment is not None
        if (attachment.file_size or 0) > MAX_UPLOAD_BYTES:
            return [say(tm.PHOTO_TOO_BIG)]
        file = await attachment.get_file()
        raw = bytes(await file.download_as_bytearray())
        return await asyncio.to_thread(
            receive_photo, self._manager, self._sessions, staff_id, raw, self._clock()
        )

    async def _handle(self, staff_id: int, text: str) -> list[Reply]:
        replies = await asyncio.to_thread(self._manager.handle, staff_id, text, self._clock())
        if any(r.text == dm.HELP for r in replies):
            help_text = await asyncio.to_thread(self._help, staff_id)
            replies = [replace(r, text=help_text) if r.text == dm.HELP else r for r in replies]
        return replies

    def _help(self, staff_id: int) -> str:
        """The help, with the person's own child as the example (never the demo's)."""
        with self._sessions() as session:
            children = children_for(session, get_staff(session, staff_id))
        child = next(iter(children), None)
        name = (child.preferred_name or child.given_name) if child else tm.EXAMPLE_CHILD
        return tm.HELP.format(child=name)

    def _sighting(self, staff_id: int, latitude: float, longitude: float) -> str:
        with self._sessions() as session:
            seen = record_location(session, staff_id, latitude, longitude, now=self._clock())
            session.commit()
            if seen.recorded:
                return tm.LOCATION_RECORDED.format(child=seen.child)
            if seen.open_episodes > 1:
                children = children_for(session, get_staff(session, staff_id))
                example = children[0].given_name if children else tm.EXAMPLE_CHILD
                return tm.LOCATION_SEVERAL.format(example=example)
            return tm.LOCATION_NONE

    def _typed_push(self, staff_id: int, chat_id: int, text: str) -> str | None:
        """The payload of a pushed reminder's button the person typed ("acknowledge"), when the
        step on screen does not offer that word itself."""
        with self._sessions() as session:
            pushes = open_push_keyboards(session, chat_id)
            if not pushes:
                return None
            offered = (load_state(session, staff_id) or {}).get(OFFERED)
        step: list[Button] = (
            [(str(b[0]), str(b[1])) for b in offered] if isinstance(offered, list) else []
        )
        return pushed_choice(text, step, [board.buttons for board in pushes])

    async def _button(
        self,
        query: CallbackQuery,
        chat_id: int,
        person: Person,
        sender: ChatSender,
        context: Context,
    ) -> None:
        press = parse_data(query.data)
        board = await asyncio.to_thread(self._keyboard, press.token) if press else None
        message_id = query.message.message_id if query.message is not None else None
        if press is None or board is None or not _belongs(board, chat_id, message_id):
            log.warning("refused button data %r from chat %s", query.data, chat_id)
            await query.answer(tm.BUTTON_INVALID, show_alert=True)
            return
        if board.used:
            await query.answer(tm.BUTTON_USED)
            return
        if press.page is not None:
            await asyncio.to_thread(self._turn_page, board.token, press.page)
            await query.answer()
            await query.edit_message_reply_markup(keyboard(board.token, board.buttons, press.page))
            return
        if press.index is None or press.index >= len(board.buttons):
            await query.answer(tm.BUTTON_INVALID, show_alert=True)
            return
        label, payload = board.buttons[press.index]
        if is_reminder_payload(payload):
            # A reminder's buttons stay until the reminder is handled; the sweep then edits
            # the message to say by whom. Odd cases (pressed twice, task closed) are answered
            # by the reminders package itself.
            await query.answer()
            await sender.send(chat_id, await self._handle(person.staff_id, payload))
            return
        if not await asyncio.to_thread(self._still_asked, person.staff_id, board, payload):
            await self._answered_already(query, context, chat_id, board, person, sender)
            return
        if not await asyncio.to_thread(self._use, board.token):
            await query.answer(tm.BUTTON_USED)  # a double tap: the first one is being handled
            return
        await query.answer()
        await self._show_choice(context, chat_id, board, label)
        await sender.send(chat_id, await self._handle(person.staff_id, payload))

    def _still_asked(self, staff_id: int, board: Keyboard, payload: str) -> bool:
        """Whether pressing this button still means what it meant. Payloads that name their
        subject (a task, an episode, an undo) are checked by their own handlers; a flow's answer
        ("yes", "no") counts only on the question now being asked: the latest conversation
        keyboard in the chat, with the choice still among the step's buttons."""
        if _names_its_subject(payload):
            return True
        with self._sessions() as session:
            offered = (load_state(session, staff_id) or {}).get(OFFERED)
            if not isinstance(offered, list) or payload not in [str(b[1]) for b in offered]:
                return False
            later = newer_keyboards(session, board.chat_id, board.message_id)
        return not any(not _names_its_subject(p) for k in later for _, p in k.buttons)

    async def _answered_already(
        self,
        query: CallbackQuery,
        context: Context,
        chat_id: int,
        board: Keyboard,
        person: Person,
        sender: ChatSender,
    ) -> None:
        """A question the conversation has moved past: its buttons come off, and the person is
        shown where things are now (the question being asked, again, if it has buttons; its
        earlier copy loses its buttons so only one copy is live)."""
        await asyncio.to_thread(self._use, board.token)
        await query.answer(tm.BUTTON_ANSWERED_SHORT)
        current, moved = await asyncio.to_thread(self._current_step, person.staff_id, chat_id)
        for message_id in (board.message_id, moved):
            if message_id is None:
                continue
            try:
                await context.bot.edit_message_reply_markup(chat_id, message_id, reply_markup=None)
            except TelegramError:
                log.info("could not take buttons off %s/%s", chat_id, message_id)
        await sender.send(chat_id, [say(tm.BUTTON_ANSWERED), *current])

    def _current_step(self, staff_id: int, chat_id: int) -> tuple[list[Reply], int | None]:
        """The question being asked, to send again, and the message it was on (whose buttons
        are closed); /status advice when the step has no buttons."""
        with self._sessions() as session:
            offered = (load_state(session, staff_id) or {}).get(OFFERED)
            if not isinstance(offered, list):
                return [say(tm.NO_CURRENT_STEP)], None
            buttons = tuple((str(b[0]), str(b[1])) for b in offered)
            for board in reversed(newer_keyboards(session, chat_id, None, unused_only=True)):
                if board.buttons == buttons:
                    use_keyboard(session, board.token, now=self._clock())
                    session.commit()
                    return [Reply(board.text, buttons)], board.message_id
        return [say(tm.NO_CURRENT_STEP)], None

    async def _show_choice(
        self, context: Context, chat_id: int, board: Keyboard, label: str
    ) -> None:
        if board.message_id is None:
            return
        try:
            await context.bot.edit_message_text(
                with_note(board.text, tm.CHOSEN.format(label=label)),
                chat_id=chat_id,
                message_id=board.message_id,
                reply_markup=None,
            )
        except TelegramError:
            # Progress display only; the choice itself is recorded and answered below.
            log.info("could not edit message %s in chat %s", board.message_id, chat_id)

    def _keyboard(self, token: str) -> Keyboard | None:
        with self._sessions() as session:
            return find_keyboard(session, token)

    def _turn_page(self, token: str, page: int) -> None:
        with self._sessions() as session:
            set_keyboard_page(session, token, page)
            session.commit()

    def _use(self, token: str) -> bool:
        with self._sessions() as session:
            used = use_keyboard(session, token, now=self._clock())
            session.commit()
            return used

    # -- administrators -------------------------------------------------------------------

    async def _unlock(self, person: Person, args: str) -> Reply:
        if person.staff_id not in self._settings.admins:
            return say(tm.UNLOCK_NOT_ALLOWED)
        raw = args.strip()
        if not (raw.lstrip("-").isascii() and raw.lstrip("-").isdigit()):
            return say(tm.UNLOCK_USAGE)
        chat_id = int(raw)

        def unlock() -> bool:
            with self._sessions() as session:
                done = unlock_chat(session, chat_id)
                session.commit()
                return done

        done = await asyncio.to_thread(unlock)
        return say((tm.UNLOCK_DONE if done else tm.UNLOCK_NOTHING).format(chat_id=chat_id))

    async def _invite(self, person: Person, args: str) -> Reply:
        if person.staff_id not in self._settings.admins:
            return say(tm.INVITE_NOT_ALLOWED)
        return await asyncio.to_thread(self._do_invite, person.staff_id, args)

    def _do_invite(self, admin_id: int, args: str) -> Reply:
        now = self._clock()
        with self._sessions() as session:
            try:
                if (typed_id := parse_row_id(args)) is not None:
                    staff_id = typed_id
                else:
                    parts = [p.strip() for p in args.split(",")]
                    bad_manager = len(parts) == 4 and parse_row_id(parts[3]) is None
                    if len(parts) not in (3, 4) or bad_manager:
                        return say(tm.INVITE_USAGE)
                    manager = int(parts[3]) if len(parts) == 4 else None
                    staff_id = add_staff(
                        session, parts[0], parts[1], parts[2], now=now, manager_id=manager
                    ).id
                made = invite(
                    session,
                    staff_id,
                    now=now,
                    lifetime=self._settings.invite_lifetime,
                    bot_username=self._settings.bot_username,
                    created_by_id=admin_id,
                )
            except AdminError as err:
                return say(tm.INVITE_FAILED.format(reason=err))
            session.commit()
        link = tm.INVITE_LINK.format(bot=self._settings.bot_username, code=made.code)
        return say(
            tm.INVITE_READY.format(
                name=made.name,
                role=made.role,
                team=made.team,
                staff_id=made.staff_id,
                expires=made.expires,
                code=made.code,
                link=link if self._settings.bot_username else "",
            )
        )

    async def _wait(self, person: Person, args: str) -> Reply:
        """A demo's administrator moves the clock on, like the console's `wait 2h`; refused
        in any database not marked a demo by `homeward demo seed`."""
        if person.staff_id not in self._settings.admins:
            return say(tm.WAIT_NOT_ALLOWED)
        if self._advance is None or not await asyncio.to_thread(self._is_demo):
            return say(tm.WAIT_NOT_DEMO)
        step = parse_step(args)
        if step is None:
            return say(tm.WAIT_USAGE)
        now = await self._advance(step)
        return say(tm.WAIT_DONE.format(step=args.strip(), now=london_text(now)))

    def _is_demo(self) -> bool:
        with self._sessions() as session:
            return is_demo_database(session)

    # -- when something breaks ------------------------------------------------------------

    async def on_error(self, update: object, context: Context) -> None:
        log.error("error handling update", exc_info=context.error)
        if not isinstance(update, Update) or update.effective_chat is None:
            return
        if context.chat_data is None or "staff_id" not in context.chat_data:
            return  # strangers and groups hear nothing, not even an apology
        try:
            if update.callback_query is not None:
                await update.callback_query.answer()
            await context.bot.send_message(
                update.effective_chat.id, tm.APOLOGY, protect_content=True
            )
        except TelegramError:
            log.exception("could not apologise to chat %s", update.effective_chat.id)


def _image_document(message: Message) -> bool:
    """A picture sent "as a file" (uncompressed) rather than as a photo."""
    document = message.document
    return document is not None and (document.mime_type or "").startswith("image/")


def _names_its_subject(payload: str) -> bool:
    """A payload that carries what it acts on (task:12, rem:done:7, undo:…, intent:…), so it
    may be pressed on any older message; its handler checks it is still valid."""
    return (
        is_reminder_payload(payload)
        or payload.startswith((UNDO_PREFIX, CONFIRM_PREFIX))
        or payload_handler(payload) is not None
    )


def _belongs(board: Keyboard, chat_id: int, message_id: int | None) -> bool:
    if board.chat_id != chat_id:
        return False
    return board.message_id is None or message_id is None or board.message_id == message_id
