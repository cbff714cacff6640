"""Lifecycles on a child with an open missing episode: each change moves the open work to the
right person, tells them, records the change once, and a repeat changes nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogues.notices import ROSTER, pending_notices
from protocols.vocabulary import Role, TaskStatus
from storage.commands import record_return
from storage.episodes import audit_log, open_episode
from storage.invites import create_invite, redeem_invite
from storage.lifecycle import (
    change_social_worker,
    leave_care,
    move_placement,
    staff_leaves,
    transfer_child,
    unlink_chats,
)
from storage.models import Child, Episode, StaffAddress, TaskRecord
from storage.people import (
    add_address,
    carers_of,
    create_staff,
    create_team,
    staff_by_address,
)
from storage.policy import can_see_child
from storage.queries import ACTIONABLE
from storage.roster_log import changes_for
from storage.tasks import refresh_tasks
from tests.storage.world import T0, World, build_world

H = timedelta(hours=1)


def _missing(session: Session) -> tuple[World, Episode]:
    world = build_world(session)
    episode = open_episode(session, world.child, T0, T0, world.carer)
    refresh_tasks(session, episode.id, T0)
    return world, episode


def _open(session: Session, episode_id: int) -> list[TaskRecord]:
    return list(
        session.scalars(
            select(TaskRecord).where(
                TaskRecord.episode_id == episode_id, TaskRecord.status.in_(ACTIONABLE)
            )
        )
    )


def _held_by(session: Session, episode_id: int, staff_id: int) -> list[TaskRecord]:
    return [t for t in _open(session, episode_id) if t.assignee_staff_id == staff_id]


def test_a_placement_move_takes_the_child_and_the_open_episode_to_the_new_carer(
    session: Session,
) -> None:
    world, episode = _missing(session)
    new_carer = create_staff(session, "Perrin Oakes", Role.CARER, now=T0, team_id=world.team).id
    assert _held_by(session, episode.id, world.carer), "the first carer holds the report task"
    change = move_placement(
        session, world.child, [new_carer], now=T0 + H, by="test", placement_type="residential"
    )
    assert change is not None and change.data["to_carers"] == [new_carer]
    assert [c.id for c in carers_of(session, world.child)] == [new_carer]
    assert can_see_child(session, new_carer, world.child)
    assert not can_see_child(session, world.carer, world.child)
    assert _held_by(session, episode.id, world.carer) == []
    assert _held_by(session, episode.id, new_carer)
    assert session.get(Child, world.child).placement_type == "residential"  # type: ignore[union-attr]
    assert audit_log(session, episode.id, "placement_moved")
    again = move_placement(session, world.child, [new_carer], now=T0 + 2 * H, by="test")
    assert again is None


def test_a_new_social_worker_gets_the_open_tasks_and_both_are_told(session: Session) -> None:
    world, episode = _missing(session)
    new_worker = create_staff(
        session, "Sable Finch", Role.SOCIAL_WORKER, now=T0, team_id=world.team
    ).id
    moved = _held_by(session, episode.id, world.social_worker)
    assert moved
    change = change_social_worker(session, world.child, new_worker, now=T0 + H, by="test")
    assert change is not None
    assert _held_by(session, episode.id, world.social_worker) == []
    assert {t.id for t in moved} <= {t.id for t in _held_by(session, episode.id, new_worker)}
    told_new = pending_notices(session, new_worker, T0 + 2 * H)
    told_old = pending_notices(session, world.social_worker, T0 + 2 * H)
    assert any(n.kind == "task_reassigned" for n in told_new)
    assert any(n.kind == ROSTER and n.data["what"] == "case_allocated" for n in told_new)
    assert [n.data["what"] for n in told_old if n.kind == ROSTER] == ["case_moved_away"]
    # A refresh keeps the new holder.
    refresh_tasks(session, episode.id, T0 + 3 * H)
    assert _held_by(session, episode.id, world.social_worker) == []
    assert change_social_worker(session, world.child, new_worker, now=T0 + 4 * H, by="t") is None


def test_a_new_social_worker_after_the_return_gets_the_return_work(session: Session) -> None:
    # The child is back after 30 hours: the episode is closed, but the worker's missed 24-hour
    # notification stays overdue on it (a missed deadline outlives the return) and is theirs.
    world, episode = _missing(session)
    record_return(session, world.carer, episode.id, at=T0 + 30 * H, now=T0 + 30 * H)
    assert episode.status == "closed"
    moved = _held_by(session, episode.id, world.social_worker)
    assert moved, "the overdue notification is still the social worker's"
    new_worker = create_staff(
        session, "Sable Finch", Role.SOCIAL_WORKER, now=T0, team_id=world.team
    ).id
    change_social_worker(session, world.child, new_worker, now=T0 + 31 * H, by="test")
    assert _held_by(session, episode.id, world.social_worker) == []
    assert {t.id for t in moved} <= {t.id for t in _held_by(session, episode.id, new_worker)}
    told_new = pending_notices(session, new_worker, T0 + 32 * H)
    told_old = pending_notices(session, world.social_worker, T0 + 32 * H)
    assert any(n.kind == ROSTER and n.data["what"] == "case_allocated" for n in told_new)
    assert [n.data["what"] for n in told_old if n.kind == ROSTER] == ["case_moved_away"]


def test_a_leaver_is_cut_off_and_their_manager_gets_their_work(session: Session) -> None:
    world, episode = _missing(session)
    add_address(session, world.social_worker, "telegram", "4242")
    held = _held_by(session, episode.id, world.social_worker)
    change = staff_leaves(session, world.social_worker, now=T0 + H, by="test")
    assert change is not None and change.data["to_staff_id"] == world.team_manager
    assert staff_by_address(session, "telegram", "4242") is None
    assert session.scalars(select(StaffAddress)).all() == []
    assert {t.id for t in held} <= {t.id for t in _held_by(session, episode.id, world.team_manager)}
    told = pending_notices(session, world.team_manager, T0 + 2 * H)
    assert len([n for n in told if n.kind == "task_reassigned"]) >= len(held)
    assert staff_leaves(session, world.social_worker, now=T0 + 2 * H, by="test") is None


def test_a_lost_phone_is_unlinked_and_a_new_invite_relinks_with_history_kept(
    session: Session,
) -> None:
    world, episode = _missing(session)
    add_address(session, world.carer, "telegram", "1001")
    before = len(_held_by(session, episode.id, world.carer))
    change = unlink_chats(session, world.carer, now=T0 + H, by="test")
    assert change is not None and change.data["chats_unlinked"] == 1
    assert staff_by_address(session, "telegram", "1001") is None
    issued = create_invite(session, world.carer, now=T0 + H)
    assert redeem_invite(session, issued.code, "telegram:2002", now=T0 + 2 * H) is not None
    add_address(session, world.carer, "telegram", "2002")
    assert staff_by_address(session, "telegram", "2002").id == world.carer  # type: ignore[union-attr]
    assert len(_held_by(session, episode.id, world.carer)) == before
    assert changes_for(session, f"staff:{world.carer}")[0].kind == "chat_unlinked"
    assert unlink_chats(session, world.carer, now=T0 + 3 * H, by="test", channel="sms") is None


def test_leaving_care_keeps_the_episode_open_and_recomputes_its_tasks(session: Session) -> None:
    world, episode = _missing(session)
    change = leave_care(session, world.child, now=T0 + H, by="test", legal_status="not_known")
    assert change is not None
    child = session.get(Child, world.child)
    assert child is not None and child.legal_status == "not_known"
    assert "care_leaver" in child.flags
    assert session.get(Episode, episode.id).status == "open"  # type: ignore[union-attr]
    statuses = {t.status for t in session.scalars(select(TaskRecord))}
    assert TaskStatus.CANCELLED.value in statuses  # looked-after duties no longer apply
    assert audit_log(session, episode.id, "left_care")
    assert leave_care(session, world.child, now=T0 + 2 * H, by="test") is None


def test_a_transfer_to_another_authority_recomputes_under_its_protocol(session: Session) -> None:
    world, episode = _missing(session)
    essex = create_team(session, "Essex West", "essex").id
    essex_worker = create_staff(session, "Ione Vale", Role.SOCIAL_WORKER, now=T0, team_id=essex).id
    create_staff(session, "Lark Moss", Role.TEAM_MANAGER, now=T0, team_id=essex)
    before = {t.source.split(" ")[0] for t in _open(session, episode.id)}
    assert before == {"staffordshire"}
    change = transfer_child(
        session, world.child, essex, now=T0 + H, by="test", social_worker_id=essex_worker
    )
    assert change is not None and change.data["to_protocol"] == "essex"
    after = _open(session, episode.id)
    assert {t.source.split(" ")[0] for t in after} == {"essex"}
    assert world.social_worker not in {t.assignee_staff_id for t in after}
    assert session.get(Child, world.child).allocated_social_worker_id == essex_worker  # type: ignore[union-attr]
    assert transfer_child(session, world.child, essex, now=T0 + 2 * H, by="test") is None


def test_a_transfer_between_authorities_without_a_new_worker_unallocates(session: Session) -> None:
    world, _ = _missing(session)
    essex = create_team(session, "Essex West", "essex").id
    transfer_child(session, world.child, essex, now=T0 + H, by="test")
    child = session.get(Child, world.child)
    assert child is not None and child.allocated_social_worker_id is None


def test_a_transfer_within_the_authority_keeps_the_worker_and_moves_role_tasks(
    session: Session,
) -> None:
    world, episode = _missing(session)
    south = create_team(session, "South Fostering", "staffordshire").id
    south_manager = create_staff(
        session, "Wynn Ashdown", Role.TEAM_MANAGER, now=T0, team_id=south
    ).id
    iro_tasks = [t for t in _open(session, episode.id) if t.assignee_role == Role.IRO.value]
    change = transfer_child(session, world.child, south, now=T0 + H, by="test")
    assert change is not None and change.data["to_protocol"] == "staffordshire"
    child = session.get(Child, world.child)
    assert child is not None and child.allocated_social_worker_id == world.social_worker
    # The old team's IRO no longer holds the child's IRO tasks; the new team has none yet.
    for task in iro_tasks:
        session.refresh(task)
        assert task.assignee_staff_id is None
    assert south_manager  # the new team's holders take role tasks as they fall due
