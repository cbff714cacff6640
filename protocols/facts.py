"""What the engine is told: the child, and the episode's events. Plain data, no I/O.

Every instant is timezone-aware (UTC is stored; Europe/London is only for dates and display).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType

from protocols.vocabulary import LegalStatus


class EventType(StrEnum):
    MISSING = "missing"  # starts an episode; `at` is last seen / expected back
    REPORTED_TO_POLICE = "reported_to_police"
    RISK_ASSESSED = "risk_assessed"
    CATEGORY_CHANGED = "category_changed"
    TASK_DONE = "task_done"
    TASK_NOT_REQUIRED = "task_not_required"  # e.g. parents not told: inconsistent with welfare
    DEADLINE_SET = "deadline_set"  # a deadline agreed in the moment (checks, next meeting)
    CONCERN = "concern"  # a risk factor disclosed during or after the episode
    NEW_INFORMATION = "new_information"  # recorded for the log; changes no deadline
    RETURNED = "returned"
    FOUND = "found"
    # The carer's answer to "is the child in immediate danger?" (yes / no / unsure), kept so a
    # "no" or "not sure" leaves a trace; the engine reads the risk from risk_assessed instead.
    DANGER_ANSWERED = "danger_answered"


ENDING_EVENTS: frozenset[EventType] = frozenset({EventType.RETURNED, EventType.FOUND})


def _frozen(data: Mapping[str, str] | None) -> Mapping[str, str]:
    return MappingProxyType(dict(data or {}))


@dataclass(frozen=True)
class Event:
    """One fact with its instant. `data` holds the event's fields as strings, e.g.
    {"category": "missing"}, {"level": "high"}, {"code": "notify:iro"}, {"how": "police"}."""

    at: datetime
    type: EventType
    data: Mapping[str, str] = field(default_factory=lambda: _frozen(None))

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise ValueError("event instants must be timezone-aware")
        object.__setattr__(self, "data", _frozen(self.data))

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.data.get(key, default)


@dataclass(frozen=True)
class ChildFacts:
    legal_status: LegalStatus
    flags: frozenset[str] = frozenset()
    date_of_birth: date | None = None
    arrived_in_uk: date | None = None
    # Start instants of earlier episodes (repeat-episode thresholds count over these).
    previous_episodes: tuple[datetime, ...] = ()
    placement: str | None = None  # protocols.vocabulary.Placement, when recorded
