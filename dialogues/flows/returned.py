"""The return ("she's back", "police just dropped him off"): which child, when, how, then the
protocol's immediate needs, who to tell, the safe and well check and what happens next.

Steps: child -> when -> how (return recorded, episode closed) -> need -> notify -> done. Each
answer is written to the episode's log as it is given: the time as a note, then the return
itself, each need and each person told, so stopping half-way loses nothing.
"""

from __future__ import annotations

from datetime import datetime

from dialogues.context import Turn
from dialogues.flows import returned_messages as m
from dialogues.flows.common import (
    actionable,
    full_name,
    london,
    missing_children,
    named,
    notify_tasks,
    picked_missing,
    pinned_checklist,
    reprompt,
    who,
)
from dialogues.flows.profile import offer_after_return
from dialogues.replies import Reply, say
from dialogues.times import parse_time
from protocols.facts import Event, EventType
from protocols.pack import ChecklistItem
from protocols.vocabulary import ReturnHow
from storage.episodes import CLOSED, append_event, episode_events, get_episode, iso
from storage.models import Child, Episode, TaskRecord
from storage.people import get_child
from storage.queries import tasks_for_episode
from storage.tasks import refresh_tasks

FLOW = "returned"
PAYLOAD = "ret:"  # ret:<episode id>, e.g. on a reminder: "record the return"
_FOUND_HOWS = {ReturnHow.FOUND.value, ReturnHow.CARER.value}
# Facts that only make sense while the child is missing: the return must come after them.
_WHILE_MISSING = {EventType.REPORTED_TO_POLICE, EventType.CATEGORY_CHANGED}
_TYPED_HOW = (
    ("police", ReturnHow.POLICE.value),
    ("own", ReturnHow.OWN_ACCORD.value),
    ("themsel", ReturnHow.OWN_ACCORD.value),
    ("walked in", ReturnHow.OWN_ACCORD.value),
    ("collected", ReturnHow.CARER.value),
    ("picked", ReturnHow.CARER.value),
    ("we found", ReturnHow.CARER.value),
    ("i found", ReturnHow.CARER.value),
    ("found", ReturnHow.FOUND.value),
)


def start(turn: Turn, text: str) -> list[Reply]:
    turn.state.clear()
    turn.state.update({"flow": FLOW, "step": "child"})
    missing = missing_children(turn)
    if not missing:
        turn.state.clear()
        return [say(m.NONE_MISSING)]
    chosen = named(turn, text, [child for child, _ in missing])
    if len(chosen) == 1:
        return _choose(turn, chosen[0], dict((c.id, e) for c, e in missing)[chosen[0].id])
    if len(missing) == 1:
        return _choose(turn, *missing[0])
    return prompt(turn)


def start_for_episode(turn: Turn, payload: str) -> list[Reply]:
    """A "record the return" button for one episode (a reminder, a status line)."""
    wanted = payload.removeprefix(PAYLOAD)
    for child, episode in missing_children(turn):
        if str(episode.id) == wanted:
            turn.state.clear()
            turn.state["flow"] = FLOW
            return _choose(turn, child, episode)
    return start(turn, "")


def prompt(turn: Turn) -> list[Reply]:
    step = turn.state.get("step")
    child = _child_name(turn) if "child_id" in turn.state else ""
    if step == "child":
        buttons = [(full_name(c), f"child:{c.id}") for c, _ in missing_children(turn)]
        return [say(m.WHICH_CHILD, *buttons)]
    if step == "when":
        return [say(m.WHEN_BACK.format(child=child), (m.JUST_NOW, m.NOW))]
    if step == "how":
        return [
            say(m.HOW.format(child=child), *((label, f"how:{v}") for label, v in m.HOW_OPTIONS))
        ]
    if step == "need":
        items = _needs(turn)
        i = int(turn.state["need_index"])
        text = m.NEED.format(child=child, n=i + 1, total=len(items), text=items[i].text)
        return [say(text, (m.NEED_DONE, m.DONE), (m.NEED_NOT_NEEDED, m.NOT_NEEDED))]
    if step == "notify":
        buttons = [(f"Done: {t.title}", f"done:{t.key}") for t in _notify_tasks(turn)]
        return [say(m.NOTIFY_INTRO.format(child=child), *buttons, (m.NOTIFY_FINISHED, m.FINISHED))]
    return []


