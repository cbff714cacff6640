"""The "undo" command: take back the last fact this person recorded, within a few minutes,
after they confirm exactly which fact it is."""

from __future__ import annotations

from sqlalchemy import select

from dialogues import messages as m
from dialogues.context import Turn
from dialogues.replies import Reply, say
from protocols.clock import LONDON
from storage.episodes import WITHDRAWN, get_episode
from storage.errors import NotFound
from storage.models import Child, EpisodeEvent, TaskRecord
from storage.tasks import refresh_tasks
from storage.undo import last_undoable, undo

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
    number = payload.removeprefix(PREFIX)
    row = turn.session.get(EpisodeEvent, int(number)) if number.isdigit() else None
    if row is None:
        return [say(m.UNDO_REFUSED)]
    fact = describe(turn, row)
    try:
        episode = undo(turn.session, row.id, turn.staff_id, turn.now)
    except (ValueError, NotFound):
        return [say(m.UNDO_REFUSED)]
    replies = [say(m.UNDO_DONE.format(fact=fact))]
    if episode.status == WITHDRAWN:
        replies.append(say(m.UNDO_WITHDRAWN))
    else:
        refresh_tasks(turn.session, episode.id, turn.now)
    if turn.state.get("flow"):
        # The flow's position may rest on the undone fact; stopping is safer than guessing.
        turn.state.clear()
        replies.append(say(m.UNDO_FLOW_STOPPED))
    return replies


def describe(turn: Turn, row: EpisodeEvent) -> str:
    episode = get_episode(turn.session, row.episode_id)
    child = turn.session.get(Child, episode.child_id)
    name = (child.preferred_name or child.given_name) if child else "the child"
    data = {str(k): str(v) for k, v in row.data.items()}
    reference = data.get("police_reference")
    values = {
        "child": name,
        "reference": f" (ref {reference})" if reference else "",
        "level": data.get("level", "?"),
        "category": data.get("category", "?").replace("_", " "),
        "task": _task_title(turn, episode.id, data.get("code", "")),
        "text": data.get("text") or row.text or "",
    }
    template = m.FACT_NAMES.get(row.type, "the last thing you recorded about {child}")
    return template.format(**values)


def _task_title(turn: Turn, episode_id: int, code: str) -> str:
    title = turn.session.scalar(
        select(TaskRecord.title)
        .where(TaskRecord.episode_id == episode_id, TaskRecord.code == code)
        .limit(1)
    )
    return title or code.replace("_", " ").replace(":", ": ")
