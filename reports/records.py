"""One episode as the reports see it: the stored rows plus what is read from its log.

Built from storage.extracts in a few bulk reads. Everything derived here (latest risk grading,
the danger answer, the people's own words, periods missing vs away, places named, the return
interview) is read from the log's facts, leaving out facts someone undid (voided): the same
rule the engine follows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from storage import extracts
from storage.db import Session
from storage.models import Child, Episode, EpisodeEvent, Staff, TaskRecord, Team

AUDIT_PREFIX = "audit:"
RETRACTED = AUDIT_PREFIX + "retracted"
INTERVIEW_REQUESTED = AUDIT_PREFIX + "return_interview_requested"
WITHDRAWN = "withdrawn"
# Read as strings so reports do not depend on which event types this build's engine knows.
DANGER_ANSWERED = "danger_answered"
RISK_ASSESSED = "risk_assessed"
CATEGORY_CHANGED = "category_changed"
NEW_INFORMATION = "new_information"
CONCERN = "concern"
TASK_DONE = "task_done"
TASK_NOT_REQUIRED = "task_not_required"
RETURN_INTERVIEW = "return_interview"
INTERVIEW_LIMIT = timedelta(hours=72)  # statutory guidance (2014): within 72 hours of return

# Whereabouts unknown is "missing" (M); every other category means whereabouts known, away
# without permission (A). The police's "absconder" (a child under a secure order or on remand)
# is whereabouts unknown, so M.
AWAY_CATEGORIES = frozenset(
    {
        "absent",
        "away_without_authorisation",
        "absent_without_authorisation",
        "unauthorised_absence",
    }
)
# A refusal written as the reason the interview was not needed.
_DECLINED_WORDS = ("declin", "refus", "did not want", "didn't want", "wouldn't", "would not")


@dataclass(frozen=True)
class LoggedFact:
    id: int
    type: str
    at: datetime
    recorded_at: datetime
    actor_id: int | None
    data: dict[str, Any]
    text: str | None
    voided: bool


@dataclass(frozen=True)
class Period:
    """A stretch of one episode in one category, for the 903 and SSD returns."""

    start: datetime
    end: datetime | None
    code: str  # M or A


@dataclass(frozen=True)
class Interview:
    """The return interview of an episode, as far as the log tells."""

    due: datetime | None  # 72 hours after the return
    done_at: datetime | None
    offered: bool
    accepted: bool | None  # None: not known (not offered, or offered and not yet answered)
    note: str | None  # what was learnt, in the worker's words


@dataclass(frozen=True)
class EpisodeView:
    episode: Episode
    child: Child
    team: Team
    facts: tuple[LoggedFact, ...]  # the log's facts in order, voided ones marked
    audit: tuple[LoggedFact, ...]  # who was told what, hand-overs, undo
    tasks: tuple[TaskRecord, ...]

    @property
    def live(self) -> list[LoggedFact]:
        return [fact for fact in self.facts if not fact.voided]

    @property
    def withdrawn(self) -> bool:
        return self.episode.status == WITHDRAWN


def load_views(
    session: Session,
    since: datetime | None = None,
    until: datetime | None = None,
    *,
    child_ids: Sequence[int] | None = None,
) -> list[EpisodeView]:
    """The episodes overlapping [since, until], oldest first, with their logs and tasks."""
    episodes = extracts.episodes_overlapping(session, since, until, child_ids=child_ids)
    ids = [episode.id for episode in episodes]
    logs = extracts.log_rows_by_episode(session, ids)
    tasks = extracts.tasks_by_episode(session, ids)
    children = extracts.children_by_id(session, sorted({e.child_id for e in episodes}))
    teams = extracts.teams_by_id(session)
    views = []
    for episode in episodes:
        child = children[episode.child_id]
        facts, audit = split_log(logs.get(episode.id, []))
        views.append(
            EpisodeView(
                episode,
                child,
                teams[child.team_id],
                facts,
                audit,
                tuple(tasks.get(episode.id, [])),
            )
        )
    return views


def split_log(
    rows: Sequence[EpisodeEvent],
) -> tuple[tuple[LoggedFact, ...], tuple[LoggedFact, ...]]:
    """The log's facts (voided ones marked) and its audit entries."""
    voided = {int(i) for row in rows if row.type == RETRACTED for i in row.data.get("ids", [])}
    facts: list[LoggedFact] = []
    audit: list[LoggedFact] = []
    for row in rows:
        item = LoggedFact(
            row.id,
            row.type,
            row.at,
            row.recorded_at,
            row.actor_staff_id,
            dict(row.data or {}),
            row.text,
            row.id in voided,
        )
        (audit if row.type.startswith(AUDIT_PREFIX) else facts).append(item)
    return tuple(facts), tuple(audit)


