"""The weekly summary: pure figures from fixed data and an injected clock, then the manager's
conversation on both demo teams."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from dialogues.weekly_summary import EpisodeFacts, TaskFacts, summarise
from storage.episodes import WITHDRAWN
from storage.models import Episode
from tests.dialogues.worker_world import HELEN, JAY, PRIYA, TOM, talk, text, world

T = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)  # Monday morning's operational meeting
H = timedelta(hours=1)
D = timedelta(days=1)


def _episodes() -> list[EpisodeFacts]:
    return [
        EpisodeFacts(1, 10, T - 80 * D, T - 79 * D, "low"),  # child 10: three in 90 days
        EpisodeFacts(2, 10, T - 30 * D, T - 29 * D, None),
        EpisodeFacts(3, 10, T - 2 * D, None, "high"),  # still missing
        EpisodeFacts(4, 11, T - 6 * D, T - 5 * D, "medium"),  # started and closed this week
        EpisodeFacts(5, 12, T - 10 * D, T - 6 * D, None),  # closed this week
        EpisodeFacts(6, 13, T - 100 * D, T - 99 * D, "low"),  # long ago: outside everything
    ]


def _tasks() -> list[TaskFacts]:
    return [
        TaskFacts(4, "return_interview", "done", T - 5 * D + 72 * H, T - 5 * D + 70 * H),
        TaskFacts(5, "return_interview", "done", T - 6 * D + 72 * H, T - 6 * D + 80 * H),
        TaskFacts(3, "notify:iro", "overdue", T - 1 * D, None),
        TaskFacts(3, "escalate:team_manager", "open", T - H, None),  # due, not yet refreshed
        TaskFacts(3, "risk_review", "open", T + H, None),  # not yet due
        TaskFacts(1, "return_interview", "overdue", T - 76 * D, None),  # long ago, still missed
    ]


def test_weekly_figures_from_fixed_data() -> None:
    s = summarise(_episodes(), _tasks(), T)
    assert (s.start, s.end) == (T - 7 * D, T)
    assert (s.started, s.closed) == (2, 2)
    assert s.missing_now == ((10, 2 * D, "high"),)
    assert s.repeat_children == ((10, 3),)
    assert s.overdue_by_code == (  # overdue now, however old: a missed task stays visible
        ("escalate:team_manager", 1),
        ("notify:iro", 1),
        ("return_interview", 1),
    )
    assert (s.interviews_within, s.interviews_late, s.interviews_pending) == (1, 1, 0)
    assert s.risk_levels == (("high", 1), ("medium", 1), ("not graded", 1))


def test_a_return_interview_not_yet_due_is_pending_then_late() -> None:
    back = T - 10 * H
    episodes = [EpisodeFacts(1, 1, T - D, back, None)]
    tasks = [TaskFacts(1, "return_interview", "open", back + 72 * H, None)]
    assert summarise(episodes, tasks, T).interviews_pending == 1
    assert summarise(episodes, tasks, T + 3 * D).interviews_late == 1


def test_an_empty_week() -> None:
    s = summarise([], [], T)
    assert (s.started, s.closed, s.missing_now, s.repeat_children) == (0, 0, (), ())


def test_manager_asks_for_the_weekly_summary_on_both_teams(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    staffs = text(talk(sessions, PRIYA, "summary:week"))
    assert "Weekly missing summary" in staffs and "(Staffordshire North)" in staffs
    assert "Episodes: 2 started, 1 closed." in staffs
    assert "- Jay Morgan: missing 1 day 12h" in staffs
    essex = text(talk(sessions, HELEN, "summary:week"))
    assert "(Essex South)" in essex and "Kai Turner" in essex and "Jay" not in essex


def test_typed_weekly_summary_needs_no_guess(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    assert "Weekly missing summary" in text(talk(sessions, HELEN, "Weekly summary"))


def test_summary_is_for_managers_only(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    assert "for managers" in text(talk(sessions, TOM, "summary:week"))


def test_a_withdrawn_report_is_left_out_of_the_weekly_summary(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    before = text(talk(sessions, PRIYA, "summary:week"))
    assert "Episodes: 2 started, 1 closed." in before
    with sessions() as session:
        jay = session.scalars(select(Episode).where(Episode.child_id == JAY)).one()
        jay.status = WITHDRAWN  # as undoing its opening leaves it: recorded in error
        session.commit()
    after = text(talk(sessions, PRIYA, "summary:week"))
    assert "Episodes: 1 started, 1 closed." in after
