"""Episodes and their append-only event log.

The log is the record (essex appendix 4: changes are transitions, never overwrites). The episode's
own columns and the category/risk history tables are derived from it as each event is appended,
so screens and queries need not replay the log.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from protocols.facts import ChildFacts, Event, EventType
from protocols.vocabulary import Category, LegalStatus, ReturnHow, RiskLevel
from storage.errors import EpisodeAlreadyOpen, EpisodeClosed, get_row
from storage.models import (
    Child,
    Episode,
    EpisodeCategoryChange,
    EpisodeEvent,
    EpisodeRiskAssessment,
)

OPEN = "open"
AUDIT_PREFIX = "audit:"
RETRACTED = "retracted"
WITHDRAWN = "withdrawn"  # an episode whose opening was undone: recorded in error
CLOSED = "closed"
ASSESSORS = frozenset({"police", "carer"})


def iso(instant: datetime) -> str:
    return instant.astimezone(UTC).isoformat().replace("+00:00", "Z")


def get_episode(session: Session, episode_id: int) -> Episode:
    return get_row(session, Episode, episode_id)


def open_episode_for_child(session: Session, child_id: int) -> Episode | None:
    return session.scalars(
        select(Episode).where(Episode.child_id == child_id, Episode.status == OPEN)
    ).one_or_none()


def open_episode(
    session: Session,
    child_id: int,
    started_at: datetime,
    recorded_at: datetime,
    recorded_by: int | None,
    category: Category | str = Category.MISSING,
) -> Episode:
    """Start the child's next episode and log its `missing` event. `started_at` is last seen /
    expected back (the protocol clock); `recorded_at` is when we were told."""
    get_row(session, Child, child_id)
    if open_episode_for_child(session, child_id) is not None:
        raise EpisodeAlreadyOpen(f"child {child_id} already has an open episode")
    value = Category(category).value
    previous = session.scalar(select(func.max(Episode.number)).where(Episode.child_id == child_id))
    episode = Episode(
        child_id=child_id,
        number=(previous or 0) + 1,
        status=OPEN,
        category=value,
        started_at=started_at,
        recorded_at=recorded_at,
        recorded_by_id=recorded_by,
    )
    session.add(episode)
    session.flush()
    data = {"category": value, "recorded_at": iso(recorded_at)}
    started = Event(started_at, EventType.MISSING, data)
    _log(session, episode.id, started, recorded_by, None, recorded_at)
    return episode


def append_event(
    session: Session,
    episode_id: int,
    event: Event,
    actor_staff_id: int | None,
    text: str | None = None,
    *,
    now: datetime,
) -> EpisodeEvent:
    """Add `event` to the episode's log and bring the episode's derived columns up to date.
    `now` is when it was recorded, which may be well after `event.at`."""
    episode = get_episode(session, episode_id)
    if event.type is EventType.MISSING:
        raise ValueError("an episode starts once: use open_episode")
    derive = _DERIVED.get(event.type)
    if derive is not None:
        # Derive before logging so a malformed event leaves no trace in the log either.
        derive(session, episode, event, actor_staff_id, now)
    return _log(session, episode_id, event, actor_staff_id, text, now)


def episode_events(session: Session, episode_id: int) -> list[Event]:
    """The facts in time order; events at the same instant keep the order they were recorded."""
    return [_as_event(row) for row in fact_rows(session, episode_id)]


def fact_rows(
    session: Session, episode_id: int, rows: Iterable[EpisodeEvent] | None = None
) -> list[EpisodeEvent]:
    """The episode's facts in time order: audit entries and retracted (undone) facts left out."""
    if rows is None:
        rows = session.scalars(
            select(EpisodeEvent)
            .where(EpisodeEvent.episode_id == episode_id)
            .order_by(EpisodeEvent.at, EpisodeEvent.id)
        )
    gone = retracted_ids(session, episode_id)
    # Audit entries (reminders sent, acknowledgements, hand-overs) share the log but are not
    # facts the protocol reasons about.
    return [r for r in rows if not r.type.startswith(AUDIT_PREFIX) and r.id not in gone]


def immediate_danger(session: Session, episode_id: int) -> str | None:
    """The carer's latest answer to "is the child in immediate danger?" (yes / no / unsure),
    undone answers left out; None when it was never answered."""
    answers = [
        r.data.get("answer")
        for r in fact_rows(session, episode_id)
        if r.type == EventType.DANGER_ANSWERED
    ]
    return str(answers[-1]) if answers else None


