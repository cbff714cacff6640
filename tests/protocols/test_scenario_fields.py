"""Every kind of fact the commands record can be replayed as a scenario event."""

from __future__ import annotations

from protocols.facts import EventType
from protocols.scenario import EVENT_FIELDS


def test_every_event_type_has_its_fields() -> None:
    assert set(EVENT_FIELDS) == set(EventType)
    assert "answer" in EVENT_FIELDS[EventType.DANGER_ANSWERED]
