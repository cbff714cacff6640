"""Scenario files for `homeward simulate` (../shared/interfaces.md): a protocol, a child, events
and a clock. Errors name the field and what was expected, in one line."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import yaml

from protocols.clock import LONDON
from protocols.facts import ChildFacts, Event, EventType
from protocols.pack_loader import UnknownProtocol, load_protocol
from protocols.timeline import EpisodeError, split_episodes
from protocols.vocabulary import Flag, LegalStatus

# Fields each event type may carry besides `at` and `type`.
EVENT_FIELDS: Mapping[EventType, frozenset[str]] = {
    EventType.MISSING: frozenset({"category", "recorded_at", "by", "text"}),
    EventType.REPORTED_TO_POLICE: frozenset({"police_reference", "reference", "by", "text"}),
    EventType.RISK_ASSESSED: frozenset({"level", "assessor", "by", "text"}),
    EventType.CATEGORY_CHANGED: frozenset({"category", "by", "text"}),
    EventType.TASK_DONE: frozenset({"code", "task", "by", "note", "next_due"}),
    EventType.TASK_NOT_REQUIRED: frozenset({"code", "task", "by", "reason"}),
    EventType.DEADLINE_SET: frozenset({"code", "task", "due", "by", "note"}),
    EventType.CONCERN: frozenset({"factor", "by", "text"}),
    EventType.NEW_INFORMATION: frozenset(
        {"by", "text", "location", "person", "source", "kind", "concern"}
    ),
    EventType.RETURNED: frozenset({"how", "by", "text"}),
    EventType.FOUND: frozenset({"how", "by", "text"}),
    EventType.DANGER_ANSWERED: frozenset({"answer", "by", "text"}),
}
INSTANT_FIELDS = frozenset({"recorded_at", "due", "next_due"})


class ScenarioError(ValueError):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


@dataclass(frozen=True)
class Scenario:
    protocol: str
    child: ChildFacts
    events: tuple[Event, ...]
    until: datetime


class _StringTimesLoader(yaml.SafeLoader):
    """Leaves timestamps as text, so that every instant goes through one parser below."""


_StringTimesLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_instant(value: object, path: str) -> datetime:
    """ISO 8601; a time without a zone is read on the London wall clock."""
    if not isinstance(value, str):
        raise ScenarioError(
            path, f"expected an ISO 8601 time like 2026-03-02T22:00:00Z, got {value!r}"
        )
    try:
        parsed = datetime.fromisoformat(value.strip().replace("z", "Z"))
    except ValueError:
        raise ScenarioError(
            path, f"expected an ISO 8601 time like 2026-03-02T22:00:00Z, got {value!r}"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=LONDON)
    return parsed.astimezone(UTC)


def _date(value: object, path: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ScenarioError(path, f"expected a date like 2011-04-02, got {value!r}") from None


def load_scenario_text(text: str) -> Scenario:
    try:
        data = yaml.load(text, Loader=_StringTimesLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "(file)"
        raise ScenarioError(where, "is not valid YAML") from None
    return parse_scenario(data)


def parse_scenario(data: object) -> Scenario:
    if not isinstance(data, Mapping):
        raise ScenarioError("(top)", "expected a mapping with protocol, child, events")
    protocol = data.get("protocol")
    if not isinstance(protocol, str):
        raise ScenarioError("protocol", f"expected a protocol id, got {protocol!r}")
    try:
        load_protocol(protocol)
    except UnknownProtocol as error:
        raise ScenarioError("protocol", str(error)) from None
    child = _child(data.get("child"))
    raw_events = data.get("events")
    if not isinstance(raw_events, list) or not raw_events:
        raise ScenarioError("events", "expected a non-empty list of events")
    events = tuple(_event(item, f"events[{i}]") for i, item in enumerate(raw_events))
    try:
        split_episodes(events)
    except EpisodeError as error:
        raise ScenarioError(error.path, error.message) from None
    until = parse_instant(data["until"], "until") if "until" in data else events[-1].at
    if events[-1].at > until:
        raise ScenarioError("until", "expected a time at or after the last event")
    return Scenario(protocol=protocol, child=child, events=events, until=until)


def _child(value: object) -> ChildFacts:
    if not isinstance(value, Mapping):
        raise ScenarioError("child", "expected a mapping with legal_status and flags")
    status = value.get("legal_status")
    statuses = [s.value for s in LegalStatus]
    if status not in statuses:
        raise ScenarioError(
            "child.legal_status", f"expected one of {', '.join(statuses)}, got {status!r}"
        )
    flags_raw = value.get("flags") or []
    if not isinstance(flags_raw, list):
        raise ScenarioError("child.flags", "expected a list of flags")
    known = {f.value for f in Flag}
    for i, flag in enumerate(flags_raw):
        if flag not in known:
            raise ScenarioError(
                f"child.flags[{i}]", f"expected one of {', '.join(sorted(known))}, got {flag!r}"
            )
    previous_raw = value.get("previous_episodes") or []
    if not isinstance(previous_raw, list):
        raise ScenarioError("child.previous_episodes", "expected a list of start times")
    dob = value.get("date_of_birth")
    arrived = value.get("arrived_in_uk")
    return ChildFacts(
        legal_status=LegalStatus(status),
        flags=frozenset(str(f) for f in flags_raw),
        date_of_birth=_date(dob, "child.date_of_birth") if dob is not None else None,
        arrived_in_uk=_date(arrived, "child.arrived_in_uk") if arrived is not None else None,
        previous_episodes=tuple(
            parse_instant(p, f"child.previous_episodes[{i}]") for i, p in enumerate(previous_raw)
        ),
    )


def _event(value: object, path: str) -> Event:
    if not isinstance(value, Mapping):
        raise ScenarioError(path, "expected a mapping with at and type")
    kinds = [k.value for k in EventType]
    kind = value.get("type")
    if kind not in kinds:
        raise ScenarioError(f"{path}.type", f"expected one of {', '.join(kinds)}, got {kind!r}")
    event_type = EventType(kind)
    at = parse_instant(value.get("at"), f"{path}.at")
    data: dict[str, str] = {}
    for key, raw in value.items():
        if key in ("at", "type"):
            continue
        if key not in EVENT_FIELDS[event_type]:
            allowed = ", ".join(sorted(EVENT_FIELDS[event_type]))
            raise ScenarioError(
                f"{path}.{key}", f"unknown field for a {kind} event; expected one of {allowed}"
            )
        data[str(key)] = _field_text(raw, key, f"{path}.{key}")
    return Event(at=at, type=event_type, data=data)


def _field_text(raw: Any, key: str, path: str) -> str:
    if key in INSTANT_FIELDS:
        return parse_instant(raw, path).isoformat()
    if raw is None or isinstance(raw, (Mapping, list)):
        raise ScenarioError(path, f"expected text, got {raw!r}")
    return str(raw)
