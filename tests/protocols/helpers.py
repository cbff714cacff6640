"""Small builders so each scenario test reads like the protocol it pins."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from protocols.clock import LONDON
from protocols.engine import compute_tasks
from protocols.facts import ChildFacts, Event, EventType
from protocols.tasks import Task
from protocols.vocabulary import LegalStatus, TaskStatus


def utc(text: str) -> datetime:
    """'2026-03-02 22:00' read as UTC."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def london(text: str) -> datetime:
    """'2026-03-02 22:00' read on the London wall clock."""
    return datetime.fromisoformat(text).replace(tzinfo=LONDON).astimezone(UTC)


def ev(at: datetime, kind: str, **data: str) -> Event:
    return Event(at=at, type=EventType(kind), data=data)


def child(
    status: str = "looked_after",
    flags: Sequence[str] = (),
    previous: Sequence[datetime] = (),
    **extra: object,
) -> ChildFacts:
    return ChildFacts(
        legal_status=LegalStatus(status),
        flags=frozenset(flags),
        previous_episodes=tuple(previous),
        **extra,  # type: ignore[arg-type]
    )


def run(protocol: str, facts: ChildFacts, events: Sequence[Event], now: datetime) -> list[Task]:
    return compute_tasks(protocol, facts, events, now)


def by_key(tasks: Sequence[Task]) -> dict[str, Task]:
    return {t.key: t for t in tasks}


def keys(tasks: Sequence[Task], status: TaskStatus | None = None) -> set[str]:
    return {t.key for t in tasks if status is None or t.status is status}


def occurrences(tasks: Sequence[Task], rule_id: str) -> list[Task]:
    return sorted((t for t in tasks if t.key.startswith(f"{rule_id}#")), key=lambda t: t.occurrence)
