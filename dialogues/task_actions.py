"""The buttons on a task (`task:<id>:done|notreq|why|handover|to:<staff>`) and "RHI done with
Jay, he talked about older lads" typed freely: find the task, check the person may act on it,
then close it, explain it or hand it over.

Each button carries everything it needs, so it works from any screen, in or out of a flow, and
after a restart."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from dialogues import work_messages as w
from dialogues.context import Turn
from dialogues.flows import task_done
from dialogues.replies import Button, Reply, say
from dialogues.status import listed_task, status
from dialogues.work_format import child_name_by_id, role_label, shown_child_name
from protocols.clock import london_text
from storage.commands import eligible_holders, hand_over_task
from storage.episodes import get_episode
from storage.errors import CommandError
from storage.ids import parse_row_id
from storage.models import Child, Staff, TaskRecord
from storage.policy import Viewer, can_see_child, children_for, log_reads, may_act_on_task, viewer
from storage.queries import ACTIONABLE, actionable_tasks_for_children, open_tasks_for_staff

PREFIX = "task:"
MORE_PREFIX = "tasks:"
_PAYLOAD = re.compile(
    r"^task:(?P<id>[0-9]+):(?P<action>done|notreq|why|handover|to:(?P<to>[0-9]+))$"
)
_MORE = re.compile(r"^tasks:more:(?P<offset>[0-9]{1,6})$")
NOTE_KEY, NOTE_FOR = "task_note", "task_note_for"  # a typed note kept while asking which task
_SUBSTANTIAL_WORDS = 6
_NAME_LIKE = re.compile(r"[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?")
_NUMBERED = re.compile(
    r"^\s*(?:done|completed?|finished)\s+(?:no\.?\s*)?(?P<n>[0-9]{1,6})\s*$", re.I
)


def on_task_button(turn: Turn, payload: str) -> list[Reply]:
    match = _PAYLOAD.match(payload)
    task_id = parse_row_id(match["id"]) if match else None
    task = turn.session.get(TaskRecord, task_id) if task_id is not None else None
    if match is None or task is None:
        return [say(w.NOT_YOURS)]
    who = viewer(turn.session, turn.staff_id)
    child_id = get_episode(turn.session, task.episode_id).child_id
    action = match["action"]
    if action == "why":
        may_act = may_act_on_task(turn.session, who.staff, task)
        if not (may_act or can_see_child(turn.session, turn.staff_id, child_id)):
            return [say(w.NOT_YOURS)]
        log_reads(turn.session, turn.staff_id, [child_id], "task why", now=turn.now)
        text = w.WHY.format(
            title=task.title,
            child=child_name_by_id(turn.session, child_id),
            why=task.why or task.title,
            source=task.source,
        )
        actions: list[Button] = []
        if task.status in ACTIONABLE and may_act:
            actions = [
                (w.BUTTON_DONE_ONE, f"task:{task.id}:done"),
                (w.BUTTON_HANDOVER_ONE, f"task:{task.id}:handover"),
            ]
        return [say(text, *actions)]
    if not may_act_on_task(turn.session, who.staff, task):
        return [say(w.NOT_YOURS)]
    if task.status not in ACTIONABLE:
        return [say(w.TASK_GONE.format(status=task.status.replace("_", " ")))]
    if action == "done":
        return task_done.start(turn, task, _kept_note(turn, task))
    if action == "notreq":
        return task_done.start_not_required(turn, task)
    if action == "handover":
        return _offer_handover(turn, task)
    return _hand_over(turn, task, parse_row_id(match["to"]))


def on_more(turn: Turn, payload: str) -> list[Reply]:
    match = _MORE.match(payload)
    return [status(turn, int(match["offset"]) if match else 0)]


def task_done_from_text(turn: Turn, text: str, parsed: Mapping[str, Any]) -> list[Reply]:
    """Free text like "RHI done with Jay, he talked about older lads": the task by its code,
    the child by name; ask with buttons when it could be several or none."""
    who = viewer(turn.session, turn.staff_id)
    numbered = _NUMBERED.match(text)
    if numbered is not None:
        return _numbered(turn, who, int(numbered["n"]))
    candidates = actionable_for(turn, who)
    if not candidates:
        return [say(w.NO_TASKS_AT_ALL)]
    codes = {str(e["value"]) for e in parsed.get("entities", ()) if e["entity"] == "task"}
    children = named_children(turn, who, text)
    # A person counts here only as a name ("done with Tyler"); "her mum" or "PC Grady" in a
    # task note is nobody's child.
    names = [
        str(e["value"])
        for e in parsed.get("entities", ())
        if e["entity"] == "child_name"
        or (e["entity"] == "person" and _NAME_LIKE.fullmatch(str(e["value"])))
    ]
    if not children and names:
        return [say(w.UNKNOWN_CHILD.format(name=names[0])), status(turn)]
    matching = [
        t
        for t in candidates
        if (not codes or t.code in codes)
        and (not children or _child_id(turn, t) in {c.id for c in children})
    ]
    note = text.strip() if _substantial(text) else None
    if len(matching) == 1 and children:
        return task_done.start(turn, matching[0], note)
    # No child named (or a name we could not read): even a single match is confirmed with a
    # tap, so an interview is never recorded against the wrong child.
    if not matching:
        return [say(w.NO_MATCHING_TASK), status(turn)]
    if note:
        turn.state[NOTE_KEY] = note
        turn.state[NOTE_FOR] = [t.id for t in matching]
    return [say(w.WHICH_TASK, *(_choice(turn, t) for t in matching[:8]))]


def _numbered(turn: Turn, who: Viewer, n: int) -> list[Reply]:
    """ "done 2": the second task of the person's status list."""
    item = listed_task(turn, who, n)
    if item is None:
        return [say(w.NO_SUCH_NUMBER.format(n=n)), status(turn)]
    return on_task_button(turn, f"task:{item.task.id}:done")


