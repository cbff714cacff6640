from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from protocols.facts import Event, EventType
from storage.episodes import (
    CLOSED,
    OPEN,
    WITHDRAWN,
    append_event,
    child_facts,
    episode_events,
    open_episode,
)
from storage.queries import tasks_for_episode
from storage.tasks import refresh_tasks
from storage.undo import UNDO_WINDOW, last_undoable, undo
from tests.storage.world import T0, build_world

M = timedelta(minutes=1)


def test_undoing_a_police_report_clears_it_and_reopens_the_report_task(session: Session) -> None:
    world = build_world(session)
    episode = open_episode(session, world.child, T0, T0, world.carer)
    refresh_tasks(session, episode.id, T0 + M)
    report = Event(T0 + M, EventType.REPORTED_TO_POLICE, {"police_reference": "SP-1"})
    row = append_event(session, episode.id, report, world.carer, now=T0 + M)
    done = {t.code: t.status for t in refresh_tasks(session, episode.id, T0 + M)}
    assert done["report_to_police"] == "done"

    assert last_undoable(session, world.carer, T0 + 2 * M) == row
    undo(session, row.id, world.carer, T0 + 2 * M)
    tasks = {t.code: t.status for t in refresh_tasks(session, episode.id, T0 + 2 * M)}
    assert tasks["report_to_police"] in ("open", "overdue")
    assert episode.reported_at is None and episode.police_reference is None
    assert [e.type for e in episode_events(session, episode.id)] == [EventType.MISSING]
    assert last_undoable(session, world.carer, T0 + 2 * M) is not None  # the opening, next


def test_undoing_a_return_reopens_the_episode(session: Session) -> None:
    world = build_world(session)
    episode = open_episode(session, world.child, T0, T0, world.carer)
    back = Event(T0 + M, EventType.RETURNED, {"how": "own_accord"})
    row = append_event(session, episode.id, back, world.carer, now=T0 + M)
    assert episode.status == CLOSED
    undo(session, row.id, world.carer, T0 + 2 * M)
    assert episode.status == OPEN and episode.returned_at is None


def test_undoing_the_opening_withdraws_the_episode_and_its_tasks(session: Session) -> None:
    world = build_world(session)
    first = open_episode(session, world.child, T0 - timedelta(days=9), T0, world.carer)
    append_event(session, first.id, Event(T0, EventType.RETURNED, {}), world.carer, now=T0)
    episode = open_episode(session, world.child, T0, T0 + M, world.carer)
    refresh_tasks(session, episode.id, T0 + M)
    opening = last_undoable(session, world.carer, T0 + 2 * M)
    assert opening is not None and opening.type == EventType.MISSING
    undo(session, opening.id, world.carer, T0 + 2 * M)
    assert episode.status == WITHDRAWN
    assert {t.status for t in tasks_for_episode(session, episode.id)} == {"cancelled"}
    # A record made in error never counts as an earlier episode of the child's.
    assert child_facts(session, world.child).previous_episodes == (first.started_at,)


def test_only_my_latest_fact_within_the_window(session: Session) -> None:
    world = build_world(session)
    episode = open_episode(session, world.child, T0, T0, world.carer)
    note = Event(T0, EventType.NEW_INFORMATION, {"text": "seen at the park"})
    row = append_event(session, episode.id, note, world.carer, now=T0)
    assert last_undoable(session, world.social_worker, T0 + M) is None
    with pytest.raises(ValueError):
        undo(session, row.id, world.social_worker, T0 + M)
    late = T0 + UNDO_WINDOW + M
    assert last_undoable(session, world.carer, late) is None
    with pytest.raises(ValueError):
        undo(session, row.id, world.carer, late)
