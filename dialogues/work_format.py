"""Small shared wording helpers for the social worker and manager screens."""

from __future__ import annotations

from datetime import datetime, timedelta

from storage.db import Session
from storage.models import Child, Staff
from storage.policy import log_reads


def child_name(child: Child) -> str:
    return f"{child.preferred_name or child.given_name} {child.family_name}"


def child_name_by_id(session: Session, child_id: int) -> str:
    child = session.get(Child, child_id)
    return child_name(child) if child else "?"


def shown_child_name(
    session: Session, staff_id: int, child_id: int, what: str, *, now: datetime
) -> str:
    """The child's name for a screen shown to `staff_id`, with the read logged (issue 6)."""
    log_reads(session, staff_id, [child_id], what, now=now)
    return child_name_by_id(session, child_id)


def staff_name(session: Session, staff_id: int | None, nobody: str) -> str:
    staff = session.get(Staff, staff_id) if staff_id is not None else None
    return staff.name if staff else nobody


def length(span: timedelta) -> str:
    """Elapsed time as people say it: "45m", "5h 10m", "2 days 3h"."""
    minutes = max(int(span.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} day{'s' if days != 1 else ''} {hours}h"
    if hours:
        return f"{hours}h {mins}m"
    return f"{mins}m"


def role_label(role: str) -> str:
    return role.replace("_", " ")
