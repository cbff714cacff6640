"""The scheduler's heartbeat, and one alert to the administrators per stall."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from dialogues.replies import Reply
from protocols.clock import london_text
from reminders import messages as m
from reminders.outbound import Outbound
from storage.deliveries import Heartbeat, HeartbeatAlert

log = logging.getLogger(__name__)

NAME = "reminders"


def beat(session: Session, holder: str, now: datetime, name: str = NAME) -> None:
    row = session.get(Heartbeat, name)
    if row is None:
        session.add(Heartbeat(name=name, holder=holder, beat_at=now))
    else:
        row.holder, row.beat_at = holder, now
    session.flush()


def stalled(
    session: Session, now: datetime, stale_after: timedelta, name: str = NAME
) -> Heartbeat | None:
    """The last beat, if it is older than `stale_after` (no beat yet is not a stall)."""
    row = session.get(Heartbeat, name)
    return row if row is not None and now - row.beat_at > stale_after else None


async def alert_if_stalled(
    sessions: sessionmaker[Session],
    now: datetime,
    outbound: Outbound,
    admins: tuple[int, ...],
    stale_after: timedelta,
    name: str = NAME,
) -> bool:
    """Tell the administrators once about a stale heartbeat; True when this call alerted."""
    with sessions() as session:
        row = stalled(session, now, stale_after, name)
        if row is None or not admins:
            return False
        since = row.beat_at
        session.add(HeartbeatAlert(name=name, beat_at=since, alerted_at=now))
        try:
            session.commit()
        except IntegrityError:
            return False  # someone already alerted about this stall
    reply = Reply(m.HEARTBEAT.format(since=london_text(since)))
    for admin in admins:
        try:
            await outbound.deliver(admin, reply)
        except Exception:
            log.exception("could not alert administrator %s", admin)
    return True
