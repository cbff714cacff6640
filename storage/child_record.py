"""What is known so far about one episode, read for the child's page and the police summary:
the risk as last graded (by whoever graded it), and what people said (notes, sightings,
concerns) in their own words. Read-only; undone facts are left out (storage.episodes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from protocols.facts import EventType
from storage.episodes import fact_rows, risk_history
from storage.models import Staff


@dataclass(frozen=True)
class Grading:
    level: str  # high | medium | low
    assessor: str  # police | carer
    at: datetime


@dataclass(frozen=True)
class Said:
    """One thing someone told us during the episode, as they typed it."""

    at: datetime
    kind: str  # "concern", "sighting", a checklist answer's kind, or "note"
    text: str
    by: str | None  # the person's name, None when the system recorded it
    source: str | None  # the checklist item it answers (e.g. "search: friends"), if any
    details: dict[str, str]  # what was read from it: location, person, factor…


def last_grading(session: Session, episode_id: int) -> Grading | None:
    """The latest risk grading, the carer's own view or the police's: the episode's
    `risk_level` column holds only the police's, so a carer's "high" must be read here."""
    history = risk_history(session, episode_id)
    if not history:
        return None
    latest = max(history, key=lambda row: (row.at, row.id))
    return Grading(latest.level, latest.assessor, latest.at)


def police_grading(session: Session, episode_id: int) -> Grading | None:
    police = [row for row in risk_history(session, episode_id) if row.assessor == "police"]
    if not police:
        return None
    latest = max(police, key=lambda row: (row.at, row.id))
    return Grading(latest.level, latest.assessor, latest.at)


def what_was_said(session: Session, episode_id: int) -> list[Said]:
    """Notes, sightings and concerns recorded on the episode, oldest first. Search results
    ("search: friends: done") are the searches' record, not news, and are left out."""
    names: dict[int, str] = {}
    said: list[Said] = []
    for row in fact_rows(session, episode_id):
        if row.type not in (EventType.NEW_INFORMATION, EventType.CONCERN):
            continue
        data = {str(k): str(v) for k, v in row.data.items()}
        text = data.pop("text", "") or (row.text or "")
        if not text or text.startswith("search: "):
            continue
        kind = "concern" if row.type == EventType.CONCERN else data.pop("kind", "") or "note"
        source = data.pop("source", None)
        said.append(
            Said(row.at, kind, text, _name(session, row.actor_staff_id, names), source, data)
        )
    return said


def _name(session: Session, staff_id: int | None, cache: dict[int, str]) -> str | None:
    if staff_id is None:
        return None
    if staff_id not in cache:
        staff = session.get(Staff, staff_id)
        cache[staff_id] = staff.name if staff else "?"
    return cache[staff_id]
