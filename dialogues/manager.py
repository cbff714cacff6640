"""The one entry point every channel calls: a person's message in, the assistant's replies out.

State is loaded before and saved after every message in the same transaction as what the message
recorded, so a restart (or a second process) resumes exactly where the person was.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from dialogues import confirm, rule_answers, shortcuts, undo
from dialogues import messages as m
from dialogues.answers import danger_change, looks_like_payload, names_capitalised
from dialogues.context import Turn
from dialogues.flows import profile, returned, task_done
from dialogues.flows.common import missing_children
from dialogues.next_steps import ASKED as _NEXT_STEPS
from dialogues.next_steps import next_steps
from dialogues.replies import Reply, say
from dialogues.routes import FLOWS, INTENTS, PayloadHandler, payload_handler
from dialogues.status import new_notices, status
from dialogues.told import told
from dialogues.understanding import Understanding
from nlu.confidence import needs_confirmation
from nlu.return_state import ReturnState, return_state
from storage.conversations import clear_state, load_state, save_state
from storage.db import Session, SessionFactory
from storage.people import get_staff
from storage.policy import children_for

log = logging.getLogger(__name__)

_HELP = {"help", "?", "menu", "/help", "/start"}
_CANCEL = {"cancel", "stop", "quit flow", "/cancel"}
_WHY = {"why", "why?", "/why"}
OFFERED = "offered"  # the state key holding the last buttons shown
# Intents answered here rather than by a flow; with INTENTS, what the confirm buttons may offer.
_ROUTABLE = {"status_query", "ask_guidance"}
# Said in the middle of another flow, these leave it: news this important must not be taken as
# an answer to the current step ("she's back" while the carer is on search 3).
# intent -> the flow it starts (answering inside that flow is not an interruption).
_INTERRUPTING = {"child_returned": returned.FLOW}
_STATUS = {"status", "tasks", "my tasks", "/status", "/tasks"}
# Flows whose answers are free descriptions (the missing profile): news read into them is only
# taken as news when one of this person's children is actually missing.
_DESCRIPTIONS = {profile.FLOW}
# Flows whose free words answer the step itself: marking a task done asks for a note, and "she's
# back and talking" there is the note (the return is recorded where a carer says it), however
# sure the model is that it reads as a return.
_ANSWERED_IN_WORDS = {task_done.FLOW}


class DialogueManager:
    def __init__(
        self,
        session_factory: SessionFactory,
        understanding: Understanding,
        *,
        payloads: Mapping[str, PayloadHandler] | None = None,
    ) -> None:
        """`payloads`: button prefixes answered outside dialogues (e.g. "rem:" by the reminders),
        injected so this package never imports them."""
        self._sessions = session_factory
        self._understanding = understanding
        self._payloads = dict(payloads or {})

    def handle(self, staff_id: int, text: str, now: datetime) -> list[Reply]:
        try:
            with self._sessions() as session:
                replies = self.respond(session, staff_id, text, now)
                session.commit()
                return replies
        except Exception:
            # The boundary: a carer at 3am must never meet a stack trace. The transaction rolled
            # back, so the saved state is still the one before this message.
            log.exception("dialogue failed for staff %s on %r", staff_id, text)
            return [say(m.APOLOGY)]

    def respond(self, session: Session, staff_id: int, text: str, now: datetime) -> list[Reply]:
        """The replies to one message and the state after it, written in `session` but not
        committed and with no safety net: `handle` adds both. The conversation fuzzer calls
        this directly, so an exception is counted rather than hidden, and rolls it back."""
        turn = Turn(
            session, staff_id, now, load_state(session, staff_id) or {}, self._understanding
        )
        offered = turn.state.pop(OFFERED, None)
        replies = self._dispatch(turn, typed_button(text, offered))
        replies = [*new_notices(turn), *told(turn), *replies]
        remember_buttons(turn.state, replies)
        if turn.state:
            save_state(session, staff_id, turn.state, now)
        else:
            clear_state(session, staff_id)
        return replies

    def _dispatch(self, turn: Turn, text: str) -> list[Reply]:
        command = " ".join(text.lower().split())
        flow = FLOWS.get(str(turn.state.get("flow")))

        def again() -> list[Reply]:
            # Built only when a reply goes back to the step: a prompt can cost queries.
            return flow.prompt(turn) if flow else []

        if command in _HELP:
            return [say(m.HELP), *again()]
        if command in _CANCEL:
            if flow is None:
                return [say(m.NOTHING_TO_CANCEL)]
            held = turn.state.get("pending")
            turn.state.clear()
            if isinstance(held, list) and held:
                # Words given before any record was open had nowhere to go: say so, in full.
                words = "\n".join(f"- {w}" for w in held)
                return [say(m.CANCELLED_NOT_KEPT.format(words=words))]
            return [say(m.CANCELLED)]
        if command in _WHY:
            reason = flow.why(turn) if flow else None
            return [say(reason or m.NO_WHY), *again()]
        if command in _STATUS:
            return [status(turn), *again()]
        if command in _NEXT_STEPS:
            return [next_steps(turn), *again()]
        if command in undo.COMMANDS:
            offered = undo.offer(turn)
            return offered if offered[-1].buttons else [*offered, *again()]
        if text.startswith(undo.PREFIX):
            replies = undo.confirmed(turn, text.strip())
            still = FLOWS.get(str(turn.state.get("flow")))
            return [*replies, *(still.prompt(turn) if still else [])]
        if text.startswith(confirm.PREFIX):
            return self._confirmed(turn, text)
        turn.state.pop(confirm.PENDING, None)
        shortcut = shortcuts.handle(turn, command)
        if shortcut is not None:
            return shortcut
        on_payload = payload_handler(text.strip(), self._payloads)
        if on_payload is not None:
            where = (turn.state.get("flow"), turn.state.get("step"))
            replies = on_payload(turn, text.strip())
            # A button answered beside a flow (a reminder's, a stale one): back to the step.
            same = flow is not None and (turn.state.get("flow"), turn.state.get("step")) == where
            return [*replies, *again()] if same else replies
        if flow is not None:
            interrupted = self._interruption(turn, text)
            return interrupted if interrupted is not None else flow.handle(turn, text)
        return self._free(turn, text)

    def _names(self, turn: Turn) -> list[str]:
        # Only the children this person may see, so a name can never reach someone else's child.
        children = children_for(turn.session, get_staff(turn.session, turn.staff_id))
        return [n for c in children for n in (c.given_name, c.preferred_name) if n]

    def _parse(self, turn: Turn, text: str) -> Any:
        names = self._names(turn)
        # "lily's back" is Lily, not "cancel": the person's own children's names, capitalised.
        return self._understanding.parse(
            names_capitalised(text, names), turn.now, child_names=names
        )

    def _free(self, turn: Turn, text: str) -> list[Reply]:
        parsed = self._parse(turn, text)
        if danger_change(text) is not None and parsed["intent"]["name"] not in INTENTS:
            # "actually I think he is in danger": a changed danger answer, never a guess.
            parsed = {**parsed, "intent": {"name": "risk_concern", "confidence": 1.0}}
        if needs_confirmation(parsed):
            return confirm.ask(turn, text, parsed, _ROUTABLE | set(INTENTS))
        return self._route(turn, text, parsed)

    def _interruption(self, turn: Turn, text: str) -> list[Reply] | None:
        if len(text.split()) < 2:  # "yes", "done", "10pm": answers, never news
            return None
        if turn.state.get("flow") in _ANSWERED_IN_WORDS:
            return None
        if turn.state.get("flow") in _DESCRIPTIONS and not missing_children(turn):
            return None  # "the police brought her back last time" describes; nobody is missing
        parsed = self._parse(turn, text)
        intent = parsed["intent"]["name"]
        if (
            _INTERRUPTING.get(intent) in (None, turn.state.get("flow"))
            or needs_confirmation(parsed)
            or intent not in INTENTS
        ):
            return None
        turn.state.clear()  # what the interrupted flow recorded is kept; only its place is left
        return INTENTS[intent](turn, text, parsed)

    def _confirmed(self, turn: Turn, payload: str) -> list[Reply]:
        choice = confirm.chosen(turn, payload)
        if choice is None:
            return [say(m.CONFIRM_ELSE)]
        intent, text = choice
        parsed = self._parse(turn, text)
        sure = {"name": intent, "confidence": 1.0}
        return self._route(turn, text, {**parsed, "intent": sure})

    def _route(self, turn: Turn, text: str, parsed: Mapping[str, Any]) -> list[Reply]:
        intent = parsed["intent"]["name"]
        start = INTENTS.get(intent)
        if start is not None:
            return start(turn, text, parsed)
        if intent == "status_query":
            return [status(turn)]
        if intent == "cancel":
            return [say(m.NOTHING_TO_CANCEL)]
        if intent == "deny" and return_state(text) is ReturnState.NOT_RETURNED:
            # "still not home" with no question waiting: the child is not back, which is the
            # night report (it asks which child, and knows one already reported).
            return INTENTS["report_missing"](turn, text, parsed)
        if intent == "ask_guidance":
            # A rule asked by its number or timescale, else the person's own next steps (not the
            # help text).
            return rule_answers.replies(turn, text) or [next_steps(turn)]
        if intent == "greet":
            name = get_staff(turn.session, turn.staff_id).name.split()[0]
            return [say(m.GREETING.format(name=name))]
        return [say(m.NOT_UNDERSTOOD)]


def typed_button(text: str, offered: object) -> str:
    """The payload of the button whose label the person typed instead of pressing it ("yes",
    "not possible", or enough of a long label to pick one); otherwise the text unchanged."""
    if not isinstance(offered, list):
        return text
    wanted = " ".join(text.lower().split())
    buttons = [(str(label).lower(), str(payload)) for label, payload in offered]
    # ASCII digits only: "²" is a digit to str.isdigit() but not to int().
    if wanted.isascii() and wanted.isdigit() and 1 <= int(wanted) <= len(buttons):
        # A numbered option, e.g. typed into the console after a restart redrew nothing.
        return buttons[int(wanted) - 1][1]
    if len(wanted) < 2 or any(wanted == payload.lower() for _, payload in buttons):
        return text
    if looks_like_payload(wanted):  # "done:" is a (forged) payload, not part of "Done: …"
        return text
    exact = [payload for label, payload in buttons if label == wanted]
    if exact:
        return exact[0]
    partial = [payload for label, payload in buttons if len(wanted) >= 3 and wanted in label]
    return partial[0] if len(partial) == 1 else text


def remember_buttons(state: dict[str, object], replies: list[Reply]) -> None:
    """Keep the last buttons shown, so typing a label works on whichever step offered them."""
    last = [r for r in replies if r.buttons]
    if last:
        state[OFFERED] = [list(b) for b in last[-1].buttons]


__all__ = ["DialogueManager"]
