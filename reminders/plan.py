"""What comes next for one task, decided from its deliveries alone (pure: no I/O, no clock).

Three tracks, each keyed by a stage name that is the same in every process, so the unique
(task, occurrence, stage) key of a delivery settles who sends it:

- the reminder chain: `remind` (lead time before the deadline) to the assignee, `repeat:n` while
  nobody acknowledges, then `escalate:n` one line manager higher per interval; `snooze:n` and
  `handover:n` come from the buttons. Done or Acknowledge ends the chain.
- `overdue`: the assignee's line manager hears of a task still not done after its deadline.
- `role:<role>`: a protocol escalation (`escalate:<role>`) reaches whoever holds that role.
- `told:n`: whoever handed the task over (Not me) hears that the new holder was unreachable.

Nobody is silently unreachable: when a step could not reach its person (no linked chat, blocked
the bot, left), the next person gets it at once: the chain escalates a level, and a one-shot
step goes one manager higher as `overdue+1`, `role:<role>+1`... Where the task has a holder,
`overdue` and `role:` wait `escalation_gap` after the chain's first reminder, so nobody is
pinged about a task in the same second as its first reminder.

A failed or unconfirmed delivery is sent again (`pending_retries`) until it gets through, or
until someone answers a message of its track.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from protocols.vocabulary import EXTERNAL_ROLES, Role
from reminders.settings import ReminderSettings
from storage.deliveries import (
    ACKNOWLEDGED,
    DONE,
    NO_RECIPIENT,
    NOT_ME,
    RETRYABLE,
    SNOOZED,
    UNREACHABLE,
    Delivery,
)
from storage.models import TaskRecord


class Target(StrEnum):
    ASSIGNEE = "assignee"  # whoever holds the task (or out-of-hours cover)
    STAFF = "staff"  # a named person: who snoozed
    MANAGER = "manager"  # the assignee's line manager (`level` 1) and upwards
    ROLE = "role"  # the holder of a role in the child's team (`level` n: their nth manager)


@dataclass(frozen=True)
class Step:
    stage: str
    at: datetime
    target: Target
    level: int = 0
    staff_id: int | None = None
    role: str | None = None


_CHAIN = ("remind", "repeat", "escalate", "snooze", "handover")


def stage_kind(stage: str) -> str:
    return stage.split("+", 1)[0].split(":", 1)[0]


def track(stage: str) -> str:
    """The track a stage belongs to: 'chain', 'overdue' or 'role:<role>'."""
    kind = stage_kind(stage)
    return "chain" if kind in _CHAIN else stage.split("+", 1)[0]


def skips(stage: str) -> int:
    """How many unreachable people a one-shot step has passed over ('overdue+2' -> 2)."""
    _, _, count = stage.partition("+")
    return int(count) if count.isdigit() else 0


def next_steps(
    task: TaskRecord, deliveries: Sequence[Delivery], settings: ReminderSettings
) -> list[Step]:
    """Each track's next step for an actionable task, whether due yet or not."""
    steps: list[Step] = []
    in_chain = [d for d in deliveries if stage_kind(d.stage) in _CHAIN]
    # With a holder, the one-shot notices wait for the chain's first reminder, plus a gap.
    start = in_chain[0].claimed_at + settings.escalation_gap if in_chain else None
    if task.assignee_staff_id is not None:
        chain = _next_in_chain(task, in_chain, settings)
        if chain is not None:
            steps.append(chain)
        if start is not None:
            at = max(task.due_at + settings.overdue_after, start)
            steps.extend(_one_shot("overdue", at, deliveries, Target.MANAGER, 1))
    steps.extend(_tell_who_handed_over(in_chain, deliveries))
    role = escalation_role(task.code)
    if role is not None and (start is not None or task.assignee_staff_id is None):
        at = task.due_at if start is None else max(task.due_at, start)
        steps.extend(_one_shot(f"role:{role}", at, deliveries, Target.ROLE, 0, role))
    return steps


