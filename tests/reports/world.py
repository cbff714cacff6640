"""Generated data for the report tests, recorded through storage's own functions (invented
names only). Times are chosen around the clock changes of 2026 (29 March, 25 October)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from bot.cli import main
from protocols.facts import Event, EventType
from protocols.vocabulary import Flag, LegalStatus, Role
from storage.db import make_engine, make_session_factory, migrate
from storage.episodes import append_event, log_audit, open_episode
from storage.models import Child, EpisodeEvent
from storage.people import create_child, create_staff, create_team, link_carer
from storage.reads import log_read
from storage.tasks import refresh_tasks

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Org:
    team: int
    other_team: int
    manager: int
    worker: int
    carer: int
    provider: int
    looked_after: int  # Ada Quill, external id C1001
    in_need: int  # Bo Fenwick, child in need, no external id
    other: int  # Cy Holt, the other team's looked-after child, C2001


def build_org(session: Session) -> Org:
    team = create_team(session, "Northgate", "staffordshire").id
    other_team = create_team(session, "Southmere", "essex").id
    manager = create_staff(session, "Wren Osei", Role.TEAM_MANAGER, now=T0, team_id=team)
    worker = create_staff(
        session, "Ivo Petrak", Role.SOCIAL_WORKER, now=T0, team_id=team, line_manager_id=manager.id
    )
    carer = create_staff(session, "Fen Adair", Role.CARER, now=T0, team_id=team)
    provider = create_staff(session, "Lark Ismay", Role.RETURN_INTERVIEW_PROVIDER, now=T0,
                            team_id=team)
    other_worker = create_staff(session, "Moss Tarrant", Role.SOCIAL_WORKER, now=T0,
                                team_id=other_team)
    manager.external_id, worker.external_id, carer.external_id = "S100", "S101", "S102"
    looked_after = create_child(
        session, "Ada", "Quill", LegalStatus.LOOKED_AFTER, team, flags=[Flag.CSE_RISK],
        date_of_birth=date(2011, 6, 15), allocated_social_worker_id=worker.id,
        placement_type="foster", description="Slight, brown hair, green parka",
        usual_places="Bus station; Carrow retail park",
    )
    looked_after.external_id = "C1001"
    in_need = create_child(
        session, "Bo", "Fenwick", LegalStatus.CHILD_IN_NEED, team,
        date_of_birth=date(2012, 2, 1), allocated_social_worker_id=worker.id,
    )
    other = create_child(
        session, "Cy", "Holt", LegalStatus.LOOKED_AFTER, other_team,
        date_of_birth=date(2010, 9, 9), allocated_social_worker_id=other_worker.id,
    )
    other.external_id = "C2001"
    for child in (looked_after, in_need):
        link_carer(session, child.id, carer.id)
    session.flush()
    return Org(team, other_team, manager.id, worker.id, carer.id, provider.id,
               looked_after.id, in_need.id, other.id)


def episode(
    session: Session,
    child_id: int,
    start: datetime,
    *,
    by: int | None,
    category: str = "missing",
    facts: tuple[tuple[timedelta, EventType, dict[str, str]], ...] = (),
    returned_after: timedelta | None = None,
    now: datetime | None = None,
) -> int:
    """An episode opened `start` (recorded 30 minutes later), its facts at offsets from the
    start, an optional return, and its tasks refreshed as the product would."""
    recorded = start + timedelta(minutes=30)
    row = open_episode(session, child_id, start, recorded, by, category)
    for offset, kind, data in facts:
        at = start + offset
        text = data.get("text")
        append_event(session, row.id, Event(at, kind, data), by, text, now=max(at, recorded))
    if returned_after is not None:
        back = start + returned_after
        append_event(session, row.id, Event(back, EventType.RETURNED, {"how": "own_accord"}), by,
                     now=back)
    refresh_tasks(session, row.id, now or (start + (returned_after or timedelta(0))
                                            + timedelta(days=10)))
    return row.id


def danger_answer(session: Session, episode_id: int, answer: str, at: datetime, by: int) -> None:
    """The carer's answer to the guided danger question. Branch i11-commands adds the command
    and EventType.DANGER_ANSWERED; until then the row is written as that command writes it."""
    session.add(EpisodeEvent(episode_id=episode_id, at=at, recorded_at=at, type="danger_answered",
                             data={"answer": answer}, actor_staff_id=by, text=answer))
    session.flush()


def request_interview(session: Session, episode_id: int, by: int, at: datetime) -> None:
    log_audit(session, episode_id, "return_interview_requested",
              {"provider_role": "return_interview_provider"}, by, now=at)


def read(session: Session, staff_id: int, child_id: int, at: datetime, what: str) -> None:
    log_read(session, staff_id, child_id, what, now=at)


def external(child: Child) -> str:
    return child.external_id or str(child.id)


def info(text: str, **extra: Any) -> dict[str, str]:
    return {"text": text, **{k: str(v) for k, v in extra.items()}}


@dataclass(frozen=True)
class Year:
    """The episodes of a collection year (1 April 2026 to 31 March 2027) and its edges."""

    org: Org
    spring: int  # Ada, 31 March 23:00 BST to 1 April: begins before the year
    autumn: int  # Ada, away then missing across the October clock change
    withdrawn: int  # Ada, recorded in error and undone
    year_end: int  # Ada, still away when the year ends, back in April
    open_now: int  # Cy, never returned
    in_need: int  # Bo, a child in need: not in the 903


SPRING_CHANGE = datetime(2026, 3, 29, 23, 30, tzinfo=UTC)  # 00:30 BST on 30 March


def populate(session: Session) -> Year:
    from storage.undo import undo

    org = build_org(session)
    carer, worker = org.carer, org.worker
    episode(session, org.looked_after, SPRING_CHANGE, by=carer, returned_after=timedelta(hours=10))
    spring = episode(
        session, org.looked_after, datetime(2026, 3, 31, 22, 0, tzinfo=UTC), by=carer,
        facts=(
            (timedelta(hours=1), EventType.REPORTED_TO_POLICE, {"police_reference": "SP-0401-7"}),
            (timedelta(hours=2), EventType.RISK_ASSESSED, {"level": "medium"}),
            (timedelta(hours=3), EventType.NEW_INFORMATION,
             info("seen at the bus station with an older lad", location="Bus station")),
            (timedelta(hours=4), EventType.CONCERN,
             {"factor": "cse", "text": "got into a car with a man she calls Dee"}),
            (timedelta(hours=4), EventType.CONCERN,
             {"factor": "older_adult", "text": "got into a car with a man she calls Dee"}),
            (timedelta(hours=5), EventType.RISK_ASSESSED, {"level": "high"}),
        ),
        returned_after=timedelta(hours=11),
    )
    back = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
    request_interview(session, spring, worker, back + timedelta(hours=2))
    done = Event(back + timedelta(hours=50), EventType.TASK_DONE,
                 {"code": "return_interview", "note": "said she went to Dee's flat in Carrow"})
    append_event(session, spring, done, org.provider, now=back + timedelta(hours=50))
    refresh_tasks(session, spring, back + timedelta(days=10))
    # Written after the last refresh: this branch's engine does not know the event type yet.
    danger_answer(session, spring, "no", datetime(2026, 3, 31, 22, 35, tzinfo=UTC), carer)
    danger_answer(session, spring, "unsure", datetime(2026, 3, 31, 23, 10, tzinfo=UTC), carer)

    autumn_start = datetime(2026, 10, 24, 23, 30, tzinfo=UTC)  # 00:30 BST, 25 October
    autumn = episode(
        session, org.looked_after, autumn_start, by=carer, category="away_without_authorisation",
        facts=(
            (timedelta(hours=3), EventType.CATEGORY_CHANGED, {"category": "missing"}),
            (timedelta(hours=6), EventType.NEW_INFORMATION,
             info("friend says she is at Carrow retail park", location="Carrow retail park")),
        ),
        returned_after=timedelta(hours=26),  # 01:30 GMT on 26 October
    )
    not_needed = Event(autumn_start + timedelta(hours=40), EventType.TASK_NOT_REQUIRED,
                       {"code": "return_interview", "reason": "Ada declined the interview"})
    append_event(session, autumn, not_needed, worker, now=autumn_start + timedelta(hours=40))
    refresh_tasks(session, autumn, autumn_start + timedelta(days=10))

    error_at = datetime(2026, 11, 10, 20, 0, tzinfo=UTC)
    wrong = open_episode(session, org.looked_after, error_at, error_at, carer)
    opening = session.query(EpisodeEvent).filter_by(episode_id=wrong.id).one()
    undo(session, opening.id, carer, error_at + timedelta(minutes=1))

    year_end = episode(
        session, org.looked_after, datetime(2027, 3, 30, 20, 0, tzinfo=UTC), by=carer,
        facts=(
            (timedelta(hours=2), EventType.REPORTED_TO_POLICE, {"police_reference": "SP-0330-1"}),
        ),
        returned_after=timedelta(days=3),
    )
    open_now = episode(session, org.other, datetime(2027, 2, 1, 22, 0, tzinfo=UTC), by=None,
                       now=datetime(2027, 2, 3, tzinfo=UTC))
    in_need = episode(session, org.in_need, datetime(2026, 6, 1, 21, 0, tzinfo=UTC), by=carer,
                      returned_after=timedelta(hours=5))
    read(session, worker, org.looked_after, datetime(2026, 4, 1, 10, 0, tzinfo=UTC), "status")
    read(session, org.manager, org.looked_after, datetime(2026, 4, 2, 8, 0, tzinfo=UTC),
         "weekly summary")
    session.flush()
    return Year(org, spring, autumn, wrong.id, year_end, open_now, in_need)


def database_file(tmp_path: Path) -> tuple[Path, Year]:
    """A migrated SQLite file holding the generated year, for the commands."""
    path = tmp_path / "homeward.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    with make_session_factory(engine)() as session:
        year = populate(session)
        session.commit()
    engine.dispose()
    return path, year


def exit_code(argv: list[str]) -> int:
    """The code `homeward` exits with, whether argparse or the handler refused."""
    try:
        return main(argv)
    except SystemExit as stopped:
        return int(stopped.code or 0)
