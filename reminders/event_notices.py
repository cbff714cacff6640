"""Pushing the event notices (storage.event_notices) on the reminder service's sweep: a child
reported missing, graded high risk by the police, or back.

Each notice is claimed in the database and committed before the channel is called, so a
restart or a second process never sends it twice. Office hours decide who is pushed when:
the out-of-hours team only for facts recorded out of office hours; the social worker and the
manager in office hours (at night too when no out-of-hours team covers the child). Whatever is
not pushed is still shown on the person's next message (dialogues.event_notice_lines)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime

from dialogues.child_page import page_payload
from dialogues.replies import Reply, say
from protocols.clock import LONDON
from reminders import event_notice_messages as em
from reminders.hours import in_office_hours
from reminders.outbound import Outbound
from reminders.settings import OfficeHours
from storage.db import Session, SessionFactory
from storage.event_notices import (
    COVER,
    NOT_NEEDED,
    SENT,
    claim_push,
    has_cover,
    mark_push,
    pending_pushes,
    still_true,
)
from storage.models import Child, Episode, EventNotice

log = logging.getLogger(__name__)
UNREACHABLE, FAILED = "unreachable", "failed"


@dataclass(frozen=True)
class _Push:
    notice_id: int
    staff_id: int
    reply: Reply


class EventNoticeSweep:
    """Called by the reminder service on each sweep (ReminderService(sweeps=[...]))."""

    def __init__(self, office_hours: OfficeHours, max_per_sweep: int = 50) -> None:
        self.office_hours = office_hours
        self.max_per_sweep = max_per_sweep

    async def __call__(
        self, sessions: SessionFactory, now: datetime, outbound: Outbound
    ) -> int:
        try:
            return await self._run(sessions, now, outbound)
        except Exception:
            log.exception("event notice sweep failed at %s", now.isoformat())
            return 0

    async def _run(self, sessions: SessionFactory, now: datetime, outbound: Outbound) -> int:
        pushes = await asyncio.to_thread(self._claim, sessions, now)
        sent = 0
        for push in pushes:
            try:
                status = SENT if await outbound.deliver(push.staff_id, push.reply) else UNREACHABLE
            except Exception:
                log.exception("event notice %s to staff %s failed", push.notice_id, push.staff_id)
                status = FAILED
            await asyncio.to_thread(_mark, sessions, push.notice_id, status, now)
            sent += status == SENT
        return sent

    def _claim(self, sessions: SessionFactory, now: datetime) -> list[_Push]:
        """Decide each pending notice; claim (and commit) the ones to push now."""
        pushes = []
        with sessions() as session:
            for notice in pending_pushes(session, self.max_per_sweep):
                decision = self._decide(session, notice, now)
                if decision == NOT_NEEDED:
                    mark_push(session, notice.id, NOT_NEEDED, now)
                elif decision == "now" and claim_push(session, notice.id, now):
                    pushes.append(_Push(notice.id, notice.staff_id, _reply(session, notice)))
            session.commit()  # claimed before the channel is called: never twice
        return pushes

    def _decide(self, session: Session, notice: EventNotice, now: datetime) -> str:
        if notice.seen_at is not None or not still_true(session, notice):
            return NOT_NEEDED  # already read in the conversation, or the fact was undone
        if notice.audience == COVER:
            in_hours = in_office_hours(notice.created_at, self.office_hours)
            return NOT_NEEDED if in_hours else "now"
        if in_office_hours(now, self.office_hours) or not has_cover(session, notice):
            return "now"
        return "wait"  # the out-of-hours team has it; the day worker is told in the morning


def _reply(session: Session, notice: EventNotice) -> Reply:
    episode = session.get(Episode, notice.episode_id)
    assert episode is not None
    child = session.get(Child, episode.child_id)
    assert child is not None
    first = (child.preferred_name or child.given_name).strip()[:1]
    initials = f"{first}.{child.family_name.strip()[:1]}.".upper()
    subject = em.SUBJECT.format(initials=initials, episode=episode.number)
    at = notice.created_at.astimezone(LONDON).strftime("%a %H:%M")
    text = em.KINDS[notice.kind].format(subject=subject, at=at)
    if notice.audience == COVER:
        text = em.COVER + text
    return say(f"{text} {em.DETAILS}", (em.BUTTON_PAGE, page_payload(child.id)))


def _mark(sessions: SessionFactory, notice_id: int, status: str, now: datetime) -> None:
    with sessions() as session:
        mark_push(session, notice_id, status, now)
        session.commit()
