"""The day team's morning digest: what out-of-hours cover was told about their tasks overnight.

Sent once per person per working day (the (staff, day) key of a digest row is the claim), at the
start of office hours, to each person whose reminders went to the emergency duty team.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime

from dialogues.replies import Reply
from protocols.clock import LONDON, london_date
from reminders import messages as m
from reminders.hours import day_start, previous_day_end
from reminders.outbound import Outbound
from reminders.settings import ReminderSettings
from storage.db import Session, SessionFactory
from storage.deliveries import (
    FAILED,
    SENT,
    UNREACHABLE,
    Digest,
    claim_digest,
    digests_sent,
    overnight_deliveries,
)
from storage.episodes import log_audit
from storage.models import Staff

log = logging.getLogger(__name__)


def due_digests(
    session: Session, now: datetime, settings: ReminderSettings
) -> dict[int, tuple[Reply, list[int]]]:
    """Staff id -> (their digest, episodes it covers), for those not yet sent one today."""
    start = day_start(now, settings.office_hours)
    if start is None:
        return {}
    since = previous_day_end(start, settings.office_hours)
    rows = overnight_deliveries(session, since, start)
    lines: dict[int, list[str]] = defaultdict(list)
    episodes: dict[int, list[int]] = defaultdict(list)
    for delivery, title, number, given, family in rows:
        assert delivery.for_staff_id is not None
        who = session.get(Staff, delivery.staff_id) if delivery.staff_id else None
        subject = m.SUBJECT.format(initials=f"{given[:1]}.{family[:1]}.".upper(), episode=number)
        lines[delivery.for_staff_id].append(
            m.DIGEST_LINE.format(
                subject=subject,
                title=title.rstrip("."),
                who=who.name if who else "nobody",
                at=delivery.claimed_at.astimezone(LONDON).strftime("%H:%M"),
                outcome=m.OUTCOME.get(delivery.handled, delivery.handled),
            )
        )
        if delivery.episode_id not in episodes[delivery.for_staff_id]:
            episodes[delivery.for_staff_id].append(delivery.episode_id)
    day = london_date(now)
    sent_today = digests_sent(session, day, list(lines))
    header = m.DIGEST_HEADER.format(since=since.astimezone(LONDON).strftime("%a %H:%M"))
    return {
        staff_id: (Reply("\n".join([header, *found])), episodes[staff_id])
        for staff_id, found in lines.items()
        if staff_id not in sent_today
    }


async def send_digests(
    sessions: SessionFactory, now: datetime, outbound: Outbound, settings: ReminderSettings
) -> int:
    """Claim, send and record each due digest; returns how many reached someone."""
    with sessions() as session:
        due = due_digests(session, now, settings)
    reached = 0
    for staff_id, (reply, episode_ids) in due.items():
        with sessions() as session:
            digest_id = claim_digest(
                session, staff_id, london_date(now), now, reply.text.count("\n")
            )
        if digest_id is None:
            continue
        try:
            status = SENT if await outbound.deliver(staff_id, reply) else UNREACHABLE
        except Exception:
            log.exception("channel failed to deliver a digest to staff %s", staff_id)
            status = FAILED
        with sessions() as session:
            saved = session.get(Digest, digest_id)
            assert saved is not None
            saved.status = status
            saved.sent_at = now if status == SENT else None
            for episode_id in episode_ids:
                data = {"digest_id": digest_id, "to_staff_id": staff_id, "status": status}
                log_audit(session, episode_id, "digest_sent", data, None, now=now, text=reply.text)
            session.commit()
        reached += status == SENT
    return reached
