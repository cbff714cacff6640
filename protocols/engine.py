"""The protocol engine: protocol + child + events + a clock instant in, every task out.

Pure: no I/O beyond reading the pack, no clock of its own. The same input always gives the
same output, so storage can recompute after every fact and an audit can replay any instant.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from protocols.clock import Duration, end_of_working_day
from protocols.conditions import Context, active, holds_statically
from protocols.facts import ChildFacts, Event
from protocols.intervals import Intervals, contains, intersect, normalise, until
from protocols.pack import Phase, ProtocolPack, Repeat, Rule
from protocols.pack_loader import load_protocol
from protocols.tasks import Task
from protocols.timeline import EpisodeTimeline, build_timeline, split_episodes
from protocols.vocabulary import TaskStatus

MAX_OCCURRENCES = 5000  # a guard, far above any real episode (hourly for 200 days)


def compute_tasks(
    protocol_id: str,
    child: ChildFacts,
    events: Sequence[Event],
    now: datetime,
    env: Mapping[str, str] | None = None,
) -> list[Task]:
    pack, variant = load_protocol(protocol_id, env)
    return evaluate(pack, variant, child, events, now)


def evaluate(
    pack: ProtocolPack,
    variant: str,
    child: ChildFacts,
    events: Sequence[Event],
    now: datetime,
) -> list[Task]:
    """Every task of every episode in `events`, as known at `now`, in due order."""
    tasks: list[Task] = []
    for ctx in episode_contexts(pack, variant, child, events, now):
        tasks.extend(_episode_tasks(ctx))
    return sorted(tasks, key=lambda t: (t.due, t.episode, t.key))


def episode_contexts(
    pack: ProtocolPack,
    variant: str,
    child: ChildFacts,
    events: Sequence[Event],
    now: datetime,
) -> list[Context]:
    """What the rules' conditions are evaluated against, one per episode in `events` as known
    at `now` (checklists use the last one to pick the items that apply)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    known = [e for e in events if e.at <= now]  # what had happened by the clock instant
    if not known:
        return []
    episodes = split_episodes(known)
    starts = sorted(s for s in child.previous_episodes)
    contexts: list[Context] = []
    for index, episode_events in enumerate(episodes):
        number = len(child.previous_episodes) + index + 1
        timeline = build_timeline(episode_events, number, pack.category_timeouts)
        history = (*(s for s in starts if s <= timeline.start), timeline.start)
        contexts.append(
            Context(
                pack=pack,
                variant=variant,
                child=child,
                flags=_flags(pack, variant, child, timeline, history, now),
                timeline=timeline,
                episode_starts=history,
                now=now,
            )
        )
        starts.append(timeline.start)
    return contexts


def _flags(
    pack: ProtocolPack,
    variant: str,
    child: ChildFacts,
    timeline: EpisodeTimeline,
    history: tuple[datetime, ...],
    now: datetime,
) -> frozenset[str]:
    flags = set(child.flags)
    for derived in pack.derived_flags:
        ctx = Context(pack, variant, child, frozenset(flags), timeline, history, now)
        if not holds_statically(derived.when, ctx):
            continue
        if derived.arrived_within is not None:
            if child.arrived_in_uk is None:
                continue
            arrived = datetime.combine(child.arrived_in_uk, datetime.min.time(), UTC)
            if timeline.start > derived.arrived_within.after(arrived):
                continue
        flags.add(derived.flag)
    return frozenset(flags)


@dataclass(frozen=True)
class _Placed:
    rule: Rule
    intervals: Intervals
    due: datetime
    activated: datetime
    active_at_due: bool
    source: str
    why: str


