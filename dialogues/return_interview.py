"""Request the return interview for a child who is back: from a button (`ri:<child id>`) or
typed ("request the RHI for Jay").

Who provides it comes from the protocol pack: the return interview task's assignee role
(staffordshire: the return interview provider, essex: the missing co-ordinator, rutland: the
provider the social worker refers to). The request is an audit entry naming that person, who sees
it the next time they look at their status; where the pack has a task for making the request
(rutland step 6), that task is marked done."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from dialogues import work_messages as w
from dialogues.access import Viewer, may_act_for_child, viewer, visible_children
from dialogues.context import Turn
from dialogues.notices import REQUESTED
from dialogues.replies import Reply, say
from dialogues.task_actions import named_children, task_done_from_text
from dialogues.work_format import child_name, role_label, staff_name
from protocols.clock import london_text
from protocols.facts import Event, EventType
from storage.episodes import CLOSED, append_event, audit_log, log_audit
from storage.models import Child, Episode, TaskRecord
from storage.queries import ACTIONABLE, latest_episode_for_child, tasks_for_episode
from storage.reads import log_read
from storage.tasks import refresh_tasks

PREFIX = "ri:"
CODE = "return_interview"
REQUEST_CODE = "notify:return_interview_provider"
_ASKING = re.compile(r"\b(request|refer|book|arrange|ask for)\w*", re.IGNORECASE)
_NAMED = re.compile(r"\b(rhi|return (home )?interview|missing chat)\b", re.IGNORECASE)


def or_task_done(turn: Turn, text: str, parsed: Mapping[str, Any]) -> list[Reply]:
    """The NLU reads "request the RHI for Jay" as task_done: a request is told apart by its verb."""
    if _ASKING.search(text) and _NAMED.search(text):
        return request_from_text(turn, text)
    return task_done_from_text(turn, text, parsed)


def on_button(turn: Turn, payload: str) -> list[Reply]:
    rest = payload.removeprefix(PREFIX)
    child = turn.session.get(Child, int(rest)) if rest.isdigit() else None
    who = viewer(turn.session, turn.staff_id)
    if child is None or not may_act_for_child(who, child):
        return [say(w.NOT_YOURS)]
    return request(turn, who, child)


def request_from_text(turn: Turn, text: str) -> list[Reply]:
    who = viewer(turn.session, turn.staff_id)
    named = [c for c in named_children(turn, who, text) if may_act_for_child(who, c)]
    if len(named) == 1:
        return request(turn, who, named[0])
    waiting = [c for c in (named or _mine(turn, who)) if _awaiting(turn, c)]
    if not waiting:
        return [say(w.RI_NO_CHILDREN)]
    if len(waiting) == 1:
        return request(turn, who, waiting[0])
    buttons = [(child_name(c), f"{PREFIX}{c.id}") for c in waiting]
    return [say(w.RI_WHICH_CHILD, *buttons)]


def request(turn: Turn, who: Viewer, child: Child) -> list[Reply]:
    name = child_name(child)
    log_read(turn.session, turn.staff_id, child.id, "return interview", now=turn.now)
    episode = latest_episode_for_child(turn.session, child.id)
    if episode is None:
        return [say(w.RI_NO_CHILDREN)]
    if episode.status != CLOSED:
        return [say(w.RI_STILL_MISSING.format(child=name))]
    earlier = audit_log(turn.session, episode.id, REQUESTED)
    if earlier:
        return [say(w.RI_ALREADY.format(child=name, when=london_text(earlier[0].at)))]
    # Brings the holder up to date if the provider joined since the tasks were last computed.
    refresh_tasks(turn.session, episode.id, turn.now)
    task = _interview_task(turn, episode)
    if task is None:
        return [say(w.RI_NOT_IN_PACK.format(child=name))]
    if task.status not in ACTIONABLE:
        return [say(w.RI_DONE.format(child=name, status=task.status.replace("_", " ")))]
    _close_request_task(turn, episode)
    role = role_label(task.assignee_role)
    holder = task.assignee_staff_id
    provider = f"{role} ({staff_name(turn.session, holder, '')})" if holder else role
    data: dict[str, object] = {
        "to_staff_id": holder,
        "provider_role": task.assignee_role,
        "task": task.key,
        "due_text": london_text(task.due_at),
    }
    log_audit(turn.session, episode.id, REQUESTED, data, turn.staff_id, now=turn.now)
    text = w.RI_REQUESTED.format(
        child=name, due=london_text(task.due_at), source=task.source, provider=provider
    )
    if holder is not None and holder != turn.staff_id:
        told = w.RI_TOLD.format(name=staff_name(turn.session, holder, ""))
    elif holder is None:
        told = w.RI_NOBODY.format(role=role)
    else:
        told = ""
    return [say(f"{text}\n{told}".strip())]


def _mine(turn: Turn, who: Viewer) -> list[Child]:
    return [c for c in visible_children(turn.session, who) if may_act_for_child(who, c)]


def _awaiting(turn: Turn, child: Child) -> bool:
    """Back, with a return interview task, and not yet requested."""
    episode = latest_episode_for_child(turn.session, child.id)
    if episode is None or episode.status != CLOSED:
        return False
    if audit_log(turn.session, episode.id, REQUESTED):
        return False
    return _interview_task(turn, episode) is not None


def _interview_task(turn: Turn, episode: Episode) -> TaskRecord | None:
    tasks = [t for t in tasks_for_episode(turn.session, episode.id) if t.code == CODE]
    live = [t for t in tasks if t.status in ACTIONABLE]
    return (live or tasks)[0] if tasks else None


def _close_request_task(turn: Turn, episode: Episode) -> None:
    for task in tasks_for_episode(turn.session, episode.id):
        if task.code == REQUEST_CODE and task.status in ACTIONABLE:
            data = {"code": task.code, "task": task.key, "by": str(turn.staff_id)}
            event = Event(turn.now, EventType.TASK_DONE, data)
            append_event(turn.session, episode.id, event, turn.staff_id, None, now=turn.now)
            refresh_tasks(turn.session, episode.id, turn.now)
            return
