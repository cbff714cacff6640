"""`homeward export --json`: everything recorded about missing episodes, in the fixed shape of
../shared/interfaces.md (extra fields are allowed there and marked as extras below)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from reports.records import (
    EpisodeView,
    LoggedFact,
    child_name,
    child_reference,
    immediate_danger,
    latest_risk,
    load_views,
    notes,
    staff_reference,
)
from storage import extracts
from storage.db import Session
from storage.models import Staff, TaskRecord


def iso_z(instant: datetime | None) -> str | None:
    if instant is None:
        return None
    return instant.astimezone(UTC).isoformat().replace("+00:00", "Z")


def export(session: Session, since: datetime | None, until: datetime | None) -> dict[str, Any]:
    staff = extracts.staff_by_id(session)
    return {"episodes": [episode_json(v, staff) for v in load_views(session, since, until)]}


def episode_json(view: EpisodeView, staff: dict[int, Staff]) -> dict[str, Any]:
    episode, child = view.episode, view.child
    return {
        "id": episode.id,
        "number": episode.number,
        "child": {
            "id": child_reference(child),
            "external_id": child.external_id,
            "name": child_name(child),
            "internal_id": child.id,  # extra
        },
        "protocol": view.team.protocol_id,
        "team": view.team.name,  # extra
        "status": episode.status,
        "started_at": iso_z(episode.started_at),
        "recorded_at": iso_z(episode.recorded_at),
        "returned_at": iso_z(episode.returned_at),
        "return_how": episode.return_how,  # extra
        "category": episode.category,
        "risk": latest_risk(view),
        "immediate_danger": immediate_danger(view),
        "police_reference": episode.police_reference,
        "events": [event_json(fact, staff) for fact in view.facts],
        "notes": notes(view),
        "tasks": [task_json(task, staff) for task in view.tasks],
        "audit": [event_json(entry, staff) for entry in view.audit],  # extra
    }


def event_json(fact: LoggedFact, staff: dict[int, Staff]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "type": fact.type,
        "at": iso_z(fact.at),
        "recorded_at": iso_z(fact.recorded_at),
        "by": staff_reference(staff, fact.actor_id),
        "data": fact.data,
        "voided": fact.voided,
    }
    if fact.text is not None:
        row["text"] = fact.text  # extra: the message as typed
    return row


def task_json(task: TaskRecord, staff: dict[int, Staff]) -> dict[str, Any]:
    return {
        "code": task.code,
        "due": iso_z(task.due_at),
        "assignee": task.assignee_role,
        "assignee_staff_id": staff_reference(staff, task.assignee_staff_id),
        "source": task.source,
        "status": task.status,
        "done_by": staff_reference(staff, task.done_by_id),
        "title": task.title,  # extras from here
        "key": task.key,
        "done_at": iso_z(task.done_at),
        "note": task.note,
    }
