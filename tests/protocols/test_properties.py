"""Properties that must hold for every protocol, child and history (hypothesis)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from protocols.engine import compute_tasks
from protocols.facts import ChildFacts, Event, EventType
from protocols.pack import Phase
from protocols.pack_loader import load_protocol, protocol_ids
from protocols.vocabulary import Category, Flag, LegalStatus, RiskLevel, TaskStatus

EPOCH = datetime(2026, 1, 1, tzinfo=UTC)

children = st.builds(
    ChildFacts,
    legal_status=st.sampled_from(list(LegalStatus)),
    flags=st.frozensets(st.sampled_from([f.value for f in Flag]), max_size=4),
    previous_episodes=st.lists(
        st.integers(min_value=1, max_value=200).map(lambda d: EPOCH - timedelta(days=d)),
        max_size=10,
    ).map(tuple),
)


@st.composite
def histories(draw: st.DrawFn) -> tuple[str, list[Event], datetime]:
    protocol = draw(st.sampled_from(protocol_ids()))
    pack, _ = load_protocol(protocol)
    codes = sorted({r.code for r in pack.rules})
    start = EPOCH + timedelta(minutes=draw(st.integers(0, 60 * 24 * 365)))
    events = [Event(start, EventType.MISSING, {"category": draw(st.sampled_from(list(Category)))})]
    at = start
    for _ in range(draw(st.integers(0, 8))):
        at += timedelta(minutes=draw(st.integers(0, 60 * 24 * 3)))
        kind = draw(
            st.sampled_from(
                ["reported", "risk", "category", "done", "not_required", "concern", "info"]
            )
        )
        if kind == "reported":
            events.append(Event(at, EventType.REPORTED_TO_POLICE, {"police_reference": "X1"}))
        elif kind == "risk":
            level = draw(st.sampled_from(list(RiskLevel)))
            events.append(Event(at, EventType.RISK_ASSESSED, {"level": level}))
        elif kind == "category":
            category = draw(st.sampled_from(list(Category)))
            events.append(Event(at, EventType.CATEGORY_CHANGED, {"category": category}))
        elif kind == "done":
            events.append(Event(at, EventType.TASK_DONE, {"code": draw(st.sampled_from(codes))}))
        elif kind == "not_required":
            code = draw(st.sampled_from(codes))
            events.append(Event(at, EventType.TASK_NOT_REQUIRED, {"code": code}))
        elif kind == "concern":
            events.append(Event(at, EventType.CONCERN, {"factor": "older_adult"}))
        else:
            events.append(Event(at, EventType.NEW_INFORMATION, {"text": "seen at the park"}))
    if draw(st.booleans()):
        at += timedelta(minutes=draw(st.integers(0, 60 * 24 * 6)))
        how = draw(st.sampled_from(["own_accord", "police", "found"]))
        events.append(Event(at, EventType.RETURNED, {"how": how}))
        for _ in range(draw(st.integers(0, 3))):
            at += timedelta(minutes=draw(st.integers(0, 60 * 24 * 2)))
            events.append(Event(at, EventType.TASK_DONE, {"code": draw(st.sampled_from(codes))}))
    now = at + timedelta(minutes=draw(st.integers(0, 60 * 24 * 30)))
    return protocol, events, now


@settings(max_examples=300, deadline=None)
@given(children, histories())
def test_no_task_is_due_before_its_episode_starts(
    child: ChildFacts, history: tuple[str, list[Event], datetime]
) -> None:
    protocol, events, now = history
    start = events[0].at
    for task in compute_tasks(protocol, child, events, now):
        assert task.due >= start, task


@settings(max_examples=300, deadline=None)
@given(children, histories())
def test_a_returned_child_has_no_open_while_missing_task(
    child: ChildFacts, history: tuple[str, list[Event], datetime]
) -> None:
    protocol, events, now = history
    if events[-1].type is not EventType.RETURNED and not any(
        e.type is EventType.RETURNED for e in events
    ):
        return
    pack, _ = load_protocol(protocol)
    for task in compute_tasks(protocol, child, events, now):
        rule = pack.rule(task.key.split("#")[0])
        if rule.phase is Phase.MISSING:
            assert task.status is not TaskStatus.OPEN, task


@settings(max_examples=200, deadline=None)
@given(children, histories(), st.integers(1, 60 * 24 * 10))
def test_same_input_same_output_and_later_facts_do_not_change_the_past(
    child: ChildFacts, history: tuple[str, list[Event], datetime], later_minutes: int
) -> None:
    protocol, events, now = history
    first = compute_tasks(protocol, child, events, now)
    assert compute_tasks(protocol, child, list(events), now) == first
    future = Event(now + timedelta(minutes=later_minutes), EventType.NEW_INFORMATION, {})
    assert compute_tasks(protocol, child, [*events, future], now) == first


@settings(max_examples=200, deadline=None)
@given(children, histories())
def test_statuses_are_consistent_with_the_clock(
    child: ChildFacts, history: tuple[str, list[Event], datetime]
) -> None:
    protocol, events, now = history
    tasks = compute_tasks(protocol, child, events, now)
    assert len({(t.episode, t.key) for t in tasks}) == len(tasks)
    for task in tasks:
        if task.status is TaskStatus.DONE:
            assert task.done_at is not None and task.done_at <= now
        if task.status is TaskStatus.OPEN:
            assert task.due >= now
        if task.status is TaskStatus.OVERDUE:
            assert task.due < now
        assert task.source.startswith(load_protocol(protocol)[0].id)
