"""Request the return interview for a child who is back: from a button (`ri:<child id>`) or
typed ("request the RHI for Jay").

The request itself is the command storage.commands.request_return_interview: who provides the
interview comes from the protocol pack (the return interview task's assignee: staffordshire the
return interview provider, essex the missing co-ordinator, rutland the provider the social
worker refers to), the request is an audit entry naming that person, who sees it the next time
they look at their status, and where the pack has a task for making the request (rutland step
6) that task is marked done. This module only finds the child and words the answer."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from dialogues import work_messages as w
from dialogues.context import Turn
from dialogues.replies import Reply, say
from dialogues.task_actions import named_children, task_done_from_text
from dialogues.work_format import child_name, role_label, staff_name
from protocols.clock import london_text
from storage.commands import (
    INTERVIEW_REQUESTED,
    InterviewNotPossible,
    interview_task,
    request_return_interview,
)
from storage.episodes import CLOSED, audit_log
from storage.errors import CommandError
from storage.ids import parse_row_id
from storage.models import Child, TaskRecord
from storage.policy import Action, Viewer, allowed, children_for, log_reads, viewer
from storage.queries import latest_episode_for_child

PREFIX = "ri:"
_ASKING = re.compile(r"\b(request|refer|book|arrange|ask for)\w*", re.IGNORECASE)
_NAMED = re.compile(r"\b(rhi|return (home )?interview|missing chat)\b", re.IGNORECASE)


# Said as a request from its first word: "please arrange the return interview", "book the RHI
# for Jay". Read before the NLU, which has no intent for requests and may be unsure of one.
_REQUEST = re.compile(
    r"^\s*(?:please\s+|pls\s+|can\s+you\s+|could\s+you\s+)?(?:request|refer|book|arrange|ask\s+for)\b",
    re.IGNORECASE,
)


def typed(turn: Turn, text: str) -> list[Reply] | None:
    """A return interview request typed plainly, or None."""
    if _REQUEST.match(text) and _NAMED.search(text):
        return request_from_text(turn, text)
    return None


def or_task_done(turn: Turn, text: str, parsed: Mapping[str, Any]) -> list[Reply]:
    """The NLU reads "request the RHI for Jay" as task_done: a request is told apart by its verb."""
    if _ASKING.search(text) and _NAMED.search(text):
        return request_from_text(turn, text)
    return task_done_from_text(turn, text, parsed)


def on_button(turn: Turn, payload: str) -> list[Reply]:
    child_id = parse_row_id(payload.removeprefix(PREFIX))
    child = turn.session.get(Child, child_id) if child_id is not None else None
    who = viewer(turn.session, turn.staff_id)
    if child is None or not _may_request(turn, who, child):
        return [say(w.NOT_YOURS)]
    return request(turn, who, child)


def request_from_text(turn: Turn, text: str) -> list[Reply]:
    who = viewer(turn.session, turn.staff_id)
    named = [c for c in named_children(turn, who, text) if _may_request(turn, who, c)]
    if len(named) == 1:
        return request(turn, who, named[0])
    waiting = [c for c in (named or _mine(turn, who)) if _awaiting(turn, c)]
    if not waiting:
        return [say(w.RI_NO_CHILDREN)]
    if len(waiting) == 1:
        return request(turn, who, waiting[0])
    log_reads(
        turn.session, turn.staff_id, [c.id for c in waiting], "return interview", now=turn.now
    )
    buttons = [(child_name(c), f"{PREFIX}{c.id}") for c in waiting]
    return [say(w.RI_WHICH_CHILD, *buttons)]


def request(turn: Turn, who: Viewer, child: Child) -> list[Reply]:
    name = child_name(child)
    log_reads(turn.session, turn.staff_id, [child.id], "return interview", now=turn.now)
    try:
        asked = request_return_interview(turn.session, turn.staff_id, child.id, now=turn.now)
    except InterviewNotPossible as refused:
        return [say(_refusal(refused, name))]
    except CommandError:
        return [say(w.NOT_YOURS)]
    task = turn.session.get(TaskRecord, asked.task_id)
    source = task.source if task is not None else asked.source
    role = role_label(asked.provider_role)
    holder = asked.provider_staff_id
    provider = f"{role} ({staff_name(turn.session, holder, '')})" if holder else role
    text = w.RI_REQUESTED.format(
        child=name, due=london_text(asked.due_at), source=source, provider=provider
    )
    if holder is not None and holder != turn.staff_id:
        told = w.RI_TOLD.format(name=staff_name(turn.session, holder, ""))
    elif holder is None:
        told = w.RI_NOBODY.format(role=role)
    else:
        told = ""
    return [say(f"{text}\n{told}".strip())]


def _refusal(refused: InterviewNotPossible, name: str) -> str:
    if refused.why == "still_missing":
        return w.RI_STILL_MISSING.format(child=name)
    if refused.why == "already_requested" and refused.when is not None:
        return w.RI_ALREADY.format(child=name, when=london_text(refused.when))
    if refused.why == "not_in_pack":
        return w.RI_NOT_IN_PACK.format(child=name)
    if refused.why == "closed":
        status = (refused.status or "").replace("_", " ")
        return w.RI_DONE.format(child=name, status=status)
    return w.RI_NO_CHILDREN


def _may_request(turn: Turn, who: Viewer, child: Child) -> bool:
    return allowed(turn.session, who.staff, Action.REQUEST, child)


def _mine(turn: Turn, who: Viewer) -> list[Child]:
    return children_for(turn.session, who.staff, Action.REQUEST)


def _awaiting(turn: Turn, child: Child) -> bool:
    """Back, with a return interview task, and not yet requested."""
    episode = latest_episode_for_child(turn.session, child.id)
    if episode is None or episode.status != CLOSED:
        return False
    if audit_log(turn.session, episode.id, INTERVIEW_REQUESTED):
        return False
    return interview_task(turn.session, episode) is not None
