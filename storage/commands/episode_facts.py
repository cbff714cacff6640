"""Commands for the facts of an episode: opened, the danger answer, the police report and
grading, the category, concerns, notes, the return, an agreed deadline.

Each one checks the person and the input first (nothing is written when a check fails), then
appends the fact to the log, refreshes the episode's tasks and flushes. The caller commits, so
the fact, its tasks and the reply's other writes land in one transaction."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocols.facts import Event, EventType
from protocols.vocabulary import RISK_FACTORS, Category, ReturnHow, RiskLevel
from storage.commands import checks
from storage.commands.results import Opened, Recorded, Undone
from storage.episodes import ASSESSORS, CLOSED, OPEN, WITHDRAWN, append_event, open_episode
from storage.errors import EpisodeAlreadyOpen, ImplausibleTime, InvalidInput
from storage.event_notices import BACK, GRADED_HIGH, MISSING, record_event_notices
from storage.models import Child, Episode, EpisodeEvent
from storage.policy import Action
from storage.tasks import refresh_tasks
from storage.undo import undo


class DangerAnswer(StrEnum):
    YES = "yes"
    NO = "no"
    UNSURE = "unsure"


_CARER_HIGH = {"level": RiskLevel.HIGH.value, "assessor": "carer"}


class NotGivenYet(StrEnum):
    """Said explicitly: the police have not given a reference yet (not the same as none)."""

    NOT_GIVEN_YET = "not_given_yet"


NOT_GIVEN_YET = NotGivenYet.NOT_GIVEN_YET


def open_report(
    session: Session,
    actor_staff_id: int,
    child_id: int,
    *,
    last_seen: datetime,
    now: datetime,
    category: Category | str = Category.MISSING,
    text: str | None = None,
) -> Opened:
    """The child is missing (or absent…) since `last_seen` (last seen / expected back)."""
    staff = checks.acting_staff(session, actor_staff_id)
    child = checks.row(session, Child, child_id)
    if child is None:
        raise InvalidInput("child", f"no child {child_id}")
    checks.check_may(session, staff, Action.RECORD, child)
    value = _category(category)
    said = checks.words("text", text) if text else None
    checks.in_the_past("last_seen", last_seen, now)
    if last_seen < now - checks.MAX_BACKDATE:
        raise ImplausibleTime("last_seen", f"more than {checks.MAX_BACKDATE.days} days ago")
    previous = session.scalar(
        select(Episode.returned_at)
        .where(Episode.child_id == child_id, Episode.status == CLOSED)
        .order_by(Episode.returned_at.desc())
        .limit(1)
    )
    if previous is not None and last_seen < previous:
        raise ImplausibleTime("last_seen", "before the child's previous return")
    if session.scalar(
        select(Episode.id).where(Episode.child_id == child_id, Episode.status == OPEN)
    ):
        raise EpisodeAlreadyOpen(f"child {child_id} already has an open episode")
    episode = open_episode(session, child_id, last_seen, now, staff.id, value)
    opening = session.scalars(
        select(EpisodeEvent).where(EpisodeEvent.episode_id == episode.id).limit(1)
    ).one()
    if said:
        opening.text = said
    refresh_tasks(session, episode.id, now)
    record_event_notices(session, episode, opening.id, MISSING, staff.id, now)  # who to tell
    return Opened(episode.id, opening.id, episode.number, last_seen)


def record_danger_answer(
    session: Session,
    actor_staff_id: int,
    episode_id: int,
    answer: DangerAnswer | str,
    *,
    now: datetime,
    text: str | None = None,
) -> Recorded:
    """ "Is the child in immediate danger?" answered yes, no or unsure. A yes is also the
    carer's own grading of high risk (the deadlines that follow high risk apply at once); a no
    or unsure is kept in the log and changes no deadline. A later answer is a new fact."""
    staff = checks.acting_staff(session, actor_staff_id)
    episode = checks.episode_for(session, staff, episode_id, Action.RECORD)
    _still_open(episode)
    try:
        value = DangerAnswer(answer)
    except ValueError:
        raise InvalidInput("answer", f"expected yes, no or unsure, got {answer!r}") from None
    if value is DangerAnswer.YES:
        # Logged before the answer, so "undo" offers the answer and takes back both.
        grading = Event(now, EventType.RISK_ASSESSED, _CARER_HIGH)
        append_event(session, episode.id, grading, staff.id, text, now=now)
    event = Event(now, EventType.DANGER_ANSWERED, {"answer": value.value})
    row = append_event(session, episode.id, event, staff.id, text, now=now)
    refresh_tasks(session, episode.id, now)
    return Recorded(episode.id, row.id)


def record_police_report(
    session: Session,
    actor_staff_id: int,
    episode_id: int,
    reference: str | NotGivenYet,
    *,
    now: datetime,
    at: datetime | None = None,
    text: str | None = None,
) -> Recorded:
    """Reported to the police at `at` (default now), with their reference or NOT_GIVEN_YET."""
    staff = checks.acting_staff(session, actor_staff_id)
    episode = checks.episode_for(session, staff, episode_id, Action.RECORD)
    when = checks.during_episode("at", at or now, episode, now)
    _before_the_end(episode, when)
    if isinstance(reference, NotGivenYet):
        data = {"reference": NOT_GIVEN_YET.value}
    else:
        data = {"police_reference": checks.police_reference(reference)}
    return _append(
        session, episode, Event(when, EventType.REPORTED_TO_POLICE, data), staff.id, text, now
    )


def record_risk_grading(
    session: Session,
    actor_staff_id: int,
    episode_id: int,
    level: RiskLevel | str,
    *,
    now: datetime,
    assessor: str = "police",
    at: datetime | None = None,
    text: str | None = None,
) -> Recorded:
    """The risk graded high / medium / low, by the police or (their own view) the carer."""
    staff = checks.acting_staff(session, actor_staff_id)
    episode = checks.episode_for(session, staff, episode_id, Action.RECORD)
    try:
        value = RiskLevel(level).value
    except ValueError:
        raise InvalidInput("level", f"expected high, medium or low, got {level!r}") from None
    if assessor not in ASSESSORS:
        raise InvalidInput("assessor", f"expected one of {sorted(ASSESSORS)}, got {assessor!r}")
    when = checks.during_episode("at", at or now, episode, now)
    data = {"level": value, "assessor": assessor}
    was = episode.risk_level  # the police's grading so far
    recorded = _append(
        session, episode, Event(when, EventType.RISK_ASSESSED, data), staff.id, text, now
    )
    if assessor == "police" and value == RiskLevel.HIGH.value and was != value:
        record_event_notices(session, episode, recorded.event_id, GRADED_HIGH, staff.id, now)
    return recorded


def change_category(
    session: Session,
    actor_staff_id: int,
    episode_id: int,
    category: Category | str,
    *,
    now: datetime,
    text: str | None = None,
) -> Recorded:
    """The episode is now `category` (e.g. whereabouts known: absent)."""
    staff = checks.acting_staff(session, actor_staff_id)
    episode = checks.episode_for(session, staff, episode_id, Action.RECORD)
    _still_open(episode)
    value = _category(category)
    if value == episode.category:
        raise InvalidInput("category", f"the episode is already {value}")
    event = Event(now, EventType.CATEGORY_CHANGED, {"category": value})
    return _append(session, episode, event, staff.id, text, now)


def record_concern(
    session: Session,
    actor_staff_id: int,
    episode_id: int,
    factor: str,
    words: str,
    *,
    now: datetime,
) -> Recorded:
    """A risk factor disclosed (cse, drugs, weapon…), with the words that disclosed it."""
    staff = checks.acting_staff(session, actor_staff_id)
    episode = checks.episode_for(session, staff, episode_id, Action.RECORD)
    if factor not in RISK_FACTORS:
        raise InvalidInput("factor", f"expected one of {', '.join(sorted(RISK_FACTORS))}")
    said = checks.words("words", words)
    event = Event(now, EventType.CONCERN, {"factor": factor, "text": said})
    return _append(session, episode, event, staff.id, said, now)


def record_note(
    session: Session,
    actor_staff_id: int,
    episode_id: int,
    words: str,
    *,
    now: datetime,
    source: str | None = None,
    kind: str | None = None,
    details: dict[str, str] | None = None,
) -> Recorded:
    """The person's own words kept on the episode (what he took, a sighting, "phone off").
    `source` names the checklist item it answers, `kind` what it is (e.g. "sighting"),
    `details` what was read from it (location, person). Changes no deadline."""
    staff = checks.acting_staff(session, actor_staff_id)
    episode = checks.episode_for(session, staff, episode_id, Action.RECORD)
    said = checks.words("words", words)
    data = {k: str(v) for k, v in (details or {}).items() if k not in ("text", "source", "kind")}
    data["text"] = said
    for key, value in (("source", source), ("kind", kind)):
        if value:
            data[key] = value
    event = Event(now, EventType.NEW_INFORMATION, data)
    return _append(session, episode, event, staff.id, said, now)


def record_return(
    session: Session,
    actor_staff_id: int,
    episode_id: int,
    *,
    at: datetime,
    now: datetime,
    how: ReturnHow | str | None = None,
    text: str | None = None,
) -> Recorded:
    """The child came back at `at`; `how` (own accord, police, carer…) or None when not known."""
    return _end(session, actor_staff_id, episode_id, EventType.RETURNED, at, now, how, text)


def record_found(
    session: Session,
    actor_staff_id: int,
    episode_id: int,
    *,
    at: datetime,
    now: datetime,
    how: ReturnHow | str | None = None,
    text: str | None = None,
) -> Recorded:
    """The child was found at `at` (by the police, the carer…)."""
    return _end(session, actor_staff_id, episode_id, EventType.FOUND, at, now, how, text)


def _end(
    session: Session,
    actor_staff_id: int,
    episode_id: int,
    kind: EventType,
    at: datetime,
    now: datetime,
    how: ReturnHow | str | None,
    text: str | None,
) -> Recorded:
    staff = checks.acting_staff(session, actor_staff_id)
    episode = checks.episode_for(session, staff, episode_id, Action.RECORD)
    _still_open(episode)
    when = checks.during_episode("at", at, episode, now)
    data: dict[str, str] = {}
    if how is not None:
        try:
            data["how"] = ReturnHow(how).value
        except ValueError:
            raise InvalidInput("how", f"expected one of {[h.value for h in ReturnHow]}") from None
    recorded = _append(session, episode, Event(when, kind, data), staff.id, text, now)
    record_event_notices(session, episode, recorded.event_id, BACK, staff.id, now)
    return recorded


def _append(
    session: Session, episode: Episode, event: Event, actor: int, text: str | None, now: datetime
) -> Recorded:
    row = append_event(session, episode.id, event, actor, text, now=now)
    refresh_tasks(session, episode.id, now)
    return Recorded(episode.id, row.id)


def _still_open(episode: Episode) -> None:
    if episode.status != OPEN:
        raise InvalidInput("episode", f"episode {episode.id} has ended")


def _before_the_end(episode: Episode, when: datetime) -> None:
    # Told after the return that the police were called while he was away: that is true; a
    # report dated after the return is not (the engine would refuse the log).
    if episode.status != OPEN and (episode.returned_at is None or when > episode.returned_at):
        raise ImplausibleTime("at", "after the child came back")


def _category(category: Category | str) -> str:
    try:
        return Category(category).value
    except ValueError:
        raise InvalidInput("category", f"unknown category {category!r}") from None


def undo_fact(session: Session, actor_staff_id: int, event_id: int, *, now: datetime) -> Undone:
    """Take back the person's own most recent fact, within the undo window (storage.undo):
    the log keeps it with an audit entry voiding it, and the tasks are recomputed without it."""
    staff = checks.acting_staff(session, actor_staff_id)
    row = checks.row(session, EpisodeEvent, event_id)
    if row is None:
        raise InvalidInput("event", f"no fact {event_id}")
    try:
        episode = undo(session, event_id, staff.id, now, also=_recorded_with(session, row))
    except ValueError as refused:
        raise InvalidInput("event", str(refused)) from None
    withdrawn = episode.status == WITHDRAWN
    if not withdrawn:
        refresh_tasks(session, episode.id, now)
    return Undone(episode.id, withdrawn)


def _recorded_with(session: Session, row: EpisodeEvent) -> list[int]:
    """Facts one answer wrote together: a "yes, in danger" is also the carer's high grading."""
    if row.type != EventType.DANGER_ANSWERED or row.data.get("answer") != DangerAnswer.YES:
        return []
    paired = session.scalars(
        select(EpisodeEvent).where(
            EpisodeEvent.episode_id == row.episode_id,
            EpisodeEvent.actor_staff_id == row.actor_staff_id,
            EpisodeEvent.recorded_at == row.recorded_at,
            EpisodeEvent.type == EventType.RISK_ASSESSED.value,
            EpisodeEvent.id < row.id,
        )
    )
    return [r.id for r in paired if r.data == _CARER_HIGH][-1:]
