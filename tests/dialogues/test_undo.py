"""Undo through the conversation: the person sees what will be undone, confirms, and the record
and the tasks follow; nothing else is lost."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from dialogues.manager import DialogueManager
from storage.episodes import WITHDRAWN
from storage.models import Episode, TaskRecord
from tests.dialogues.nlu_once import understanding
from tests.dialogues.test_confirm_and_buttons import NOW, _setup

M = timedelta(minutes=1)


def _report_jay(manager: DialogueManager, sam: int) -> None:
    for text in ("Jay's not back", "10pm"):
        manager.handle(sam, text, NOW)
    replies = manager.handle(sam, "no", NOW)
    while "Search" in replies[-1].text:  # however many searches the pack asks for
        manager.handle(sam, "skip", NOW)
        replies = manager.handle(sam, "n/a", NOW)
    for text in ("yes", "SP-77"):
        manager.handle(sam, text, NOW)


def test_undo_the_police_report_then_the_whole_record(tmp_path: Path) -> None:
    sessions, sam = _setup(tmp_path)
    manager = DialogueManager(sessions, understanding())
    _report_jay(manager, sam)
    with sessions() as session:
        assert session.scalars(select(Episode)).one().police_reference == "SP-77"

    (offer,) = manager.handle(sam, "undo", NOW + M)
    assert "the police report for Jay (ref SP-77)" in offer.text
    replies = manager.handle(sam, "Yes, undo it", NOW + M)  # typed, not pressed
    assert "Undone: the police report for Jay (ref SP-77)" in replies[0].text
    with sessions() as session:
        episode = session.scalars(select(Episode)).one()
        assert episode.police_reference is None and episode.reported_at is None
        report = session.scalars(select(TaskRecord).where(TaskRecord.code == "report_to_police"))
        assert report.one().status in ("open", "overdue")

    (nothing,) = manager.handle(sam, "undo", NOW + 30 * M)  # too late for the rest
    assert "nothing of yours from the last few minutes" in nothing.text


def test_keep_it_and_stale_undo_buttons(tmp_path: Path) -> None:
    sessions, sam = _setup(tmp_path)
    manager = DialogueManager(sessions, understanding())
    for text in ("Jay's not back", "10pm", "no"):
        manager.handle(sam, text, NOW)
    # The danger answer is the latest fact now (issue 11: "no" is recorded too).
    offer = manager.handle(sam, "undo", NOW + M)[0]
    assert "your answer about whether Jay is in danger" in offer.text
    # Asked mid-flow: keeping it goes back to the search the person was on.
    kept = manager.handle(sam, "undo:keep", NOW + M)
    assert kept[0].text == "OK, I've kept it." and "Search 1" in kept[1].text
    yes = dict((label, payload) for label, payload in offer.buttons)["Yes, undo it"]
    manager.handle(sam, yes, NOW + M)
    (again,) = manager.handle(sam, yes, NOW + M)[:1]
    assert "can't undo that now" in again.text
    # Then the report itself, the fact before it.
    offer = manager.handle(sam, "undo", NOW + M)[0]
    assert "the missing report for Jay" in offer.text
    manager.handle(sam, dict(offer.buttons)["Yes, undo it"], NOW + M)
    with sessions() as session:
        assert session.scalars(select(Episode)).one().status == WITHDRAWN
    # The child can be reported again straight away: the withdrawn record does not block it.
    replies = manager.handle(sam, "Jay's not back", NOW + 2 * M)
    assert "When was Jay Morgan last seen" in replies[-1].text
