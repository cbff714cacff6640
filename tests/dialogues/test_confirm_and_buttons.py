"""Below the NLU's threshold the assistant asks with buttons; typed labels work like presses."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.demo import seed_demo
from dialogues.manager import DialogueManager
from storage.db import make_engine, make_session_factory, migrate
from storage.models import Episode, Staff
from tests.dialogues.nlu_once import understanding

NOW = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)


class Unsure:
    """An NLU that is never sure: the edge this test is about, made deterministic."""

    def parse(self, text: str, now: datetime, *, child_names: Sequence[str] = ()) -> Any:
        ranking = [
            {"name": "status_query", "confidence": 0.40},
            {"name": "report_missing", "confidence": 0.38},
            {"name": "greet", "confidence": 0.12},
        ]
        real = understanding().parse(text, now, child_names=child_names)
        return {**real, "intent": ranking[0], "intent_ranking": ranking}


def _setup(tmp_path: Path) -> tuple[sessionmaker[Session], int]:
    engine = make_engine(f"sqlite:///{tmp_path / 'h.sqlite3'}")
    migrate(engine)
    sessions = make_session_factory(engine)
    with sessions() as session:
        seed_demo(session, NOW)
        session.commit()
        sam = session.scalars(select(Staff.id).where(Staff.name == "Sam Carter")).one()
    return sessions, sam


def test_unsure_asks_with_buttons_and_acts_on_the_original_text(tmp_path: Path) -> None:
    sessions, sam = _setup(tmp_path)
    manager = DialogueManager(sessions, Unsure())
    (ask,) = manager.handle(sam, "Jay, due in at 10", NOW)
    assert ask.buttons == (
        ("What's open and due", "intent:status_query"),
        ("A child is missing", "intent:report_missing"),
        ("Something else", "intent:none"),
    )
    replies = manager.handle(sam, "intent:report_missing", NOW)
    # The child named in the original message is taken without asking again.
    assert "OK, Jay Morgan" in replies[0].text
    assert "When was Jay Morgan last seen" in replies[1].text


def test_something_else_and_stale_buttons_get_a_way_forward(tmp_path: Path) -> None:
    sessions, sam = _setup(tmp_path)
    manager = DialogueManager(sessions, Unsure())
    manager.handle(sam, "hmm", NOW)
    (reply,) = manager.handle(sam, "intent:none", NOW)
    assert "in other words" in reply.text
    (stale,) = manager.handle(sam, "intent:report_missing", NOW)  # pressed again later
    assert "in other words" in stale.text
    with sessions() as session:
        assert session.scalars(select(Episode)).all() == []


def test_typing_a_button_label_is_the_same_as_pressing_it(tmp_path: Path) -> None:
    sessions, sam = _setup(tmp_path)
    manager = DialogueManager(sessions, understanding())
    (which,) = manager.handle(sam, "a child hasn't come back", NOW)
    assert [label for label, _ in which.buttons] == ["Jay Morgan", "Lily Brooks"]
    replies = manager.handle(sam, "lily brooks", NOW)
    assert "OK, Lily Brooks" in replies[0].text


def test_news_of_a_return_leaves_the_night_report_for_the_return(tmp_path: Path) -> None:
    sessions, sam = _setup(tmp_path)
    manager = DialogueManager(sessions, understanding())
    for text in ("Jay's not back", "10pm"):
        manager.handle(sam, text, NOW)
    assert "Search 1" in manager.handle(sam, "no", NOW)[-1].text
    replies = manager.handle(sam, "Jay has just walked in the door", NOW)
    assert "Search" not in replies[-1].text
    assert "back" in " ".join(r.text for r in replies).lower()
    with sessions() as session:
        assert session.scalars(select(Episode)).one().status == "open"  # nothing lost or closed