def why(turn: Turn) -> str | None:
    step = turn.state.get("step")
    if step in ("when", "how"):
        return m.WHY_RETURN.format(child=_child_name(turn))
    if step == "need":
        item = _needs(turn)[int(turn.state["need_index"])]
        return f"{item.text}\nRule: {item.source}"
    if step == "notify":
        tasks = _notify_tasks(turn)
        return "\n\n".join(f"{t.why or t.title}\nRule: {t.source}" for t in tasks) or None
    return None


def handle(turn: Turn, text: str) -> list[Reply]:
    step = turn.state.get("step")
    answer = text.strip()
    lowered = " ".join(answer.lower().split())
    if step == "child":
        picked = picked_missing(turn, answer)
        return _choose(turn, *picked) if picked else reprompt(prompt(turn))
    if step == "when":
        return _when(turn, answer)
    if step == "how":
        return _how(turn, lowered)
    if step == "need":
        return _need(turn, lowered)
    if step == "notify":
        return _notify(turn, lowered)
    return reprompt(prompt(turn))


def _choose(turn: Turn, child: Child, episode: Episode) -> list[Reply]:
    turn.state.update({"child_id": child.id, "episode_id": episode.id, "step": "when"})
    return [say(m.CHOSEN.format(child=full_name(child))), *prompt(turn)]


def _when(turn: Turn, answer: str) -> list[Reply]:
    back = parse_time(answer, turn.now)
    if back is None:
        return [say(m.TIME_NOT_READ), *prompt(turn)]
    child = _child_name(turn)
    episode = _episode(turn)
    if back < episode.started_at:
        return [say(m.BEFORE_START.format(child=child, start=london(episode.started_at)))]
    latest = _latest_while_missing(turn)
    if latest is not None and back < latest:
        return [say(m.BEFORE_FACT.format(child=child, at=london(latest)))]
    # Kept in the log at once: if the person stops here, the time they gave is not lost.
    note = f"return reported: back at {london(back)}"
    event = Event(back, EventType.NEW_INFORMATION, {"text": note})
    append_event(turn.session, episode.id, event, turn.staff_id, answer, now=turn.now)
    turn.state.update({"back_at": iso(back), "step": "how"})
    return [say(m.BACK_NOTED.format(when=london(back))), *prompt(turn)]


def _how(turn: Turn, lowered: str) -> list[Reply]:
    how = _read_how(lowered)
    if how is None:
        return reprompt(prompt(turn))
    episode = _episode(turn)
    child = _child_name(turn)
    if episode.status == CLOSED:  # someone else recorded it meanwhile
        turn.state.clear()
        return [say(m.ALREADY_CLOSED.format(child=child))]
    back = datetime.fromisoformat(str(turn.state["back_at"]))
    latest = _latest_while_missing(turn)
    if latest is not None and back < latest:  # a report arrived after the time was given
        turn.state["step"] = "when"
        return [say(m.BEFORE_FACT.format(child=child, at=london(latest)))]
    kind = EventType.FOUND if how in _FOUND_HOWS else EventType.RETURNED
    event = Event(back, kind, {"how": how})
    append_event(turn.session, episode.id, event, turn.staff_id, lowered, now=turn.now)
    refresh_tasks(turn.session, episode.id, turn.now)
    recorded = m.RECORDED.format(child=child, when=london(back), how=m.HOW_LABELS[how])
    turn.state["need_index"] = 0
    turn.state.pop("need_ids", None)
    if _needs(turn):
        turn.state["step"] = "need"
        return [say(recorded), *prompt(turn)]
    return [say(recorded), *_start_notify(turn)]


def _read_how(lowered: str) -> str | None:
    value = lowered.removeprefix("how:")
    if value in {h.value for h in ReturnHow}:
        return value
    return next((how for word, how in _TYPED_HOW if word in lowered), None)


