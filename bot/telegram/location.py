"""A location shared in the chat during a missing episode becomes a sighting on that episode,
with its coordinates, through the one command for notes (storage.commands.record_note). The
episode is the open one of a child this person may record for (storage.policy)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from storage.commands import record_note
from storage.episodes import open_episode_for_child
from storage.errors import CommandError
from storage.people import get_staff
from storage.policy import Action, children_for

SIGHTING = "sighting"


@dataclass(frozen=True)
class Sighting:
    recorded: bool
    child: str | None  # the child's first name, shown in the chat (not a push)
    open_episodes: int  # how many this person could have meant


def record_location(
    session: Session, staff_id: int, latitude: float, longitude: float, *, now: datetime
) -> Sighting:
    """Recorded when exactly one child this person may record for is missing; otherwise
    nothing is recorded (the caller asks them to say which child in words)."""
    staff = get_staff(session, staff_id)
    open_ones = [
        (child, episode)
        for child in children_for(session, staff, Action.RECORD)
        if (episode := open_episode_for_child(session, child.id)) is not None
    ]
    if len(open_ones) != 1:
        return Sighting(False, None, len(open_ones))
    child, episode = open_ones[0]
    words = f"Location shared in the chat: {latitude:.5f}, {longitude:.5f}"
    details = {"lat": f"{latitude:.6f}", "lon": f"{longitude:.6f}"}
    try:
        record_note(session, staff_id, episode.id, words, now=now, kind=SIGHTING, details=details)
    except CommandError:
        return Sighting(False, None, 0)
    return Sighting(True, child.preferred_name or child.given_name, 1)
