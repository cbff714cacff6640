"""The commands (storage.commands): each validates, records one fact, refreshes the tasks, and
refuses junk or the wrong person before writing anything."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from protocols.vocabulary import (
    RISK_FACTORS,
    Category,
    LegalStatus,
    ReturnHow,
    RiskLevel,
    Role,
)
from storage import commands as c
from storage.episodes import audit_log, episode_events, get_episode, immediate_danger
from storage.errors import (
    EpisodeAlreadyOpen,
    ImplausibleTime,
    InvalidInput,
    NotAllowed,
    TaskNotOpen,
)
from storage.models import EpisodeEvent, TaskRecord
from storage.people import create_child, create_staff, create_team, get_staff, link_carer
from storage.queries import tasks_for_episode
from tests.storage.world import T0, World, build_world

NOW = T0 + timedelta(hours=1)


def _opened(session: Session, world: World) -> int:
    return c.open_report(session, world.carer, world.child, last_seen=T0, now=NOW).episode_id


def _log_size(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(EpisodeEvent)) or 0


def _task(session: Session, episode_id: int, key: str) -> TaskRecord:
    return next(t for t in tasks_for_episode(session, episode_id) if t.key == key)


def test_open_report_logs_the_opening_and_computes_the_tasks(session: Session) -> None:
    world = build_world(session)
    opened = c.open_report(session, world.carer, world.child, last_seen=T0, now=NOW)
    assert opened.number == 1 and opened.started_at == T0
    assert [e.type.value for e in episode_events(session, opened.episode_id)] == ["missing"]
    assert tasks_for_episode(session, opened.episode_id)
    with pytest.raises(EpisodeAlreadyOpen):
        c.open_report(session, world.carer, world.child, last_seen=T0, now=NOW)


@pytest.mark.parametrize(
    ("last_seen", "error"),
    [
        (NOW + timedelta(minutes=1), ImplausibleTime),  # in the future
        (NOW - timedelta(hours=99999), ImplausibleTime),  # "99999 hours ago"
        (T0.replace(tzinfo=None), InvalidInput),  # naive
    ],
)
def test_open_report_refuses_impossible_times(
    session: Session, last_seen: object, error: type[Exception]
) -> None:
    world = build_world(session)
    with pytest.raises(error):
        c.open_report(session, world.carer, world.child, last_seen=last_seen, now=NOW)  # type: ignore[arg-type]
    assert _log_size(session) == 0


def test_open_report_refuses_a_start_before_the_previous_return(session: Session) -> None:
    world = build_world(session)
    first = _opened(session, world)
    c.record_return(session, world.carer, first, at=NOW, now=NOW)
    with pytest.raises(ImplausibleTime):
        c.open_report(session, world.carer, world.child, last_seen=T0, now=NOW)


def test_the_danger_answer_is_kept_whatever_it_is(session: Session) -> None:
    world = build_world(session)
    episode_id = _opened(session, world)
    for answer in ("no", "unsure", "yes"):
        c.record_danger_answer(session, world.carer, episode_id, answer, now=NOW)
    events = episode_events(session, episode_id)
    answers = [e.get("answer") for e in events if e.type.value == "danger_answered"]
    assert answers == ["no", "unsure", "yes"]
    assert immediate_danger(session, episode_id) == "yes"
    # Only the yes is the carer's grading of high risk.
    assert [e.get("level") for e in events if e.type.value == "risk_assessed"] == ["high"]
    with pytest.raises(InvalidInput):
        c.record_danger_answer(session, world.carer, episode_id, "idk", now=NOW)


def test_a_danger_answer_can_be_undone(session: Session) -> None:
    world = build_world(session)
    episode_id = _opened(session, world)
    assert immediate_danger(session, episode_id) is None
    c.record_danger_answer(session, world.carer, episode_id, "no", now=NOW)
    later = NOW + timedelta(minutes=1)
    answered = c.record_danger_answer(session, world.carer, episode_id, "unsure", now=later)
    undone = c.undo_fact(session, world.carer, answered.event_id, now=later)
    assert not undone.withdrawn and immediate_danger(session, episode_id) == "no"
    with pytest.raises(InvalidInput):
        c.undo_fact(session, world.social_worker, answered.event_id, now=later)
    yes = c.record_danger_answer(session, world.carer, episode_id, "yes", now=later)
    assert get_episode(session, episode_id).risk_level is None  # the carer's view: history only
    c.undo_fact(session, world.carer, yes.event_id, now=later)
    kinds = [e.type.value for e in episode_events(session, episode_id)]
    assert "risk_assessed" not in kinds and immediate_danger(session, episode_id) == "no"
    with pytest.raises(InvalidInput):
        c.undo_fact(session, world.carer, 10**30, now=later)


@pytest.mark.parametrize("reference", ["SP-2603-0199", "incident 552", "log 77 of 3rd", "19/8812"])
def test_police_references_that_look_like_references(session: Session, reference: str) -> None:
    world = build_world(session)
    episode_id = _opened(session, world)
    c.record_police_report(session, world.carer, episode_id, reference, now=NOW)
    episode = get_episode(session, episode_id)
    assert episode.police_reference == reference and episode.reported_at == NOW


@pytest.mark.parametrize("junk", ["I don't know", "no", "1", "🙂🙂", "999", "", "police"])
def test_police_reference_junk_is_refused(session: Session, junk: str) -> None:
    world = build_world(session)
    episode_id = _opened(session, world)
    before = _log_size(session)
    with pytest.raises(InvalidInput):
        c.record_police_report(session, world.carer, episode_id, junk, now=NOW)
    assert _log_size(session) == before


def test_police_report_without_a_reference_yet(session: Session) -> None:
    world = build_world(session)
    episode_id = _opened(session, world)
    c.record_police_report(session, world.carer, episode_id, c.NOT_GIVEN_YET, now=NOW)
    episode = get_episode(session, episode_id)
    assert episode.reported_at == NOW and episode.police_reference is None
    report = episode_events(session, episode_id)[-1]
    assert report.get("reference") == "not_given_yet"


def test_category_grading_concern_and_note(session: Session) -> None:
    world = build_world(session)
    episode_id = _opened(session, world)
    c.change_category(session, world.social_worker, episode_id, "absent", now=NOW)
    with pytest.raises(InvalidInput):
        c.change_category(session, world.social_worker, episode_id, "absent", now=NOW)
    with pytest.raises(InvalidInput):
        c.change_category(session, world.social_worker, episode_id, "on holiday", now=NOW)
    c.record_risk_grading(session, world.social_worker, episode_id, "medium", now=NOW)
    c.record_concern(
        session, world.carer, episode_id, "older_adult", "went off with a lad", now=NOW
    )
    with pytest.raises(InvalidInput):
        c.record_concern(session, world.carer, episode_id, "bad vibes", "hmm", now=NOW)
    c.record_note(session, world.carer, episode_id, "phone off", now=NOW, kind="sighting")
    with pytest.raises(InvalidInput):
        c.record_note(session, world.carer, episode_id, "  🙂 ", now=NOW)
    episode = get_episode(session, episode_id)
    assert episode.category == "absent" and episode.risk_level == "medium"
    note = episode_events(session, episode_id)[-1]
    assert note.get("text") == "phone off" and note.get("kind") == "sighting"


def test_return_and_found(session: Session) -> None:
    world = build_world(session)
    episode_id = _opened(session, world)
    with pytest.raises(ImplausibleTime):
        c.record_return(session, world.carer, episode_id, at=T0 - timedelta(hours=1), now=NOW)
    with pytest.raises(InvalidInput):
        c.record_return(session, world.carer, episode_id, at=NOW, now=NOW, how="not known")
    c.record_found(session, world.carer, episode_id, at=NOW, now=NOW, how="police")
    episode = get_episode(session, episode_id)
    assert episode.status == "closed" and episode.return_how == "police"
    with pytest.raises(InvalidInput):
        c.record_return(session, world.carer, episode_id, at=NOW, now=NOW)


def test_someone_inactive_or_unrelated_can_do_nothing(session: Session) -> None:
    world = build_world(session)
    episode_id = _opened(session, world)
    task = tasks_for_episode(session, episode_id)[0]
    get_staff(session, world.carer).active = False
    before = _log_size(session)
    with pytest.raises(NotAllowed):
        c.record_note(session, world.carer, episode_id, "he's at the park", now=NOW)
    with pytest.raises(NotAllowed):
        c.mark_task_done(session, world.carer, task.id, now=NOW)
    # The IRO sees a missing child of the team but records nothing about them.
    with pytest.raises(NotAllowed):
        c.record_note(session, world.iro, episode_id, "he's at the park", now=NOW)
    with pytest.raises(NotAllowed):
        c.request_return_interview(session, world.second_carer, world.child, now=NOW)
    assert _log_size(session) == before


def test_task_done_not_required_and_hand_over_by_row_id(session: Session) -> None:
    world = build_world(session)
    episode_id = _opened(session, world)
    open_tasks = [t for t in tasks_for_episode(session, episode_id) if t.status == "open"]
    first, second = open_tasks[0], open_tasks[1]
    done = c.mark_task_done(session, world.team_manager, first.id, now=NOW, note="rang them")
    assert done.status == "done" and _task(session, episode_id, first.key).note == "rang them"
    with pytest.raises(TaskNotOpen):
        c.mark_task_done(session, world.team_manager, first.id, now=NOW)
    with pytest.raises(InvalidInput):
        c.mark_task_not_required(session, world.team_manager, second.id, " ", now=NOW)
    waived = c.mark_task_not_required(
        session, world.team_manager, second.id, "done by EDT", now=NOW
    )
    assert waived.status == "cancelled"
    third = next(t for t in tasks_for_episode(session, episode_id) if t.status == "open")
    to = next(p for p in c.eligible_holders(session, third))
    handed = c.hand_over_task(session, world.team_manager, third.id, to.id, now=NOW)
    assert handed.to_staff_id == to.id
    assert audit_log(session, episode_id, "task_reassigned")[-1].id == handed.audit_id
    with pytest.raises(InvalidInput):
        c.hand_over_task(session, world.team_manager, third.id, to.id, now=NOW)
    with pytest.raises(InvalidInput):
        c.mark_task_done(session, world.team_manager, 10**22, now=NOW)


def test_meeting_next_date_only_where_it_is_agreed(session: Session) -> None:
    world = build_world(session)
    episode_id = _opened(session, world)
    task = next(t for t in tasks_for_episode(session, episode_id) if t.status == "open")
    assert not c.is_agreed_repeat(session, task)
    with pytest.raises(InvalidInput):
        c.record_meeting_held(
            session, world.team_manager, task.id, now=NOW, next_due=NOW + timedelta(days=7)
        )
    with pytest.raises(ImplausibleTime):
        c.set_deadline(session, world.team_manager, task.id, NOW - timedelta(hours=1), now=NOW)


def _essex(session: Session) -> tuple[int, int, int]:
    team = create_team(session, "Essex Test", "essex").id
    worker = create_staff(session, "Wyn Harrow", Role.SOCIAL_WORKER, now=T0, team_id=team).id
    carer = create_staff(session, "Ada Quill", Role.CARER, now=T0, team_id=team).id
    child = create_child(
        session, "Remy", "Tallis", LegalStatus.LOOKED_AFTER, team, allocated_social_worker_id=worker
    ).id
    link_carer(session, child, carer)
    return carer, worker, child


def test_done_on_tell_the_parents_after_the_return_closes_that_task(session: Session) -> None:
    """essex: "tell the parents" (carer) and "offer the family the chance to give their views"
    (social worker) share the code notify:parents. Done on the overdue first one, pressed after
    the return, once closed the second one instead."""
    carer, _, child = _essex(session)
    episode_id = c.open_report(session, carer, child, last_seen=T0, now=NOW).episode_id
    c.record_police_report(session, carer, episode_id, "SP-1-22", now=NOW)
    back = NOW + timedelta(days=2)
    c.record_return(session, carer, episode_id, at=back, now=back)
    parents = _task(session, episode_id, "notify_parents")
    views = _task(session, episode_id, "carer_family_views")
    assert parents.code == views.code == "notify:parents"
    assert parents.status == "overdue" and views.status == "open"
    c.mark_task_done(session, carer, parents.id, now=back + timedelta(minutes=5))
    statuses = {t.key: t.status for t in tasks_for_episode(session, episode_id)}
    assert statuses["notify_parents"] == "done"
    assert statuses["carer_family_views"] == "open"
    # And the carer may not close the social worker's task at all.
    with pytest.raises(NotAllowed):
        c.mark_task_done(session, carer, views.id, now=back + timedelta(minutes=6))


def test_return_interview_request(session: Session) -> None:
    world = build_world(session)
    with pytest.raises(c.InterviewNotPossible) as none:
        c.request_return_interview(session, world.social_worker, world.child, now=NOW)
    assert none.value.why == "no_episode"
    episode_id = _opened(session, world)
    with pytest.raises(c.InterviewNotPossible) as missing:
        c.request_return_interview(session, world.social_worker, world.child, now=NOW)
    assert missing.value.why == "still_missing"
    c.record_return(session, world.carer, episode_id, at=NOW, now=NOW)
    later = NOW + timedelta(hours=1)
    asked = c.request_return_interview(session, world.social_worker, world.child, now=later)
    assert asked.episode_id == episode_id and asked.provider_role
    with pytest.raises(c.InterviewNotPossible) as again:
        c.request_return_interview(session, world.social_worker, world.child, now=later)
    assert again.value.why == "already_requested" and again.value.when == later


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.text(max_size=40))
def test_no_junk_becomes_a_police_reference(session: Session, words: str) -> None:
    world_key = "world"
    if not session.info.get(world_key):
        session.info[world_key] = build_world(session)
        session.info["episode"] = _opened(session, session.info[world_key])
    world, episode_id = session.info[world_key], session.info["episode"]
    try:
        c.record_police_report(session, world.carer, episode_id, words, now=NOW)
    except InvalidInput:
        return
    stored = get_episode(session, episode_id).police_reference or ""
    assert sum(ch.isdigit() for ch in stored) >= 2 and stored.isascii()


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    which=st.sampled_from(["danger", "category", "concern", "how", "grading"]),
    junk=st.text(max_size=20),
)
def test_junk_records_nothing_unless_it_is_a_value_of_the_vocabulary(
    session: Session, which: str, junk: str
) -> None:
    if not session.info.get("world"):
        session.info["world"] = build_world(session)
        session.info["episode"] = _opened(session, session.info["world"])
    world, episode_id = session.info["world"], session.info["episode"]
    before = _log_size(session)
    valid = {
        "danger": {a.value for a in c.DangerAnswer},
        "category": {k.value for k in Category},
        "concern": set(RISK_FACTORS),
        "how": {h.value for h in ReturnHow},
        "grading": {r.value for r in RiskLevel},
    }[which]
    try:
        if which == "danger":
            c.record_danger_answer(session, world.carer, episode_id, junk, now=NOW)
        elif which == "category":
            c.change_category(session, world.carer, episode_id, junk, now=NOW)
        elif which == "concern":
            c.record_concern(session, world.carer, episode_id, junk, "he said so", now=NOW)
        elif which == "grading":
            c.record_risk_grading(session, world.carer, episode_id, junk, now=NOW)
        else:
            c.record_return(session, world.carer, episode_id, at=NOW, now=NOW, how=junk)
    except InvalidInput:
        assert _log_size(session) == before
        return
    assert junk in valid
    session.rollback()
    session.info.clear()


def test_two_rules_sharing_a_code_are_waived_one_by_one(session: Session) -> None:
    carer, worker, child = _essex(session)
    episode_id = c.open_report(session, carer, child, last_seen=T0, now=NOW).episode_id
    c.record_police_report(session, carer, episode_id, "SP-1-22", now=NOW)
    back = NOW + timedelta(days=2)
    c.record_return(session, carer, episode_id, at=back, now=back)
    parents = _task(session, episode_id, "notify_parents")
    views = _task(session, episode_id, "carer_family_views")
    assert c.mark_task_not_required(session, carer, parents.id, "not safe", now=back).status == (
        "cancelled"
    )
    assert _task(session, episode_id, "carer_family_views").status == "open"
    waived = c.mark_task_not_required(session, worker, views.id, "family declined", now=back)
    assert waived.status == "cancelled"
