"""Role-aware status: what a social worker, a manager and a carer see, and who may see what."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from storage.models import AuditRead
from storage.people import create_staff
from tests.dialogues.worker_world import (
    DEE,
    HELEN,
    JAY,
    LILY,
    MARCUS,
    NOW,
    PRIYA,
    TOM,
    buttons,
    talk,
    text,
    world,
)


def test_social_worker_sees_numbered_tasks_overdue_first_and_who_is_missing(
    tmp_path: Path,
) -> None:
    sessions = world(tmp_path)
    replies = talk(sessions, TOM, "status")
    out = text(replies)
    assert "Your open tasks:" in out
    assert "1. OVERDUE" in out
    assert "- Jay Morgan: missing 1 day 12h" in out
    assert "Kai" not in out and "Ruby" not in out  # the other team's children
    # One button per task, numbered as the list: button n opens task n (why, done, hand over).
    assert [b for b in buttons(replies) if b.startswith("Task ")] == [
        f"Task {n}" for n in range(1, 5)
    ]
    assert "Weekly summary" not in buttons(replies)
    with sessions() as session:
        seen = {(r.staff_id, r.child_id) for r in session.scalars(select(AuditRead))}
    assert {(TOM, JAY), (TOM, LILY)} <= seen


def test_manager_sees_the_team_with_time_missing_overdue_and_holders(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    replies = talk(sessions, HELEN, "status")
    out = text(replies)
    assert "- Kai Turner: missing 10h 0m" in out
    assert "Overdue in your team:" in out or "Your open tasks:" in out
    assert "Marcus Bell" in out or "Dee Okafor" in out  # who holds the overdue work
    assert "Jay" not in out
    assert buttons(replies)["Weekly summary"] == "summary:week"


def test_long_lists_page_with_more(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    first = talk(sessions, PRIYA, "status")
    assert "More" in buttons(first)
    more = talk(sessions, PRIYA, buttons(first)["More"])
    assert "6. " in text(more)


def test_carer_status_is_as_before(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    out = text(talk(sessions, DEE, "status"))
    assert "Missing now:" in out and "Kai Turner, since" in out
    assert "Done 1" not in out


def test_nobody_acts_on_another_teams_task(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    task = buttons(talk(sessions, TOM, "status"))["Task 1"].rsplit(":", 1)[0]
    for action in ("done", "why", "handover"):
        out = text(talk(sessions, MARCUS, f"{task}:{action}"))
        assert "isn't one you can act on" in out
    for bad in ("task:99999:done", "task:abc", "task:1:explode", "tasks:more:x", "ri:zz"):
        assert "Sorry, something went wrong" not in text(talk(sessions, MARCUS, bad))


def test_why_shows_the_rule_and_its_citation(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    talk(sessions, TOM, "status")
    replies = talk(sessions, TOM, "why 1")
    assert "Rule: staffordshire §" in text(replies)
    assert "Mark done" in buttons(replies)


def test_status_of_someone_with_no_tasks_shows_only_their_teams_live_episodes(
    tmp_path: Path,
) -> None:
    sessions = world(tmp_path)
    with sessions() as session:
        iro = create_staff(session, "Ola Quinn", "iro", now=NOW, team_id=2)
        elsewhere = create_staff(session, "Bo Finch", "iro", now=NOW)
        session.commit()
    seen = text(talk(sessions, iro.id, "status"))
    assert "Kai Turner: missing" in seen and "Jay" not in seen and "Ruby" not in seen
    assert "Nothing open for you" in text(talk(sessions, elsewhere.id, "status"))
