"""The console channel: a thin adapter between lines of text and the dialogue manager.

Buttons print as numbered options and typing the number sends the payload. Nothing is echoed
and no prompt is printed, so piped input (scripts, tests) gives clean output; EOF ends it.
With the reminder scheduler (`run_async`), pushed reminders print as "[reminder for NAME] ..."
and `wait 2h` / `wait 30m` moves the demo clock forward; its first screen says so, `help`
adds the demo's own words, and `tour` plays a short guided tour (Enter for each step).
`photo FILE` sends a picture (for the child's missing profile); a file the assistant sends is
saved and its path printed.

A pushed reminder's options never take the numbers of the step on screen: they get their own
labels, r1, r2… (counting on while earlier pushes wait), so "1" still answers the step and "r1"
presses the reminder's first option. Typing "acknowledge", "done" or "snooze" acts on the
latest waiting reminder unless the step on screen offers that word itself.
"""

from __future__ import annotations

import asyncio
import re
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot import console_messages as cm
from bot.pushed_words import pushed_choice
from dialogues.manager import DialogueManager
from dialogues.photo_intake import receive_photo
from dialogues.replies import Button, Document, Reply
from protocols.clock import london_text
from reminders import messages as rm
from storage.models import Staff, Team

Clock = Callable[[], datetime]
# Move the demo clock to an instant, delivering what falls due on the way.
Advance = Callable[[datetime], Awaitable[None]]

# At most 4 ASCII digits: "wait 99999999h" would overflow the clock, and "²" is no number.
_WAIT = re.compile(r"^wait\s+([0-9]{1,4})\s*(m|min|mins|minutes?|h|hr|hrs|hours?)$")
_HELP = {"help", "?", "menu", "/help"}
_PUSHED_LABEL = re.compile(r"^r(\d{1,4})$")
PushedOption = tuple[str, Button]  # ("r3", (label, payload))


