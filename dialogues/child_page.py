"""The child's page: one screen per child for whoever may see them (storage.policy), reached by
typing the child's name ("Jay", "show Jay"), or by the button on status ("page:<id>").

It shows what is known so far (last seen, the police reference, the risk as last graded, what
people said in their own words, where the child may be) and what is still to do, OVERDUE
marked. Every showing is a logged read (`read_child`)."""

from __future__ import annotations

import re

from dialogues import child_page_messages as p
from dialogues.context import Turn
from dialogues.replies import Button, Reply, say
from dialogues.work_format import child_name, length, staff_name
from protocols.clock import london_text
from protocols.vocabulary import TaskStatus
from storage.child_record import Said, last_grading, police_grading, what_was_said
from storage.ids import parse_row_id
from storage.models import Child, Episode, TaskRecord
from storage.people import get_staff
from storage.policy import children_for, read_child
from storage.profiles import previous_episodes
from storage.queries import ACTIONABLE, latest_episode_for_child, tasks_for_episode

PREFIX = "page:"
_PAYLOAD = re.compile(r"^page:(?P<id>[0-9]{1,12})$")
# "show Jay", "show me Jay", "Jay's page", "page Jay", "open Jay"; a bare name only outside a
# flow (inside one, "Jay" may be the answer to "which child?").
_ASKED = re.compile(
    r"^(?:(?:show(?: me)?|open|page(?: for)?|see)\s+)?(?P<name>[a-z' -]+?)(?:'s page| page)?$"
)


def button(child: Child) -> Button:
    return (
        p.PAGE_BUTTON.format(child=child.preferred_name or child.given_name),
        page_payload(child.id),
    )


def page_payload(child_id: int) -> str:
    return f"{PREFIX}{child_id}"


def typed(turn: Turn, command: str) -> list[Reply] | None:
    """The page for a typed "Jay" / "show Jay", or None when `command` names no child this
    person may see (then the message goes on to the flows and the NLU)."""
    match = _ASKED.match(command)
    if match is None:
        return None
    asked_for = command != match["name"]
    if not asked_for and "flow" in turn.state:
        return None
    wanted = " ".join(match["name"].split())
    staff = get_staff(turn.session, turn.staff_id)
    found = [c for c in children_for(turn.session, staff) if wanted in _names(c)]
    if not found:
        # Not a child of theirs: the NLU reads it ("show me the summary"), and a name of someone
        # else's child gets no answer that says such a child exists.
        return None
    if len(found) > 1:
        return [say(p.WHICH, *(button(c) for c in found))]
    return page(turn, found[0].id)


def on_payload(turn: Turn, payload: str) -> list[Reply]:
    match = _PAYLOAD.match(payload)
    child_id = parse_row_id(match["id"]) if match else None
    if child_id is None:
        return [say(p.NOT_YOURS)]
    return page(turn, child_id)


def page(turn: Turn, child_id: int) -> list[Reply]:
    """The page, or a refusal when this person may not see the child (nothing about the child
    is said then, not even whether they exist)."""
    if not read_child(turn.session, turn.staff_id, child_id, "child page", now=turn.now):
        return [say(p.NOT_YOURS)]
    child = turn.session.get(Child, child_id)
    assert child is not None  # read_child answered True
    episode = latest_episode_for_child(turn.session, child_id)
    if episode is not None and episode.status == "withdrawn":
        episode = None
    if episode is None or episode.status != "open":
        return [say("\n".join(_home_lines(turn, child, episode)))]
    lines = [*_head(turn, child, episode), "", p.KNOWN]
    said = what_was_said(turn.session, episode.id)
    lines += [_said_line(s) for s in said] or [p.KNOWN_NONE]
    lines += ["", p.WHERE, *_where_lines(child, said), "", p.TO_DO]
    lines += _task_lines(turn, tasks_for_episode(turn.session, episode.id))
    return [say("\n".join(lines))]


def _names(child: Child) -> set[str]:
    names = {n.lower() for n in (child.given_name, child.preferred_name, child.family_name) if n}
    return names | {child_name(child).lower(), f"{child.given_name} {child.family_name}".lower()}


