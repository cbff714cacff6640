"""Which of a pack's checklist items apply to this child and episode right now.

An item's `when` uses the same conditions as the rules (protocols/conditions.py), evaluated at
the clock instant: a foster carer is not asked about residential-only steps, and a return-needs
item for children who came back on their own only shows after such a return."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from protocols.conditions import active
from protocols.engine import episode_contexts
from protocols.facts import ChildFacts, Event, EventType
from protocols.intervals import contains
from protocols.pack import ChecklistItem, ProtocolPack


def applicable(
    pack: ProtocolPack,
    variant: str,
    checklist: str,
    child: ChildFacts,
    events: Sequence[Event],
    now: datetime,
) -> tuple[ChecklistItem, ...]:
    """The items of `checklist` whose conditions hold at `now` for the child's current episode
    (the last one in `events`; before any episode, as if it began at `now`)."""
    items = pack.checklists.get(checklist, ())
    known = events or [Event(now, EventType.MISSING)]
    contexts = episode_contexts(pack, variant, child, known, now)
    if not contexts:
        return ()
    ctx = contexts[-1]
    return tuple(item for item in items if contains(active(item.when, ctx), now))
