"""Flows as declared steps with typed answers (issue 11).

A flow is a table `Step -> StepSpec(prompt, parse, on_answer, why, leads_to)` over a frozen state
dataclass. One runner answers every message the same way:

    parse(text) is UNCLEAR  ->  keep the person's words if they are words, ask the step again
    parse(text) is answer   ->  on_answer records it (through storage's commands) and returns
                                the replies and the next state, or None when the flow ends

so "unclear never records a fact" holds by construction, and the state diagram is the table
(`diagram` draws it as Mermaid; docs/conversations.md keeps it and a test checks it is current).

The state is saved in the conversation row as JSON (`to_json` / `from_json`). A saved state the
flow cannot read (another version's, or one whose record has gone) is never a crash: the person
is told kindly that we start that part again, and nothing recorded is lost.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, Protocol, TypeVar

from dialogues import messages as m
from dialogues.answers import Unclear
from dialogues.context import Turn
from dialogues.replies import Reply, say
from storage.errors import CommandError, NotFound
from storage.policy import read_child

END = "[*]"


class FlowState(Protocol):
    """What every flow's state has: where it is, and the child it names (for the read log)."""

    @property
    def step(self) -> StrEnum: ...

    @property
    def child_id(self) -> int | None: ...


S = TypeVar("S", bound=FlowState)


@dataclass(frozen=True)
class Outcome(Generic[S]):
    """What an answer did: the replies, and the next state (None: the flow has ended)."""

    replies: tuple[Reply, ...]
    state: S | None


def go(state: S, *replies: Reply) -> Outcome[S]:
    return Outcome(tuple(replies), state)


def end(*replies: Reply) -> Outcome[Any]:
    return Outcome(tuple(replies), None)


@dataclass(frozen=True)
class StepSpec(Generic[S]):
    """One step: its question, the parser of its answer, what a clear answer does, why it is
    asked, and the steps it may lead to (END when it can finish the flow), for the diagram."""

    prompt: Callable[[Turn, S], list[Reply]]
    parse: Callable[[Turn, S, str], object]
    on_answer: Callable[[Turn, S, Any], Outcome[S]]
    why: Callable[[Turn, S], str]
    leads_to: tuple[str, ...]
    unclear: str | None = None  # what to say before asking again; else "didn't catch that"


# (turn, state, text) -> replies acknowledging what was kept, and the state after keeping it
Keeper = Callable[[Turn, S, str], tuple[list[Reply], S]]


class DeclaredFlow(Generic[S]):
    """Runs one flow's table; has FLOW, prompt, why and handle (dialogues.flows.Flow)."""

    def __init__(
        self,
        name: str,
        state_type: type[S],
        steps: Mapping[Any, StepSpec[S]],
        entries: tuple[StrEnum, ...],
        keep: Keeper[S],
    ) -> None:
        self.FLOW = name
        self.state_type = state_type
        self.steps = steps
        self.entries = entries
        self._keep = keep

    # Saved state ----------------------------------------------------------------------------

    def load(self, turn: Turn) -> S | None:
        if turn.state.get("flow") != self.FLOW:
            return None
        return from_json(self.state_type, turn.state)

    def save(self, turn: Turn, state: S | None) -> None:
        turn.state.clear()
        if state is not None:
            turn.state.update({"flow": self.FLOW, **to_json(state)})

    # The Flow protocol ----------------------------------------------------------------------

    def prompt(self, turn: Turn) -> list[Reply]:
        state = self.load(turn)
        if state is None:
            return []
        try:
            replies = self.steps[state.step].prompt(turn, state)
        except NotFound:
            return []
        self._log_read(turn, state, "prompt")
        return replies

    def why(self, turn: Turn) -> str | None:
        state = self.load(turn)
        if state is None:
            return None
        try:
            reason = self.steps[state.step].why(turn, state)
        except NotFound:
            return None
        self._log_read(turn, state, "why")
        return reason

    def handle(self, turn: Turn, text: str) -> list[Reply]:
        state = self.load(turn)
        if state is None:
            turn.state.clear()
            return [say(m.LOST_PLACE)]
        spec = self.steps[state.step]
        if not self._log_read(turn, state, "answer"):
            # No longer theirs (moved, or their access ended): show nothing about the child.
            turn.state.clear()
            return [say(m.NOT_YOURS_NOW)]
        try:
            answer = spec.parse(turn, state, text)
            if isinstance(answer, Unclear):
                kept, state = self._keep(turn, state, text)
                self.save(turn, state)
                again = spec.prompt(turn, state)
                if kept:  # their words were taken: thank them, then the same question
                    replies = [*kept, *again]
                elif spec.unclear:
                    replies = [say(spec.unclear), *again]
                else:
                    replies = reprompt(again)
            else:
                outcome = spec.on_answer(turn, state, answer)
                self.save(turn, outcome.state)
                replies = list(outcome.replies)
        except NotFound:
            # The record this conversation was about has gone (withdrawn, removed).
            turn.state.clear()
            return [say(m.LOST_PLACE)]
        except CommandError:
            # A command refused the answer before writing; whatever else this message wrote is
            # undone with it, so a half-recorded answer can never be kept. Same step again.
            turn.session.rollback()
            self.save(turn, state)
            return [say(m.COULD_NOT_RECORD), *spec.prompt(turn, state)]
        return replies

    def run(self, turn: Turn, outcome: Outcome[S], about: S | None = None) -> list[Reply]:
        """Apply an outcome produced when the flow starts (from an intent or a button).
        `about` is the state the screen named a child in, for a flow that ended at once."""
        self.save(turn, outcome.state)
        shown = outcome.state or about
        if shown is not None:
            self._log_read(turn, shown, "start")
        return list(outcome.replies)

    def _log_read(self, turn: Turn, state: S, how: str) -> bool:
        """Log that this screen shows the child (issue 6 and 11), through the access policy's
        one logged-read helper; False when the person may not see the child (nothing logged)."""
        if state.child_id is None:
            return True
        what = f"{self.FLOW}: {state.step.value} ({how})"
        return read_child(turn.session, turn.staff_id, state.child_id, what, now=turn.now)