def _tell_who_handed_over(
    chain: Sequence[Delivery], deliveries: Sequence[Delivery]
) -> list[Step]:
    """`told:n`: whoever pressed Not me hears when the person they handed the task to could not
    be reached (the chain has already passed it on to the next person up)."""
    steps: list[Step] = []
    stages = {d.stage for d in deliveries}
    for index, row in enumerate(chain):
        if stage_kind(row.stage) != "handover" or row.status != UNREACHABLE:
            continue
        handers = [d.handled_by_id for d in chain[:index] if d.handled == NOT_ME]
        told = f"told:{row.stage.partition(':')[2]}"
        if handers and handers[-1] is not None and told not in stages:
            steps.append(Step(told, row.claimed_at, Target.STAFF, staff_id=handers[-1]))
    return steps


def pending_retries(deliveries: Sequence[Delivery]) -> list[Delivery]:
    """Failed or unconfirmed deliveries still to be sent again: all of them, until they get
    through or someone answers a message of their track (done, acknowledged, snoozed, not me),
    which shows the task has been seen. A later step reaching someone else does not stop a
    retry: missing a message is worse than a duplicate."""
    answered = {track(d.stage) for d in deliveries if d.handled is not None}
    return [
        row
        for row in deliveries
        if row.status in RETRYABLE and row.retry_at is not None and track(row.stage) not in answered
    ]


def _one_shot(
    stage: str,
    at: datetime,
    deliveries: Sequence[Delivery],
    target: Target,
    level: int,
    role: str | None = None,
) -> list[Step]:
    """The one-shot step of a track, or, when it could not reach its person, the same step
    one manager higher (at once)."""
    sent = [d for d in deliveries if track(d.stage) == stage]
    if not sent:
        return [Step(stage, at, target, level, role=role)]
    last = sent[-1]
    if last.status != UNREACHABLE:
        return []
    passed = skips(last.stage) + 1
    return [Step(f"{stage}+{passed}", last.claimed_at, target, level + passed, role=role)]


def escalation_role(code: str) -> str | None:
    """The staff role a protocol escalation names (`escalate:director` -> director)."""
    prefix, _, name = code.partition(":")
    if prefix != "escalate" or name not in Role.__members__.values():
        return None
    return None if Role(name) in EXTERNAL_ROLES else name


def _next_in_chain(
    task: TaskRecord, chain: Sequence[Delivery], settings: ReminderSettings
) -> Step | None:
    if not chain:
        return Step("remind", task.due_at - settings.lead, Target.ASSIGNEE)
    starts = [i for i, d in enumerate(chain) if stage_kind(d.stage) in ("remind", "handover")]
    epoch = chain[starts[-1] :] if starts else list(chain)
    counts = {kind: sum(1 for d in chain if stage_kind(d.stage) == kind) for kind in _CHAIN}
    handled = [d for d in epoch if d.handled is not None and d.handled_at is not None]
    if handled:
        latest = max(handled, key=lambda d: (d.handled_at, d.id))
        assert latest.handled_at is not None
        if latest.handled in (DONE, ACKNOWLEDGED):
            return None
        if latest.handled == NOT_ME:
            return Step(f"handover:{counts['handover'] + 1}", latest.handled_at, Target.ASSIGNEE)
        snoozed_since = any(
            stage_kind(d.stage) == "snooze" and d.claimed_at > latest.handled_at for d in epoch
        )
        if latest.handled == SNOOZED and not snoozed_since:
            return Step(
                f"snooze:{counts['snooze'] + 1}",
                latest.handled_at + settings.snooze,
                Target.STAFF,
                staff_id=latest.handled_by_id,
            )
    last = epoch[-1]
    if stage_kind(last.stage) == "escalate" and last.status == NO_RECIPIENT:
        return None  # the top of the management chain has been reached
    level = sum(1 for d in epoch if stage_kind(d.stage) == "escalate") + 1
    if last.status == UNREACHABLE:  # they will not hear it: the next person up, now
        return Step(f"escalate:{counts['escalate'] + 1}", last.claimed_at, Target.MANAGER, level)
    repeats = sum(1 for d in epoch if stage_kind(d.stage) == "repeat")
    if repeats < settings.repeats:
        at = last.claimed_at + settings.repeat_every
        return Step(f"repeat:{counts['repeat'] + 1}", at, Target.ASSIGNEE)
    at = last.claimed_at + settings.escalate_every
    return Step(f"escalate:{counts['escalate'] + 1}", at, Target.MANAGER, level)