def _need(turn: Turn, lowered: str) -> list[Reply]:
    if lowered in (m.DONE, "yes", "done it", "d"):
        status = m.DONE
    elif lowered in (m.NOT_NEEDED, "no", "not necessary", "n/a", "skip"):
        status = m.NOT_NEEDED
    else:
        return reprompt(prompt(turn))
    item = _needs(turn)[int(turn.state["need_index"])]
    note = f"return need: {item.id}: {status}"
    event = Event(turn.now, EventType.NEW_INFORMATION, {"text": note, "source": item.source})
    append_event(turn.session, _episode(turn).id, event, turn.staff_id, note, now=turn.now)
    turn.state["need_index"] = int(turn.state["need_index"]) + 1
    if turn.state["need_index"] < len(_needs(turn)):
        return prompt(turn)
    return [say(m.NEEDS_DONE), *_start_notify(turn)]


def _start_notify(turn: Turn) -> list[Reply]:
    if not _notify_tasks(turn):
        return [say(m.NOTIFY_NONE), *_finish(turn)]
    turn.state["step"] = "notify"
    return prompt(turn)


def _notify(turn: Turn, lowered: str) -> list[Reply]:
    if lowered in (m.FINISHED, "finish", "next", "done", "finished for now"):
        return _finish(turn)
    task = {f"done:{t.key}": t for t in _notify_tasks(turn)}.get(lowered)
    if task is None:
        return reprompt(prompt(turn))
    episode_id = int(turn.state["episode_id"])
    # The rule id picks this task when the same code was due while missing and on return.
    event = Event(turn.now, EventType.TASK_DONE, {"code": task.code, "task": task.key})
    append_event(turn.session, episode_id, event, turn.staff_id, lowered, now=turn.now)
    refresh_tasks(turn.session, episode_id, turn.now)
    done = say(m.NOTIFY_DONE.format(title=task.title))
    if _notify_tasks(turn):
        return [done, *prompt(turn)]
    return [done, *_finish(turn)]


def _finish(turn: Turn) -> list[Reply]:
    episode_id = int(turn.state["episode_id"])
    child = _child_name(turn)
    open_tasks = actionable(turn, episode_id)
    replies = [say(_safe_and_well(turn, child, open_tasks))]
    back = _episode(turn).returned_at or turn.now
    # Reviews missed while the child was away stay on record but are not "what happens next".
    upcoming = [t for t in open_tasks if t.code != "safe_and_well_check" and t.due_at >= back][:6]
    lines = [
        m.NEXT_ITEM.format(when=london(t.due_at), title=t.title, who=who(turn, t)) for t in upcoming
    ]
    replies.append(say(f"{m.NEXT_INTRO}\n" + "\n".join(lines) if lines else m.NEXT_NONE))
    replies.append(say(m.CLOSING.format(child=child)))
    replies.append(offer_after_return(turn, episode_id, _episode(turn).child_id))
    turn.state.clear()
    return replies


def _safe_and_well(turn: Turn, child: str, open_tasks: list[TaskRecord]) -> str:
    checks = [t for t in open_tasks if t.code == "safe_and_well_check"]
    if checks:
        t = checks[0]
        head = m.SAFE_WELL.format(title=t.title, who=who(turn, t), when=london(t.due_at))
        return f"{head}\n{m.SAFE_WELL_WHAT.format(child=child)}"
    if any(t.code == "safe_and_well_check" for t in _all_tasks(turn)):
        return m.SAFE_WELL_DONE
    return m.SAFE_WELL_NONE.format(child=child)


def _all_tasks(turn: Turn) -> list[TaskRecord]:
    return tasks_for_episode(turn.session, int(turn.state["episode_id"]))


def _latest_while_missing(turn: Turn) -> datetime | None:
    events = episode_events(turn.session, int(turn.state["episode_id"]))
    times = [e.at for e in events if e.type in _WHILE_MISSING]
    return max(times) if times else None


def _needs(turn: Turn) -> tuple[ChecklistItem, ...]:
    """The pack's return needs that apply after this return (e.g. only after coming back on
    their own), fixed once asked."""
    child_id, episode_id = int(turn.state["child_id"]), int(turn.state["episode_id"])
    return pinned_checklist(turn, "need_ids", child_id, episode_id, "return_needs")


def _notify_tasks(turn: Turn) -> list[TaskRecord]:
    return notify_tasks(turn, int(turn.state["episode_id"]))


def _episode(turn: Turn) -> Episode:
    return get_episode(turn.session, int(turn.state["episode_id"]))


def _child_name(turn: Turn) -> str:
    return full_name(get_child(turn.session, int(turn.state["child_id"])))
