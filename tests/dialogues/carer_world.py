"""An invented organisation for any protocol, and console conversations against it.

Every name is made up. Each world has a team manager, a social worker, a carer (a residential
worker, with a manager on duty, for childrens_home) and two children placed with the carer.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.console import Console
from dialogues.manager import DialogueManager
from protocols.checklists import applicable
from protocols.engine import compute_tasks
from protocols.facts import ChildFacts, Event, EventType
from protocols.pack_loader import load_protocol
from protocols.vocabulary import LegalStatus, Role
from storage.conversations import load_state
from storage.db import make_engine, make_session_factory, migrate
from storage.episodes import child_facts, episode_events
from storage.models import Episode, TaskRecord
from storage.people import create_child, create_staff, create_team, link_carer
from tests.dialogues.nlu_once import understanding

PROTOCOLS = ("staffordshire", "stoke", "essex", "thames_valley", "rutland", "childrens_home")
NIGHT = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)  # 3am (London is on GMT in March)
LAST_SEEN = datetime(2026, 3, 2, 22, 0, tzinfo=UTC)  # "10pm"
MORNING = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)  # the return


@dataclass(frozen=True)
class World:
    path: Path
    protocol: str
    carer: str  # the carer's name, to pick them in the console
    carer_id: int
    child_id: int
    child: str  # given name
    placement: str


def factory(path: Path) -> sessionmaker[Session]:
    """A session factory on the SQLite file, as a new process would make it."""
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    return make_session_factory(engine)


def make_world(tmp_path: Path, protocol: str) -> World:
    path = tmp_path / f"{protocol}.sqlite3"
    residential = protocol == "childrens_home"
    placement = "residential" if residential else "foster"
    with factory(path)() as session:
        team = create_team(session, f"{protocol.title()} Team", protocol)
        tm = create_staff(session, "Nadia Quill", Role.TEAM_MANAGER, now=NIGHT, team_id=team.id)
        sw = create_staff(
            session,
            "Owen Pryce",
            Role.SOCIAL_WORKER,
            now=NIGHT,
            team_id=team.id,
            line_manager_id=tm.id,
        )
        if residential:
            create_staff(session, "Greta Holm", Role.HOME_MANAGER, now=NIGHT, team_id=team.id)
        carer = create_staff(session, "Robin Ashdown", Role.CARER, now=NIGHT, team_id=team.id)
        ids = []
        for given, family, born in (("Tia", "Fenwick", 2012), ("Noah", "Brightwell", 2010)):
            child = create_child(
                session,
                given,
                family,
                "looked_after",
                team.id,
                date_of_birth=date(born, 5, 1),
                placement_type=placement,
                allocated_social_worker_id=sw.id,
                description=f"{given}: slim, dark hair, blue coat",
                medical_history="None known",
            )
            link_carer(session, child.id, carer.id)
            ids.append(child.id)
        session.commit()
        return World(path, protocol, "Robin Ashdown", carer.id, ids[0], "Tia", placement)


def talk(world: World, *lines: str, now: datetime = NIGHT) -> str:
    """One console run as the carer, on a new session factory: each call is like a restarted
    process, so the conversation can only carry on from what the database holds."""
    sessions = factory(world.path)
    out = io.StringIO()
    manager = DialogueManager(sessions, understanding())
    script = "\n".join((world.carer, *lines)) + "\n"
    Console(manager, sessions, lambda: now, io.StringIO(script), out).run()
    return out.getvalue()


def state(world: World) -> dict[str, object] | None:
    with factory(world.path)() as session:
        return load_state(session, world.carer_id)


def episode(world: World) -> Episode:
    with factory(world.path)() as session:
        return session.scalars(select(Episode).where(Episode.child_id == world.child_id)).one()


def searches(world: World) -> int:
    """How many searches the protocol asks of this carer (conditions applied by the engine)."""
    pack, variant = load_protocol(world.protocol)
    start = [Event(LAST_SEEN, EventType.MISSING, {"category": "missing"})]
    facts = ChildFacts(LegalStatus.LOOKED_AFTER, placement=world.placement)
    return len(applicable(pack, variant, "searches", facts, start, NIGHT))


def return_needs(world: World, how: str) -> int:
    pack, variant = load_protocol(world.protocol)
    events = [
        Event(LAST_SEEN, EventType.MISSING, {"category": "missing"}),
        Event(MORNING, EventType.RETURNED, {"how": how}),
    ]
    facts = ChildFacts(LegalStatus.LOOKED_AFTER, placement=world.placement)
    return len(applicable(pack, variant, "return_needs", facts, events, MORNING))


def stored_vs_engine(world: World, now: datetime) -> tuple[list[tuple[str, str, datetime]], ...]:
    """The stored tasks and the engine's, as (key, status, due), for the child's episode."""
    with factory(world.path)() as session:
        ep = session.scalars(select(Episode).where(Episode.child_id == world.child_id)).one()
        facts = child_facts(session, world.child_id, ep.id)
        events = episode_events(session, ep.id)
        engine = compute_tasks(world.protocol, facts, events, now)
        rows = session.scalars(select(TaskRecord).where(TaskRecord.episode_id == ep.id))
        stored = sorted((r.key, r.status, r.due_at) for r in rows)
    return stored, sorted((t.key, t.status.value, t.due) for t in engine)


def finish_if_asked(world: World, now: datetime, answer: str = "finished") -> str:
    """Close a "who to tell" step if the protocol left one open."""
    current = state(world)
    if current and current.get("step") == "notify":
        return talk(world, answer, now=now)
    return ""


def night_report_lines(world: World, extra: Sequence[str] = ()) -> list[str]:
    """A clean night report up to the police reference."""
    return [
        f"{world.child} isn't back, she was due in at 10",
        "10pm",
        "no",
        *(["done"] * searches(world)),
        "yes",
        "REF-2603-7",
        *extra,
    ]