def actionable_for(turn: Turn, who: Viewer) -> list[TaskRecord]:
    """Every open task this person may close: their own, and those of children they answer
    for (caseload, or a manager's teams), soonest first."""
    ids = [c.id for c in children_for(turn.session, who.staff)]
    pool = {t.id: t for t in actionable_tasks_for_children(turn.session, ids)}
    pool.update({t.id: t for t in open_tasks_for_staff(turn.session, turn.staff_id)})
    allowed = [t for t in pool.values() if may_act_on_task(turn.session, who.staff, t)]
    return sorted(allowed, key=lambda t: (t.due_at, t.id))


def named_children(turn: Turn, who: Viewer, text: str) -> list[Child]:
    """Visible children any of whose names appear as a word in the text."""
    words = set(re.findall(r"[a-z]+", text.lower()))
    return [
        c
        for c in children_for(turn.session, who.staff)
        if {n.lower() for n in (c.given_name, c.preferred_name, c.family_name) if n} & words
    ]


def _substantial(text: str) -> bool:
    """A message long enough to be the note itself ("..., he talked about older lads")."""
    return "," in text or len(text.split()) >= _SUBSTANTIAL_WORDS


def _kept_note(turn: Turn, task: TaskRecord) -> str | None:
    note, wanted = turn.state.pop(NOTE_KEY, None), turn.state.pop(NOTE_FOR, None)
    return str(note) if note and isinstance(wanted, list) and task.id in wanted else None


def _choice(turn: Turn, task: TaskRecord) -> Button:
    child = _shown(turn, task, "task choice")
    return (f"{task.title} ({child}, {london_text(task.due_at)})", f"task:{task.id}:done")


def _child_id(turn: Turn, task: TaskRecord) -> int:
    return get_episode(turn.session, task.episode_id).child_id


def _shown(turn: Turn, task: TaskRecord, what: str) -> str:
    return shown_child_name(turn.session, turn.staff_id, _child_id(turn, task), what, now=turn.now)


def _offer_handover(turn: Turn, task: TaskRecord) -> list[Reply]:
    names = {"title": task.title, "child": _shown(turn, task, "task hand-over")}
    people = eligible_holders(turn.session, task)
    if not people:
        return [say(w.HANDOVER_NOBODY.format(**names))]
    buttons = [(f"{p.name} ({role_label(p.role)})", f"task:{task.id}:to:{p.id}") for p in people]
    return [say(w.HANDOVER_TO_WHOM.format(**names), *buttons)]


def _hand_over(turn: Turn, task: TaskRecord, to_staff_id: int | None) -> list[Reply]:
    names = {"title": task.title, "child": _shown(turn, task, "task hand-over")}
    if to_staff_id is not None and task.assignee_staff_id == to_staff_id:
        holder = turn.session.get(Staff, to_staff_id)
        return [say(w.ALREADY_HOLDER.format(name=holder.name if holder else "?", **names))]
    people = {p.id: p for p in eligible_holders(turn.session, task)}
    if to_staff_id is None or to_staff_id not in people:
        again = _offer_handover(turn, task)
        return [say(w.HANDOVER_BAD_PERSON.format(**names)), *again]
    try:
        hand_over_task(turn.session, turn.staff_id, task.id, to_staff_id, now=turn.now)
    except CommandError:
        return [say(w.NOT_YOURS)]
    return [say(w.HANDED_OVER.format(name=people[to_staff_id].name, **names))]
