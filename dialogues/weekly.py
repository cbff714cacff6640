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
from dialogues.weekly_summary import (
    EARLIEST,
    RETURN_INTERVIEW,
    EpisodeFacts,
    TaskFacts,
    WeeklySummary,
    summarise,
)
from dialogues.work_format import child_name_by_id, length
from protocols.clock import london_text
from storage.people import get_team
from storage.policy import children_for, log_reads, viewer
from storage.weekly_reads import episodes_since, overdue_counts, tasks_of_code

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
    ids = [c.id for c in children_for(turn.session, who.staff)]
    # Read over the window only (issue 14); overdue tasks are counted by the database.
    episodes = episodes_since(turn.session, ids, turn.now - EARLIEST, RETURN_INTERVIEW)
    interviews = tasks_of_code(turn.session, [e.id for e in episodes], RETURN_INTERVIEW)
    overdue = overdue_counts(turn.session, ids, turn.now)
    summary = summarise(
        [
            EpisodeFacts(e.id, e.child_id, e.started_at, e.returned_at, e.risk_level)
            for e in episodes
        ],
        [TaskFacts(t.episode_id, t.code, t.status, t.due_at, t.done_at) for t in interviews],
        turn.now,
        [(code, n) for code, n, _ in overdue],
    )
    named = {c for c, _, _ in summary.missing_now} | {c for c, _ in summary.repeat_children}
    log_reads(turn.session, turn.staff_id, named, "weekly summary", now=turn.now)
    teams = ", ".join(sorted(get_team(turn.session, i).name for i in who.team_ids))
    titles = {code: title for code, _, title in overdue}
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
