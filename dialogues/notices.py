"""Hand-overs and requests waiting to be seen by the person they were sent to.

Pushed delivery is the reminders' job; until then the new holder is told the next time they
look at their status. Both the notice and its having been seen are audit entries in the
episode's log, so nothing needs a table of its own and an audit can replay who knew what when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.commands import INTERVIEW_REQUESTED
from storage.db import Session
from storage.episodes import log_audit
from storage.lifecycle import ROSTER_NOTICE
from storage.queries import audit_entries_by, audit_entries_to

HANDED = "task_reassigned"
REQUESTED = INTERVIEW_REQUESTED
SEEN = "notice_seen"
ROSTER = ROSTER_NOTICE  # a case moved to or away from you (storage.lifecycle)
NOTICE_WINDOW = timedelta(days=14)
# Shown on one message at most: after a roster import or a week away the rest would bury the
# answer (and cost a few statements each); the tasks themselves are all on the status.
SHOWN_AT_ONCE = 10


@dataclass(frozen=True)
class Notice:
    entry_id: int
    episode_id: int
    kind: str
    by_staff_id: int | None
    data: dict[str, object]


def pending_notices(session: Session, staff_id: int, now: datetime) -> list[Notice]:
    # Older hand-overs are not news any more; the tasks themselves stay on the person's status.
    # Both reads are this person's own entries by index (issue 14): nobody else's are loaded.
    since = now - NOTICE_WINDOW
    seen = {e.data.get("entry_id") for e in audit_entries_by(session, staff_id, SEEN, since)}
    return [
        Notice(e.id, e.episode_id, e.type.split(":", 1)[1], e.actor_staff_id, dict(e.data))
        for e in audit_entries_to(session, staff_id, (HANDED, REQUESTED, ROSTER), since)
        if e.id not in seen
    ]


def mark_seen(session: Session, staff_id: int, notices: list[Notice], now: datetime) -> None:
    for notice in notices:
        data = {"entry_id": notice.entry_id}
        log_audit(session, notice.episode_id, SEEN, data, staff_id, now=now)
