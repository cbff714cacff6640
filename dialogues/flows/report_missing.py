"""The carer's night report: one question at a time, each answer recorded as it is given.

Steps: child -> time -> risk -> (episode opened) -> search / search_reason -> police ->
police_ref -> notify -> done. The state holds only ids, ISO instants and positions, so any
process can pick the conversation up from the database.
"""

from __future__ import annotations

from datetime import datetime

from dialogues import messages as m
from dialogues.context import Turn
from dialogues.flows.common import (
    actionable,
    checklist,
    full_name,
    hhmm,
    london,
    named,
    notify_tasks,
    pinned_checklist,
    reprompt,
    who,
)
from dialogues.police_summary import summary_reply
from dialogues.replies import Reply, say
from dialogues.times import parse_time
from protocols.facts import Event, EventType
from protocols.pack import ChecklistItem
from storage.episodes import append_event, iso, open_episode, open_episode_for_child
from storage.models import Child, TaskRecord
from storage.people import children_for_carer, get_child
from storage.reads import log_read
from storage.tasks import refresh_tasks

FLOW = "report_missing"
_YES_NO = ((m.YES.capitalize(), m.YES), (m.NO.capitalize(), m.NO))
_SEARCH_BUTTONS = (("Done", m.DONE), ("Not possible", m.NOT_POSSIBLE), ("Skip", m.SKIP))


def start(turn: Turn, text: str) -> list[Reply]:
    turn.state.clear()
    turn.state.update({"flow": FLOW, "step": "child"})
    children = children_for_carer(turn.session, turn.staff_id)
    if not children:
        turn.state.clear()
        return [say(m.NO_CHILDREN)]
    chosen = named(turn, text, children)
    if len(chosen) == 1:
        return _choose_child(turn, chosen[0])
    if len(children) == 1:
        return _choose_child(turn, children[0])
    return prompt(turn)


def prompt(turn: Turn) -> list[Reply]:
    """The current step's question, with its buttons (also used to reprompt)."""
    step = turn.state.get("step")
    child = _child_name(turn) if "child_id" in turn.state else ""
    if step == "child":
        kids = children_for_carer(turn.session, turn.staff_id)
        return [say(m.WHICH_CHILD, *((full_name(c), f"child:{c.id}") for c in kids))]
    if step == "time":
        return [say(m.WHEN_LAST_SEEN.format(child=child))]
    if step == "risk":
        return [say(m.RISK_QUESTION.format(child=child), *_YES_NO)]
    if step == "search":
        items = _searches(turn)
        i = int(turn.state["search_index"])
        text = m.SEARCH.format(n=i + 1, total=len(items), text=items[i].text)
        return [say(text, *_SEARCH_BUTTONS)]
    if step == "search_reason":
        return [say(m.SEARCH_REASON)]
    if step == "police":
        return [say(m.POLICE_ASKED.format(child=child), *_YES_NO)]
    if step == "police_ref":
        return [say(m.POLICE_REFERENCE)]
    if step == "notify":
        tasks = _notify_tasks(turn)
        buttons = [(f"Done: {t.title}", f"done:{t.code}") for t in tasks]
        return [say(m.NOTIFY_INTRO, *buttons, ("Finished for now", m.FINISHED))]
    return []


def why(turn: Turn) -> str | None:
    step = turn.state.get("step")
    if step in ("search", "search_reason"):
        item = _searches(turn)[int(turn.state["search_index"])]
        return m.WHY.format(text=item.text, source=item.source)
    codes = {"police": "report_to_police", "police_ref": "report_to_police"}
    tasks = _open_tasks(turn)
    if step in codes:
        tasks = [t for t in tasks if t.code == codes[step]]
    elif step == "notify":
        tasks = _notify_tasks(turn)
    else:
        return None
    return "\n\n".join(m.WHY.format(text=t.why or t.title, source=t.source) for t in tasks) or None


