"""The sweep's index against the full scan it replaced, over random histories and clocks.

The oracle is the same planner with every task marked for planning (so the index rules out
nothing: the old scan of every actionable task), computed in a transaction that is rolled
back. After any history of sweeps (some sends failing, some people unreachable), buttons,
moved deadlines, closed tasks, leavers and returns, the index must give exactly the oracle's
due messages and next steps, now and at any later instant before the next sweep.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import cast

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from dialogues.replies import Reply
from protocols.tasks import Task
from protocols.vocabulary import Role, TaskStatus
from reminders.buttons import handle_button
from reminders.engine import due_actions, next_step_at, planned_steps, run_due
from reminders.outbound import SendFailed
from reminders.settings import ReminderSettings
from storage.db import make_engine, make_session_factory
from storage.deliveries import Delivery
from storage.episodes import open_episode
from storage.models import Episode, Staff, TaskRecord
from storage.next_step import REPLAN
from storage.queries import tasks_for_episode
from storage.tasks import as_task, sync_tasks
from tests.reminders.helpers import Org, at, build_org

SETTINGS = ReminderSettings()
HORIZON = timedelta(minutes=10)
START = at(9)


@dataclass
class Flaky:
    """Fails the sends whose number is in `failing`; never reaches `unreachable` staff."""

    failing: frozenset[int]
    unreachable: frozenset[int]
    sends: int = 0
    sent: list[int] = field(default_factory=list)

    async def deliver(self, staff_id: int, reply: Reply) -> bool:
        self.sends += 1
        if self.sends in self.failing:
            raise SendFailed("network", maybe_sent=self.sends % 2 == 0)
        if staff_id in self.unreachable:
            return False
        self.sent.append(staff_id)
        return True


def _history(session: Session, org: Org) -> int:
    """An episode with a one-off task for the social worker, a recurring series, a protocol
    escalation with a holder, and one with nobody holding it (its role hears at once)."""
    episode = open_episode(session, org.child, START, START, org.carer)

    def task(key: str, due: datetime, role: Role = Role.SOCIAL_WORKER, **extra: object) -> Task:
        code = extra.pop("code", key.split("#")[0])
        return Task(
            key=key,
            code=str(code),
            title=f"Do {key}",
            due=due,
            assignee=role,
            source="test",
            status=TaskStatus.OPEN,
            episode=episode.number,
            **extra,  # type: ignore[arg-type]
        )

    sync_tasks(
        session,
        episode.id,
        [
            task("notify:team_manager", at(10)),
            task("notify:police#1", at(10, 30), recurring=True, occurrence=1),
            task("notify:police#2", at(12, 30), recurring=True, occurrence=2),
            task("escalate:director", at(11)),
            task("police", at(9, 30), Role.POLICE, code="escalate:director"),
        ],
        START,
    )
    session.commit()
    return episode.id


def _refresh(session: Session, episode_id: int, now: datetime, change: object = None) -> None:
    """The episode's tasks stored again, as a command's refresh would (one moved or closed)."""
    rows = tasks_for_episode(session, episode_id)
    tasks = []
    for index, row in enumerate(rows):
        current = as_task(row, 1)
        if change == ("move", index % len(rows)):
            current = replace(current, due=now + timedelta(minutes=30))
        if change == ("close", index % len(rows)):
            current = replace(current, status=TaskStatus.DONE, done_at=now)
        tasks.append(current)
    sync_tasks(session, episode_id, tasks, now)


Sent = tuple[int, str, int | None, int | None, str, bool]


def _compare(sessions: sessionmaker[Session], probe: datetime) -> None:
    def seen(session: Session) -> tuple[set[Sent], dict[int, datetime]]:
        actions = {
            (a.task_id, a.stage, a.retry_of, a.staff_id, a.text, a.late)
            for a in due_actions(session, probe, SETTINGS)
        }
        plan = planned_steps(session, probe, probe + HORIZON, SETTINGS)
        steps = {task_id: min(at) for task_id, at in plan.steps.items()}
        return actions, {k: v for k, v in steps.items() if v <= probe + HORIZON}

    with sessions() as session:
        indexed = seen(session)
    with sessions() as session:
        # The full scan: every task marked for planning, then rolled back.
        session.execute(update(TaskRecord).values(next_step_at=REPLAN))
        oracle = seen(session)
        session.rollback()
    assert indexed == oracle


OPS = st.one_of(
    st.tuples(
        st.just("sweep"),
        st.integers(1, 180),
        st.frozensets(st.integers(1, 12), max_size=4),
        st.booleans(),
    ),
    st.tuples(
        st.just("button"), st.sampled_from(["done", "ack", "snooze", "notme"]), st.integers(0, 30)
    ),
    st.tuples(st.just("move"), st.integers(0, 4)),
    st.tuples(st.just("close"), st.integers(0, 4)),
    st.tuples(st.just("leaves"), st.booleans()),
    st.tuples(st.just("home"), st.integers(0, 240)),
    st.tuples(st.just("wait"), st.integers(0, 120)),
)


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(ops=st.lists(OPS, min_size=1, max_size=10), later=st.integers(0, 600))
def test_the_index_gives_what_the_full_scan_gives(
    sqlite_template: Path, ops: list[tuple[object, ...]], later: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "oracle.sqlite3"
        shutil.copyfile(sqlite_template, path)
        engine = make_engine(f"sqlite:///{path}")
        try:
            asyncio.run(_run(make_session_factory(engine), ops, later))
        finally:
            engine.dispose()


async def _run(sessions: sessionmaker[Session], ops: list[tuple[object, ...]], later: int) -> None:
    with sessions() as session:
        org = build_org(session)
        episode_id = _history(session, org)
    now = START
    for op in ops:
        kind = op[0]
        if kind == "sweep":
            _, minutes, failing, sw_unreachable = op
            now += timedelta(minutes=int(str(minutes)))
            unreachable = frozenset({org.social_worker} if sw_unreachable else set())
            out = Flaky(cast("frozenset[int]", failing), unreachable)
            await run_due(sessions, now, out, SETTINGS)
            with sessions() as session:
                next_step_at(session, now, now + HORIZON, SETTINGS)
        elif kind == "wait":
            now += timedelta(minutes=int(str(op[1])))
        with sessions() as session:
            if kind == "button":
                # In a fixed order (sends overlap, so ids follow no fixed order).
                rows = session.query(Delivery).order_by(Delivery.task_id, Delivery.stage).all()
                if rows:
                    row = rows[int(str(op[2])) % len(rows)]
                    if row.staff_id is not None:
                        payload = f"rem:{op[1]}:{row.id}"
                        handle_button(session, row.staff_id, payload, now, SETTINGS)
            elif kind in ("move", "close"):
                _refresh(session, episode_id, now, (kind, op[1]))
            elif kind == "leaves":
                person = session.get(Staff, org.social_worker)
                assert person is not None
                person.active = not bool(op[1])
            elif kind == "home":
                episode = session.get(Episode, episode_id)
                assert episode is not None
                if episode.returned_at is None:
                    # As record_return does: the return, then the episode's tasks refreshed.
                    episode.returned_at = max(START, now - timedelta(minutes=int(str(op[1]))))
                    _refresh(session, episode_id, now)
            session.commit()
        _compare(sessions, now)
    _compare(sessions, now + timedelta(minutes=later))