def retracted_ids(session: Session, episode_id: int) -> set[int]:
    """Facts someone undid. The log keeps them (append-only); an audit entry says they're void."""
    return {
        int(i) for entry in audit_log(session, episode_id, RETRACTED) for i in entry.data["ids"]
    }


def _as_event(row: EpisodeEvent) -> Event:
    return Event(row.at, EventType(row.type), {k: str(v) for k, v in row.data.items()})


def log_audit(
    session: Session,
    episode_id: int,
    kind: str,
    data: dict[str, Any],
    actor_staff_id: int | None,
    *,
    now: datetime,
    text: str | None = None,
) -> EpisodeEvent:
    """Record who was told what, or who did what with a task, in the episode's log so an audit
    can replay it. Stored as type `audit:<kind>`; the engine never sees these."""
    if not kind or kind.startswith(AUDIT_PREFIX):
        raise ValueError(f"audit kind must be a plain word, not {kind!r}")
    row = EpisodeEvent(
        episode_id=get_episode(session, episode_id).id,
        at=now,
        recorded_at=now,
        type=AUDIT_PREFIX + kind,
        data=dict(data),
        actor_staff_id=actor_staff_id,
        text=text,
        to_staff_id=_addressee(data),
    )
    session.add(row)
    session.flush()
    return row


def _addressee(data: dict[str, Any]) -> int | None:
    """The person an entry was addressed to, kept in its own indexed column (notices)."""
    target = data.get("to_staff_id")
    return target if isinstance(target, int) and not isinstance(target, bool) else None


def audit_log(session: Session, episode_id: int, kind: str | None = None) -> list[EpisodeEvent]:
    """The episode's audit entries in order, optionally of one kind."""
    query = select(EpisodeEvent).where(EpisodeEvent.episode_id == episode_id)
    if kind is None:
        query = query.where(EpisodeEvent.type.startswith(AUDIT_PREFIX))
    else:
        query = query.where(EpisodeEvent.type == AUDIT_PREFIX + kind)
    return list(session.scalars(query.order_by(EpisodeEvent.at, EpisodeEvent.id)))


def category_history(session: Session, episode_id: int) -> list[EpisodeCategoryChange]:
    return list(
        session.scalars(
            select(EpisodeCategoryChange)
            .where(EpisodeCategoryChange.episode_id == episode_id)
            .order_by(EpisodeCategoryChange.at, EpisodeCategoryChange.id)
        )
    )


def risk_history(session: Session, episode_id: int) -> list[EpisodeRiskAssessment]:
    return list(
        session.scalars(
            select(EpisodeRiskAssessment)
            .where(EpisodeRiskAssessment.episode_id == episode_id)
            .order_by(EpisodeRiskAssessment.at, EpisodeRiskAssessment.id)
        )
    )


def child_facts(session: Session, child_id: int, episode_id: int | None = None) -> ChildFacts:
    """What the engine needs to know about the child. previous_episodes are the starts of the
    child's episodes strictly before `episode_id`'s start (all of them when it is None)."""
    child = get_row(session, Child, child_id)
    # A withdrawn episode was recorded in error: it never counts towards repeat episodes.
    query = select(Episode.started_at).where(
        Episode.child_id == child_id, Episode.status != WITHDRAWN
    )
    if episode_id is not None:
        episode = get_episode(session, episode_id)
        if episode.child_id != child_id:
            raise ValueError(f"episode {episode_id} is not child {child_id}'s")
        query = query.where(Episode.id != episode_id, Episode.started_at < episode.started_at)
    return ChildFacts(
        legal_status=LegalStatus(child.legal_status),
        flags=frozenset(child.flags),
        date_of_birth=child.date_of_birth,
        arrived_in_uk=child.arrived_in_uk,
        previous_episodes=tuple(session.scalars(query.order_by(Episode.started_at))),
        placement=child.placement_type,
    )


def _log(
    session: Session,
    episode_id: int,
    event: Event,
    actor_staff_id: int | None,
    text: str | None,
    recorded_at: datetime,
) -> EpisodeEvent:
    row = EpisodeEvent(
        episode_id=episode_id,
        at=event.at,
        recorded_at=recorded_at,
        type=event.type.value,
        data=dict(event.data),
        actor_staff_id=actor_staff_id,
        text=text,
    )
    session.add(row)
    session.flush()
    return row


