"""The "undo" command: take back the last fact this person recorded, within a few minutes,
after they confirm exactly which fact it is."""

from __future__ import annotations

from dialogues import messages as m
from dialogues.context import Turn
from dialogues.replies import Reply, say
from protocols.clock import LONDON
from storage.commands import undo_fact
from storage.episodes import get_episode
from storage.errors import CommandError
from storage.ids import parse_row_id
from storage.models import Child, EpisodeEvent
from storage.policy import log_reads
from storage.queries import task_title
from storage.undo import last_undoable

PREFIX = "undo:"
COMMANDS = {"undo", "/undo", "undo that", "undo last", "oops undo"}
_KEEP = PREFIX + "keep"


def offer(turn: Turn) -> list[Reply]:
    row = last_undoable(turn.session, turn.staff_id, turn.now)
    if row is None:
        return [say(m.UNDO_NOTHING)]
    when = row.recorded_at.astimezone(LONDON).strftime("%H:%M")
    text = m.UNDO_ASK.format(fact=describe(turn, row), when=when)
    return [say(text, (m.UNDO_YES, f"{PREFIX}{row.id}"), (m.UNDO_NO, _KEEP))]


def confirmed(turn: Turn, payload: str) -> list[Reply]:
    if payload == _KEEP:
        return [say(m.UNDO_KEPT)]
    event_id = parse_row_id(payload.removeprefix(PREFIX))
    row = turn.session.get(EpisodeEvent, event_id) if event_id is not None else None
    if row is None:
        return [say(m.UNDO_REFUSED)]
    fact = describe(turn, row)
    try:
        undone = undo_fact(turn.session, turn.staff_id, row.id, now=turn.now)
    except CommandError:
        return [say(m.UNDO_REFUSED)]
    replies = [say(m.UNDO_DONE.format(fact=fact))]
    if undone.withdrawn:
        replies.append(say(m.UNDO_WITHDRAWN))
    if turn.state.get("flow"):
        # The flow's position may rest on the undone fact; stopping is safer than guessing.
        turn.state.clear()
        replies.append(say(m.UNDO_FLOW_STOPPED))
    return replies


def describe(turn: Turn, row: EpisodeEvent) -> str:
    episode = get_episode(turn.session, row.episode_id)
    child = turn.session.get(Child, episode.child_id)
    if child is not None and row.actor_staff_id == turn.staff_id:
        log_reads(turn.session, turn.staff_id, [child.id], "undo", now=turn.now)
    name = (child.preferred_name or child.given_name) if child else "the child"
    data = {str(k): str(v) for k, v in row.data.items()}
    reference = data.get("police_reference")
    values = {
        "child": name,
        "reference": f" (ref {reference})" if reference else "",
        "level": data.get("level", "?"),
        "category": data.get("category", "?").replace("_", " "),
        "task": _task_title(turn, episode.id, data.get("code", ""), data.get("task")),
        "text": data.get("text") or row.text or "",
    }
    template = m.FACT_NAMES.get(row.type, "the last thing you recorded about {child}")
    return template.format(**values)


def _task_title(turn: Turn, episode_id: int, code: str, rule_id: str | None) -> str:
    # Never the internal code: a task the engine no longer lists is just "that task".
    return task_title(turn.session, episode_id, code, rule_id) or m.UNDO_SOME_TASK
