"""What the engine says must happen: tasks with their due instants, statuses and citations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from protocols.vocabulary import Role, TaskStatus


@dataclass(frozen=True)
class Task:
    # Stable within an episode: the rule id, plus "#n" for the n-th occurrence of a recurring
    # rule. Storage upserts on (episode, key) and reminders derive their job ids from it.
    key: str
    code: str
    title: str
    due: datetime
    assignee: Role
    source: str  # citation, e.g. "staffordshire §14.1"
    status: TaskStatus
    episode: int  # the child's episode number, 1 for the first
    occurrence: int = 1
    recurring: bool = False
    done_at: datetime | None = None
    done_by: str | None = None
    note: str | None = None
    why: str = ""  # the rule in plain words, shown when someone asks "why?"

    @property
    def is_actionable(self) -> bool:
        return self.status in (TaskStatus.OPEN, TaskStatus.OVERDUE)
