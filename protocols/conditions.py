"""When is a rule's condition true during an episode? Static facts (legal status, flags,
history) give all or nothing; time-varying ones (category, risk, tasks done) give intervals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from protocols.clock import on_london_wall_clock
from protocols.facts import ChildFacts
from protocols.intervals import EMPTY, Intervals, from_instant, intersect, normalise, union
from protocols.pack import Condition, ProtocolPack
from protocols.timeline import Change, EpisodeTimeline


@dataclass(frozen=True)
class Context:
    pack: ProtocolPack
    variant: str
    child: ChildFacts
    flags: frozenset[str]  # the child's flags plus those the protocol derives
    timeline: EpisodeTimeline
    episode_starts: tuple[datetime, ...]  # earlier episodes' starts and this one's
    now: datetime


def active(condition: Condition, ctx: Context) -> Intervals:
    """The intervals (from the episode's start on) in which `condition` holds."""
    tl = ctx.timeline
    if not _static_holds(condition, ctx):
        return EMPTY
    result = from_instant(tl.start)
    if condition.category is not None:
        wanted = {c.value for c in condition.category}
        result = intersect(result, _segments(tl.categories, wanted))
    if condition.ever_category is not None:
        wanted = {c.value for c in condition.ever_category}
        entered = [c.at for c in tl.categories if c.value in wanted]
        result = intersect(result, from_instant(min(entered)) if entered else EMPTY)
    if condition.risk is not None:
        result = intersect(result, _segments(tl.risks, {r.value for r in condition.risk}))
    if condition.ever_risk is not None:
        wanted = {r.value for r in condition.ever_risk}
        graded = [c.at for c in tl.risks if c.value in wanted]
        result = intersect(result, from_instant(min(graded)) if graded else EMPTY)
    if condition.done_how is not None:
        spec = condition.done_how
        times = [e.at for e in tl.done.get(spec.code, []) if e.get("how") in spec.how]
        result = intersect(result, from_instant(min(times)) if times else EMPTY)
    if condition.not_done is not None:
        done_at = tl.first_done(condition.not_done)
        result = intersect(result, normalise([(tl.start, done_at)]) if done_at else result)
    if condition.concern_any is not None:
        times = [c.at for c in tl.concerns if c.value in condition.concern_any]
        result = intersect(result, from_instant(min(times)) if times else EMPTY)
    if condition.missing_longer_than is not None:
        threshold = condition.missing_longer_than.after(tl.start)
        long_enough = tl.end is None or tl.end > threshold
        result = intersect(result, from_instant(threshold) if long_enough else EMPTY)
    if condition.age_under is not None and ctx.child.date_of_birth is not None:
        dob = ctx.child.date_of_birth
        try:
            birthday = dob.replace(year=dob.year + condition.age_under)
        except ValueError:  # born 29 February
            birthday = dob.replace(year=dob.year + condition.age_under, day=28)
        turns = on_london_wall_clock(datetime.combine(birthday, time(0, 0)))
        result = intersect(result, normalise([(min(tl.start, turns), turns)]))
    if condition.returned_how is not None or condition.returned_how_not is not None:
        result = intersect(result, from_instant(tl.end) if tl.end else EMPTY)
    if condition.any_of:
        result = intersect(result, union(*(active(c, ctx) for c in condition.any_of)))
    return result


def holds_statically(condition: Condition, ctx: Context) -> bool:
    return _static_holds(condition, ctx)


def _static_holds(condition: Condition, ctx: Context) -> bool:
    child, tl = ctx.child, ctx.timeline
    if condition.legal_status is not None and child.legal_status not in condition.legal_status:
        return False
    if condition.flags_any is not None and not (ctx.flags & condition.flags_any):
        return False
    if condition.flags_all is not None and not condition.flags_all <= ctx.flags:
        return False
    if condition.flags_none is not None and ctx.flags & condition.flags_none:
        return False
    if condition.variant is not None and ctx.variant not in condition.variant:
        return False
    if condition.placement is not None and child.placement not in condition.placement:
        return False
    if condition.episodes_in_window is not None:
        rule = condition.episodes_in_window
        window_start = rule.window.before(tl.start)
        count = sum(1 for s in ctx.episode_starts if window_start < s <= tl.start)
        if count < rule.count or (rule.exactly and count != rule.count):
            return False
    if condition.returned_how is not None and tl.returned_how not in condition.returned_how:
        return False
    return not (
        condition.returned_how_not is not None and tl.returned_how in condition.returned_how_not
    )


def _segments(changes: tuple[Change, ...], wanted: set[str]) -> Intervals:
    parts = []
    for i, change in enumerate(changes):
        if change.value in wanted:
            end = changes[i + 1].at if i + 1 < len(changes) else None
            parts.append((change.at, end))
    return normalise(parts)
