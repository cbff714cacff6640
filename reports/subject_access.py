"""Subject access (UK GDPR art. 15): everything held about one child, as JSON and as a PDF.

The child's record (every column, so fields added later are included without a change here),
their carers, every episode with its full log, notes and tasks, and every read of the record
(who looked, when, at what)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from protocols.clock import london_text
from reports.episode_export import episode_json, iso_z
from reports.pdf_document import Document
from reports.records import load_views, staff_reference
from storage import extracts
from storage.db import Session
from storage.models import Child
from storage.people import carers_of


def subject_access_json(session: Session, child: Child, *, now: datetime) -> dict[str, Any]:
    staff = extracts.staff_by_id(session)
    teams = extracts.teams_by_id(session)
    profile: dict[str, Any] = {}
    for column in Child.__table__.columns:
        profile[column.key] = _plain(getattr(child, column.key))
    worker = staff.get(child.allocated_social_worker_id or -1)
    views = load_views(session, child_ids=[child.id])
    people = {
        str(staff_reference(staff, person.id)): {"name": person.name, "role": person.role}
        for person in staff.values()
    }
    episodes = [episode_json(view, staff) for view in views]
    mentioned = {str(e["by"]) for ep in episodes for e in ep["events"] if e["by"] is not None}
    mentioned |= {
        str(t[key]) for ep in episodes for t in ep["tasks"] for key in ("assignee_staff_id",
        "done_by") if t[key] is not None
    }
    return {
        "generated_at": iso_z(now),
        "child": profile,
        "team": teams[child.team_id].name,
        "allocated_social_worker": worker.name if worker else None,
        "carers": [carer.name for carer in carers_of(session, child.id)],
        "episodes": episodes,
        # Who the staff ids in the record are (staff are named in a subject access response
        # unless the authority decides to redact them).
        "staff": {ref: people[ref] for ref in sorted(mentioned) if ref in people},
        "reads": [
            {
                "at": iso_z(read.at),
                "by": staff[read.staff_id].external_id or read.staff_id,
                "by_name": staff[read.staff_id].name,
                "by_role": staff[read.staff_id].role,
                "what": read.what,
            }
            for read in extracts.reads_by_child(session, child.id)
        ],
    }


def _plain(value: object) -> object:
    """A column's value as JSON can hold it (a photo stored as bytes is described, not sent)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes held>"
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    return str(value)


def _when(value: str | None) -> str:
    return london_text(datetime.fromisoformat(value.replace("Z", "+00:00"))) if value else ""


def write_subject_access_pdf(record: dict[str, Any], path: Path) -> None:
    """The same record, readable: profile, episodes (log, notes, tasks), reads. Times London."""
    profile = record["child"]
    name = f"{profile.get('preferred_name') or profile['given_name']} {profile['family_name']}"
    document = Document(
        f"Everything held about {name}",
        f"Subject access record for {name}, produced {_when(record['generated_at'])}",
    )
    document.paragraph(
        "Produced under UK GDPR article 15. Times are UK time (Europe/London). "
        "Facts someone undid are shown and marked 'undone'; the log itself is never changed."
    )
    document.heading("Record")
    rows = [(key.replace("_", " "), _shown(value)) for key, value in profile.items()]
    rows += [
        ("team", record["team"]),
        ("allocated social worker", record["allocated_social_worker"] or ""),
        ("carers", ", ".join(record["carers"])),
    ]
    document.table(("field", "held"), rows, widths=(50, 130))
    document.heading(f"Episodes ({len(record['episodes'])})")
    for episode in record["episodes"]:
        _episode(document, episode, record["staff"])
    document.heading(f"Who read the record ({len(record['reads'])})")
    document.table(
        ("when", "who", "role", "what they saw"),
        [(_when(r["at"]), r["by_name"], r["by_role"], r["what"]) for r in record["reads"]],
        widths=(40, 45, 35, 60),
    )
    document.save(path)


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _episode(document: Document, episode: dict[str, Any], staff: dict[str, Any]) -> None:
    def who(ref: object) -> str:
        return str(staff.get(str(ref), {}).get("name", ref)) if ref is not None else ""

    document.heading(
        f"Episode {episode['number']}: {_when(episode['started_at'])} to "
        f"{_when(episode['returned_at']) or 'not back'} ({episode['status']})",
        size=11,
    )
    document.paragraph(
        f"Category {episode['category']} · risk {episode['risk'] or 'not graded'} · immediate "
        f"danger {episode['immediate_danger'] or 'not asked'} · police reference "
        f"{episode['police_reference'] or 'none'}"
    )
    if episode["notes"]:
        document.paragraph("What people said: " + " / ".join(episode["notes"]), italic=True)
    document.table(
        ("when", "what", "details", "by"),
        [
            (
                _when(event["at"]),
                event["type"].replace("_", " ") + (" (undone)" if event["voided"] else ""),
                "; ".join(f"{k}: {v}" for k, v in event["data"].items()),
                who(event["by"]),
            )
            for event in episode["events"]
        ],
        widths=(34, 33, 83, 30),
    )
    if episode["tasks"]:
        document.table(
            ("due", "task", "who", "status"),
            [
                (_when(t["due"]), t["title"], t["assignee"].replace("_", " "), t["status"])
                for t in episode["tasks"]
            ],
            widths=(38, 92, 30, 20),
        )


