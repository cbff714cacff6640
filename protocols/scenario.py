"""Scenario files for `homeward simulate` (../shared/interfaces.md): a protocol, a child, events
and a clock. Errors name the field and what was expected, in one line."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml

from protocols.clock import LONDON
from protocols.facts import ChildFacts, Event, EventType
from protocols.pack_loader import UnknownProtocol, load_protocol
from protocols.timeline import EpisodeError, split_episodes
from protocols.vocabulary import Flag, LegalStatus, Placement
from protocols.yaml_input import YamlInputError, key_text, read_text, unknown_key_message
from protocols.yaml_input import load as load_yaml

# Fields each event type may carry besides `at` and `type`.
EVENT_FIELDS: Mapping[EventType, frozenset[str]] = {
    EventType.MISSING: frozenset({"category", "recorded_at", "by", "text"}),
    EventType.REPORTED_TO_POLICE: frozenset({"police_reference", "reference", "by", "text"}),
    EventType.RISK_ASSESSED: frozenset({"level", "assessor", "by", "text"}),
    EventType.CATEGORY_CHANGED: frozenset({"category", "by", "text"}),
    # `how` says how a task was done where a rule depends on it (essex §2.8.1: by phone).
    EventType.TASK_DONE: frozenset({"code", "task", "by", "note", "next_due", "how"}),
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
TOP_FIELDS = frozenset({"protocol", "child", "events", "until"})
CHILD_FIELDS = frozenset(
    {"legal_status", "flags", "date_of_birth", "arrived_in_uk", "previous_episodes", "placement"}
)


# Scenarios describe children alive now: these bounds keep every deadline the engine adds (up to
# years of six-monthly reviews) inside what dates can hold, and catch typed years like 20226.
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)


class ScenarioError(ValueError):
    def __init__(self, path: str, message: str) -> None:
        # A problem with the file as a whole reads "FILE: cannot be read…", not "(file): …".
        super().__init__(message if path == "(file)" else f"{path}: {message}")
        self.path, self.message = path, message


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
    if not EARLIEST.year <= parsed.year <= LATEST.year:
        raise ScenarioError(path, f"expected a time between {EARLIEST} and {LATEST}, got {value!r}")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=LONDON)
    return parsed.astimezone(UTC)


def _date(value: object, path: str) -> date:
    try:
        parsed = date.fromisoformat(str(value))
    except ValueError:
        raise ScenarioError(path, f"expected a date like 2011-04-02, got {value!r}") from None
    if not EARLIEST <= parsed <= LATEST:
        raise ScenarioError(path, f"expected a date between {EARLIEST} and {LATEST}, got {value!r}")
    return parsed


def load_scenario_file(path: Path) -> Scenario:
    try:
        text = read_text(path)
    except YamlInputError as error:
        raise ScenarioError(error.where, error.message) from None
    return load_scenario_text(text)


def load_scenario_text(text: str) -> Scenario:
    try:
        data = load_yaml(text, _StringTimesLoader)
    except YamlInputError as error:
        raise ScenarioError(error.where, error.message) from None
    return parse_scenario(data)


def _known_keys(data: Mapping[Any, Any], path: str, allowed: frozenset[str]) -> None:
    for key in data:
        if key not in allowed:
            where = f"{path}.{key_text(key)}" if path else key_text(key)
            raise ScenarioError(where, unknown_key_message(key, allowed))


def parse_scenario(data: object) -> Scenario:
    if not isinstance(data, Mapping):
        raise ScenarioError("(top)", "expected a mapping with protocol, child, events")
    _known_keys(data, "", TOP_FIELDS)
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
    _known_keys(value, "child", CHILD_FIELDS)
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
        if not isinstance(flag, str) or flag not in known:
            raise ScenarioError(
                f"child.flags[{i}]", f"expected one of {', '.join(sorted(known))}, got {flag!r}"
            )
    previous_raw = value.get("previous_episodes") or []
    if not isinstance(previous_raw, list):
        raise ScenarioError("child.previous_episodes", "expected a list of start times")
    dob = value.get("date_of_birth")
    arrived = value.get("arrived_in_uk")
    placement = value.get("placement")
    placements = [p.value for p in Placement]
    if placement is not None and placement not in placements:
        raise ScenarioError(
            "child.placement", f"expected one of {', '.join(placements)}, got {placement!r}"
        )
    return ChildFacts(
        legal_status=LegalStatus(status),
        flags=frozenset(str(f) for f in flags_raw),
        date_of_birth=_date(dob, "child.date_of_birth") if dob is not None else None,
        arrived_in_uk=_date(arrived, "child.arrived_in_uk") if arrived is not None else None,
        previous_episodes=tuple(
            parse_instant(p, f"child.previous_episodes[{i}]") for i, p in enumerate(previous_raw)
        ),
        placement=placement,
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
            allowed = EVENT_FIELDS[event_type] | {"at", "type"}
            raise ScenarioError(
                f"{path}.{key_text(key)}", unknown_key_message(key, allowed, f" for a {kind} event")
            )
        data[str(key)] = _field_text(raw, key, f"{path}.{key}")
    return Event(at=at, type=event_type, data=data)


def _field_text(raw: Any, key: str, path: str) -> str:
    if key in INSTANT_FIELDS:
        return parse_instant(raw, path).isoformat()
    if raw is None or isinstance(raw, (Mapping, list)):
        raise ScenarioError(path, f"expected text, got {raw!r}")
    return str(raw)
