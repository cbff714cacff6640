"""/pack: a manager receives the team's meeting pack as a document and the charts as photos,
protected from forwarding, with the reads logged; anyone else is told kindly."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.telegram import messages as tm
from protocols.facts import Event, EventType
from storage.episodes import append_event, open_episode
from storage.models import AuditRead
from storage.people import find_children
from tests.telegram.harness import NOW, PRIYA, SAM, Harness

MANAGER_CHAT, CARER_CHAT = 5001, 5003


async def test_manager_gets_pack_document_and_chart_photos(tg: Harness) -> None:
    with tg.sessions() as session:
        (jay,) = find_children(session, "Jay")
        start = NOW - timedelta(days=3)
        episode = open_episode(session, jay.id, start, start, SAM)
        seen = Event(start + timedelta(hours=2), EventType.NEW_INFORMATION,
                     {"text": "seen at the bus station", "location": "Bus station"})
        append_event(session, episode.id, seen, SAM, now=start + timedelta(hours=2))
        append_event(session, episode.id, Event(start + timedelta(hours=9), EventType.RETURNED,
                                                {"how": "own_accord"}), SAM, now=start)
        session.commit()
    await tg.link(MANAGER_CHAT, PRIYA)
    tg.telegram.clear()
    await tg.feed(tg.message(MANAGER_CHAT, "/pack"))
    methods = [c.method for c in tg.telegram.calls]
    assert methods[0] == "sendMessage" and "sendDocument" in methods
    document = next(c for c in tg.telegram.calls if c.method == "sendDocument")
    assert document.params["protect_content"] is True
    photos = [c for c in tg.telegram.calls if c.method == "sendPhoto"]
    assert len(photos) >= 5 and all(p.params["protect_content"] for p in photos)
    assert {p.params["caption"] for p in photos} >= {"Episodes per week",
                                                     "Places named in sightings and returns"}
    with tg.sessions() as session:
        reads = session.scalars(select(AuditRead).where(AuditRead.staff_id == PRIYA)).all()
        assert [(r.child_id, r.what) for r in reads] == [(jay.id, "meeting pack")]


async def test_carer_is_told_the_pack_is_for_managers(tg: Harness) -> None:
    await tg.link(CARER_CHAT, SAM)
    assert await tg.say(CARER_CHAT, "/pack") == [tm.PACK_NOT_ALLOWED]
    assert not [c for c in tg.telegram.calls if c.method in ("sendDocument", "sendPhoto")]
