"""Social worker conversations: mark a task done with a note, not required with a reason, a
meeting held with its next date, hand a task over; bad input at every step; a restart."""

from __future__ import annotations

import io
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.console import Console
from dialogues.manager import DialogueManager
from storage.commands import hand_over_task
from storage.conversations import load_state
from storage.episodes import audit_log
from storage.models import EpisodeEvent, TaskRecord
from tests.dialogues.nlu_once import understanding
from tests.dialogues.worker_world import (
    MARCUS,
    NOW,
    PRIYA,
    TOM,
    buttons,
    factory,
    talk,
    text,
    world,
)


def _events(sessions: sessionmaker[Session], kind: str) -> list[EpisodeEvent]:
    with sessions() as session:
        return list(session.scalars(select(EpisodeEvent).where(EpisodeEvent.type == kind)))


def _task(sessions: sessionmaker[Session], task_id: int) -> TaskRecord:
    with sessions() as session:
        row = session.get(TaskRecord, task_id)
        assert row is not None
        return row


def _id(payload: str) -> int:
    return int(payload.split(":")[1])


def test_done_button_asks_for_a_note_and_says_what_is_next(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    shown = buttons(talk(sessions, TOM, "status"))
    task_id = _id(shown["Task 1"])
    out = text(talk(sessions, TOM, "done 1", "Rang Priya, she knows"))
    assert "Add a short note" in out
    assert "Recorded:" in out and "Next for" in out
    done = _events(sessions, "task_done")
    assert done[-1].data["note"] == "Rang Priya, she knows"
    assert done[-1].actor_staff_id == TOM
    row = _task(sessions, task_id)
    assert (row.status, row.done_by_id, row.note) == ("done", TOM, "Rang Priya, she knows")


def test_typed_numbers_work_without_the_buttons_and_refuse_a_missing_number(
    tmp_path: Path,
) -> None:
    sessions = world(tmp_path)
    out = text(talk(sessions, TOM, "done 1"))  # no status shown first
    assert "Add a short note" in out
    out = text(talk(sessions, TOM, "cancel", "done 42"))
    assert "There's no task 42" in out and "Your open tasks:" in out


def test_free_text_rhi_done_keeps_the_message_as_the_note(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    out = text(talk(sessions, TOM, "RHI done with Lily, she talked about older lads"))
    assert "Recorded: Independent return interview (Catch22) for Lily Brooks" in out
    assert _events(sessions, "task_done")[-1].data["code"] == "return_interview"


def test_unknown_child_and_unmatched_task_are_answered_kindly(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    replies = talk(sessions, TOM, "RHI done with Amir, he talked about older lads")
    # Amir is nobody Tom knows: nothing is recorded; Lily's interview is offered, not assumed.
    assert "Which task do you mean?" in text(replies)
    assert any("Lily Brooks" in label for label in buttons(replies))
    assert not _events(sessions, "task_done")
    out = text(talk(sessions, MARCUS, "told the IRO about Kai"))
    assert "Recorded" in out or "Which task" in out or "couldn't find" in out
    assert "went wrong" not in out


def test_ambiguous_task_asks_with_buttons_and_keeps_the_note(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    replies = talk(sessions, TOM, "told my line manager, she knows everything")
    assert "Which task do you mean?" in text(replies)
    payload = next(iter(buttons(replies).values()))
    out = text(talk(sessions, TOM, payload))
    assert "Recorded:" in out
    assert _events(sessions, "task_done")[-1].data["note"] == (
        "told my line manager, she knows everything"
    )


def test_not_required_needs_a_reason(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    with sessions() as session:
        task = session.scalars(
            select(TaskRecord).where(TaskRecord.code == "missing_intervention_meeting")
        ).first()
        assert task is not None
        task_id = task.id
    out = text(talk(sessions, TOM, f"task:{task_id}:done", "not required", "", "third day only"))
    assert "Just a few words" in out and "not required (third day only)" in out
    waived = _events(sessions, "task_not_required")
    assert waived[-1].data == {
        "code": "missing_intervention_meeting",
        "task": _task(sessions, task_id).key.split("#")[0],
        "reason": "third day only",
    }
    assert _task(sessions, task_id).status == "cancelled"


def test_escalations_cannot_be_waived(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    with sessions() as session:
        task = session.scalars(
            select(TaskRecord).where(TaskRecord.code.startswith("escalate:"))
        ).first()
        assert task is not None
    out = text(talk(sessions, PRIYA, f"task:{task.id}:done", "not required"))
    assert "can't be marked not required" in out
    assert not _events(sessions, "task_not_required")


def test_meeting_held_records_outcome_and_agreed_next_date(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    with sessions() as session:
        task = session.scalars(
            select(TaskRecord).where(TaskRecord.code == "case_review_meeting")
        ).first()
        assert task is not None and task.recurring
    out = text(
        talk(
            sessions,
            TOM,
            f"task:{task.id}:done",
            "",
            "Safety plan agreed; police to visit Hanley",
            "someday",
            "Friday 2pm",
        )
    )
    assert "Please type the outcome" in out
    assert "When is the next" in out
    assert "couldn't read that as a future date" in out
    assert "Next Urgent care review" in out and "Fri 06 Mar 2026 14:00" in out
    held = _events(sessions, "task_done")[-1]
    assert held.data["next_due"] == "2026-03-06T14:00:00Z"
    assert held.data["note"] == "Safety plan agreed; police to visit Hanley"
    with sessions() as session:
        next_one = session.scalars(
            select(TaskRecord).where(
                TaskRecord.code == "case_review_meeting", TaskRecord.status == "open"
            )
        ).first()
        assert next_one is not None and next_one.due_at.isoformat().startswith("2026-03-06T14")


def test_hand_over_to_the_manager_who_is_told_next_time(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    shown = buttons(talk(sessions, TOM, "status"))
    task_id = _id(shown["Task 1"])
    offered = talk(sessions, TOM, "hand over 1")
    assert "Who should take" in text(offered)
    assert "Sam Carter (carer)" not in buttons(offered)
    out = text(talk(sessions, TOM, "Priya"))  # typing the label works like pressing it
    assert "is now with Priya Shah" in out
    assert _task(sessions, task_id).assignee_staff_id == PRIYA
    first = text(talk(sessions, PRIYA, "status"))
    assert "Tom Evans handed you:" in first
    assert "handed you" not in text(talk(sessions, PRIYA, "status"))
    with sessions() as session:
        episode_id = _task(sessions, task_id).episode_id
        assert audit_log(session, episode_id, "task_reassigned")[-1].actor_staff_id == TOM


def test_hand_over_to_someone_outside_the_team_is_refused(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    task_id = _id(buttons(talk(sessions, TOM, "status"))["Task 1"])
    out = text(talk(sessions, TOM, f"task:{task_id}:to:{MARCUS}"))
    assert "I can only hand" in out
    assert _task(sessions, task_id).assignee_staff_id == TOM


def test_restart_in_the_middle_of_a_meeting(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    with sessions() as session:
        task = session.scalars(
            select(TaskRecord).where(TaskRecord.code == "case_review_meeting")
        ).first()
        assert task is not None
    talk(sessions, TOM, f"task:{task.id}:done", "Plan agreed")
    with sessions() as session:
        state = load_state(session, TOM)
        assert state is not None and state["step"] == "next_date"
    fresh = factory(tmp_path / "homeward.sqlite3")  # a new process on the same file
    out = text(talk(fresh, TOM, "why", "not agreed yet"))
    assert "Rule: staffordshire §14.2" in out
    assert "Recorded: Urgent care review" in out
    assert _events(fresh, "task_done")[-1].data["note"] == "Plan agreed"
    assert NOW  # the same clock throughout


def test_through_the_console_as_a_social_worker(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    out = io.StringIO()
    script = io.StringIO("\n".join(["2", "status", "1", "1", "Spoke to Priya at 9"]) + "\n")
    manager = DialogueManager(sessions, understanding())
    Console(manager, sessions, lambda: NOW, script, out).run()
    shown = out.getvalue()
    assert "You are now Tom Evans" in shown and "1. Task 1" in shown and "1. Mark done" in shown
    assert "Recorded:" in shown
    assert _events(sessions, "task_done")[-1].data["note"] == "Spoke to Priya at 9"


def test_many_hand_overs_at_once_show_ten_and_say_how_many_more(tmp_path: Path) -> None:
    """Tasks handed to a colleague many times over (a worker leaving, a busy week): the
    colleague's next message names ten hand-overs and counts the rest, rather than listing
    every one."""
    sessions = world(tmp_path)
    with sessions() as session:
        held = session.scalars(
            select(TaskRecord.id).where(
                TaskRecord.assignee_staff_id == TOM,
                TaskRecord.status.in_(("open", "overdue")),
            )
        ).all()
        assert held
        rounds = 11 // len(held) + 1  # enough hand-overs to Priya to pass ten
        for n in range(rounds):
            for task_id in held:
                hand_over_task(session, TOM, task_id, PRIYA, now=NOW)
            if n < rounds - 1:
                for task_id in held:
                    hand_over_task(session, PRIYA, task_id, TOM, now=NOW)
        session.commit()
    first = text(talk(sessions, PRIYA, "status"))
    assert first.count("Tom Evans handed you:") == 10
    assert f"and {rounds * len(held) - 10} more" in first
    assert "handed you" not in text(talk(sessions, PRIYA, "status"))
