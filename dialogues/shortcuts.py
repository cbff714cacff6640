"""Typed shortcuts that mean one exact thing, read before the NLU so they never need a guess:
"done 2", "why 3", "hand over 1", "not needed 4" (numbers as in the status list) and
"weekly summary"; a return interview request; a child's name for their page."""

from __future__ import annotations

import re

from dialogues import child_page, police_correction, return_interview
from dialogues import work_messages as w
from dialogues.context import Turn
from dialogues.flows import profile
from dialogues.replies import Reply, say
from dialogues.status import listed_task, status
from dialogues.task_actions import on_task_button
from dialogues.weekly import weekly_summary
from storage.policy import viewer

_NUMBERED = re.compile(
    r"^(?P<verb>why|done|completed?|finished|hand ?over|handover|not needed|not required)"
    r"\s+(?:no\.?\s*|number\s+)?(?P<n>[0-9]{1,3})$"
)
_ACTIONS = {
    "why": "why",
    "done": "done",
    "complete": "done",
    "completed": "done",
    "finished": "done",
    "hand over": "handover",
    "handover": "handover",
    "not needed": "notreq",
    "not required": "notreq",
}
_SUMMARY = {"weekly summary", "summary", "weekly", "week summary", "/summary"}


def handle(turn: Turn, command: str) -> list[Reply] | None:
    """The answer to a shortcut, or None when `command` is not one."""
    if command in _SUMMARY:
        return weekly_summary(turn)
    found = profile.typed(turn, command)  # "update Jay's profile", "grab pack"
    if found is not None:
        return found
    found = police_correction.typed(turn, command)  # "police summary", "correct 3"
    if found is not None:
        return found
    found = return_interview.typed(turn, command)  # "please arrange the return interview"
    if found is not None:
        return found
    match = _NUMBERED.match(command)
    if match is None:
        return child_page.typed(turn, command)  # "Jay", "show Jay": the child's page
    n = int(match["n"])
    item = listed_task(turn, viewer(turn.session, turn.staff_id), n)
    if item is None:
        return [say(w.NO_SUCH_NUMBER.format(n=n)), status(turn)]
    return on_task_button(turn, f"task:{item.task.id}:{_ACTIONS[match['verb']]}")
