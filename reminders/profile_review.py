"""Keeping the child's missing profile current (issue 12): a carer is asked when the profile or
the photo is older than the interval (default 3 months), and after every return ("anything new
we should add?").

`plan` is pure: the children's profile dates, recent returns and the prompts already claimed
in, the prompts due at `now` out. `ProfileReviewSweep` is what the reminder service calls on
its sweep: it reads storage, plans, claims each prompt in the database *before* sending it
(unique per child, kind, basis, sequence and person, so a restart or a second process never
sends one twice) and delivers through the channel's Outbound. A prompt repeats at most once per
interval for as long as nothing changes; any change or "still right" starts the interval again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from dialogues.flows import profile_messages as pm
from dialogues.replies import Button, Reply
from protocols.clock import LONDON, Duration, london_date, parse_duration
from reminders.outbound import Outbound
from storage.db import SessionFactory
from storage.profile_prompts import (
    AFTER_RETURN,
    FAILED,
    PHOTO_STALE,
    PROFILE_STALE,
    SENT,
    UNREACHABLE,
    ChildReview,
    PromptRow,
    ReturnReview,
    children_to_review,
    claim_prompt,
    mark_prompt,
    prompts_sent,
    returns_since,
)

log = logging.getLogger(__name__)

PROFILE, PHOTO = PROFILE_STALE, PHOTO_STALE
THREE_MONTHS = Duration(months=3)  # the default


@dataclass(frozen=True)
class ProfileReviewSettings:
    every: Duration = THREE_MONTHS  # the authority's interval
    by_protocol: Mapping[str, Duration] = field(default_factory=dict)  # a pack's own interval
    ask_after_return: timedelta = timedelta(hours=2)  # after the return flow has had its turn
    look_back: timedelta = timedelta(days=14)  # returns older than this are not asked about
    hours: tuple[time, time] = (time(9, 0), time(20, 0))  # London: nobody is asked at night
    check_every: timedelta = timedelta(minutes=15)
    # Messages per sweep: the sweep shares the reminders' event loop, so a first start with
    # thousands of children due spreads them over the following sweeps (30 s apart).
    max_per_sweep: int = 20

    def interval(self, protocol_id: str) -> Duration:
        return self.by_protocol.get(protocol_id, self.every)


@dataclass(frozen=True)
class Planned:
    row: PromptRow
    text: str
    buttons: tuple[Button, ...]


def plan(
    children: Sequence[ChildReview],
    returns: Sequence[ReturnReview],
    sent: Sequence[PromptRow],
    now: datetime,
    settings: ProfileReviewSettings,
) -> list[Planned]:
    """Every prompt due at `now`, one per person asked."""
    local = now.astimezone(LONDON).time()
    if not settings.hours[0] <= local < settings.hours[1]:
        return []
    earlier: dict[tuple[int, str, str], list[PromptRow]] = {}
    for row in sent:
        earlier.setdefault((row.child_id, row.kind, row.basis), []).append(row)
    out: list[Planned] = []
    for child in children:
        interval = settings.interval(child.protocol_id)
        for kind, basis, since in (
            (PROFILE, f"v{child.version}", child.checked_at),
            (PHOTO, f"photo{child.photo_id or 0}", child.photo_dated),
        ):
            seq = _due_seq(earlier.get((child.child_id, kind, basis), []), since, now, interval)
            if seq is not None:
                text, buttons = _words(kind, child, since, interval)
                out += _to_each(
                    child.child_id, child.recipients, kind, basis, seq, now, text, buttons
                )
    for back in returns:
        basis = f"episode{back.episode_id}"
        if now < back.returned_at + settings.ask_after_return:
            continue
        if earlier.get((back.child_id, AFTER_RETURN, basis)):
            continue
        text = pm.REMIND_AFTER_RETURN.format(child=back.name, number=back.number)
        buttons = (
            (pm.BUTTON_UPDATE, pm.UPDATE_PAYLOAD.format(child=back.child_id)),
            (pm.BUTTON_NOTHING_NEW, pm.SAME_PAYLOAD.format(child=back.child_id)),
        )
        out += _to_each(back.child_id, back.recipients, AFTER_RETURN, basis, 1, now, text, buttons)
    return out


def _due_seq(
    earlier: list[PromptRow], since: datetime | None, now: datetime, interval: Duration
) -> int | None:
    """The sequence number of the prompt due now, or None: stale (never recorded, or older
    than the interval) and not prompted about within the last interval."""
    if since is not None and now < interval.after(since):
        return None
    if not earlier:
        return 1
    last = max(earlier, key=lambda r: r.at)
    if now < interval.after(last.at):
        return None
    return max(r.seq for r in earlier) + 1


def _words(
    kind: str, child: ChildReview, since: datetime | None, interval: Duration
) -> tuple[str, tuple[Button, ...]]:
    when = london_date(since).strftime("%d %b %Y") if since else ""
    if kind == PHOTO:
        text = (
            pm.REMIND_PHOTO_OLD.format(child=child.name, when=when, interval=interval)
            if since
            else pm.REMIND_NO_PHOTO.format(child=child.name)
        )
        return text, ((pm.BUTTON_NEW_PHOTO, pm.PHOTO_PAYLOAD.format(child=child.child_id)),)
    update = (pm.BUTTON_UPDATE, pm.UPDATE_PAYLOAD.format(child=child.child_id))
    if since is None:
        return pm.REMIND_NO_PROFILE.format(child=child.name), (update,)
    text = pm.REMIND_PROFILE_OLD.format(child=child.name, when=when, interval=interval)
    return text, (update, (pm.BUTTON_SAME, pm.SAME_PAYLOAD.format(child=child.child_id)))


def _to_each(
    child_id: int,
    recipients: Sequence[int],
    kind: str,
    basis: str,
    seq: int,
    now: datetime,
    text: str,
    buttons: tuple[Button, ...],
) -> list[Planned]:
    return [
        Planned(PromptRow(child_id, kind, basis, seq, staff_id, now), text, buttons)
        for staff_id in recipients
    ]


class ProfileReviewSweep:
    """Called by the reminder service on its sweep (reminders.scheduler.ReminderService.tick):
    checks at most every `check_every`, and a failure here never stops the reminders."""

    def __init__(self, settings: ProfileReviewSettings | None = None) -> None:
        self.settings = settings or ProfileReviewSettings()
        self._last: datetime | None = None

    async def __call__(
        self, sessions: SessionFactory, now: datetime, outbound: Outbound
    ) -> int:
        if self._last is not None and self._last <= now < self._last + self.settings.check_every:
            return 0
        self._last = now
        try:
            return await self._run(sessions, now, outbound)
        except Exception:
            log.exception("profile review sweep failed at %s", now.isoformat())
            return 0

    async def _run(self, sessions: SessionFactory, now: datetime, outbound: Outbound) -> int:
        # Reading every child takes a while on a big authority: off the event loop, so the
        # task reminders sharing it stay on time.
        due = await asyncio.to_thread(self._due, sessions, now)
        groups: dict[tuple[int, int], list[Planned]] = {}
        for item in due:  # one message per person and child, however many things are due
            groups.setdefault((item.row.staff_id, item.row.child_id), []).append(item)
        batch = list(groups.items())[: self.settings.max_per_sweep]
        if len(groups) > len(batch):
            self._last = None  # more are due: carry on at the next sweep, not in 15 minutes
        delivered = 0
        for (staff_id, _), items in batch:
            delivered += await self._send(sessions, staff_id, items, outbound)
        return delivered

    def _due(self, sessions: SessionFactory, now: datetime) -> list[Planned]:
        with sessions() as session:
            children = children_to_review(session)
            returns = returns_since(session, now - self.settings.look_back, now)
            sent = prompts_sent(session)
        return plan(children, returns, sent, now, self.settings)

    async def _send(
        self,
        sessions: SessionFactory,
        staff_id: int,
        items: list[Planned],
        outbound: Outbound,
    ) -> int:
        claims = await asyncio.to_thread(_claim, sessions, items)
        mine = [(pid, item) for pid, item in claims if pid is not None]
        if not mine:
            return 0
        buttons: list[Button] = []
        for _, item in mine:
            buttons += [b for b in item.buttons if b not in buttons]
        reply = Reply("\n\n".join(item.text for _, item in mine), tuple(buttons))
        try:
            status = SENT if await outbound.deliver(staff_id, reply) else UNREACHABLE
        except Exception:
            log.exception("profile reminder to staff %s failed", staff_id)
            status = FAILED
        await asyncio.to_thread(
            _mark, sessions, [pid for pid, _ in mine if pid is not None], status
        )
        return 1 if status == SENT else 0


def _claim(
    sessions: SessionFactory, items: list[Planned]
) -> list[tuple[int | None, Planned]]:
    with sessions() as session:
        claims = [(claim_prompt(session, item.row), item) for item in items]
        session.commit()  # claimed before the channel is called: never twice
    return claims


def _mark(sessions: SessionFactory, prompt_ids: list[int], status: str) -> None:
    with sessions() as session:
        for prompt_id in prompt_ids:
            mark_prompt(session, prompt_id, status)
        session.commit()


def settings_from_env(env: Mapping[str, str]) -> ProfileReviewSettings:
    """HOMEWARD_PROFILE_REVIEW_EVERY (ISO 8601, default P3M),
    HOMEWARD_PROFILE_REVIEW_BY_PROTOCOL ("staffordshire=P1M,essex=P6W"),
    HOMEWARD_PROFILE_ASK_AFTER_RETURN (default PT2H), HOMEWARD_PROFILE_REMINDER_HOURS
    (London, default 09:00-20:00). Raises ValueError naming the variable."""
    base = ProfileReviewSettings()
    every = _duration(env, "HOMEWARD_PROFILE_REVIEW_EVERY") or base.every
    by_protocol: dict[str, Duration] = {}
    raw = env.get("HOMEWARD_PROFILE_REVIEW_BY_PROTOCOL", "").strip()
    for part in filter(None, (p.strip() for p in raw.split(","))):
        name, sep, value = part.partition("=")
        if not sep or not name.strip():
            raise ValueError(
                f"HOMEWARD_PROFILE_REVIEW_BY_PROTOCOL: expected protocol=P3M, got {part!r}"
            )
        by_protocol[name.strip()] = _parse("HOMEWARD_PROFILE_REVIEW_BY_PROTOCOL", value)
    after = _duration(env, "HOMEWARD_PROFILE_ASK_AFTER_RETURN")
    if after is not None and after.months:
        raise ValueError("HOMEWARD_PROFILE_ASK_AFTER_RETURN: use hours or days, not months")
    hours = env.get("HOMEWARD_PROFILE_REMINDER_HOURS", "").strip()
    return ProfileReviewSettings(
        every=every,
        by_protocol=by_protocol,
        ask_after_return=after.elapsed if after is not None else base.ask_after_return,
        hours=_hours(hours) if hours else base.hours,
    )


def _duration(env: Mapping[str, str], name: str) -> Duration | None:
    raw = env.get(name, "").strip()
    return _parse(name, raw) if raw else None


def _parse(name: str, raw: str) -> Duration:
    try:
        parsed = parse_duration(raw.strip())
    except ValueError as error:
        raise ValueError(f"{name}: {error}") from None
    if not parsed.months and parsed.elapsed <= timedelta(0):
        raise ValueError(f"{name}: the interval must be longer than nothing ({raw!r})")
    return parsed


def _hours(raw: str) -> tuple[time, time]:
    try:
        start, end = (time.fromisoformat(p.strip()) for p in raw.split("-"))
    except ValueError:
        raise ValueError(
            f"HOMEWARD_PROFILE_REMINDER_HOURS: expected HH:MM-HH:MM, got {raw!r}"
        ) from None
    if start >= end:
        raise ValueError(
            f"HOMEWARD_PROFILE_REMINDER_HOURS: the day must start before it ends ({raw!r})"
        )
    return start, end
