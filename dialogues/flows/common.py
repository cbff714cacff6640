"""What the carer-side flows share: names and times as shown, the tasks of an episode, which
children a person may act for, the checklist items that apply, and what changed after a fact."""

from __future__ import annotations

from datetime import datetime

from dialogues import messages as m
from dialogues.answers import names_capitalised
from dialogues.context import Turn
from protocols.checklists import applicable
from protocols.clock import LONDON, london_text
from protocols.pack import ChecklistItem
from protocols.pack_loader import load_protocol
from storage.episodes import child_facts, episode_events, open_episode_for_child
from storage.models import Child, Episode, Staff, TaskRecord
from storage.people import get_child, get_staff, get_team
from storage.policy import PLACEMENT_ROLES, Action, children_for
from storage.queries import ACTIONABLE, tasks_for_episode

Snapshot = dict[str, tuple[str, datetime]]  # task key -> (status, due)


def full_name(child: Child) -> str:
    return f"{child.preferred_name or child.given_name} {child.family_name}"


def london(instant: datetime) -> str:
    return london_text(instant)


def hhmm(instant: datetime) -> str:
    return instant.astimezone(LONDON).strftime("%H:%M")


def visible_children(turn: Turn) -> list[Child]:
    """The children this person may record facts about (storage.policy, Action.RECORD): a
    carer's own, a social worker's caseload, a manager's teams; nobody's when inactive."""
    staff = get_staff(turn.session, turn.staff_id)
    return sorted(children_for(turn.session, staff, Action.RECORD), key=lambda c: c.id)


def missing_children(turn: Turn) -> list[tuple[Child, Episode]]:
    """The visible children with an open episode, each with that episode."""
    out = []
    for child in visible_children(turn):
        episode = open_episode_for_child(turn.session, child.id)
        if episode is not None:
            out.append((child, episode))
    return out


def picked_missing(turn: Turn, answer: str) -> tuple[Child, Episode] | None:
    """The one missing child an answer picks, by button ("child:<id>") or by name."""
    missing = missing_children(turn)
    lowered = " ".join(answer.lower().split())
    picked = [(c, e) for c, e in missing if lowered == f"child:{c.id}"]
    if not picked:
        names = {c.id for c in named(turn, answer, [c for c, _ in missing])}
        picked = [(c, e) for c, e in missing if c.id in names]
    return picked[0] if len(picked) == 1 else None


def named(turn: Turn, text: str, children: list[Child]) -> list[Child]:
    """The children `text` names, read by the NLU against these children's names only."""
    names = [n for c in children for n in (c.given_name, c.preferred_name, c.family_name) if n]
    parsed = turn.understanding.parse(names_capitalised(text, names), turn.now, child_names=names)
    wanted = {e["value"].lower() for e in parsed["entities"] if e["entity"] == "child_name"}
    return [
        c
        for c in children
        if wanted & {n.lower() for n in (c.given_name, c.preferred_name, c.family_name) if n}
    ]


def named_but_not_missing(
    turn: Turn, text: str, missing: list[tuple[Child, Episode]]
) -> Child | None:
    """The one child `text` names when that child is not missing ("ruby's back" while only Lily
    is away), so a flow never falls back to the other, missing child."""
    named_now = named(turn, text, visible_children(turn))
    away = {c.id for c, _ in missing}
    if len(named_now) == 1 and named_now[0].id not in away:
        return named_now[0]
    return None


def actionable(turn: Turn, episode_id: int) -> list[TaskRecord]:
    return [t for t in tasks_for_episode(turn.session, episode_id) if t.status in ACTIONABLE]


def notify_tasks(turn: Turn, episode_id: int) -> list[TaskRecord]:
    """The "tell someone" tasks for the people where the child lives, or handed to this person."""
    return [
        t
        for t in actionable(turn, episode_id)
        if t.code.startswith("notify:")
        and (t.assignee_role in PLACEMENT_ROLES or t.assignee_staff_id == turn.staff_id)
    ]


def who(turn: Turn, task: TaskRecord) -> str:
    role = task.assignee_role.replace("_", " ")
    if task.assignee_staff_id is None:
        return role
    if task.assignee_staff_id == turn.staff_id:
        return "you"
    person = turn.session.get(Staff, task.assignee_staff_id)
    return f"{person.name}, {role}" if person else role


def checklist(
    turn: Turn, child_id: int, episode_id: int | None, name: str
) -> tuple[ChecklistItem, ...]:
    """The items of the pack's checklist `name` that apply to this child and episode now."""
    child = get_child(turn.session, child_id)
    pack, variant = load_protocol(get_team(turn.session, child.team_id).protocol_id)
    facts = child_facts(turn.session, child_id, episode_id)
    events = episode_events(turn.session, episode_id) if episode_id is not None else []
    return applicable(pack, variant, name, facts, events, turn.now)


def checklist_items(
    turn: Turn, child_id: int, name: str, ids: tuple[str, ...]
) -> tuple[ChecklistItem, ...]:
    """The items of checklist `name` fixed (by id) when it was first asked, so a position in it
    stays valid when the conversation resumes after the facts have changed."""
    child = get_child(turn.session, child_id)
    pack, _ = load_protocol(get_team(turn.session, child.team_id).protocol_id)
    return tuple(item for item in pack.checklists.get(name, ()) if item.id in ids)


def snapshot(turn: Turn, episode_id: int) -> Snapshot:
    return {t.key: (t.status, t.due_at) for t in tasks_for_episode(turn.session, episode_id)}


def changes(turn: Turn, episode_id: int, before: Snapshot) -> list[str]:
    """Plain lines for what a recorded fact changed: new deadlines, moved ones, ones no longer
    needed. Empty when nothing changed."""
    lines = []
    for task in tasks_for_episode(turn.session, episode_id):
        was = before.get(task.key)
        when = london(task.due_at)
        if task.status in ACTIONABLE and (was is None or was[0] not in ACTIONABLE):
            late = task.due_at <= turn.now
            text = m.CHANGE_NEW_NOW if late else m.CHANGE_NEW
            lines.append(text.format(title=task.title, when=when, who=who(turn, task)))
        elif task.status in ACTIONABLE and was is not None and was[1] != task.due_at:
            lines.append(m.CHANGE_MOVED.format(title=task.title, when=when))
        elif task.status == "cancelled" and was is not None and was[0] in ACTIONABLE:
            lines.append(m.CHANGE_DROPPED.format(title=task.title))
    return lines


def changes_text(lines: list[str]) -> str:
    return f"{m.CHANGES_INTRO}\n" + "\n".join(lines) if lines else m.CHANGES_NONE
