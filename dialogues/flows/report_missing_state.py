"""The night report's saved state (dialogues.flows.report_missing): its steps, the frozen state
that is saved as JSON in the conversation row, and what that state points at (the child, the
record, its open tasks, the searches fixed when they began)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from dialogues.context import Turn
from dialogues.flows.common import actionable, checklist, checklist_items, full_name, notify_tasks
from protocols.pack import ChecklistItem
from storage.models import TaskRecord
from storage.people import get_child

FLOW = "report_missing"


class Step(StrEnum):
    CHILD = "child"
    TIME = "time"
    CONFIRM_TIME = "confirm_time"
    RISK = "risk"
    SEARCH = "search"
    SEARCH_REASON = "search_reason"
    POLICE = "police"
    POLICE_REF = "police_ref"
    NOTIFY = "notify"


@dataclass(frozen=True)
class ReportState:
    step: Step
    child_id: int | None = None
    episode_id: int | None = None
    last_seen: datetime | None = None
    search_index: int = 0
    search_ids: tuple[str, ...] | None = None
    search_status: str | None = None
    pending: tuple[str, ...] = ()  # words said before the record was open
    # Said in the first message (dialogues/secondary_facts.py), confirmed at the police step.
    police_reference: str | None = None
    police_called: bool = False


def at_step(state: ReportState, step: Step, **changes: object) -> ReportState:
    return dataclasses.replace(state, step=step, **changes)  # type: ignore[arg-type]


def chosen_child(state: ReportState) -> int:
    if state.child_id is None:
        raise ValueError("no child chosen yet")
    return state.child_id


def opened_episode(state: ReportState) -> int:
    if state.episode_id is None:
        raise ValueError("no record opened yet")
    return state.episode_id


def child_name(turn: Turn, state: ReportState) -> str:
    return full_name(get_child(turn.session, chosen_child(state)))


def open_tasks(turn: Turn, state: ReportState) -> list[TaskRecord]:
    return [] if state.episode_id is None else actionable(turn, state.episode_id)


def tasks_to_tell(turn: Turn, state: ReportState) -> list[TaskRecord]:
    return [] if state.episode_id is None else notify_tasks(turn, state.episode_id)


def searches(turn: Turn, state: ReportState) -> tuple[ChecklistItem, ...]:
    """The searches fixed when they began (a foster carer is not asked residential-only steps),
    so the position stays valid on resume."""
    if state.search_ids is None:
        return checklist(turn, chosen_child(state), state.episode_id, "searches")
    return checklist_items(turn, chosen_child(state), "searches", state.search_ids)