def rederive(session: Session, episode: Episode) -> None:
    """Rebuild the episode's derived columns and history tables from its facts, after a fact was
    retracted. Only projections are rebuilt; the log itself is never changed."""
    for model in (EpisodeCategoryChange, EpisodeRiskAssessment):
        for row in session.scalars(select(model).where(model.episode_id == episode.id)):
            session.delete(row)
    session.flush()
    facts = fact_rows(session, episode.id)
    opening = next((r for r in facts if r.type == EventType.MISSING), None)
    if opening is None:
        raise ValueError(f"episode {episode.id} has no opening fact: withdraw it instead")
    episode.category = str(opening.data.get("category", episode.category))
    episode.status = OPEN
    episode.reported_at = episode.police_reference = episode.risk_level = None
    episode.returned_at = episode.return_how = episode.closed_at = None
    session.flush()
    for row in facts:
        derive = _DERIVED.get(EventType(row.type))
        if derive is not None:
            derive(session, episode, _as_event(row), row.actor_staff_id, row.recorded_at)
    session.flush()


def _required(event: Event, key: str) -> str:
    value = event.get(key)
    if not value:
        raise ValueError(f"{event.type} event needs data[{key!r}]")
    return value


def _reported(
    session: Session, episode: Episode, event: Event, actor: int | None, now: datetime
) -> None:
    # Reported twice (a second force, a re-report): the clock that matters is the first report.
    if episode.reported_at is None or event.at < episode.reported_at:
        episode.reported_at = event.at
    reference = event.get("police_reference")
    if reference:
        episode.police_reference = reference


def _category_changed(
    session: Session, episode: Episode, event: Event, actor: int | None, now: datetime
) -> None:
    to = Category(_required(event, "category")).value
    history = category_history(session, episode.id)
    # Backfilled changes are placed at their own instant, not after the latest one.
    before = [change for change in history if change.at <= event.at]
    was = before[-1].to_category if before else _initial_category(session, episode)
    change = EpisodeCategoryChange(
        episode_id=episode.id, at=event.at, from_category=was, to_category=to, by_id=actor
    )
    session.add(change)
    session.flush()
    episode.category = category_history(session, episode.id)[-1].to_category


def _initial_category(session: Session, episode: Episode) -> str:
    data = session.scalar(
        select(EpisodeEvent.data)
        .where(EpisodeEvent.episode_id == episode.id, EpisodeEvent.type == EventType.MISSING)
        .order_by(EpisodeEvent.id)
        .limit(1)
    )
    return str((data or {}).get("category", episode.category))


def _risk_assessed(
    session: Session, episode: Episode, event: Event, actor: int | None, now: datetime
) -> None:
    level = RiskLevel(_required(event, "level")).value
    assessor = event.get("assessor") or "police"
    if assessor not in ASSESSORS:
        raise ValueError(f"risk assessor must be one of {sorted(ASSESSORS)}, not {assessor!r}")
    session.add(
        EpisodeRiskAssessment(
            episode_id=episode.id, at=event.at, level=level, assessor=assessor, by_id=actor
        )
    )
    session.flush()
    # The episode's risk level is the police grading; the carer's view stays in the history.
    police = [row for row in risk_history(session, episode.id) if row.assessor == "police"]
    if police:
        episode.risk_level = police[-1].level


def _ended(
    session: Session, episode: Episode, event: Event, actor: int | None, now: datetime
) -> None:
    if episode.status == CLOSED:
        raise EpisodeClosed(f"episode {episode.id} already ended at {episode.returned_at}")
    default = ReturnHow.FOUND.value if event.type is EventType.FOUND else None
    how = event.get("how") or default
    episode.return_how = ReturnHow(how).value if how else None
    episode.returned_at = event.at
    episode.status = CLOSED
    episode.closed_at = now


_DERIVED = {
    EventType.REPORTED_TO_POLICE: _reported,
    EventType.CATEGORY_CHANGED: _category_changed,
    EventType.RISK_ASSESSED: _risk_assessed,
    EventType.RETURNED: _ended,
    EventType.FOUND: _ended,
}
