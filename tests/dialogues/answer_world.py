"""A small invented world for the issue 11 conversation tests: one essex team, a carer with two
children whose names are also words (Lily, Ruby), driven through the DialogueManager."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from dialogues.manager import DialogueManager
from dialogues.replies import Reply
from dialogues.understanding import Understanding
from protocols.vocabulary import Role
from storage.db import make_engine, make_session_factory, migrate
from storage.episodes import AUDIT_PREFIX
from storage.models import Episode, EpisodeEvent
from storage.people import create_child, create_staff, create_team, link_carer

NIGHT = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)  # 3am, GMT
MINUTE = timedelta(minutes=1)


@dataclass
class Chat:
    sessions: sessionmaker[Session]
    manager: DialogueManager
    carer_id: int
    lily_id: int
    ruby_id: int
    now: datetime = NIGHT

    def say(self, *lines: str) -> list[Reply]:
        replies: list[Reply] = []
        for line in lines:
            replies = self.manager.handle(self.carer_id, line, self.now)
        return replies

    def text(self, *lines: str) -> str:
        out = []
        for line in lines:
            out += [r.text for r in self.manager.handle(self.carer_id, line, self.now)]
        return "\n".join(out)

    def facts(self) -> list[EpisodeEvent]:
        """Every fact in every episode's log (audit entries left out)."""
        with self.sessions() as session:
            rows = session.scalars(select(EpisodeEvent).order_by(EpisodeEvent.id)).all()
            return [r for r in rows if not r.type.startswith(AUDIT_PREFIX)]

    def episodes(self) -> list[Episode]:
        with self.sessions() as session:
            return list(session.scalars(select(Episode).order_by(Episode.id)))


def memory_factory() -> sessionmaker[Session]:
    """An in-memory SQLite database shared by every session of one test."""
    engine = make_engine("sqlite://", poolclass=StaticPool)
    migrate(engine)
    return make_session_factory(engine)


def make_chat(understanding: Understanding, protocol: str = "essex") -> Chat:
    sessions = memory_factory()
    with sessions() as session:
        team = create_team(session, "Harbour Team", protocol)
        sw = create_staff(session, "Ines Varga", Role.SOCIAL_WORKER, now=NIGHT, team_id=team.id)
        carer = create_staff(session, "Pat Ellery", Role.CARER, now=NIGHT, team_id=team.id)
        ids = []
        for given, family, born in (("Lily", "Marsh", 2011), ("Ruby", "Stone", 2012)):
            child = create_child(
                session,
                given,
                family,
                "looked_after",
                team.id,
                date_of_birth=date(born, 4, 1),
                placement_type="foster",
                allocated_social_worker_id=sw.id,
            )
            link_carer(session, child.id, carer.id)
            ids.append(child.id)
        session.commit()
        return Chat(sessions, DialogueManager(sessions, understanding), carer.id, ids[0], ids[1])
