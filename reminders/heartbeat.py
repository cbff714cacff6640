"""The scheduler's heartbeat, and one alert to the administrators per stall."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from dialogues.replies import Reply
from protocols.clock import london_text
from reminders import messages as m
from reminders.outbound import Outbound
from storage import deliveries
from storage.db import Session, SessionFactory

log = logging.getLogger(__name__)

NAME = "reminders"


def beat(session: Session, holder: str, now: datetime, name: str = NAME) -> None:
    deliveries.beat(session, holder, now, name)


async def alert_if_stalled(
    sessions: SessionFactory,
    now: datetime,
    outbound: Outbound,
    admins: tuple[int, ...],
    stale_after: timedelta,
    name: str = NAME,
) -> bool:
    """Tell the administrators once about a stale heartbeat; True when this call alerted."""
    with sessions() as session:
        row = deliveries.stale_beat(session, now, stale_after, name)
        if row is None or not admins:
            return False
        since = row.beat_at
        if not deliveries.claim_stall_alert(session, name, since, now):
            return False  # someone already alerted about this stall
    reply = Reply(m.HEARTBEAT.format(since=london_text(since)))
    for admin in admins:
        try:
            await outbound.deliver(admin, reply)
        except Exception:
            log.exception("could not alert administrator %s", admin)
    return True