def _episode_tasks(ctx: Context) -> list[Task]:
    tl = ctx.timeline
    phases = {
        Phase.MISSING: until(tl.start, tl.end),
        Phase.RETURNED: until(tl.end, None) if tl.end else (),
        Phase.ANY: until(tl.start, None),
    }
    singles: list[_Placed] = []
    tasks: list[Task] = []
    for rule in ctx.pack.rules:
        base = intersect(active(rule.when, ctx), phases[rule.phase])
        if not base:
            continue
        anchor = _anchor(rule.anchor, tl)
        if anchor is None and rule.anchor != "activation":
            continue  # e.g. nothing is due "after the police report" before there is one
        if rule.recurring:
            tasks.extend(_occurrences(rule, base, anchor, ctx))
        else:
            singles.append(_place_single(rule, base, anchor, ctx))
    tasks.extend(_settle(singles, ctx))
    return tasks


def _anchor(name: str, tl: EpisodeTimeline) -> datetime | None:
    if name == "start":
        return tl.start
    if name == "recorded":
        return tl.recorded
    if name == "reported":
        return tl.reported
    if name == "returned":
        return tl.end
    if name.startswith("done:"):
        return tl.first_done(name[5:])
    return None  # "activation": the moment the rule's condition became true


def _deadline(rule: Rule, offset: Duration, base: datetime) -> datetime:
    if rule.working_days is not None:
        return end_of_working_day(base, rule.working_days)
    return offset.after(base)


def _place(
    rule: Rule, offset: Duration, intervals: Intervals, anchor: datetime | None
) -> tuple[datetime, datetime, bool]:
    """The due instant: the deadline, but never before the rule applies. Returns (due, when it
    became required, whether it is still required at its due instant)."""
    for start, end in intervals:
        due = max(_deadline(rule, offset, anchor or start), start)
        if end is None or due < end:
            return due, start, True
    start = intervals[0][0]
    return max(_deadline(rule, offset, anchor or start), start), start, False


def _place_single(rule: Rule, base: Intervals, anchor: datetime | None, ctx: Context) -> _Placed:
    due, activated, live = _place(rule, rule.offset, base, anchor)
    best = _Placed(rule, base, due, activated, live, rule.source, rule.why)
    agreed = ctx.timeline.deadlines.get(rule.agreed_with or rule.code)
    if agreed:
        # An agreed deadline replaces the rule's own only where the protocol says deadlines are
        # set in the moment; otherwise it can bring the task forward, never push it back.
        agreed_due = max(_parse_instant(agreed[-1].data["due"], activated), activated)
        if rule.deadline_agreed or agreed_due < due:
            best = _Placed(
                rule,
                base,
                agreed_due,
                activated,
                contains(base, agreed_due),
                f"{rule.source} (deadline agreed)",
                rule.why,
            )
    for option in rule.sooner:  # sooner options always win when earlier: risk cannot wait
        narrowed = intersect(base, active(option.when, ctx))
        if not narrowed:
            continue
        o_due, o_activated, o_live = _place(rule, option.offset, narrowed, anchor)
        if o_live and (not best.active_at_due or o_due <= best.due):  # ties cite the reason
            best = _Placed(
                rule, base, o_due, o_activated, True, option.source, option.why or rule.why
            )
    return best


