"""A demo organisation part-way through a week, for the social worker and manager tests:
Jay (Staffordshire) missing for 36 hours, Lily back after 2 days; Kai (Essex) missing for 10
hours, Ruby back after 2 days. Staff ids follow bot.demo: 1 Priya, 2 Tom, 3 Sam, 4 Helen,
5 Marcus, 6 Dee; children 1 Jay, 2 Lily, 3 Kai, 4 Ruby."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from bot.demo import seed_demo
from dialogues.manager import DialogueManager
from dialogues.replies import Reply
from protocols.facts import Event, EventType
from storage.db import make_engine, make_session_factory, migrate
from storage.episodes import append_event, open_episode
from storage.tasks import refresh_tasks
from tests.dialogues.nlu_once import understanding

NOW = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)  # a Wednesday morning
PRIYA, TOM, SAM, HELEN, MARCUS, DEE = 1, 2, 3, 4, 5, 6
JAY, LILY, KAI, RUBY = 1, 2, 3, 4


def factory(path: Path) -> sessionmaker[Session]:
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    return make_session_factory(engine)


def world(tmp_path: Path) -> sessionmaker[Session]:
    sessions = factory(tmp_path / "homeward.sqlite3")
    with sessions() as session:
        seed_demo(session, NOW - timedelta(days=60))
        _missing(session, JAY, SAM, NOW - timedelta(hours=36))
        _back(session, LILY, SAM, NOW - timedelta(days=3), NOW - timedelta(hours=20))
        _missing(session, KAI, DEE, NOW - timedelta(hours=10))
        _back(session, RUBY, DEE, NOW - timedelta(days=2), NOW - timedelta(hours=30))
        session.commit()
    return sessions


def _missing(session: Session, child: int, carer: int, since: datetime) -> int:
    episode = open_episode(session, child, since, since + timedelta(minutes=30), carer)
    refresh_tasks(session, episode.id, NOW)
    return episode.id


def _back(session: Session, child: int, carer: int, since: datetime, back: datetime) -> None:
    episode_id = _missing(session, child, carer, since)
    returned = Event(back, EventType.RETURNED, {"how": "own_accord"})
    append_event(session, episode_id, returned, carer, now=back)
    refresh_tasks(session, episode_id, NOW)


def talk(sessions: sessionmaker[Session], staff_id: int, *lines: str) -> list[Reply]:
    """Every reply to the lines, in order, from one dialogue manager."""
    manager = DialogueManager(sessions, understanding())
    replies: list[Reply] = []
    for line in lines:
        replies += manager.handle(staff_id, line, NOW)
    return replies


def text(replies: list[Reply]) -> str:
    return "\n".join(r.text for r in replies)


def buttons(replies: list[Reply]) -> dict[str, str]:
    return {label: payload for r in replies for label, payload in r.buttons}
