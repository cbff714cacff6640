"""Updates during an episode through the console: news, whereabouts known, a worry, the
police report outside the night report, and the carer's risk review."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from storage.episodes import category_history, risk_history
from storage.models import EpisodeEvent, TaskRecord
from tests.dialogues.carer_world import (
    NIGHT,
    World,
    episode,
    factory,
    make_world,
    state,
    talk,
)


def _missing(tmp_path: Path, protocol: str) -> World:
    """A world where Tia has been reported missing (last seen 10pm) and the flow stopped."""
    world = make_world(tmp_path, protocol)
    talk(world, "Tia isn't back, she was due in at 10", "10pm", "no", "cancel")
    return world


def _events(world: World, kind: str) -> list[EpisodeEvent]:
    with factory(world.path)() as session:
        return list(session.scalars(select(EpisodeEvent).where(EpisodeEvent.type == kind)))


def test_news_is_kept_word_for_word(tmp_path: Path) -> None:
    world = _missing(tmp_path, "staffordshire")
    text = "Her friend saw Tia at the bus station with an older lad"
    out = talk(world, text)
    assert "added that to Tia Fenwick's record, word for word" in out
    notes = [e.data for e in _events(world, "new_information")]
    assert any(n.get("text") == text for n in notes)
    assert state(world) is None


def test_whereabouts_known_changes_the_category_with_its_history(tmp_path: Path) -> None:
    world = _missing(tmp_path, "staffordshire")
    out = talk(world, "we know where she is, she's at her nan's house", "maybe", "yes")
    assert "Sorry, I didn't catch that." in out
    assert "away without authorisation (whereabouts known)" in out
    assert episode(world).category == "away_without_authorisation"
    with factory(world.path)() as session:
        history = category_history(session, episode(world).id)
        assert [(h.from_category, h.to_category) for h in history] == [
            ("missing", "away_without_authorisation")
        ]
    assert "What this changes:" in out or "No deadlines changed." in out


def test_whereabouts_known_in_thames_valley_is_an_unauthorised_absence(tmp_path: Path) -> None:
    world = _missing(tmp_path, "thames_valley")
    talk(world, "we know where she is, she's at her nan's house", "no")
    assert episode(world).category == "missing"  # declined: nothing changes
    talk(world, "we know where she is, she's at her nan's house", "yes")
    assert episode(world).category == "unauthorised_absence"


def test_a_worry_records_each_risk_factor_and_says_call_999(tmp_path: Path) -> None:
    world = _missing(tmp_path, "essex")
    out = talk(world, "I'm worried she's with an older man who gives her drugs")
    assert "call 999 now" in out
    factors = sorted(e.data["factor"] for e in _events(world, "concern"))
    assert factors == ["drugs", "older_adult"]


def test_police_told_later_with_the_reference(tmp_path: Path) -> None:
    world = _missing(tmp_path, "thames_valley")
    out = talk(world, "I've rung the police", "TV-2603-0042")
    assert "reference TV-2603-0042 is on Tia Fenwick's record" in out
    ep = episode(world)
    assert (ep.reported_at, ep.police_reference) == (NIGHT, "TV-2603-0042")
    with factory(world.path)() as session:
        police = session.scalars(
            select(TaskRecord).where(TaskRecord.code == "report_to_police")
        ).one()
        assert police.status == "done"


def test_essex_risk_review_offered_and_recorded_by_the_carer(tmp_path: Path) -> None:
    world = _missing(tmp_path, "essex")
    out = talk(world, "Her friend saw Tia at the bus station", "1", "4", "2", "calmer on the phone")
    assert "Would you like to record it now?" in out
    assert "Sorry, I didn't catch that." in out  # "4" is not a level
    assert "Recorded: your risk review for Tia Fenwick, medium." in out
    with factory(world.path)() as session:
        reviews = risk_history(session, episode(world).id)
        assert [(r.level, r.assessor) for r in reviews] == [("medium", "carer")]
        done = session.scalars(
            select(TaskRecord).where(TaskRecord.code == "risk_review", TaskRecord.status == "done")
        ).all()
        assert len(done) == 1
    notes = [(e.data.get("kind"), e.data.get("text")) for e in _events(world, "new_information")]
    assert ("risk review note", "calmer on the phone") in notes  # in the carer's own words
    assert state(world) is None
