"""Decide what must be sent at `now` from the tasks and delivery records, and send it.

The database is the truth and the clock is injected: the scheduler only calls these functions at
the right moments, and the tests call them with chosen instants.

Missing a reminder is worse than sending it twice. The delivery row is inserted and committed
before the channel is called (the claim), so two processes, or a restarted one, never both send
a step for the first time. What happens next:

- sent: recorded, with its audit entry.
- unreachable (no linked chat, blocked the bot, left): recorded, and the chain's next person gets
  the step at once (reminders.plan).
- failed (a 500, a timeout, the network down): recorded as `failed` with a `retry_at` that backs
  off, and sent again until it gets through or the chain has moved on to the next person.
- the process died between claim and record: the next scheduler to lead marks the claim
  `unconfirmed` and sends it again. Whenever an earlier attempt may have arrived, the resend
  says so ("Sent again after a restart or a network fault: you may already have this.").

A recurring task is one message, however many occurrences were missed: only the newest occurrence
whose reminder time has come is chased, and its message counts the ones missed.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from dialogues.replies import Reply
from protocols.vocabulary import Role
from reminders import messages as m
from reminders.compose import Missed, step_text
from reminders.digest import send_digests
from reminders.hours import in_office_hours
from reminders.off_loop import off_loop
from reminders.outbound import Outbound, failure_outcome
from reminders.plan import Step, Target, next_steps, pending_retries, stage_kind
from reminders.settings import ReminderSettings
from storage.db import Session, SessionFactory
from storage.deliveries import (
    CLAIMED,
    FAILED,
    NO_RECIPIENT,
    SENT,
    UNCONFIRMED,
    UNREACHABLE,
    Delivery,
    claim_delivery,
    deliveries_for_tasks,
    reclaim,
    recurring_tasks,
    reminder_candidates,
    series_key,
    stale_claims,
)
from storage.episodes import iso, log_audit
from storage.models import TaskRecord, Team
from storage.next_step import store_plans
from storage.people import is_active, line_manager_chain, staff_holding_role, staff_name

log = logging.getLogger(__name__)

# Button kinds, in the order they are shown; payload `rem:<kind>:<delivery id>`.
ALL_BUTTONS = ("done", "ack", "snooze", "notme")
_BUTTON_LABELS = {
    "done": m.BUTTON_DONE,
    "ack": m.BUTTON_ACK,
    "snooze": m.BUTTON_SNOOZE,
    "notme": m.BUTTON_NOT_ME,
}
CONCURRENT_SENDS = 8
_MAX_PASSES = 12  # unreachable people passed over in one run, per task (a management chain)


@dataclass(frozen=True)
class Action:
    """One message that is due: what to claim (or reclaim), whom to tell and what to say."""

    task_id: int
    task_key: str
    occurrence: int
    episode_id: int
    stage: str
    planned_at: datetime
    staff_id: int | None
    for_staff_id: int | None
    text: str
    buttons: tuple[str, ...]
    late: bool
    reachable: bool = True  # False: the recipient has left (inactive); not even tried
    retry_of: int | None = None  # the failed or unconfirmed delivery this sends again

    def reply(self, delivery_id: int) -> Reply:
        return Reply(
            self.text,
            tuple((_BUTTON_LABELS[kind], f"rem:{kind}:{delivery_id}") for kind in self.buttons),
        )


@dataclass
class Ledger:
    """What this process is sending right now, and outcomes it could not write down yet (the
    database was unreachable just after a send). The scheduler writes those first on its next
    sweep, and treats every other claimed row as left by a dead process."""

    in_flight: set[int] = field(default_factory=set)
    unrecorded: dict[int, tuple[str, datetime, str, bool, float | None]] = field(
        default_factory=dict
    )
    # Claims run in worker threads: a claim and its entry in `in_flight` happen under this
    # lock, and so does the sweep's search for claims left by a dead process, which therefore
    # never mistakes a claim just made for one nobody is working on.
    claims: threading.Lock = field(default_factory=threading.Lock)

    def busy(self) -> set[int]:
        return self.in_flight | set(self.unrecorded)


@dataclass(frozen=True)
class _Context:
    task: TaskRecord
    episode_number: int
    initials: str
    team_id: int
    missed: Missed | None = None


def candidate_tasks(
    session: Session,
    now: datetime,
    until: datetime,
    settings: ReminderSettings,
    task_ids: Sequence[int] | None,
) -> tuple[list[_Context], dict[int, tuple[int, datetime | None]]]:
    """Actionable tasks whose next step may be due by `until` (by the index on
    `next_step_at`) and whose first step (the reminder, lead time before the deadline) is at
    or before `until`, with older occurrences of a recurring task folded into the newest one
    whose reminder time has come by `now`. Also the tasks read on the way that are not chased
    now, with the next_step_at to store for them (null for a folded occurrence: only a change
    to its episode, which replans it, could bring it back)."""
    found = reminder_candidates(session, until, settings.lead, task_ids)
    episodes = {task.episode_id for task, *_ in found.chased if task.recurring}
    folded, missed = _fold_series(recurring_tasks(session, episodes), now, settings)
    settled = dict(found.settled)
    contexts: list[_Context] = []
    for task, number, given, family, team_id in found.chased:
        if task.id in folded:
            settled[task.id] = (task.plan_version, None)
            continue
        initials = f"{given[:1]}.{family[:1]}.".upper()
        contexts.append(_Context(task, number, initials, team_id, missed.get(task.id)))
    return contexts, settled


def _fold_series(
    occurrences: Sequence[TaskRecord], now: datetime, settings: ReminderSettings
) -> tuple[set[int], dict[int, Missed]]:
    """(occurrences not chased any more, task id -> what its series missed)."""
    series: dict[tuple[int, str], list[TaskRecord]] = defaultdict(list)
    for task in occurrences:
        series[series_key(task)].append(task)
    folded: set[int] = set()
    missed: dict[int, Missed] = {}
    for tasks in series.values():
        started = [t for t in tasks if t.due_at - settings.lead <= now]
        if not started:
            continue
        current = started[-1]
        folded.update(t.id for t in started[:-1])
        overdue = [t for t in tasks if t.due_at <= now]
        coming = [t for t in tasks if t.due_at > now]
        if len(overdue) >= 2:
            next_due = coming[0].due_at if coming else None
            missed[current.id] = Missed(len(overdue), overdue[0].due_at, next_due, current.code)
    return folded, missed


@dataclass(frozen=True)
class Plan:
    """Task id -> the instants of its next steps and pending retries (tasks that have any),
    and what to store in the index: task id -> (plan_version read, next_step_at), for the
    tasks whose stored instant is not that already."""

    steps: dict[int, list[datetime]]
    store: dict[int, tuple[int, datetime | None]]


def planned_steps(
    session: Session,
    now: datetime,
    until: datetime,
    settings: ReminderSettings,
    task_ids: Sequence[int] | None = None,
) -> Plan:
    """Plan every task whose next step may come by `until`."""
    contexts, settled = candidate_tasks(session, now, until, settings, task_ids)
    history = deliveries_for_tasks(session, [c.task.id for c in contexts])
    plan = Plan({}, {})
    for c in contexts:
        deliveries = history[c.task.id]
        instants = [step.at for step in next_steps(c.task, deliveries, settings)]
        instants += [row.retry_at for row in pending_retries(deliveries) if row.retry_at]
        if instants:
            plan.steps[c.task.id] = instants
        earliest = min(instants) if instants else None
        if earliest != c.task.next_step_at:
            plan.store[c.task.id] = (c.task.plan_version, earliest)
    plan.store.update(settled)
    return plan


def next_step_at(
    session: Session,
    now: datetime,
    until: datetime,
    settings: ReminderSettings,
    task_ids: Sequence[int] | None = None,
) -> dict[int, datetime]:
    """Task id -> the instant of its earliest next step or retry, for those at or before
    `until`. Writes each planned task's next step into the index (and commits), so later
    sweeps read it only when that instant comes or something changes its chain."""
    plan = planned_steps(session, now, until, settings, task_ids)
    store_plans(session, plan.store)
    found: dict[int, datetime] = {}
    for task_id, instants in plan.steps.items():
        earliest = min(instants)
        if earliest <= until:
            found[task_id] = earliest
    return found


def due_actions(
    session: Session,
    now: datetime,
    settings: ReminderSettings,
    task_ids: Sequence[int] | None = None,
) -> list[Action]:
    """Everything that must be sent at `now`, with its recipient resolved at `now` (so out of
    office hours a social worker's reminder goes to the emergency duty team)."""
    contexts, _ = candidate_tasks(session, now, now, settings, task_ids)
    history = deliveries_for_tasks(session, [c.task.id for c in contexts])
    actions: list[Action] = []
    for context in contexts:
        deliveries = history[context.task.id]
        for row in pending_retries(deliveries):
            if row.retry_at is not None and row.retry_at <= now:
                before = deliveries[: deliveries.index(row)]
                actions.append(_retry(session, context, before, row, now, settings))
        for step in next_steps(context.task, deliveries, settings):
            if step.at <= now:
                actions.append(_action(session, context, deliveries, step, now, settings))
    actions.sort(key=lambda a: (a.planned_at, a.task_id, a.stage))
    return actions


async def run_due(
    sessions: SessionFactory,
    now: datetime,
    outbound: Outbound,
    settings: ReminderSettings,
    task_ids: Sequence[int] | None = None,
    ledger: Ledger | None = None,
) -> list[int]:
    """Claim, send and record everything due at `now` (and the morning digests, on a full run);
    returns the ids of deliveries sent. When someone could not be reached, the next person in
    their chain is due at once, so the same run goes on to them. Database errors propagate (the
    scheduler catches them and its next sweep tries again)."""
    ledger = ledger if ledger is not None else Ledger()
    if task_ids is None:
        await send_digests(sessions, now, outbound, settings)
    sent: list[int] = []
    scope: Sequence[int] | None = task_ids
    # Sends overlap (a slow or failing Bot API must not hold up everyone behind it); each
    # claim still happens in due order, before its coroutine's first await.
    gate = asyncio.Semaphore(CONCURRENT_SENDS)

    async def one(action: Action) -> tuple[Action, int | None, str | None]:
        async with gate:
            found = await _send(sessions, action, now, outbound, settings, ledger)
            return action, *found

    for _ in range(_MAX_PASSES):
        # The planning reads the database: in a worker thread, so the event loop stays free.
        actions = await off_loop(_due_now, sessions, now, settings, scope)
        passed_over: set[int] = set()
        for action, delivery_id, status in await asyncio.gather(*map(one, actions)):
            if status == SENT and delivery_id is not None:
                sent.append(delivery_id)
            elif status == UNREACHABLE:
                passed_over.add(action.task_id)
        if not passed_over:
            break
        scope = sorted(passed_over)
    return sent


def _due_now(
    sessions: SessionFactory,
    now: datetime,
    settings: ReminderSettings,
    task_ids: Sequence[int] | None,
) -> list[Action]:
    with sessions() as session:
        return due_actions(session, now, settings, task_ids)


def _claim_tracked(
    sessions: SessionFactory, action: Action, now: datetime, ledger: Ledger
) -> int | None:
    """Claim (or reclaim, for a retry) and enter the delivery in the ledger's `in_flight`, both
    under the ledger's lock (see Ledger.claims). None when someone else had it."""
    with ledger.claims:
        if action.retry_of is not None:
            with sessions() as session:
                if not reclaim(session, action.retry_of, now):
                    return None  # another process took it, or it went through meanwhile
            delivery_id: int | None = action.retry_of
        else:
            delivery_id = claim(sessions, action, now)
        if delivery_id is not None and action.staff_id is not None:
            ledger.in_flight.add(delivery_id)
        return delivery_id


async def _send(
    sessions: SessionFactory,
    action: Action,
    now: datetime,
    outbound: Outbound,
    settings: ReminderSettings,
    ledger: Ledger,
) -> tuple[int | None, str | None]:
    """One action: claim it, hand it to the channel, write down what happened. Returns the
    delivery id and its new status (None, None when someone else had it)."""
    delivery_id = await off_loop(_claim_tracked, sessions, action, now, ledger)
    if delivery_id is None or action.staff_id is None:
        return None, None
    try:
        reply = action.reply(delivery_id)
        maybe_sent, retry_after = False, None
        if not action.reachable:
            status = UNREACHABLE
        else:
            try:
                status = SENT if await outbound.deliver(action.staff_id, reply) else UNREACHABLE
            except Exception as error:
                maybe_sent, retry_after = failure_outcome(error)
                log.warning(
                    "could not deliver %s of task %s to staff %s (%s); will retry",
                    action.stage,
                    action.task_id,
                    action.staff_id,
                    error,
                )
                status = FAILED
        outcome = (status, now, reply.text, maybe_sent, retry_after)
        ledger.unrecorded[delivery_id] = outcome
        written = (delivery_id, status, now, reply.text, settings, maybe_sent, retry_after)
        await off_loop(record, sessions, *written)
        del ledger.unrecorded[delivery_id]
        return delivery_id, status
    finally:
        ledger.in_flight.discard(delivery_id)


def claim(sessions: SessionFactory, action: Action, now: datetime) -> int | None:
    """Insert the delivery row and commit before anything is sent. None when another process
    (or an earlier life of this one) already claimed this stage."""
    with sessions() as session:
        row = Delivery(
            task_id=action.task_id,
            occurrence=action.occurrence,
            stage=action.stage,
            episode_id=action.episode_id,
            staff_id=action.staff_id,
            for_staff_id=action.for_staff_id,
            planned_at=action.planned_at,
            claimed_at=now,
            status=CLAIMED if action.staff_id is not None else NO_RECIPIENT,
            late=action.late,
            attempts=0,
            maybe_sent=False,
        )
        if not claim_delivery(session, row):
            return None
        if action.staff_id is None:
            log_audit(
                session,
                action.episode_id,
                "reminder_no_recipient",
                _audit_data(row, action.task_key),
                None,
                now=now,
            )
        session.commit()
        return row.id


_AUDIT_KIND = {SENT: "sent", UNREACHABLE: "unreachable", FAILED: "failed"}


def record(
    sessions: SessionFactory,
    delivery_id: int,
    status: str,
    now: datetime,
    text: str,
    settings: ReminderSettings | None = None,
    maybe_sent: bool = False,
    retry_after: float | None = None,
) -> None:
    """Write down what the channel said, with the audit entry, in one transaction. A failure
    is given its next attempt's time, backing off."""
    settings = settings or ReminderSettings()
    with sessions() as session:
        row = session.get(Delivery, delivery_id)
        assert row is not None
        row.status = status
        if status == SENT:
            row.sent_at = now
        if status == FAILED:
            row.attempts += 1
            row.maybe_sent = row.maybe_sent or maybe_sent
            row.retry_at = now + backoff(row.attempts, settings, retry_after)
        task = session.get(TaskRecord, row.task_id)
        assert task is not None
        escalation = stage_kind(row.stage) in ("escalate", "overdue", "role")
        kind = "escalation" if escalation else "reminder"
        data = _audit_data(row, task.key)
        if status == FAILED:
            data["attempts"] = row.attempts
        log_audit(
            session,
            row.episode_id,
            f"{kind}_{_AUDIT_KIND[status]}",
            data,
            None,
            now=now,
            text=text,
        )
        session.commit()


def backoff(attempts: int, settings: ReminderSettings, retry_after: float | None) -> timedelta:
    """The wait before attempt `attempts + 1`; at least what the channel asked for."""
    waits = settings.retry_backoff
    wait = waits[min(attempts, len(waits)) - 1]
    if retry_after is not None:
        wait = max(wait, timedelta(seconds=retry_after))
    return wait


def record_pending(sessions: SessionFactory, ledger: Ledger, settings: ReminderSettings) -> int:
    """Write down outcomes that could not be written when they happened; how many."""
    written = 0
    for delivery_id, (status, at, text, maybe_sent, retry_after) in list(ledger.unrecorded.items()):
        if delivery_id in ledger.in_flight:
            continue  # its send is writing it down right now, in another thread
        record(sessions, delivery_id, status, at, text, settings, maybe_sent, retry_after)
        ledger.unrecorded.pop(delivery_id, None)
        written += 1
    return written


def mark_unconfirmed(sessions: SessionFactory, now: datetime, busy: Collection[int] = ()) -> int:
    """With no other sender alive (start-up, or the leader's sweep): claims nobody is working on
    became `unconfirmed`, said so in the audit log, and are sent again at once, marked as
    possibly repeated. `busy`: this process's own sends in progress."""
    with sessions() as session:
        rows = stale_claims(session, busy)
        for row in rows:
            task = session.get(TaskRecord, row.task_id)
            assert task is not None
            row.status = UNCONFIRMED
            row.maybe_sent = True
            row.retry_at = now
            log_audit(
                session,
                row.episode_id,
                "reminder_unconfirmed",
                _audit_data(row, task.key),
                None,
                now=now,
            )
        session.commit()
        return len(rows)


def _audit_data(row: Delivery, task_key: str) -> dict[str, object]:
    return {
        "delivery_id": row.id,
        "task": task_key,
        "occurrence": row.occurrence,
        "stage": row.stage,
        "to_staff_id": row.staff_id,
        "for_staff_id": row.for_staff_id,
        "planned_at": iso(row.planned_at),
        "late": row.late,
    }


def _action(
    session: Session,
    context: _Context,
    deliveries: Sequence[Delivery],
    step: Step,
    now: datetime,
    settings: ReminderSettings,
) -> Action:
    task = context.task
    holder, cover_for = _assignee_now(session, context, now, settings)
    staff_id: int | None
    if step.target is Target.ASSIGNEE:
        staff_id = holder
    elif step.target is Target.STAFF:
        staff_id = step.staff_id
    elif step.target is Target.MANAGER:
        staff_id = _nth_manager(session, holder, step.level)
    else:
        assert step.role is not None
        found = staff_holding_role(session, context.team_id, step.role)
        staff_id = _nth_manager(session, found.id if found else None, step.level)
        cover_for = None
    # Late against when the step was due, or when the task first appeared if that was later
    # (a task due at once is not late just because its lead time had already passed).
    late = now - max(step.at, task.updated_at) > settings.late_after
    return _compose(session, context, deliveries, step, staff_id, holder, cover_for, now, late)


def _retry(
    session: Session,
    context: _Context,
    before: Sequence[Delivery],
    row: Delivery,
    now: datetime,
    settings: ReminderSettings,
) -> Action:
    """The same step to the same person again, said again in today's words."""
    kind = stage_kind(row.stage)
    target = {
        "overdue": Target.MANAGER,
        "escalate": Target.MANAGER,
        "role": Target.ROLE,
        "snooze": Target.STAFF,
        "told": Target.STAFF,
    }.get(kind, Target.ASSIGNEE)
    role = row.stage.split("+", 1)[0].split(":", 1)[1] if kind == "role" else None
    step = Step(row.stage, row.planned_at, target, staff_id=row.staff_id, role=role)
    holder, _ = _assignee_now(session, context, now, settings)
    late = now - max(row.planned_at, context.task.updated_at) > settings.late_after
    action = _compose(
        session, context, before, step, row.staff_id, holder, row.for_staff_id, now, late
    )
    text = (m.SENT_AGAIN + action.text) if row.maybe_sent else action.text
    return replace(action, text=text, retry_of=row.id, planned_at=row.planned_at)


def _compose(
    session: Session,
    context: _Context,
    before: Sequence[Delivery],
    step: Step,
    staff_id: int | None,
    holder: int | None,
    cover_for: int | None,
    now: datetime,
    late: bool,
) -> Action:
    task = context.task
    subject = m.SUBJECT.format(initials=context.initials, episode=context.episode_number)
    text = step_text(session, task, subject, before, step, holder, cover_for, now, context.missed)
    if late:
        text = m.LATE.format(planned=m.when(step.at, now)) + text
    if cover_for is not None and step.target in (Target.ASSIGNEE, Target.STAFF):
        text = m.COVER.format(day_person=staff_name(session, cover_for)) + text
    kind = stage_kind(step.stage)
    if kind == "told":
        buttons: tuple[str, ...] = ()  # for information: it is no longer theirs
    elif kind in ("overdue", "role"):
        buttons = ("done", "ack")
    elif staff_id is not None and staff_id == task.assignee_staff_id:
        buttons = ALL_BUTTONS
    else:
        buttons = ("done", "ack", "snooze")
    return Action(
        task_id=task.id,
        task_key=task.key,
        occurrence=task.occurrence,
        episode_id=task.episode_id,
        stage=step.stage,
        planned_at=step.at,
        staff_id=staff_id,
        for_staff_id=cover_for,
        text=text,
        buttons=buttons,
        late=late,
        reachable=staff_id is None or is_active(session, staff_id),
    )


def _nth_manager(session: Session, staff_id: int | None, level: int) -> int | None:
    """`staff_id` itself at level 0, their line manager at 1, and so on up."""
    if staff_id is None or level == 0:
        return staff_id
    chain = line_manager_chain(session, staff_id)
    return chain[level - 1].id if len(chain) >= level else None


def _assignee_now(
    session: Session, context: _Context, now: datetime, settings: ReminderSettings
) -> tuple[int | None, int | None]:
    """Who holds the task at `now`, and whom they are covering for (out-of-hours cover for a
    social worker's task is the emergency duty team of the child's team's out-of-hours team)."""
    task = context.task
    holder = task.assignee_staff_id
    if holder is None or task.assignee_role != Role.SOCIAL_WORKER.value:
        return holder, None
    if in_office_hours(now, settings.office_hours):
        return holder, None
    team = session.get(Team, context.team_id)
    if team is None or team.out_of_hours_team_id is None:
        return holder, None
    cover = staff_holding_role(session, team.out_of_hours_team_id, Role.EMERGENCY_DUTY_TEAM)
    if cover is None or cover.id == holder:
        return holder, None
    return cover.id, holder