def _parse_instant(text: str, fallback: datetime) -> datetime:
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return fallback
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _settle(placed: list[_Placed], ctx: Context) -> list[Task]:
    """Match done/not-required events to tasks (several rules can share a code, e.g. rutland's
    two notes to the team manager) and give each task its status at `now`."""
    tl = ctx.timeline
    done: dict[int, Event] = {}
    by_due = sorted(range(len(placed)), key=lambda i: (placed[i].due, placed[i].rule.id))
    for code, events in tl.done.items():
        candidates = [i for i in by_due if placed[i].rule.code == code]
        for event in events:
            free = [i for i in candidates if i not in done]
            named = [i for i in free if placed[i].rule.id == event.get("task")]
            # The task that was required when the thing was done: after a return, "told the
            # IRO" is the return notification, not the one from while the child was missing.
            current = [i for i in free if contains(placed[i].intervals, event.at)]
            started = [i for i in free if placed[i].activated <= event.at]
            choice = named or current or started or free
            if choice:
                done[choice[0]] = event
    tasks = []
    for i, p in enumerate(placed):
        waived: Event | None = tl.waiver(p.rule.code, p.rule.id)
        if waived is not None and (
            waived.get("task") not in (None, p.rule.id) or p.activated > waived.at
        ):
            waived = None
        closing = done.get(i)
        if closing is not None:
            status, note = TaskStatus.DONE, closing.get("note")
        elif waived is not None:
            status, note = TaskStatus.CANCELLED, waived.get("reason") or "not required"
        elif not p.active_at_due:
            status, note = TaskStatus.CANCELLED, "no longer required"
        else:
            status = TaskStatus.OVERDUE if p.due < ctx.now else TaskStatus.OPEN
            note = None
        tasks.append(
            Task(
                key=p.rule.id,
                code=p.rule.code,
                title=p.rule.title,
                due=p.due,
                assignee=p.rule.assignee_for(ctx.variant),
                source=p.source,
                status=status,
                episode=tl.number,
                done_at=closing.at if closing is not None else None,
                done_by=closing.get("by") if closing is not None else None,
                note=note,
                why=p.why,
            )
        )
    return tasks


def _occurrences(rule: Rule, base: Intervals, anchor: datetime | None, ctx: Context) -> list[Task]:
    """A recurring rule's occurrences. "At least every N": the next is due N after the last
    was done, or N after it fell due if it was missed, so missed reviews stay visible."""
    tl = ctx.timeline
    waived = tl.waiver(rule.code, rule.id)
    if waived is not None and waived.get("task") in (None, rule.id):
        base = intersect(base, normalise([(tl.start, waived.at)]))
    pending = list(tl.done.get(rule.code, []))
    agreed = tl.deadlines.get(rule.code, [])
    first = rule.first or rule.every or Duration()
    tasks: list[Task] = []
    number = 0
    for start, end in base:
        due = max(first.after(anchor or start), start)
        while number < MAX_OCCURRENCES and (end is None or due < end):
            pending = [e for e in pending if e.at >= start]
            number += 1
            done_event: Event | None = None
            next_due: datetime | None
            if rule.repeat is Repeat.EVERY and rule.every is not None:
                fixed_next = rule.every.after(due)
                if pending and pending[0].at < fixed_next and (end is None or pending[0].at < end):
                    done_event = pending.pop(0)
                    next_due = rule.every.after(done_event.at)
                else:
                    next_due = fixed_next
            else:
                if not tasks and agreed:  # an earlier date agreed for the first meeting
                    due = max(min(due, _parse_instant(agreed[-1].data["due"], due)), start)
                if pending and (end is None or pending[0].at < end):
                    done_event = pending.pop(0)
                    next_due = _agreed_next(done_event, agreed)
                else:
                    next_due = None
            tasks.append(_occurrence_task(rule, due, number, done_event, ctx))
            if done_event is None and due >= ctx.now:
                break  # list the next one that is coming, not the whole future
            if next_due is None:
                break
            due = max(next_due, start)
    return tasks


def _agreed_next(held: Event, agreed: Sequence[Event]) -> datetime | None:
    text = held.get("next_due")
    if text:
        return _parse_instant(text, held.at)
    later = [e for e in agreed if e.at >= held.at]
    return _parse_instant(later[-1].data["due"], held.at) if later else None


def _occurrence_task(
    rule: Rule, due: datetime, number: int, done: Event | None, ctx: Context
) -> Task:
    if done is not None:
        status = TaskStatus.DONE
    else:
        status = TaskStatus.OVERDUE if due < ctx.now else TaskStatus.OPEN
    return Task(
        key=f"{rule.id}#{number}",
        code=rule.code,
        title=rule.title,
        due=due,
        assignee=rule.assignee_for(ctx.variant),
        source=rule.source,
        status=status,
        episode=ctx.timeline.number,
        occurrence=number,
        recurring=True,
        done_at=done.at if done else None,
        done_by=done.get("by") if done else None,
        note=done.get("note") if done else None,
        why=rule.why,
    )
