"""The manager's weekly summary: loads the team's episodes and tasks, hands them to the pure
`weekly_summary.summarise`, and words the result. Typed "weekly summary" reaches here as a
status question; any other status question gets the status."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dialogues import work_messages as w
from dialogues.context import Turn
from dialogues.replies import Reply, say
from dialogues.status import status
from dialogues.weekly_summary import EpisodeFacts, TaskFacts, WeeklySummary, summarise
from dialogues.work_format import child_name_by_id, length
from protocols.clock import london_text
from storage.episodes import WITHDRAWN
from storage.people import get_team
from storage.policy import children_for, log_reads, viewer
from storage.queries import episodes_for_children, tasks_for_episodes

PREFIX = "summary:"


def or_status(turn: Turn, text: str, parsed: Mapping[str, Any]) -> list[Reply]:
    if "summary" in text.lower() or "weekly" in text.lower():
        return weekly_summary(turn)
    return [status(turn)]


def on_button(turn: Turn, payload: str) -> list[Reply]:
    return weekly_summary(turn)


def weekly_summary(turn: Turn) -> list[Reply]:
    who = viewer(turn.session, turn.staff_id)
    if who.kind != "manager":
        return [say(w.SUMMARY_NOT_MANAGER)]
    children = children_for(turn.session, who.staff)
    # A withdrawn report was recorded in error: it is not an episode of the week.
    episodes = [
        e
        for e in episodes_for_children(turn.session, [c.id for c in children])
        if e.status != WITHDRAWN
    ]
    tasks = tasks_for_episodes(turn.session, [e.id for e in episodes])
    summary = summarise(
        [
            EpisodeFacts(e.id, e.child_id, e.started_at, e.returned_at, e.risk_level)
            for e in episodes
        ],
        [TaskFacts(t.episode_id, t.code, t.status, t.due_at, t.done_at) for t in tasks],
        turn.now,
    )
    named = {c for c, _, _ in summary.missing_now} | {c for c, _ in summary.repeat_children}
    log_reads(turn.session, turn.staff_id, named, "weekly summary", now=turn.now)
    teams = ", ".join(sorted(get_team(turn.session, i).name for i in who.team_ids))
    titles = {t.code: t.title for t in tasks}
    return [say(render(turn, summary, teams, titles))]


def render(turn: Turn, s: WeeklySummary, teams: str, titles: dict[str, str]) -> str:
    """The summary in words; tasks are named by their title, never by their code."""

    def name(child_id: int) -> str:
        return child_name_by_id(turn.session, child_id)

    lines = [
        w.SUMMARY_TITLE.format(start=london_text(s.start), end=london_text(s.end), teams=teams),
        w.SUMMARY_EPISODES.format(started=s.started, closed=s.closed),
        w.SUMMARY_MISSING.format(count=len(s.missing_now)),
        *(
            w.SUMMARY_MISSING_LINE.format(child=name(c), length=length(span), risk=risk)
            for c, span, risk in s.missing_now
        ),
        w.SUMMARY_REPEAT.format(count=len(s.repeat_children)),
        *(w.SUMMARY_REPEAT_LINE.format(child=name(c), n=n) for c, n in s.repeat_children),
        w.SUMMARY_OVERDUE.format(count=sum(n for _, n in s.overdue_by_code)),
        *(
            w.SUMMARY_OVERDUE_LINE.format(title=titles.get(code, code), n=n)
            for code, n in s.overdue_by_code
        ),
        w.SUMMARY_RI.format(
            within=s.interviews_within, late=s.interviews_late, pending=s.interviews_pending
        ),
        w.SUMMARY_RISK.format(
            levels=", ".join(f"{level} {n}" for level, n in s.risk_levels) or w.SUMMARY_NONE
        ),
    ]
    return "\n".join(lines)
