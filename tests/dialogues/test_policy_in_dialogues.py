"""The access policy as people meet it: someone made inactive can no longer act through the
conversations, and screens that name a child log the read (notices, the weekly summary)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from dialogues import work_messages as w
from protocols.vocabulary import TaskStatus
from storage.models import AuditRead, EpisodeEvent, Staff, TaskRecord
from tests.dialogues.worker_world import MARCUS, PRIYA, RUBY, TOM, buttons, talk, text, world


def test_someone_inactive_can_neither_close_tasks_nor_request_interviews(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    task_id = int(buttons(talk(sessions, MARCUS, "status"))["Task 1"].split(":")[1])
    with sessions() as session:
        marcus = session.get(Staff, MARCUS)
        assert marcus is not None
        marcus.active = False
        session.commit()
    assert w.NOT_YOURS in text(talk(sessions, MARCUS, f"task:{task_id}:done"))
    assert w.NOT_YOURS in text(talk(sessions, MARCUS, f"ri:{RUBY}"))
    with sessions() as session:
        task = session.get(TaskRecord, task_id)
        assert task is not None and task.status != TaskStatus.DONE.value
        kinds = set(session.scalars(select(EpisodeEvent.type)))
        assert "task_done" not in kinds and "audit:return_interview_requested" not in kinds


def test_a_notice_and_the_weekly_summary_log_the_children_they_name(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    talk(sessions, TOM, "status", "hand over 1", "Priya")
    notice = text(talk(sessions, PRIYA, "hello"))
    assert "Tom Evans handed you:" in notice
    assert "_" not in notice  # the task by its title, not its internal key
    talk(sessions, PRIYA, "weekly summary")
    with sessions() as session:
        what = set(session.scalars(select(AuditRead.what).where(AuditRead.staff_id == PRIYA)))
    assert {"notice", "weekly summary"} <= what
