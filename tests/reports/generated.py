"""Many invented episodes for meeting packs, recorded through storage's own functions.

Seeded, so a test or a sample pack is the same every time: evenings and weekends more likely,
a few children who go missing often, places named in sightings (some far more than others),
return interviews done in time, late, declined or not at all, and some episodes still open."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from protocols.facts import Event, EventType
from protocols.vocabulary import LegalStatus, Role
from storage.episodes import append_event, open_episode
from storage.people import create_child, create_staff, create_team, link_carer
from storage.tasks import refresh_tasks

PLACES = (
    ("Bus station", 8),
    ("Carrow retail park", 6),
    ("Riverside skate park", 4),
    ("Kingsway flats", 3),
    ("Station car park", 2),
    ("Fairfield recreation ground", 1),
    ("Town centre", 2),
)
GIVEN = ("Ada", "Bo", "Cy", "Dee", "Eli", "Fen", "Gus", "Hal", "Ivy", "Jem", "Kit", "Lou", "Mo",
         "Nia", "Oz", "Pip", "Quin", "Rue", "Sol", "Tam")
FAMILY = ("Quill", "Fenwick", "Holt", "Marsh", "Orrin", "Pike", "Rook", "Slade", "Thorne", "Vale")
HOUR_WEIGHTS = [1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 7, 8, 8, 6, 3]
DAY_WEIGHTS = [3, 3, 3, 4, 6, 6, 4]  # Monday to Sunday
STATUSES = ((LegalStatus.LOOKED_AFTER, 7), (LegalStatus.CHILD_IN_NEED, 2),
            (LegalStatus.CHILD_PROTECTION_PLAN, 1))


@dataclass(frozen=True)
class Generated:
    teams: tuple[str, ...]
    children: int
    episodes: int


def generate(
    session: Session, *, seed: int, children: int, first: date, days: int
) -> Generated:
    """Two teams (staffordshire, essex) and `children` children with episodes over `days`
    London days from `first`; tasks refreshed as at the end of that range."""
    rng = random.Random(seed)
    start = datetime.combine(first, time(0, 0), tzinfo=UTC)
    end = start + timedelta(days=days)
    teams = []
    for name, protocol in (("Northgate", "staffordshire"), ("Southmere", "essex")):
        team = create_team(session, name, protocol).id
        manager = create_staff(session, f"{name} Manager", Role.TEAM_MANAGER, now=start,
                               team_id=team).id
        worker = create_staff(session, f"{name} Worker", Role.SOCIAL_WORKER, now=start,
                              team_id=team, line_manager_id=manager).id
        carer = create_staff(session, f"{name} Carer", Role.CARER, now=start, team_id=team).id
        provider = create_staff(session, f"{name} Interviews", Role.RETURN_INTERVIEW_PROVIDER,
                                now=start, team_id=team).id
        teams.append((name, team, worker, carer, provider))
    count = 0
    for index in range(children):
        name, team, worker, carer, provider = teams[index % 2]
        status = rng.choices([s for s, _ in STATUSES], [w for _, w in STATUSES])[0]
        child = create_child(
            session, GIVEN[index % 20], FAMILY[(index // 20 + index) % 10], status, team,
            date_of_birth=date(first.year - rng.randint(11, 17), rng.randint(1, 12),
                               rng.randint(1, 28)),
            allocated_social_worker_id=worker, placement_type="foster",
        )
        child.external_id = f"C{3000 + index}"
        link_carer(session, child.id, carer)
        frequent = rng.random() < 0.2
        episodes = rng.randint(4, 9) if frequent else rng.choice((0, 1, 1, 2, 2, 3))
        starts: list[datetime] = []
        for began in sorted(_start(rng, start, days) for _ in range(episodes)):
            if not starts or began - starts[-1] >= timedelta(hours=4):
                starts.append(began)  # an episode of at least an hour before the next
        for number, began in enumerate(starts):
            following = starts[number + 1] if number + 1 < len(starts) else end + timedelta(
                days=30)
            _episode(session, rng, child.id, began, following, end, carer, worker, provider)
            count += 1
    session.flush()
    return Generated(tuple(t[0] for t in teams), children, count)


def _start(rng: random.Random, start: datetime, days: int) -> datetime:
    while True:
        day = start + timedelta(days=rng.randrange(days))
        if rng.random() * max(DAY_WEIGHTS) <= DAY_WEIGHTS[day.weekday()]:
            break
    hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
    return day + timedelta(hours=hour, minutes=rng.choice((0, 15, 30, 45)))


def _episode(
    session: Session,
    rng: random.Random,
    child_id: int,
    began: datetime,
    following: datetime,
    end: datetime,
    carer: int,
    worker: int,
    provider: int,
) -> None:
    away = rng.random() < 0.2
    category = "away_without_authorisation" if away else "missing"
    recorded = began + timedelta(minutes=rng.randint(10, 90))
    row = open_episode(session, child_id, began, recorded, carer, category)

    def log(at: datetime, kind: EventType, data: dict[str, str], by: int = carer) -> None:
        append_event(session, row.id, Event(at, kind, data), by, data.get("text"), now=at)

    log(recorded, EventType.REPORTED_TO_POLICE, {"police_reference": f"SP-{row.id:05d}"})
    level = rng.choices(("low", "medium", "high"), (5, 4, 1))[0]
    log(recorded + timedelta(hours=1), EventType.RISK_ASSESSED, {"level": level})
    hours = min(rng.lognormvariate(2.0, 1.1), 24 * 9)
    back = began + timedelta(hours=max(hours, 1.5))
    if back >= following - timedelta(hours=1):
        back = following - timedelta(hours=1)
    for _ in range(rng.choice((0, 1, 1, 2))):
        seen = began + (back - began) * rng.random()
        place = rng.choices([p for p, _ in PLACES], [w for _, w in PLACES])[0]
        log(seen, EventType.NEW_INFORMATION, {"text": f"seen near {place}", "location": place})
    if rng.random() < 0.15:
        log(began + (back - began) / 2, EventType.CONCERN,
            {"factor": "cse", "text": "with older men in a car again"})
    if away and rng.random() < 0.3:
        log(began + (back - began) / 3, EventType.CATEGORY_CHANGED, {"category": "missing"})
    open_at_end = back > end or (following > end and rng.random() < 0.1)
    if not open_at_end:
        log(back, EventType.RETURNED, {"how": rng.choice(("own_accord", "police", "carer"))})
        outcome = rng.random()
        if outcome < 0.6:
            done = back + timedelta(hours=rng.randint(12, 70))
            log(done, EventType.TASK_DONE,
                {"code": "return_interview", "note": "talked about friends in town"}, provider)
        elif outcome < 0.75:
            done = back + timedelta(hours=rng.randint(73, 200))
            log(done, EventType.TASK_DONE,
                {"code": "return_interview", "note": "would not say where"}, provider)
        elif outcome < 0.85:
            log(back + timedelta(hours=20), EventType.TASK_NOT_REQUIRED,
                {"code": "return_interview", "reason": "child declined"}, worker)
    refresh_tasks(session, row.id, end)