def reprompt(replies: list[Reply]) -> list[Reply]:
    """The step's question again, opened with a kind "didn't catch that"."""
    if not replies:
        return [say(m.NOT_UNDERSTOOD)]
    first = replies[0]
    return [Reply(m.REPROMPT + first.text, first.buttons), *replies[1:]]


# The diagram ---------------------------------------------------------------------------------


def diagram(flow: DeclaredFlow[Any]) -> str:
    """The flow's state diagram in Mermaid, drawn from its table (never by hand)."""
    lines = ["stateDiagram-v2"]
    lines += [f"    [*] --> {step.value}" for step in flow.entries]
    for step, spec in flow.steps.items():
        for target in spec.leads_to:
            lines.append(f"    {step.value} --> {target}")
    return "\n".join(lines)


# JSON for the frozen state dataclasses -------------------------------------------------------


def to_json(state: object) -> dict[str, Any]:
    """A state's fields as JSON values: enums by value, instants as ISO text, tuples as lists."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(state):  # type: ignore[arg-type]
        value = getattr(state, f.name)
        if isinstance(value, StrEnum):
            value = value.value
        elif isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out[f.name] = value
    return out


def from_json(state_type: type[S], data: Mapping[str, Any]) -> S | None:
    """The state saved as `data`, or None when it does not fit this flow's state (a missing or
    mistyped field, an unknown step): the caller then restarts kindly instead of crashing."""
    hints = typing.get_type_hints(state_type)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(state_type):  # type: ignore[arg-type]
        if f.name not in data:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                return None
            continue
        try:
            values[f.name] = _coerce(hints[f.name], data[f.name])
        except (TypeError, ValueError):
            return None
    try:
        return state_type(**values)
    except (TypeError, ValueError):
        return None


def _coerce(hint: Any, value: Any) -> Any:
    options = typing.get_args(hint) if _is_union(hint) else (hint,)
    if value is None:
        if type(None) in options:
            return None
        raise ValueError("a value is required")
    for option in options:
        if option is type(None):
            continue
        return _one(option, value)
    raise TypeError(f"no type for {value!r}")


def _is_union(hint: Any) -> bool:
    return typing.get_origin(hint) in (typing.Union, types.UnionType)


def _one(option: Any, value: Any) -> Any:
    if isinstance(option, type) and issubclass(option, StrEnum):
        return option(value)
    if option is datetime:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            raise ValueError("instants are saved with their zone")
        return parsed
    if option is int:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise TypeError("not an id")
        return int(value)
    if option is str:
        if not isinstance(value, (str, int)):
            raise TypeError("not text")
        return str(value)
    if option is bool:
        if not isinstance(value, bool):
            raise TypeError("not a flag")
        return value
    if typing.get_origin(option) is tuple:
        if not isinstance(value, (list, tuple)):
            raise TypeError("not a list")
        return tuple(str(v) for v in value)
    raise TypeError(f"unsupported field type {option!r}")
