"""An invented organisation with a full management chain and out-of-hours cover, a fake
channel, and a way to kill the 'process' at a chosen point of a send."""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from bot.console import Console
from bot.console_outbound import ConsoleOutbound
from bot.demo import seed_demo
from bot.run_command import dialogue_manager
from dialogues.replies import Reply
from protocols.tasks import Task
from protocols.vocabulary import LegalStatus, Role, TaskStatus
from reminders.clock import OffsetClock
from reminders.engine import run_due
from reminders.scheduler import ReminderService
from reminders.settings import ReminderSettings
from storage.db import make_engine, make_session_factory, migrate
from storage.episodes import open_episode, open_episode_for_child
from storage.models import TaskRecord
from storage.people import create_child, create_staff, create_team, link_carer
from storage.queries import tasks_for_episode
from storage.tasks import as_task, sync_tasks

# Tuesday 3 March 2026, 10:00 London (GMT): office hours.
DAY = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
# Tuesday 3 March 2026, 22:00 London: out of hours.
NIGHT = datetime(2026, 3, 3, 22, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Org:
    team: int
    edt_team: int
    director: int
    assistant_director: int
    dol: int
    team_manager: int
    social_worker: int
    carer: int
    edt: int
    edt_manager: int
    head_of_service: int
    service_manager: int
    child: int


def build_org(session: Session, protocol: str = "staffordshire") -> Org:
    edt_team = create_team(session, "Emergency Duty", protocol).id
    team = create_team(session, "North", protocol, out_of_hours_team_id=edt_team).id

    def staff(name: str, role: Role, manager: int | None = None, team_id: int = team) -> int:
        return create_staff(
            session, name, role, now=DAY, team_id=team_id, line_manager_id=manager
        ).id

    director = staff("Orla Penhallow", Role.DIRECTOR)
    ad = staff("Idris Quarrie", Role.ASSISTANT_DIRECTOR, director)
    dol = staff("Bea Lindqvist", Role.DISTRICT_OPERATIONAL_LEAD, ad)
    hos = staff("Noor Faraday", Role.HEAD_OF_SERVICE, ad)
    sm = staff("Cal Rennick", Role.SERVICE_MANAGER, hos)
    tm = staff("Mina Castleford", Role.TEAM_MANAGER, dol)
    sw = staff("Tobias Wren", Role.SOCIAL_WORKER, tm)
    carer = staff("Juniper Ashcombe", Role.CARER)
    edt_manager = staff("Rowan Tilly", Role.TEAM_MANAGER, None, edt_team)
    edt = staff("Ellis Grant", Role.EMERGENCY_DUTY_TEAM, edt_manager, edt_team)
    child = create_child(
        session,
        "Kit",
        "Marlowe",
        LegalStatus.LOOKED_AFTER,
        team,
        flags=["cse_risk"],
        allocated_social_worker_id=sw,
    ).id
    link_carer(session, child, carer)
    return Org(team, edt_team, director, ad, dol, tm, sw, carer, edt, edt_manager, hos, sm, child)


def add_task(
    session: Session,
    org: Org,
    key: str,
    due: datetime,
    assignee: Role = Role.SOCIAL_WORKER,
    started: datetime | None = None,
) -> TaskRecord:
    """An open episode (if the child has none) with one task as the engine would store it."""
    episode = open_episode_for_child(session, org.child)
    if episode is None:
        start = started or due - timedelta(hours=6)
        episode = open_episode(session, org.child, start, start, org.carer)
    task = Task(
        key=key,
        code=key.split("#")[0],
        title=f"Do {key}",
        due=due,
        assignee=assignee,
        source="staffordshire §14.1",
        status=TaskStatus.OPEN,
        episode=episode.number,
    )
    existing = [as_task(row, episode.number) for row in tasks_for_episode(session, episode.id)]
    # Stored when the episode was recorded, so a reminder sent late is said to be late.
    rows = sync_tasks(session, episode.id, [*existing, replace(task)], episode.recorded_at)
    return next(row for row in rows if row.key == key)


class ProcessKilled(BaseException):
    """Stands for the process dying: not an Exception, so nothing in the engine catches it."""


@dataclass
class FakeOutbound:
    """Records what reached whom. `kill_before` / `kill_after` (a stage name) die around a send;
    `unreachable` staff have no address on this channel."""

    sent: list[tuple[int, Reply]] = field(default_factory=list)
    kill_before: str | None = None
    kill_after: str | None = None
    unreachable: set[int] = field(default_factory=set)

    async def deliver(self, staff_id: int, reply: Reply) -> bool:
        if self.kill_before and self.kill_before in reply.text:
            raise ProcessKilled
        if staff_id in self.unreachable:
            return False
        self.sent.append((staff_id, reply))
        if self.kill_after and self.kill_after in reply.text:
            raise ProcessKilled
        return True

    def to(self, staff_id: int) -> list[str]:
        return [reply.text for who, reply in self.sent if who == staff_id]

    def clear(self) -> None:
        self.sent.clear()


def at(hour: int, minute: int = 0, day: datetime = DAY) -> datetime:
    """That London (GMT in March) time on the test day."""
    return day.replace(hour=hour, minute=minute)


async def drive(
    sessions: sessionmaker[Session],
    outbound: FakeOutbound,
    *instants: datetime,
    settings: ReminderSettings | None = None,
) -> None:
    for instant in instants:
        await run_due(sessions, instant, outbound, settings or ReminderSettings())


CONSOLE_REAL = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)  # the console demo's fixed "real" clock: 3am


async def run_console_demo(tmp_path: Path, script: list[str]) -> str:
    """The console demo as `homeward run` wires it (seeded database, reminder buttons answered
    through the dialogue, `wait` moving the demo clock), fed `script`; what it printed. The
    scheduler's own timers are pushed far away, so only `wait` delivers."""
    engine = make_engine(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    migrate(engine)
    sessions = make_session_factory(engine)
    clock = OffsetClock(lambda: CONSOLE_REAL)
    with sessions() as session:
        seed_demo(session, clock())
        session.commit()
    out = io.StringIO()
    manager = dialogue_manager(sessions, ReminderSettings())
    console = Console(manager, sessions, clock, io.StringIO("\n".join(script) + "\n"), out)
    service = ReminderService(
        engine,
        ConsoleOutbound(console),
        clock,
        ReminderSettings(),
        to_real=lambda instant: clock.to_real(instant) + timedelta(days=3650),
    )

    async def advance(to: datetime) -> None:
        await service.advance(to, clock.jump_to)

    try:
        await service.start()
        await console.run_async(advance, service.poke)
    finally:
        service.shutdown()
        engine.dispose()
    return out.getvalue()
