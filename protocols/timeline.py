"""One episode's events turned into what the rules ask about: when it started and ended, the
category and risk over time, when each task was done, what was agreed or waived."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from protocols.facts import ENDING_EVENTS, Event, EventType
from protocols.pack import CategoryTimeout
from protocols.vocabulary import Category, ReturnHow, RiskLevel, is_task_code


class EpisodeError(ValueError):
    """Events that cannot describe an episode; `path` names the event and field."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path, self.message = path, message


@dataclass(frozen=True)
class Change:
    at: datetime
    value: str


@dataclass(frozen=True)
class EpisodeTimeline:
    number: int
    start: datetime
    recorded: datetime
    end: datetime | None
    returned_how: str | None
    categories: tuple[Change, ...]  # first entry at start
    risks: tuple[Change, ...]
    reported: datetime | None
    done: dict[str, list[Event]] = field(default_factory=dict)
    not_required: dict[str, Event] = field(default_factory=dict)
    # The same waivers by the rule they name: two rules can share a code (essex notify:parents).
    not_required_by_rule: dict[str, Event] = field(default_factory=dict)
    deadlines: dict[str, list[Event]] = field(default_factory=dict)
    concerns: tuple[Change, ...] = ()

    def waiver(self, code: str, rule_id: str) -> Event | None:
        """The first "not required" for this rule: one naming it, else the first for its code."""
        return self.not_required_by_rule.get(rule_id) or self.not_required.get(code)

    def first_done(self, code: str) -> datetime | None:
        events = self.done.get(code)
        return events[0].at if events else None


def split_episodes(events: Sequence[Event], path: str = "events") -> list[list[Event]]:
    """Check order and shape; cut the stream into episodes at each `missing` event. Events after
    a return (tasks done, concerns disclosed) belong to the episode that just ended."""
    episodes: list[list[Event]] = []
    open_episode = False
    previous: datetime | None = None
    for i, event in enumerate(events):
        where = f"{path}[{i}]"
        if previous is not None and event.at < previous:
            raise EpisodeError(f"{where}.at", "expected events in time order")
        previous = event.at
        _check_fields(event, where)
        if event.type is EventType.MISSING:
            if open_episode:
                raise EpisodeError(
                    f"{where}.type", "the child is already missing; record a return first"
                )
            episodes.append([event])
            open_episode = True
            continue
        if not episodes:
            raise EpisodeError(
                f"{where}.type", f"expected the first event to be 'missing', got {event.type!r}"
            )
        if event.type in ENDING_EVENTS:
            if not open_episode:
                raise EpisodeError(f"{where}.type", "the child is not missing; nothing to end")
            open_episode = False
        elif not open_episode and event.type in {
            EventType.CATEGORY_CHANGED,
            EventType.REPORTED_TO_POLICE,
        }:
            raise EpisodeError(f"{where}.type", f"{event.type} after the child has returned")
        episodes[-1].append(event)
    return episodes


def _check_fields(event: Event, where: str) -> None:
    def need(key: str, allowed: set[str] | None = None) -> None:
        value = event.get(key)
        if value is None or value == "":
            raise EpisodeError(f"{where}.{key}", f"required for a {event.type} event")
        if allowed is not None and value not in allowed:
            raise EpisodeError(
                f"{where}.{key}", f"expected one of {', '.join(sorted(allowed))}, got {value!r}"
            )

    categories = {c.value for c in Category}
    if (
        event.type is EventType.MISSING and event.get("category") is not None
    ) or event.type is EventType.CATEGORY_CHANGED:
        need("category", categories)
    elif event.type is EventType.RISK_ASSESSED:
        need("level", {r.value for r in RiskLevel})
    elif event.type in {EventType.TASK_DONE, EventType.TASK_NOT_REQUIRED, EventType.DEADLINE_SET}:
        need("code")
        if not is_task_code(event.get("code") or ""):
            raise EpisodeError(
                f"{where}.code",
                f"expected a task code of protocol-spec.md, got {event.get('code')!r}",
            )
        if event.type is EventType.DEADLINE_SET:
            need("due")
    elif event.type in ENDING_EVENTS and event.get("how") is not None:
        need("how", {h.value for h in ReturnHow})
    elif event.type is EventType.CONCERN:
        need("factor")


def build_timeline(
    episode_events: Sequence[Event], number: int, timeouts: Sequence[CategoryTimeout] = ()
) -> EpisodeTimeline:
    first = episode_events[0]
    start = first.at
    recorded_text = first.get("recorded_at")
    recorded = datetime.fromisoformat(recorded_text) if recorded_text else start
    end: datetime | None = None
    how: str | None = None
    categories = [Change(start, first.get("category") or Category.MISSING.value)]
    risks: list[Change] = []
    reported: datetime | None = None
    done: dict[str, list[Event]] = defaultdict(list)
    not_required: dict[str, Event] = {}
    not_required_by_rule: dict[str, Event] = {}
    deadlines: dict[str, list[Event]] = defaultdict(list)
    concerns: list[Change] = []
    for event in episode_events[1:]:
        kind = event.type
        if kind is EventType.CATEGORY_CHANGED:
            categories.append(Change(event.at, event.data["category"]))
        elif kind is EventType.RISK_ASSESSED:
            risks.append(Change(event.at, event.data["level"]))
            if event.get("assessor") == "carer":  # the carer's own assessment is the review
                done["risk_review"].append(event)
        elif kind is EventType.REPORTED_TO_POLICE:
            reported = reported or event.at
            done["report_to_police"].append(event)
        elif kind is EventType.TASK_DONE:
            done[event.data["code"]].append(event)
            if event.data["code"] == "report_to_police":
                reported = reported or event.at
        elif kind is EventType.TASK_NOT_REQUIRED:
            not_required.setdefault(event.data["code"], event)
            if event.get("task"):
                not_required_by_rule.setdefault(event.data["task"], event)
        elif kind is EventType.DEADLINE_SET:
            deadlines[event.data["code"]].append(event)
        elif kind is EventType.CONCERN:
            concerns.append(Change(event.at, event.data["factor"]))
        elif kind in ENDING_EVENTS:
            end = event.at
            how = event.get("how") or (
                ReturnHow.FOUND.value if kind is EventType.FOUND else ReturnHow.OWN_ACCORD.value
            )
    return EpisodeTimeline(
        number=number,
        start=start,
        recorded=max(recorded, start),
        end=end,
        returned_how=how,
        categories=_apply_timeouts(categories, timeouts, end),
        risks=tuple(risks),
        reported=reported,
        done=dict(done),
        not_required=not_required,
        not_required_by_rule=not_required_by_rule,
        deadlines=dict(deadlines),
        concerns=tuple(concerns),
    )


def _apply_timeouts(
    changes: list[Change], timeouts: Sequence[CategoryTimeout], end: datetime | None
) -> tuple[Change, ...]:
    """Insert the transitions a protocol makes by itself, e.g. thames_valley's unauthorised
    absence that becomes missing after 6 hours unless something else happened first."""
    if not timeouts:
        return tuple(changes)
    out: list[Change] = []
    for i, change in enumerate(changes):
        out.append(change)
        next_at = changes[i + 1].at if i + 1 < len(changes) else end
        current = change
        for _ in range(len(timeouts) + 1):  # chained timeouts, bounded
            rule = next((t for t in timeouts if t.from_category.value == current.value), None)
            if rule is None:
                break
            when = rule.after.after(current.at)
            if next_at is not None and when >= next_at:
                break
            current = Change(when, rule.to_category.value)
            out.append(current)
    return tuple(out)
