"""What is open for this person, by role: a carer their children's episodes and their tasks; a
social worker their tasks and the missing children of their caseload and team; a manager the
team's missing children with how long and what is overdue, and who holds it.

Tasks are numbered, and button n opens task n (its why, with Done and Hand over), so the
numbers on screen and on the buttons agree; "done 2" / "why 2" can be typed. The missing
children get a button to their page (dialogues.child_page) while the buttons fit one screen."""

from __future__ import annotations

from dataclasses import dataclass

from dialogues import child_page
from dialogues import messages as m
from dialogues import work_messages as w
from dialogues.context import Turn
from dialogues.notices import (
    HANDED,
    ROSTER,
    SHOWN_AT_ONCE,
    Notice,
    mark_seen,
    pending_notices,
)
from dialogues.replies import Button, Reply, say
from dialogues.work_format import child_name_by_id, length, staff_name
from protocols.clock import london_text
from protocols.vocabulary import TaskStatus
from storage.child_record import last_grading
from storage.cover import covered_tasks
from storage.episodes import get_episode, open_episode_for_child
from storage.models import Child, Episode, TaskRecord
from storage.people import get_staff
from storage.policy import Viewer, children_for, log_reads, viewer
from storage.queries import (
    OpenEpisode,
    child_ids_of_episodes,
    load_people,
    open_episodes_for_children,
    open_tasks_for_staff,
    overdue_page_for_teams,
    overdue_tasks_for_episodes,
    task_title,
)

PAGE = 4  # tasks per screen; a phone screen of buttons, not a report
# Buttons one message shows before Telegram's own pager adds a second "More" (bot.telegram.layout
# PER_PAGE): tasks, More and the weekly summary fit; child pages take what room is left.
SCREEN_BUTTONS = 6
MORE = "tasks:more:"
SUMMARY = "summary:week"


@dataclass(frozen=True)
class Listed:
    task: TaskRecord
    child_id: int
    show_holder: bool
    covering: bool = False  # a day worker's task this person covers out of hours


def status(turn: Turn, offset: int = 0) -> Reply:
    """The person's open work, by role (the manager calls this for "status" and "tasks")."""
    who = viewer(turn.session, turn.staff_id)
    if not who.staff.active:
        return say(m.STATUS_NONE)
    if who.kind == "carer":
        return _carer_status(turn)
    shown, total = listed_page(turn, who, offset, PAGE)
    episodes = _open_episodes(turn, who)
    notices = pending_notices(turn.session, turn.staff_id, turn.now)
    if not total and not episodes and not notices:
        return say(w.STATUS_NONE, *_summary_button(who))
    lines = _notice_lines(turn, notices)
    mark_seen(turn.session, turn.staff_id, notices, turn.now)
    lines += _task_lines(turn, shown, offset)
    if episodes:
        lines.append(w.MISSING_NOW)
        lines += _episode_lines(turn, who, episodes)
    buttons: list[Button] = [
        (w.BUTTON_TASK.format(n=n), f"task:{item.task.id}:why")
        for n, item in enumerate(shown, start=offset + 1)
    ]
    if offset + PAGE < total:
        lines.append(w.MORE_TASKS.format(shown=offset + len(shown), total=total))
        buttons.append((w.BUTTON_MORE, f"{MORE}{offset + PAGE}"))
    room = SCREEN_BUTTONS - len(buttons) - len(_summary_button(who))
    buttons += [child_page.button(e.child) for e in episodes[: max(room, 0)]]
    if shown:
        lines.append(w.STATUS_HINT)
    _log_children(turn, {i.child_id for i in shown} | {e.child.id for e in episodes}, "status")
    return say("\n".join(lines), *buttons, *_summary_button(who))