class Console:
    def __init__(
        self,
        manager: DialogueManager,
        session_factory: sessionmaker[Session],
        clock: Clock,
        stdin: TextIO,
        stdout: TextIO,
        snooze: timedelta | None = None,
    ) -> None:
        self._manager = manager
        # Per person, the pushed reminders still waiting, each a list of its labelled options.
        self._pushed: dict[int, list[list[PushedOption]]] = {}
        self._snooze = snooze
        self._sessions = session_factory
        self._clock = clock
        self._in, self._out = stdin, stdout
        self._buttons: tuple[Button, ...] = ()
        self._staff_id: int | None = None
        self._files: Path | None = None
        self._demo = False  # with the scheduler: `wait`, the tour and the demo's help lines
        self._tour: list[tuple[str, tuple[str, ...]]] | None = None  # steps still to show

    def run(self) -> int:
        self._offer_people()
        for raw in self._in:
            self._line(raw.strip())
        self._print("Goodbye.")
        return 0

    async def run_async(self, advance: Advance, after_each: Callable[[], Awaitable[None]]) -> int:
        """The same conversation on an event loop, beside the reminder scheduler: stdin is read
        in a thread, and after each line whatever fell due is delivered."""
        self._demo = True
        self._print(cm.DEMO_INTRO.format(now=london_text(self._clock())))
        self._offer_people(welcome=False)
        while True:
            raw = await asyncio.to_thread(self._in.readline)
            if not raw:
                break
            line = raw.strip()
            if self._tour is not None:
                if not line:
                    await self._tour_step(advance, after_each)
                    continue
                self._tour = None
                self._print(cm.TOUR_LEFT)
            if line.lower() == "tour":
                self._tour = list(cm.TOUR)
                self._print(cm.TOUR_START)
                await self._tour_step(advance, after_each)
                continue
            await self._demo_line(line, advance)
            await after_each()
        self._print("Goodbye.")
        return 0

    async def _demo_line(self, line: str, advance: Advance) -> None:
        wait = line.lower()
        if wait == "wait" or wait.startswith("wait "):
            await self._wait(wait, advance)
        else:
            self._line(line)

    async def _tour_step(self, advance: Advance, after_each: Callable[[], Awaitable[None]]) -> None:
        """Show the next step of the tour and type its lines, as a person would."""
        assert self._tour is not None
        text, lines = self._tour.pop(0)
        self._print(text)
        for line in lines:
            self._print(cm.TOUR_TYPED.format(line=line))
            await self._demo_line(line, advance)
            await after_each()
        if self._tour:
            self._print(cm.TOUR_NEXT)
        else:
            self._tour = None
            self._print(cm.TOUR_END)

    async def _wait(self, command: str, advance: Advance) -> None:
        match = _WAIT.match(command)
        if match is None:
            self._print(rm.WAIT_HELP)
            return
        amount, unit = int(match.group(1)), match.group(2)
        step = timedelta(hours=amount) if unit.startswith("h") else timedelta(minutes=amount)
        await advance(self._clock() + step)
        self._print(rm.CLOCK_NOW.format(now=london_text(self._clock())))

    def push(self, staff_id: int, reply: Reply) -> None:
        """A reminder pushed to someone. Its options get labels r1, r2… that work when that
        person is (or becomes, with "as NAME") the one typing; the step's numbers stay."""
        name = dict(self._people()).get(staff_id, "?").split(" (")[0]
        self._print(rm.PUSHED.format(name=name, text=reply.text))
        waiting = self._pushed.setdefault(staff_id, [])
        start = sum(len(options) for options in waiting) + 1
        options = [(f"r{start + i}", self._shown(button)) for i, button in enumerate(reply.buttons)]
        if options:
            waiting.append(options)
        self._print_pushed(options)

    def _shown(self, button: Button) -> Button:
        if self._snooze is not None and button[1].startswith("rem:snooze:"):
            return rm.snooze_label(self._snooze), button[1]
        return button

    def _line(self, line: str) -> None:
        if self._demo and line.lower() in _HELP:
            self._help()
        elif line.lower().startswith("as "):
            self._switch(line[3:])
        elif line.lower().startswith("photo ") and self._staff_id is not None:
            self._photo(line[6:].strip())
        elif self._staff_id is None:
            self._pick(line)
        else:
            self._send(self._payload(line))

    def _people(self) -> list[tuple[int, str]]:
        with self._sessions() as session:
            rows = session.execute(
                select(Staff.id, Staff.name, Staff.role, Team.name)
                .join(Team, Team.id == Staff.team_id, isouter=True)
                .where(Staff.active)
                .order_by(Staff.id)
            )
            return [
                (sid, f"{name} ({role.replace('_', ' ')}, {team})")
                for sid, name, role, team in rows
            ]

    def _help(self) -> None:
        """The assistant's help for the person, then what only the demo understands."""
        if self._staff_id is None:
            self._print(cm.DEMO_HELP)
            self._offer_people()
            return
        self._send("help")
        self._print(cm.DEMO_HELP)

    def _offer_people(self, welcome: bool = True) -> None:
        people = self._people()
        self._buttons = tuple((label, f"person:{sid}") for sid, label in people)
        if welcome:
            self._print(cm.WELCOME)
        self._print_buttons(self._buttons)
        self._print(cm.CHOOSE)

    def _pick(self, line: str) -> None:
        payload = self._payload(line)
        if payload.startswith("person:") and _number(payload[7:]):
            self._become(int(payload[7:]))
        else:
            self._switch(line)

    def _switch(self, name: str) -> None:
        wanted = name.strip().lower()
        matches = [sid for sid, label in self._people() if wanted and wanted in label.lower()]
        if len(matches) == 1:
            self._become(matches[0])
        else:
            self._print(f"I couldn't tell who {name.strip() or 'that'} is.")
            self._offer_people()

    def _become(self, staff_id: int) -> None:
        self._staff_id = staff_id
        self._buttons = ()
        label = dict(self._people()).get(staff_id, "?")
        self._print(f'You are now {label}. Type "help" for what I can do.')
        for options in self._pushed.get(staff_id, []):
            self._print_pushed(options)

    def _payload(self, line: str) -> str:
        if _number(line) and 1 <= int(line) <= len(self._buttons):
            return self._buttons[int(line) - 1][1]
        if self._staff_id is None:
            return line
        waiting = self._pushed.get(self._staff_id, [])
        match = _PUSHED_LABEL.match(line.lower())
        for options in waiting:
            for label, (_, payload) in options:
                if match is not None and label == line.lower():
                    self._used(options)
                    return payload
        typed = pushed_choice(line, self._buttons, [[b for _, b in o] for o in waiting])
        if typed is not None:
            self._used(next(o for o in waiting if typed in [b[1] for _, b in o]))
            return typed
        return line

    def _used(self, options: list[PushedOption]) -> None:
        """A reminder answered: its options go (the next push counts from r1 once none wait)."""
        assert self._staff_id is not None
        waiting = self._pushed.get(self._staff_id, [])
        if options in waiting:
            waiting.remove(options)

    def _send(self, text: str) -> None:
        assert self._staff_id is not None
        step = self._buttons
        replies = self._manager.handle(self._staff_id, text, self._clock())
        self.show(replies)
        if text.startswith("rem:") and not self._buttons and step:
            # A reminder was answered; the step on screen is still waiting, with its numbers.
            self._buttons = step
            self._print_buttons(step)

    def _photo(self, path: str) -> None:
        """`photo FILE`: the console's way of sending a picture (Telegram: a photo message)."""
        assert self._staff_id is not None
        try:
            raw = Path(path).expanduser().read_bytes()
        except OSError as err:
            self._print(f"I couldn't read {path}: {err.strerror}.")
            return
        now = self._clock()
        self.show(receive_photo(self._manager, self._sessions, self._staff_id, raw, now))

    def _save(self, document: Document) -> Path:
        """Files sent to the console go to a folder only this user can read."""
        if self._files is None:
            self._files = Path(tempfile.mkdtemp(prefix="homeward-files-"))
        path = self._files / Path(document.filename).name
        path.write_bytes(document.data)
        path.chmod(0o600)
        return path

    def show(self, replies: Sequence[Reply]) -> None:
        self._buttons = ()
        for reply in replies:
            if reply.document is not None:
                self._print(f"[file] {self._save(reply.document)}")
            self._print(reply.text)
            if reply.buttons:
                self._buttons = reply.buttons
        self._print_buttons(self._buttons)

    def _print_pushed(self, options: Sequence[PushedOption]) -> None:
        for label, (text, _) in options:
            self._print(f"  {label}. {text}")

    def _print_buttons(self, buttons: Sequence[Button]) -> None:
        for i, (label, _) in enumerate(buttons, 1):
            self._print(f"  {i}. {label}")

    def _print(self, text: str) -> None:
        print(text, file=self._out, flush=True)


def _number(text: str) -> bool:
    """A typed option number: ASCII digits only ("²" and "٣" pass str.isdigit but are no
    option a person was shown)."""
    return text.isascii() and text.isdigit() and len(text) <= 6
