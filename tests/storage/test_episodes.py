from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from protocols.facts import Event, EventType
from protocols.vocabulary import Category, LegalStatus
from storage.db import make_session_factory
from storage.episodes import (
    append_event,
    category_history,
    child_facts,
    episode_events,
    get_episode,
    open_episode,
    open_episode_for_child,
    risk_history,
)
from storage.errors import EpisodeAlreadyOpen, EpisodeClosed
from storage.models import Episode, EpisodeEvent
from storage.people import create_child
from tests.storage.world import T0, World, build_world

H = timedelta(hours=1)


def _open(session: Session, world: World, started: int = 0) -> Episode:
    start = T0 + started * H
    return open_episode(session, world.child, start, start + 2 * H, world.carer, "missing")


def test_opening_logs_the_missing_event(session: Session) -> None:
    world = build_world(session)
    episode = _open(session, world)
    assert (episode.number, episode.status, episode.category) == (1, "open", "missing")
    assert episode.started_at == T0 and episode.recorded_at == T0 + 2 * H
    assert episode_events(session, episode.id) == [
        Event(T0, EventType.MISSING, {"category": "missing", "recorded_at": "2026-03-03T00:00:00Z"})
    ]
    assert open_episode_for_child(session, world.child) is episode


def test_a_child_is_missing_once_at_a_time(session: Session) -> None:
    world = build_world(session)
    _open(session, world)
    with pytest.raises(EpisodeAlreadyOpen):
        _open(session, world, started=5)


def test_the_database_also_refuses_two_open_episodes(session: Session) -> None:
    # A second process that skipped the check must still fail.
    world = build_world(session)
    _open(session, world)
    session.add(
        Episode(
            child_id=world.child,
            number=2,
            status="open",
            category="missing",
            started_at=T0,
            recorded_at=T0,
        )
    )
    with pytest.raises(IntegrityError):
        session.flush()


def test_episodes_are_numbered_per_child(session: Session) -> None:
    world = build_world(session)
    first = _open(session, world)
    append_event(session, first.id, Event(T0 + H, EventType.RETURNED), world.carer, now=T0 + H)
    second = _open(session, world, started=48)
    assert (first.number, second.number) == (1, 2)


def test_events_update_the_episode_and_stay_in_the_log(session: Session) -> None:
    world = build_world(session)
    episode = _open(session, world)
    steps = [
        Event(T0 + H, EventType.REPORTED_TO_POLICE, {"police_reference": "SP-0001"}),
        Event(T0 + 2 * H, EventType.RISK_ASSESSED, {"level": "high"}),
        Event(T0 + 3 * H, EventType.CATEGORY_CHANGED, {"category": "away_without_authorisation"}),
        Event(T0 + 4 * H, EventType.TASK_DONE, {"code": "notify:iro"}),
        Event(T0 + 9 * H, EventType.RETURNED, {"how": "police"}),
    ]
    for step in steps:
        append_event(session, episode.id, step, world.carer, text="as typed", now=step.at + H)
    episode = get_episode(session, episode.id)
    assert episode.reported_at == T0 + H and episode.police_reference == "SP-0001"
    assert episode.risk_level == "high"
    assert episode.category == Category.AWAY_WITHOUT_AUTHORISATION
    assert (episode.returned_at, episode.return_how) == (T0 + 9 * H, "police")
    assert (episode.status, episode.closed_at) == ("closed", T0 + 10 * H)
    assert episode_events(session, episode.id)[1:] == steps