def listed_page(turn: Turn, who: Viewer, offset: int, limit: int) -> tuple[list[Listed], int]:
    """One page of the numbered list, and its length: my own tasks, then (for a manager) the
    team's overdue tasks held by others. The numbers in "done 2" refer to this order. The
    team's part is read a page at a time (issue 14): a team's long history is counted by the
    database, never loaded."""
    own = own_tasks(turn, who)
    items = own[offset : offset + limit]
    total = len(own)
    if who.kind == "manager":
        rows, team_total = overdue_page_for_teams(
            turn.session,
            who.team_ids,
            turn.now,
            offset=max(offset - len(own), 0),
            limit=limit - len(items),
            not_held_by=turn.staff_id,
        )
        items += [Listed(task, child_id, True) for task, child_id in rows]
        total += team_total
    load_people(
        turn.session,
        [i.child_id for i in items],
        [i.task.assignee_staff_id for i in items if i.task.assignee_staff_id is not None],
    )
    return items, total


def own_tasks(turn: Turn, who: Viewer) -> list[Listed]:
    """The person's own open tasks, then those of the teams they cover out of hours: the head
    of the numbered list, bounded by open work rather than history."""
    mine = open_tasks_for_staff(turn.session, turn.staff_id)
    seen = {t.id for t in mine}
    covering = [t for t in covered_tasks(turn.session, who.staff) if t.id not in seen]
    tasks = [*mine, *covering]
    children = child_ids_of_episodes(turn.session, [t.episode_id for t in tasks])
    own = [Listed(t, children[t.episode_id], False) for t in mine]
    own += [Listed(t, children[t.episode_id], True, covering=True) for t in covering]
    return own


def listed_task(turn: Turn, who: Viewer, n: int) -> Listed | None:
    """The n-th task of the person's status list (1-based), or None when there is none."""
    if n < 1:
        return None
    items, _ = listed_page(turn, who, n - 1, 1)
    return items[0] if items else None


def is_overdue(task: TaskRecord, turn: Turn) -> bool:
    return task.status == TaskStatus.OVERDUE.value or task.due_at < turn.now


def _task_lines(turn: Turn, shown: list[Listed], offset: int) -> list[str]:
    lines: list[str] = []
    header = ""
    for n, item in enumerate(shown, start=offset + 1):
        wanted = (
            w.COVER_TASKS if item.covering else w.TEAM_OVERDUE if item.show_holder else w.YOUR_TASKS
        )
        if wanted != header:
            lines.append(wanted)
            header = wanted
        flag = w.OVERDUE_FLAG if is_overdue(item.task, turn) else ""
        fields = {
            "n": n,
            "flag": flag,
            "when": london_text(item.task.due_at),
            "title": item.task.title,
            "child": child_name_by_id(turn.session, item.child_id),
        }
        if item.show_holder:
            holder = staff_name(turn.session, item.task.assignee_staff_id, w.NOBODY)
            lines.append(w.TASK_LINE_HOLDER.format(holder=holder, **fields))
        else:
            lines.append(w.TASK_LINE.format(**fields))
    return lines


def _open_episodes(turn: Turn, who: Viewer) -> list[OpenEpisode]:
    ids = [c.id for c in children_for(turn.session, who.staff)]
    return open_episodes_for_children(turn.session, ids, turn.now)


def _episode_lines(turn: Turn, who: Viewer, episodes: list[OpenEpisode]) -> list[str]:
    lines: list[str] = []
    overdue: list[TaskRecord] = []
    if who.kind == "manager":
        # Only the missing children's episodes: bounded by who is missing now, not by history.
        ids = [e.episode.id for e in episodes if e.child.team_id in who.team_ids]
        overdue = overdue_tasks_for_episodes(turn.session, ids, turn.now)
        load_people(turn.session, [], [t.assignee_staff_id for t in overdue if t.assignee_staff_id])
    for e in episodes:
        lines.append(
            w.MISSING_LINE.format(
                child=child_name_by_id(turn.session, e.child.id),
                length=length(e.missing_for),
                since=london_text(e.episode.started_at),
                risk=_risk_text(turn, e.episode),
            )
        )
        late = [
            f"{t.title} ({staff_name(turn.session, t.assignee_staff_id, w.NOBODY)})"
            for t in overdue
            if t.episode_id == e.episode.id
        ]
        if late:
            lines.append(w.MISSING_OVERDUE.format(items="; ".join(late)))
    return lines


def _risk_text(turn: Turn, episode: Episode) -> str:
    """The risk as last graded, by the police or the carer (the episode's column holds only
    the police's grading, which left a carer's "high" showing as not graded)."""
    grading = last_grading(turn.session, episode.id)
    if grading is None:
        return w.NOT_GRADED
    return w.RISK_BY[grading.assessor].format(level=grading.level)


