"""Roster changes reach people in conversation: after Jay's case moves from Tom to a new social
worker, both see it at the top of their next status, once; a leaver's manager sees each task
handed to them by "the office"."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from protocols.vocabulary import Role
from storage.lifecycle import change_social_worker, staff_leaves
from storage.people import create_staff
from tests.dialogues.worker_world import HELEN, JAY, MARCUS, NOW, TOM, talk, text, world


def test_both_social_workers_are_told_of_a_new_allocation_once(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    with sessions() as session:
        new = create_staff(
            session, "Sable Finch", Role.SOCIAL_WORKER, now=NOW, team_id=1, line_manager_id=1
        ).id
        change_social_worker(session, JAY, new, now=NOW - timedelta(minutes=5), by="cli")
        session.commit()
    old_view = text(talk(sessions, TOM, "status"))
    assert "Jay Morgan is now allocated to Sable Finch" in old_view
    new_view = text(talk(sessions, new, "status"))
    assert "Jay Morgan is now allocated to you" in new_view
    assert "The office (a roster change) handed you:" in new_view
    assert "is now allocated" not in text(talk(sessions, TOM, "status"))  # told once


def test_a_leavers_manager_is_told_of_each_task(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    with sessions() as session:
        staff_leaves(session, MARCUS, now=NOW - timedelta(minutes=5), by="cli")
        session.commit()
    # Helen is Marcus's line manager in the demo.
    assert "The office (a roster change) handed you:" in text(talk(sessions, HELEN, "status"))