def test_the_log_keeps_who_when_and_what(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with factory.begin() as session:
        world = build_world(session)
        episode_id = _open(session, world).id
        event = Event(T0 + H, EventType.NEW_INFORMATION, {"location": "the canal path"})
        append_event(session, episode_id, event, world.social_worker, "seen by the canal", now=T0)
    with factory() as session:
        row = session.scalars(select(EpisodeEvent).order_by(EpisodeEvent.id.desc())).first()
        assert row is not None
        assert (row.actor_staff_id, row.text, row.recorded_at) == (
            world.social_worker,
            "seen by the canal",
            T0,
        )
        assert row.data == {"location": "the canal path"}


def test_events_are_read_in_time_order_ties_by_insertion(session: Session) -> None:
    world = build_world(session)
    episode = _open(session, world)
    late = Event(T0 + 5 * H, EventType.CONCERN, {"factor": "drugs"})
    tie_a = Event(T0 + H, EventType.NEW_INFORMATION, {"n": "a"})
    tie_b = Event(T0 + H, EventType.NEW_INFORMATION, {"n": "b"})
    for event in (late, tie_a, tie_b):
        append_event(session, episode.id, event, None, now=T0 + 6 * H)
    assert [e.get("n") or e.type for e in episode_events(session, episode.id)] == [
        "missing",
        "a",
        "b",
        "concern",
    ]


def test_appending_never_touches_earlier_rows(session: Session) -> None:
    world = build_world(session)
    episode = _open(session, world)
    before = session.execute(select(EpisodeEvent.id, EpisodeEvent.data, EpisodeEvent.at)).all()
    append_event(session, episode.id, Event(T0 + H, EventType.RETURNED), world.carer, now=T0 + H)
    after = session.execute(
        select(EpisodeEvent.id, EpisodeEvent.data, EpisodeEvent.at).order_by(EpisodeEvent.id)
    ).all()
    assert after[: len(before)] == before and len(after) == len(before) + 1


def test_category_changes_are_transitions_even_when_backfilled(session: Session) -> None:
    world = build_world(session)
    episode = _open(session, world)

    def change(hours: int, category: str) -> None:
        event = Event(T0 + hours * H, EventType.CATEGORY_CHANGED, {"category": category})
        append_event(session, episode.id, event, world.social_worker, now=T0 + 10 * H)

    change(4, "absent")
    change(2, "away_without_authorisation")  # told late about an earlier change
    history = [
        (c.at, c.from_category, c.to_category) for c in category_history(session, episode.id)
    ]
    assert history == [
        (T0 + 2 * H, "missing", "away_without_authorisation"),
        (T0 + 4 * H, "missing", "absent"),
    ]
    assert get_episode(session, episode.id).category == "absent"
    change(6, "missing")
    assert category_history(session, episode.id)[-1].from_category == "absent"
    assert get_episode(session, episode.id).category == "missing"


def test_risk_history_keeps_carer_views_but_grades_by_police(session: Session) -> None:
    world = build_world(session)
    episode = _open(session, world)
    for hours, level, assessor in [(1, "medium", "police"), (2, "high", "carer"), (3, "low", "")]:
        data = {"level": level, "assessor": assessor} if assessor else {"level": level}
        event = Event(T0 + hours * H, EventType.RISK_ASSESSED, data)
        append_event(session, episode.id, event, world.carer, now=T0 + 4 * H)
    rows = [(r.level, r.assessor, r.by_id) for r in risk_history(session, episode.id)]
    assert rows == [
        ("medium", "police", world.carer),
        ("high", "carer", world.carer),
        ("low", "police", world.carer),
    ]
    assert get_episode(session, episode.id).risk_level == "low"


@pytest.mark.parametrize(
    "event",
    [
        Event(T0, EventType.MISSING, {"category": "missing"}),
        Event(T0, EventType.CATEGORY_CHANGED, {}),
        Event(T0, EventType.CATEGORY_CHANGED, {"category": "lost"}),
        Event(T0, EventType.RISK_ASSESSED, {"level": "extreme"}),
        Event(T0, EventType.RISK_ASSESSED, {"level": "low", "assessor": "neighbour"}),
        Event(T0, EventType.RETURNED, {"how": "teleported"}),
    ],
    ids=lambda e: f"{e.type}-{dict(e.data)}",
)
def test_malformed_events_are_refused_and_not_logged(session: Session, event: Event) -> None:
    world = build_world(session)
    episode = _open(session, world)
    with pytest.raises(ValueError):
        append_event(session, episode.id, event, world.carer, now=T0)
    assert session.scalar(select(func.count()).select_from(EpisodeEvent)) == 1


def test_an_episode_ends_once(session: Session) -> None:
    world = build_world(session)
    episode = _open(session, world)
    append_event(session, episode.id, Event(T0 + H, EventType.FOUND), world.carer, now=T0 + H)
    assert get_episode(session, episode.id).return_how == "found"
    with pytest.raises(EpisodeClosed):
        append_event(session, episode.id, Event(T0 + 2 * H, EventType.RETURNED), None, now=T0)
    # Work after the return (e.g. the return interview) is still logged.
    done = Event(T0 + 30 * H, EventType.TASK_DONE, {"code": "return_interview"})
    append_event(session, episode.id, done, world.social_worker, now=T0 + 30 * H)
    assert episode_events(session, episode.id)[-1] == done


def test_child_facts_count_only_earlier_episodes(session: Session) -> None:
    world = build_world(session)
    starts = [T0, T0 + 100 * H, T0 + 200 * H]
    episodes = []
    for start in starts:
        episode = open_episode(session, world.child, start, start, world.carer, "missing")
        append_event(session, episode.id, Event(start + H, EventType.RETURNED), None, now=start)
        episodes.append(episode)
    facts = child_facts(session, world.child, episodes[1].id)
    assert facts.legal_status is LegalStatus.LOOKED_AFTER
    assert facts.flags == frozenset({"cse_risk"})
    assert facts.date_of_birth is not None and facts.date_of_birth.year == 2011
    assert facts.previous_episodes == (T0,)
    assert child_facts(session, world.child, episodes[0].id).previous_episodes == ()
    assert child_facts(session, world.child).previous_episodes == tuple(starts)
    sibling = create_child(session, "Bo", "Marlowe", "child_in_need", world.team).id
    with pytest.raises(ValueError, match="not child"):
        child_facts(session, sibling, episodes[0].id)