def _notice_lines(turn: Turn, notices: list[Notice]) -> list[str]:
    if not notices:
        return []
    lines = [w.NEW_FOR_YOU]
    named: set[int] = set()
    for notice in notices[:SHOWN_AT_ONCE]:
        child_id = get_episode(turn.session, notice.episode_id).child_id
        named.add(child_id)
        by = staff_name(turn.session, notice.by_staff_id, w.BY_ROSTER)
        child = child_name_by_id(turn.session, child_id)
        if notice.kind == HANDED:
            key = str(notice.data.get("task"))
            # Named by its title: the key is an internal code (e.g. notify_parents).
            title = task_title(turn.session, notice.episode_id, "", key) or m.UNDO_SOME_TASK
            lines.append(w.NOTICE_HANDOVER.format(by=by, title=title, child=child))
        elif notice.kind == ROSTER:
            lines.append(_roster_notice(turn, notice, child))
        else:
            when = str(notice.data.get("due_text", ""))
            lines.append(w.NOTICE_REQUEST.format(by=by, child=child, when=when))
    if len(notices) > SHOWN_AT_ONCE:
        lines.append(w.NOTICES_MORE.format(n=len(notices) - SHOWN_AT_ONCE))
    _log_children(turn, named, "notice")
    return lines


def _roster_notice(turn: Turn, notice: Notice, child: str) -> str:
    if notice.data.get("what") == "case_moved_away":
        new = notice.data.get("new_staff_id")
        worker = staff_name(turn.session, new if isinstance(new, int) else None, w.NOBODY)
        return w.NOTICE_CASE_MOVED.format(child=child, worker=worker)
    return w.NOTICE_CASE_ALLOCATED.format(child=child)


def _summary_button(who: Viewer) -> tuple[Button, ...]:
    return ((w.BUTTON_SUMMARY, SUMMARY),) if who.kind == "manager" else ()


def _log_children(turn: Turn, child_ids: set[int], what: str) -> None:
    log_reads(turn.session, turn.staff_id, child_ids, what, now=turn.now)


def _carer_status(turn: Turn) -> Reply:
    """The carer's view, as before issue 3's worker side: their children and their tasks."""
    tasks = open_tasks_for_staff(turn.session, turn.staff_id)
    episodes: dict[int, Episode] = {
        t.episode_id: get_episode(turn.session, t.episode_id) for t in tasks
    }
    for child in children_for(turn.session, get_staff(turn.session, turn.staff_id)):
        for episode in child_open_episodes(turn, child):
            episodes.setdefault(episode.id, episode)
    if not tasks and not episodes:
        return say(m.STATUS_NONE)
    lines: list[str] = []
    open_eps = sorted(
        (e for e in episodes.values() if e.status == "open"), key=lambda e: e.started_at
    )
    if open_eps:
        lines.append(m.STATUS_EPISODES)
        for e in open_eps:
            lines.append(
                m.STATUS_EPISODE.format(
                    child=child_name_by_id(turn.session, e.child_id),
                    when=london_text(e.started_at),
                )
            )
    if tasks:
        lines.append(m.STATUS_TASKS)
        for t in tasks:
            who = child_name_by_id(turn.session, episodes[t.episode_id].child_id)
            lines.append(m.STATUS_TASK.format(when=london_text(t.due_at), title=t.title, child=who))
    _log_children(turn, {e.child_id for e in episodes.values()}, "status")
    return say("\n".join(lines))


def child_open_episodes(turn: Turn, child: Child) -> list[Episode]:
    episode = open_episode_for_child(turn.session, child.id)
    return [episode] if episode else []


def new_notices(turn: Turn) -> list[Reply]:
    """Hand-overs and requests sent to this person since they last looked, shown once on
    whatever they message next so nobody has to ask for status to learn they hold a task."""
    notices = pending_notices(turn.session, turn.staff_id, turn.now)
    if not notices:
        return []
    lines = _notice_lines(turn, notices)
    mark_seen(turn.session, turn.staff_id, notices, turn.now)
    return [say("\n".join(lines))]
