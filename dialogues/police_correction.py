"""Correcting a line of the police summary before reading it out, and showing the summary
again: "police summary", then "correct 3" -> "what should it say?" -> recorded.

Two steps, declared in STEPS: `line` (which line number) and `text` (what it should say). The
correction is a note on the episode in the carer's words (storage.commands.record_note, kind
police_summary_correction, source "police summary: <line>"), so the record keeps both the
original facts and the correction; the summary shows the latest correction of each line. A
flow interrupted by "correct 3" (the night report) is resumed where it was afterwards.
"""

from __future__ import annotations

import re

from dialogues import police_summary_messages as ps
from dialogues.context import Turn
from dialogues.flows.common import missing_children
from dialogues.flows.steps import reprompt
from dialogues.police_summary import (
    CORRECTION_KIND,
    SOURCE_PREFIX,
    Line,
    source_of,
    summary_lines,
    summary_reply,
)
from dialogues.replies import Reply, say
from storage.commands import record_note
from storage.errors import CommandError
from storage.models import Child, Episode
from storage.policy import read_child

FLOW = "police_correction"
STEPS = ("line", "text")  # the order the questions are asked in
_RESUME = "resume"  # the interrupted flow's saved state
# A number is required: a bare "correct" is an answer elsewhere ("yes, correct").
_CORRECT = re.compile(r"^(?:correct|fix)(?: line)? (?P<n>[0-9]{1,2})$")
_SHOW = frozenset({"police summary", "summary for the police", "show the police summary"})


def typed(turn: Turn, command: str) -> list[Reply] | None:
    """ "police summary" or "correct 3", or None when `command` is neither (or nobody this
    person may record facts about is missing)."""
    match = _CORRECT.match(command)
    if match is None and command not in _SHOW:
        return None
    found = _episode(turn)
    if found is None:
        many = len(missing_children(turn)) > 1
        return [say(ps.WHICH_CHILD if many else ps.NO_SUMMARY)]
    child, episode = found
    if match is None:
        return _show(turn, child, episode.id)
    if turn.state.get("flow") == FLOW:
        resume = turn.state.get(_RESUME)
    else:
        resume = dict(turn.state) if turn.state.get("flow") else None
    turn.state.clear()
    turn.state.update({"flow": FLOW, "step": "line", "child_id": child.id})
    turn.state["episode_id"] = episode.id
    if resume:
        turn.state[_RESUME] = resume
    return _line(turn, match["n"])


def prompt(turn: Turn) -> list[Reply]:
    lines = _lines(turn)
    if turn.state.get("step") == "text":
        n = int(turn.state["line"])
        line = lines[n - 1] if n <= len(lines) else None
        if line is None:
            turn.state["step"] = "line"
            return prompt(turn)
        return [say(ps.ASK_TEXT.format(n=n, label=line.label, value=line.value))]
    return [say(ps.ASK_LINE.format(last=len(lines)))]


def why(turn: Turn) -> str | None:
    child = turn.session.get(Child, int(turn.state["child_id"]))
    return ps.WHY.format(source=source_of(turn, child)) if child else None


def handle(turn: Turn, text: str) -> list[Reply]:
    answer = text.strip()
    if turn.state.get("step") == "line":
        return _line(turn, answer)
    if not answer:
        return [say(ps.TEXT_EMPTY)]
    lines = _lines(turn)
    n = int(turn.state["line"])
    if not 1 <= n <= len(lines):
        turn.state["step"] = "line"
        return prompt(turn)
    try:
        record_note(
            turn.session,
            turn.staff_id,
            int(turn.state["episode_id"]),
            answer,
            now=turn.now,
            source=SOURCE_PREFIX + lines[n - 1].key,
            kind=CORRECTION_KIND,
        )
    except CommandError:
        return [say(ps.TEXT_EMPTY)]
    child = turn.session.get(Child, int(turn.state["child_id"]))
    assert child is not None
    episode_id = int(turn.state["episode_id"])
    resume = turn.state.get(_RESUME)
    turn.state.clear()
    replies = [say(ps.CORRECTION_RECORDED), *_show(turn, child, episode_id)]
    if isinstance(resume, dict):
        turn.state.update(resume)
        replies += _resumed_prompt(turn)
    return replies


def _line(turn: Turn, answer: str) -> list[Reply]:
    last = len(_lines(turn))
    if not (answer.isascii() and answer.isdigit()):
        return reprompt(prompt(turn))
    n = int(answer)
    if not 1 <= n <= last:
        return [say(ps.NO_SUCH_LINE.format(n=n, last=last))]
    turn.state.update({"step": "text", "line": n})
    return prompt(turn)


def _lines(turn: Turn) -> list[Line]:
    child = turn.session.get(Child, int(turn.state["child_id"]))
    assert child is not None
    return summary_lines(turn, child, int(turn.state["episode_id"]))


def _show(turn: Turn, child: Child, episode_id: int) -> list[Reply]:
    if not read_child(turn.session, turn.staff_id, child.id, "police summary", now=turn.now):
        return [say(ps.NO_SUMMARY)]
    return [summary_reply(turn, child, episode_id)]


def _episode(turn: Turn) -> tuple[Child, Episode] | None:
    """The episode the summary is about: the one the current conversation is on, else the only
    missing child this person may record facts about."""
    missing = missing_children(turn)
    current = turn.state.get("episode_id")
    on_screen = [(c, e) for c, e in missing if e.id == current]
    if on_screen:
        return on_screen[0]
    return missing[0] if len(missing) == 1 else None


def _resumed_prompt(turn: Turn) -> list[Reply]:
    # Imported here: dialogues.routes registers this flow, so it cannot be imported at the top.
    from dialogues.routes import FLOWS

    flow = FLOWS.get(str(turn.state.get("flow")))
    return flow.prompt(turn) if flow is not None else []