def _head(turn: Turn, child: Child, episode: Episode) -> list[str]:
    fields = {
        "child": child_name(child),
        "since": london_text(episode.started_at),
        "length": length(turn.now - episode.started_at),
        "number": episode.number,
        "category": episode.category.replace("_", " "),
    }
    head = p.HEAD_MISSING if episode.category == "missing" else p.HEAD_AWAY
    return [
        head.format(**fields),
        _risk_line(turn, episode),
        _police_line(episode),
        p.LAST_SEEN.format(when=london_text(episode.started_at)),
    ]


def _risk_line(turn: Turn, episode: Episode) -> str:
    last = last_grading(turn.session, episode.id)
    if last is None:
        return p.RISK_NONE
    fields = {"level": last.level, "by": p.BY[last.assessor], "when": london_text(last.at)}
    police = police_grading(turn.session, episode.id)
    if last.assessor != "police" and police is not None:
        when = london_text(police.at)
        return p.RISK_POLICE_TOO.format(police=police.level, police_when=when, **fields)
    return p.RISK.format(**fields)


def _police_line(episode: Episode) -> str:
    if episode.reported_at is None:
        return p.POLICE_NOT_YET
    when = london_text(episode.reported_at)
    if episode.police_reference:
        return p.POLICE_REPORTED.format(when=when, reference=episode.police_reference)
    return p.POLICE_NO_REFERENCE.format(when=when)


def _said_line(said: Said) -> str:
    fields = {"when": london_text(said.at), "by": said.by or p.SOMEONE, "text": said.text}
    if said.kind == "concern":
        factor = said.details.get("factor", "").replace("_", " ")
        return p.CONCERN_LINE.format(factor=factor, **fields)
    return p.SAID_LINE.format(**fields)


def _where_lines(child: Child, said: list[Said]) -> list[str]:
    lines = []
    for s in reversed(said):  # the latest first: where they were seen last matters most
        when, by = london_text(s.at), s.by or p.SOMEONE
        if s.details.get("location"):
            lines.append(p.WHERE_SEEN.format(place=s.details["location"], when=when, by=by))
        if s.details.get("person"):
            lines.append(p.WHERE_WITH.format(person=s.details["person"], when=when, by=by))
    if child.usual_places:
        lines.append(p.WHERE_PLACES.format(places=child.usual_places))
    if child.known_associates:
        lines.append(p.WHERE_FRIENDS.format(who=child.known_associates))
    return lines or [p.WHERE_NONE]


def _task_lines(turn: Turn, tasks: list[TaskRecord]) -> list[str]:
    lines = []
    for task in tasks:
        if task.status not in ACTIONABLE:
            continue
        late = task.status == TaskStatus.OVERDUE.value or task.due_at < turn.now
        holder = staff_name(turn.session, task.assignee_staff_id, p.NOBODY)
        if task.assignee_staff_id is None:
            holder = task.assignee_role.replace("_", " ")
        lines.append(
            p.TO_DO_LINE.format(
                flag=p.OVERDUE if late else "",
                when=london_text(task.due_at),
                title=task.title,
                holder=holder,
            )
        )
    return lines or [p.TO_DO_NONE]


def _home_lines(turn: Turn, child: Child, episode: Episode | None) -> list[str]:
    lines = [p.HEAD_HOME.format(child=child_name(child))]
    past = previous_episodes(turn.session, child.id)
    if episode is None or not past:
        return [*lines, p.NO_EPISODES]
    until = london_text(episode.returned_at) if episode.returned_at else "?"
    how = p.HOW.format(how=episode.return_how.replace("_", " ")) if episode.return_how else ""
    lines.append(
        p.LAST_EPISODE.format(
            number=episode.number, since=london_text(episode.started_at), until=until, how=how
        )
    )
    lines.append(p.EPISODES_ON_RECORD.format(count=len(past)))
    lines += ["", p.TO_DO, *_task_lines(turn, tasks_for_episode(turn.session, episode.id))]
    return lines
