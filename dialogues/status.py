"""What is open for this person: the episodes they touch and their tasks, soonest due first."""

from __future__ import annotations

from dialogues import messages as m
from dialogues.context import Turn
from dialogues.replies import Reply, say
from protocols.clock import london_text
from storage.episodes import get_episode, open_episode_for_child
from storage.models import Child, Episode
from storage.people import children_for_carer
from storage.queries import open_tasks_for_staff


def status(turn: Turn) -> Reply:
    """The person's open tasks and the open episodes they touch, soonest due first."""
    tasks = open_tasks_for_staff(turn.session, turn.staff_id)
    episodes: dict[int, Episode] = {
        t.episode_id: get_episode(turn.session, t.episode_id) for t in tasks
    }
    for child in children_for_carer(turn.session, turn.staff_id):
        for episode in child_open_episodes(turn, child):
            episodes.setdefault(episode.id, episode)
    if not tasks and not episodes:
        return say(m.STATUS_NONE)
    lines: list[str] = []
    open_eps = sorted(
        (e for e in episodes.values() if e.status == "open"), key=lambda e: e.started_at
    )
    if open_eps:
        lines.append(m.STATUS_EPISODES)
        for e in open_eps:
            lines.append(
                m.STATUS_EPISODE.format(
                    child=_child(turn, e.child_id), when=london_text(e.started_at)
                )
            )
    if tasks:
        lines.append(m.STATUS_TASKS)
        for t in tasks:
            who = _child(turn, episodes[t.episode_id].child_id)
            lines.append(m.STATUS_TASK.format(when=london_text(t.due_at), title=t.title, child=who))
    return say("\n".join(lines))


def child_open_episodes(turn: Turn, child: Child) -> list[Episode]:
    episode = open_episode_for_child(turn.session, child.id)
    return [episode] if episode else []


def _child(turn: Turn, child_id: int) -> str:
    child = turn.session.get(Child, child_id)
    return f"{child.preferred_name or child.given_name} {child.family_name}" if child else "?"