def handle(turn: Turn, text: str) -> list[Reply]:
    step = turn.state.get("step")
    answer = text.strip()
    lowered = answer.lower()
    if step == "child":
        kids = children_for_carer(turn.session, turn.staff_id)
        chosen = [c for c in kids if lowered == f"child:{c.id}"] or named(turn, answer, kids)
        return _choose_child(turn, chosen[0]) if len(chosen) == 1 else _reprompt(turn)
    if step == "time":
        when = parse_time(answer, turn.now)
        if when is None:
            return [say(m.TIME_NOT_READ), *prompt(turn)]
        turn.state["last_seen"] = iso(when)
        turn.state["step"] = "risk"
        return [say(m.LAST_SEEN_NOTED.format(when=london(when))), *prompt(turn)]
    if step == "risk":
        return _risk(turn, answer)
    if step == "search":
        return _search(turn, lowered)
    if step == "search_reason":
        if not answer:
            return [say(m.REASON_EMPTY)]
        return _record_search(turn, str(turn.state.pop("search_status")), answer)
    if step == "police":
        intent = "affirm" if lowered == m.YES else turn.intent(answer)
        if intent == "affirm":
            turn.state["step"] = "police_ref"
            return prompt(turn)
        if intent == "deny" or lowered == m.NO:
            return [say(m.POLICE_NOT_YET), *prompt(turn)]
        return _reprompt(turn)
    if step == "police_ref":
        return _police_reference(turn, answer)
    if step == "notify":
        return _notify(turn, lowered)
    return _reprompt(turn)


def _reprompt(turn: Turn) -> list[Reply]:
    return reprompt(prompt(turn))


def _choose_child(turn: Turn, child: Child) -> list[Reply]:
    turn.state["child_id"] = child.id
    existing = open_episode_for_child(turn.session, child.id)
    if existing is not None:
        # Carry on with the record already open rather than starting a second episode.
        turn.state["episode_id"] = existing.id
        turn.state["last_seen"] = iso(existing.started_at)
        intro = say(m.ALREADY_OPEN.format(child=full_name(child)))
        return [intro, *_start_searches(turn)]
    turn.state["step"] = "time"
    return [say(m.CHILD_CHOSEN.format(child=full_name(child))), *prompt(turn)]


def _risk(turn: Turn, answer: str) -> list[Reply]:
    lowered = answer.lower()
    intent = lowered if lowered in (m.YES, m.NO) else turn.intent(answer)
    if intent not in (m.YES, m.NO, "affirm", "deny"):
        return _reprompt(turn)
    high = intent in (m.YES, "affirm")
    child = _child_name(turn)
    replies = [say(m.CALL_999.format(child=child))] if high else []
    started = datetime.fromisoformat(str(turn.state["last_seen"]))
    episode = open_episode(
        turn.session, int(turn.state["child_id"]), started, turn.now, turn.staff_id
    )
    turn.state["episode_id"] = episode.id
    if high:
        risk = Event(turn.now, EventType.RISK_ASSESSED, {"level": "high", "assessor": "carer"})
        append_event(turn.session, episode.id, risk, turn.staff_id, answer, now=turn.now)
    refresh_tasks(turn.session, episode.id, turn.now)
    replies.append(say(m.RECORDED.format(child=child, when=london(started))))
    return [*replies, *_start_searches(turn)]


def _start_searches(turn: Turn) -> list[Reply]:
    turn.state["search_index"] = 0
    turn.state.pop("search_ids", None)
    if not _searches(turn):
        return _start_police(turn)
    turn.state["step"] = "search"
    return prompt(turn)


def _search(turn: Turn, lowered: str) -> list[Reply]:
    if lowered in (m.DONE, "d", "yes", "done it"):
        return _record_search(turn, m.DONE, None)
    if lowered in (m.NOT_POSSIBLE, m.SKIP, "skipped", "can't", "cannot"):
        turn.state["search_status"] = (
            m.SKIP + "ped" if lowered.startswith("skip") else m.NOT_POSSIBLE
        )
        turn.state["step"] = "search_reason"
        return prompt(turn)
    return _reprompt(turn)


def _record_search(turn: Turn, status: str, reason: str | None) -> list[Reply]:
    item = _searches(turn)[int(turn.state["search_index"])]
    note = f"search: {item.id}: {status}" + (f" ({reason})" if reason else "")
    event = Event(turn.now, EventType.NEW_INFORMATION, {"text": note, "source": item.source})
    append_event(
        turn.session, int(turn.state["episode_id"]), event, turn.staff_id, note, now=turn.now
    )
    turn.state["search_index"] = int(turn.state["search_index"]) + 1
    if turn.state["search_index"] < len(_searches(turn)):
        turn.state["step"] = "search"
        return prompt(turn)
    return [say(m.SEARCHES_DONE), *_start_police(turn)]


