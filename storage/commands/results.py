"""What a command hands back: small frozen records of what was written, for the reply."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Recorded:
    """A fact appended to an episode's log (its tasks refreshed)."""

    episode_id: int
    event_id: int  # the log row, e.g. for undo


@dataclass(frozen=True)
class Opened:
    """A new episode: the child's `number`th, with its opening fact."""

    episode_id: int
    event_id: int
    number: int
    started_at: datetime


@dataclass(frozen=True)
class TaskRecorded:
    """A task closed or waived (by its row id), or its deadline agreed."""

    task_id: int
    episode_id: int
    event_id: int
    status: str  # the task's status after the refresh (done, cancelled, open…)


@dataclass(frozen=True)
class HandedOver:
    task_id: int
    episode_id: int
    from_staff_id: int | None
    to_staff_id: int
    audit_id: int


@dataclass(frozen=True)
class InterviewRequested:
    """The return interview asked for: who provides it and by when (the pack's task)."""

    episode_id: int
    task_id: int
    provider_role: str
    provider_staff_id: int | None
    due_at: datetime
    source: str
    audit_id: int


@dataclass(frozen=True)
class Undone:
    """A fact retracted; `withdrawn` when it was the opening one (recorded in error)."""

    episode_id: int
    withdrawn: bool
