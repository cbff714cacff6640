""" "What do I do now?": the person's own next steps (their open tasks, and the day workers'
tasks they cover out of hours), soonest first, each with the one line of why, numbered as on
their status so "done 1" means the same task on both screens."""

from __future__ import annotations

from dialogues import child_page_messages as p
from dialogues.context import Turn
from dialogues.flows.common import missing_children
from dialogues.replies import Reply, say
from dialogues.status import is_overdue, own_tasks
from dialogues.work_format import child_name, child_name_by_id
from protocols.clock import london_text
from storage.policy import log_reads, viewer

ASKED = frozenset(
    {
        "what do i do now",
        "what do i do now?",
        "what do i do",
        "what do i do?",
        "what now",
        "what now?",
        "what next",
        "what next?",
        "what should i do",
        "what should i do?",
        "what should i do now",
        "what should i do now?",
        "next steps",
        "my next steps",
        "/next",
    }
)
SHOWN = 5


def next_steps(turn: Turn) -> Reply:
    # The person's own come first in the status list, so their numbers agree with status.
    own = list(enumerate(own_tasks(turn, viewer(turn.session, turn.staff_id)), start=1))
    lines: list[str] = []
    if own:
        lines.append(p.NOW_INTRO)
        for n, item in own[:SHOWN]:
            task = item.task
            lines.append(
                p.NOW_LINE.format(
                    n=n,
                    flag=p.OVERDUE if is_overdue(task, turn) else "",
                    when=london_text(task.due_at),
                    title=task.title,
                    child=child_name_by_id(turn.session, item.child_id),
                    why=_one_line(task.why or task.title),
                )
            )
        if len(own) > SHOWN:
            lines.append(p.NOW_MORE.format(shown=SHOWN, total=len(own)))
        lines.append(p.NOW_HINT)
    else:
        lines.append(p.NOW_NONE)
    missing = missing_children(turn)
    lines += [p.NOW_MISSING.format(child=child_name(c)) for c, _ in missing]
    shown = {item.child_id for _, item in own[:SHOWN]} | {c.id for c, _ in missing}
    log_reads(turn.session, turn.staff_id, shown, "next steps", now=turn.now)
    return say("\n".join(lines))


def _one_line(why: str) -> str:
    """The first sentence of the rule's plain-words reason."""
    first = " ".join(why.split()).split(". ")[0]
    return first if first.endswith(".") else f"{first}."
