"""The one entry point every channel calls: a person's message in, the assistant's replies out.

State is loaded before and saved after every message in the same transaction as what the message
recorded, so a restart (or a second process) resumes exactly where the person was.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from dialogues import messages as m
from dialogues.context import Turn
from dialogues.flows import report_missing
from dialogues.replies import Reply, say
from dialogues.understanding import Understanding
from protocols.clock import london_text
from storage.conversations import clear_state, load_state, save_state
from storage.episodes import get_episode, open_episode_for_child
from storage.models import Child, Episode
from storage.people import children_for_carer, get_staff
from storage.queries import open_tasks_for_staff

log = logging.getLogger(__name__)

_HELP = {"help", "?", "menu"}
_CANCEL = {"cancel", "stop", "quit flow"}
_WHY = {"why", "why?"}
_STATUS = {"status", "tasks", "my tasks"}


class DialogueManager:
    def __init__(
        self, session_factory: sessionmaker[Session], understanding: Understanding
    ) -> None:
        self._sessions = session_factory
        self._understanding = understanding

    def handle(self, staff_id: int, text: str, now: datetime) -> list[Reply]:
        try:
            with self._sessions() as session:
                turn = Turn(
                    session, staff_id, now, load_state(session, staff_id) or {}, self._understanding
                )
                replies = self._dispatch(turn, text)
                if turn.state:
                    save_state(session, staff_id, turn.state, now)
                else:
                    clear_state(session, staff_id)
                session.commit()
                return replies
        except Exception:
            # The boundary: a carer at 3am must never meet a stack trace. The transaction rolled
            # back, so the saved state is still the one before this message.
            log.exception("dialogue failed for staff %s on %r", staff_id, text)
            return [say(m.APOLOGY)]

    def _dispatch(self, turn: Turn, text: str) -> list[Reply]:
        command = " ".join(text.lower().split())
        in_flow = turn.state.get("flow") == report_missing.FLOW
        if command in _HELP:
            return [say(m.HELP), *(report_missing.prompt(turn) if in_flow else [])]
        if command in _CANCEL:
            if not in_flow:
                return [say(m.NOTHING_TO_CANCEL)]
            turn.state.clear()
            return [say(m.CANCELLED)]
        if command in _WHY:
            reason = report_missing.why(turn) if in_flow else None
            return [say(reason or m.NO_WHY), *(report_missing.prompt(turn) if in_flow else [])]
        if command in _STATUS:
            return [status(turn), *(report_missing.prompt(turn) if in_flow else [])]
        if in_flow:
            return report_missing.handle(turn, text)
        return self._free(turn, text)

    def _free(self, turn: Turn, text: str) -> list[Reply]:
        names = [
            n
            for c in children_for_carer(turn.session, turn.staff_id)
            for n in (c.given_name, c.preferred_name)
            if n
        ]
        intent = self._understanding.parse(text, turn.now, child_names=names)["intent"]["name"]
        if intent == "report_missing":
            return report_missing.start(turn, text)
        if intent == "status_query":
            return [status(turn)]
        if intent == "cancel":
            return [say(m.NOTHING_TO_CANCEL)]
        if intent == "ask_guidance":
            return [say(m.HELP)]
        if intent == "child_returned":
            return [say(m.RETURN_LATER)]
        if intent == "greet":
            name = get_staff(turn.session, turn.staff_id).name.split()[0]
            return [say(m.GREETING.format(name=name))]
        return [say(m.NOT_UNDERSTOOD)]


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
            lines.append(
                m.STATUS_TASK.format(when=london_text(t.due_at), title=t.title, child=who)
            )
    return say("\n".join(lines))


def child_open_episodes(turn: Turn, child: Child) -> list[Episode]:
    episode = open_episode_for_child(turn.session, child.id)
    return [episode] if episode else []


def _child(turn: Turn, child_id: int) -> str:
    child = turn.session.get(Child, child_id)
    return f"{child.preferred_name or child.given_name} {child.family_name}" if child else "?"


__all__ = ["DialogueManager"]