def _start_police(turn: Turn) -> list[Reply]:
    turn.state["step"] = "police"
    child = get_child(turn.session, int(turn.state["child_id"]))
    asked = checklist(turn, child.id, int(turn.state["episode_id"]), "police_questions")
    questions = "\n".join(f"- {q.text}" for q in asked)
    due = [t.due_at for t in _open_tasks(turn) if t.code == "report_to_police"]
    if not due or due[0] <= turn.now:
        deadline = m.POLICE_DEADLINE_NOW.format(child=full_name(child))
    else:
        deadline = m.POLICE_DEADLINE_BY.format(child=full_name(child), when=hhmm(due[0]))
    # The summary shows the child's record: every showing is logged (who saw what, when).
    log_read(turn.session, turn.staff_id, child.id, "police summary", now=turn.now)
    return [
        say(deadline),
        say(f"{m.POLICE_INTRO}\n{questions}"),
        summary_reply(turn, child, int(turn.state["episode_id"])),
        *prompt(turn),
    ]


def police_summary(child: Child, last_seen: str) -> str:
    """The child's record as the police will want it, ready to read out."""
    fields = (
        ("Name", full_name(child)),
        (
            "Date of birth",
            child.date_of_birth.strftime("%d %b %Y") if child.date_of_birth else None,
        ),
        ("Description", child.description),
        ("Medical", child.medical_history),
        ("Known associates", child.known_associates),
        ("Usual places", child.usual_places),
        ("Religion", child.religion),
        ("Sexual orientation", child.sexual_orientation),
        ("Last seen / due back", london(datetime.fromisoformat(last_seen))),
    )
    return "\n".join(f"{label}: {value or 'not recorded'}" for label, value in fields)


def _police_reference(turn: Turn, answer: str) -> list[Reply]:
    if not answer:
        return [say(m.REFERENCE_EMPTY)]
    lowered = answer.lower()
    none_yet = any(w in lowered for w in ("don't have", "dont have", "not yet", "no ref", "none"))
    data = {} if none_yet else {"police_reference": answer}
    event = Event(turn.now, EventType.REPORTED_TO_POLICE, data)
    episode_id = int(turn.state["episode_id"])
    append_event(turn.session, episode_id, event, turn.staff_id, answer, now=turn.now)
    refresh_tasks(turn.session, episode_id, turn.now)
    reference = "" if none_yet else f", reference {answer}"
    recorded = say(m.POLICE_RECORDED.format(when=hhmm(turn.now), reference=reference))
    turn.state["step"] = "notify"
    return [recorded, *_notify_or_finish(turn)]


def _notify(turn: Turn, lowered: str) -> list[Reply]:
    if lowered in (m.FINISHED, "finish", "next", "done"):
        return _finish(turn)
    tasks = {f"done:{t.code}": t for t in _notify_tasks(turn)}
    task = tasks.get(lowered)
    if task is None:
        return _reprompt(turn)
    episode_id = int(turn.state["episode_id"])
    event = Event(turn.now, EventType.TASK_DONE, {"code": task.code})
    append_event(turn.session, episode_id, event, turn.staff_id, lowered, now=turn.now)
    refresh_tasks(turn.session, episode_id, turn.now)
    return [say(m.NOTIFY_DONE.format(title=task.title)), *_notify_or_finish(turn)]


def _notify_or_finish(turn: Turn) -> list[Reply]:
    if _notify_tasks(turn):
        return prompt(turn)
    return [say(m.NOTIFY_NONE), *_finish(turn)]


def _finish(turn: Turn) -> list[Reply]:
    upcoming = [t for t in _open_tasks(turn) if t.due_at >= turn.now][:3]
    lines = [
        m.NEXT_ITEM.format(when=london(t.due_at), title=t.title, who=who(turn, t)) for t in upcoming
    ]
    child = _child_name(turn)
    turn.state.clear()
    text = f"{m.NEXT_INTRO}\n" + "\n".join(lines) if lines else m.NEXT_NONE
    return [say(text), say(m.CLOSING.format(child=child))]


def _open_tasks(turn: Turn) -> list[TaskRecord]:
    if "episode_id" not in turn.state:
        return []
    return actionable(turn, int(turn.state["episode_id"]))


def _notify_tasks(turn: Turn) -> list[TaskRecord]:
    if "episode_id" not in turn.state:
        return []
    return notify_tasks(turn, int(turn.state["episode_id"]))


def _searches(turn: Turn) -> tuple[ChecklistItem, ...]:
    """The pack's searches that apply to this child: a foster carer is not asked residential-only
    steps. Fixed when the searches begin, so the position stays valid on resume."""
    child_id = int(turn.state["child_id"])
    return pinned_checklist(turn, "search_ids", child_id, turn.state.get("episode_id"), "searches")


def _child_name(turn: Turn) -> str:
    return full_name(get_child(turn.session, int(turn.state["child_id"])))