def latest_risk(view: EpisodeView) -> str | None:
    """The latest grading, by the police or a recorded risk review."""
    graded = [f for f in view.live if f.type == RISK_ASSESSED and f.data.get("level")]
    return str(max(graded, key=lambda f: (f.at, f.id)).data["level"]) if graded else None


def immediate_danger(view: EpisodeView) -> str | None:
    """The carer's latest answer to "is the child in immediate danger?" (yes, no, unsure), in
    log order, undone answers left out (as storage.episodes.immediate_danger on the commands
    branch reads it)."""
    answers = [f for f in view.live if f.type == DANGER_ANSWERED and f.data.get("answer")]
    return str(answers[-1].data["answer"]) if answers else None


def notes(view: EpisodeView) -> list[str]:
    """What people said about the episode in their own words, in log order: news and sightings,
    concerns, what was noted when a task was done and why one was not needed. A concern naming
    several risk factors is logged once per factor; its words are listed once."""
    said: list[str] = []
    seen: set[tuple[str, datetime]] = set()
    for fact in view.live:
        words = _own_words(fact)
        if words and (words, fact.recorded_at) not in seen:
            seen.add((words, fact.recorded_at))
            said.append(words)
    return said


# Facts whose data are structured answers, not anyone's words. A fact of any other type (a note
# type added later, say) contributes its "text" or "note".
_STRUCTURED = frozenset(
    {"missing", "reported_to_police", RISK_ASSESSED, CATEGORY_CHANGED, "deadline_set",
     "returned", "found", DANGER_ANSWERED}
)
_WORDS_KEY = {NEW_INFORMATION: "text", CONCERN: "text", TASK_DONE: "note",
              TASK_NOT_REQUIRED: "reason"}


def _own_words(fact: LoggedFact) -> str | None:
    if fact.type in _STRUCTURED:
        return None
    key = _WORDS_KEY.get(fact.type)
    raw = fact.data.get(key) if key else (fact.data.get("text") or fact.data.get("note"))
    value = str(raw or "").strip()
    return value or None


def places(view: EpisodeView) -> list[str]:
    """Places named in sightings, updates and returns, as recorded (the NLU's location)."""
    return [
        str(f.data["location"]).strip()
        for f in view.live
        if f.data.get("location") and str(f.data["location"]).strip()
    ]


def category_periods(view: EpisodeView) -> list[Period]:
    """The episode split where it changed between missing (M) and away (A); consecutive
    categories with the same code are one period. The last period ends at the return."""
    opening = next((f for f in view.live if f.type == "missing"), None)
    first = str(opening.data.get("category")) if opening else view.episode.category
    changes = sorted(
        (f for f in view.live if f.type == CATEGORY_CHANGED and f.data.get("category")),
        key=lambda f: (f.at, f.id),
    )
    points = [(view.episode.started_at, code_of(first))]
    end = view.episode.returned_at
    for change in changes:
        if end is not None and change.at >= end:
            continue  # recorded after the return: the child was no longer away
        at = max(change.at, view.episode.started_at)
        code = code_of(str(change.data["category"]))
        if code != points[-1][1]:
            points.append((at, code))
    periods = []
    for index, (start, code) in enumerate(points):
        stop = points[index + 1][0] if index + 1 < len(points) else end
        periods.append(Period(start, stop, code))
    return periods


def code_of(category: str) -> str:
    return "A" if category in AWAY_CATEGORIES else "M"


def interview(view: EpisodeView) -> Interview:
    """Whether a return interview was offered and accepted, and when it was done.

    Offered: it was requested, done, or recorded as not needed because the child declined.
    Accepted: done (yes) or declined (no); otherwise not known."""
    returned = view.episode.returned_at
    task = next((t for t in view.tasks if t.code == RETURN_INTERVIEW and t.done_at), None)
    task = task or next((t for t in view.tasks if t.code == RETURN_INTERVIEW), None)
    requested = any(a.type == INTERVIEW_REQUESTED for a in view.audit)
    declined = any(
        f.type == TASK_NOT_REQUIRED
        and f.data.get("code") == RETURN_INTERVIEW
        and any(word in str(f.data.get("reason", "")).lower() for word in _DECLINED_WORDS)
        for f in view.live
    )
    done_at = task.done_at if task and task.status == "done" else None
    accepted: bool | None = True if done_at else (False if declined else None)
    return Interview(
        due=returned + INTERVIEW_LIMIT if returned else None,
        done_at=done_at,
        offered=requested or done_at is not None or declined,
        accepted=accepted,
        note=task.note if task and done_at else None,
    )


def staff_reference(staff: dict[int, Staff], staff_id: int | None) -> str | int | None:
    """The authority's own id for a member of staff where known, else the internal id."""
    if staff_id is None:
        return None
    person = staff.get(staff_id)
    return person.external_id if person is not None and person.external_id else staff_id


def child_reference(child: Child) -> str | int:
    return child.external_id or child.id


def child_name(child: Child) -> str:
    return f"{child.preferred_name or child.given_name} {child.family_name}"
