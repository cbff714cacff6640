"""What comes next for one task, decided from its deliveries alone (pure: no I/O, no clock).

Three tracks, each keyed by a stage name that is the same in every process, so the unique
(task, occurrence, stage) key of a delivery settles who sends it:

- the reminder chain: `remind` (lead time before the deadline) to the assignee, `repeat:n` while
  nobody acknowledges, then `escalate:n` one line manager higher per interval; `snooze:n` and
  `handover:n` come from the buttons. Done or Acknowledge ends the chain.
- `overdue`: the assignee's line manager hears of a task still not done after its deadline.
- `role:<role>`: a protocol escalation (`escalate:<role>`) reaches whoever holds that role.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from protocols.vocabulary import EXTERNAL_ROLES, Role
from reminders.settings import ReminderSettings
from storage.deliveries import ACKNOWLEDGED, DONE, NO_RECIPIENT, NOT_ME, SNOOZED, Delivery
from storage.models import TaskRecord


class Target(StrEnum):
    ASSIGNEE = "assignee"  # whoever holds the task (or out-of-hours cover)
    STAFF = "staff"  # a named person: who snoozed
    MANAGER = "manager"  # the assignee's line manager (`level` 1) and upwards
    ROLE = "role"  # the holder of a role in the child's team


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
    return stage.split(":", 1)[0]


def next_steps(
    task: TaskRecord, deliveries: Sequence[Delivery], settings: ReminderSettings
) -> list[Step]:
    """Each track's next step for an actionable task, whether due yet or not."""
    steps: list[Step] = []
    done = {d.stage for d in deliveries}
    if task.assignee_staff_id is not None:
        in_chain = [d for d in deliveries if stage_kind(d.stage) in _CHAIN]
        chain = _next_in_chain(task, in_chain, settings)
        if chain is not None:
            steps.append(chain)
        if "overdue" not in done:
            steps.append(Step("overdue", task.due_at + settings.overdue_after, Target.MANAGER, 1))
    role = escalation_role(task.code)
    if role is not None and f"role:{role}" not in done:
        steps.append(Step(f"role:{role}", task.due_at, Target.ROLE, role=role))
    return steps


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
    repeats = sum(1 for d in epoch if stage_kind(d.stage) == "repeat")
    if repeats < settings.repeats:
        at = last.claimed_at + settings.repeat_every
        return Step(f"repeat:{counts['repeat'] + 1}", at, Target.ASSIGNEE)
    level = sum(1 for d in epoch if stage_kind(d.stage) == "escalate") + 1
    at = last.claimed_at + settings.escalate_every
    return Step(f"escalate:{counts['escalate'] + 1}", at, Target.MANAGER, level)
