"""The return ("she's back", "police just dropped him off"): which child, when, how, then the
protocol's immediate needs, who to tell, the safe and well check and what happens next.

Declared as steps (dialogues.flows.steps): child -> when -> (confirm_when) -> how (the return is
recorded, the episode closed) -> need -> notify -> end. Each answer is written as it is given:
the time as a note, then the return itself, each need and each person told, so stopping half-way
loses nothing. The diagram is in docs/conversations.md.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from dialogues import answers
from dialogues import messages as shared
from dialogues.answers import UNCLEAR, Unclear, YesNo
from dialogues.context import Turn
from dialogues.flows import returned_messages as m
from dialogues.flows.common import (
    actionable,
    checklist,
    checklist_items,
    full_name,
    london,
    missing_children,
    named,
    named_but_not_missing,
    notify_tasks,
    picked_missing,
    who,
)
from dialogues.flows.kept_words import keep_or_hold, write_held
from dialogues.flows.profile import offer_after_return
from dialogues.flows.steps import END, DeclaredFlow, Outcome, StepSpec, end, go
from dialogues.replies import Reply, say
from dialogues.when import Plausible, parse_past_time, plausibility
from nlu.return_state import ReturnState as Said
from nlu.return_state import return_state
from protocols.facts import EventType
from protocols.pack import ChecklistItem
from protocols.vocabulary import ReturnHow
from storage.commands import mark_task_done, record_found, record_note, record_return
from storage.episodes import CLOSED, episode_events, get_episode
from storage.models import Child, Episode, TaskRecord
from storage.people import get_child
from storage.queries import tasks_for_episode

FLOW = "returned"
PAYLOAD = "ret:"  # ret:<episode id>, e.g. on a reminder: "record the return"
_FOUND_HOWS = {ReturnHow.FOUND, ReturnHow.CARER}
# Facts that only make sense while the child is missing: the return must come after them.
_WHILE_MISSING = {EventType.REPORTED_TO_POLICE, EventType.CATEGORY_CHANGED}
_FINISHED_WORDS = frozenset({m.FINISHED, "finish", "next", "done", "finished for now"})


class Step(StrEnum):
    CHILD = "child"
    WHEN = "when"
    CONFIRM_WHEN = "confirm_when"
    HOW = "how"
    NEED = "need"
    NOTIFY = "notify"


@dataclass(frozen=True)
class ReturnState:
    step: Step
    child_id: int | None = None
    episode_id: int | None = None
    back_at: datetime | None = None
    need_index: int = 0
    need_ids: tuple[str, ...] | None = None
    pending: tuple[str, ...] = ()  # words said before the child was known


class NotBack(StrEnum):
    """The answer to "who/when came back?" says nobody has: the return was a misreading (of
    "her phone's back on") or a slip, and the episode must stay open with nothing recorded."""

    NOT_BACK = "not back"


NOT_BACK = NotBack.NOT_BACK


_NOBODY = frozenset({"none", "nobody", "no one", "noone", "neither", "none of them",
                     "neither of them", "no one yet", "nobody yet", "none yet"})  # fmt: skip


# A no at the start of a longer answer: "no he isn't, sorry", "nope, my mistake". Not "no idea
# when" or "not sure", which are about the time.
_NO_BEFORE_MORE = re.compile(
    r"^(?:no|nope|nah|naw|not\s+(?:yet|back|home|really))\b(?!\s+(?:idea|clue|sure|knowing|way\s+of))"
)


# Not knowing the time is no "not back": "not sure", "dunno", "no idea" ask again.
_UNSURE = re.compile(
    r"^(?:not\s+(?:really\s+)?(?:sure|certain)|unsure|dunno|idk|no\s+(?:idea|clue)|i\s+don'?t\s+know"
    r"|don'?t\s+know)\b"
)


def _says_not_back(text: str) -> bool:
    if _UNSURE.match(answers.normalise(text)):
        return False
    return (
        answers.yes_no(text) is YesNo.NO
        or answers.normalise(text) in _NOBODY
        or _NO_BEFORE_MORE.match(answers.normalise(text)) is not None
        or return_state(text) is Said.NOT_RETURNED
    )


def _not_back(turn: Turn, state: ReturnState) -> Outcome[ReturnState]:
    if state.child_id is None:
        return end(say(m.NOBODY_BACK))
    return end(say(m.NOT_BACK.format(child=_name(turn, state))))


def _at(state: ReturnState, step: Step, **changes: object) -> ReturnState:
    return dataclasses.replace(state, step=step, **changes)  # type: ignore[arg-type]


def start(turn: Turn, text: str, *, held: tuple[str, ...] = ()) -> list[Reply]:
    """`held`: words to keep on the episode once the child is known (a risk said with the
    return, dialogues/secondary_facts.py)."""
    missing = missing_children(turn)
    if not missing:
        turn.state.clear()
        return [say(m.NONE_MISSING)]
    other = named_but_not_missing(turn, text, missing)
    if other is not None:
        turn.state.clear()
        return [
            say(shared.NOT_MISSING_NAMED.format(child=full_name(other), given=other.given_name))
        ]
    state = ReturnState(Step.CHILD, pending=held)
    chosen = named(turn, text, [child for child, _ in missing])
    if len(chosen) == 1:
        episode = dict((c.id, e) for c, e in missing)[chosen[0].id]
        return flow.run(turn, _choose(turn, state, chosen[0], episode))
    if len(missing) == 1:
        return flow.run(turn, _choose(turn, state, *missing[0]))
    return flow.run(turn, go(state, *_prompt_child(turn, state)))


def start_for_episode(turn: Turn, payload: str) -> list[Reply]:
    """A "record the return" button for one episode (a reminder, a status line)."""
    wanted = payload.removeprefix(PAYLOAD)
    for child, episode in missing_children(turn):
        if str(episode.id) == wanted:
            return flow.run(turn, _choose(turn, ReturnState(Step.CHILD), child, episode))
    # Stale (already back) or forged: say so, and whatever the person was doing carries on.
    return [say(m.BUTTON_GONE)]


def _choose(turn: Turn, state: ReturnState, child: Child, episode: Episode) -> Outcome[ReturnState]:
    held = write_held(turn, child.id, episode.id, state.pending)
    state = _at(state, Step.WHEN, child_id=child.id, episode_id=episode.id, pending=())
    chosen = say(m.CHOSEN.format(child=full_name(child)))
    return go(state, chosen, *held, *_prompt_when(turn, state))


# Child ---------------------------------------------------------------------------------------


def _prompt_child(turn: Turn, state: ReturnState) -> list[Reply]:
    buttons = [(full_name(c), f"child:{c.id}") for c, _ in missing_children(turn)]
    return [say(m.WHICH_CHILD, *buttons)]


def _parse_child(
    turn: Turn, state: ReturnState, text: str
) -> tuple[Child, Episode] | NotBack | Unclear:
    picked = picked_missing(turn, text)
    if picked is not None:
        return picked
    return NOT_BACK if _says_not_back(text) else UNCLEAR


def _on_child(
    turn: Turn, state: ReturnState, picked: tuple[Child, Episode] | NotBack
) -> Outcome[ReturnState]:
    if isinstance(picked, NotBack):
        return _not_back(turn, state)
    return _choose(turn, state, *picked)


# When ----------------------------------------------------------------------------------------


def _prompt_when(turn: Turn, state: ReturnState) -> list[Reply]:
    return [say(m.WHEN_BACK.format(child=_name(turn, state)), (m.JUST_NOW, m.NOW))]


def _parse_when(turn: Turn, state: ReturnState, text: str) -> datetime | NotBack | Unclear:
    # Before the time: "not back yet, sorry" must not be read as "now".
    if _says_not_back(text):
        return NOT_BACK
    back = parse_past_time(text, turn.now)
    return UNCLEAR if back is None else back


def _on_when(turn: Turn, state: ReturnState, back: datetime | NotBack) -> Outcome[ReturnState]:
    if isinstance(back, NotBack):
        return _not_back(turn, state)
    child = _name(turn, state)
    episode = _episode(turn, state)
    latest = _latest_while_missing(turn, state)
    found = plausibility(back, turn.now, not_before=episode.started_at)
    if found is Plausible.FUTURE:
        return go(state, say(m.IN_FUTURE.format(child=child)))
    if found is Plausible.BEFORE_PREVIOUS:
        return go(state, say(m.BEFORE_START.format(child=child, start=london(episode.started_at))))
    if latest is not None and back < latest:
        return go(state, say(m.BEFORE_FACT.format(child=child, at=london(latest))))
    if found in (Plausible.LONG_AGO, Plausible.TOO_LONG_AGO):
        asked = _at(state, Step.CONFIRM_WHEN, back_at=back)
        return go(asked, *_prompt_confirm_when(turn, asked))
    return _time_noted(turn, _at(state, Step.HOW, back_at=back))


def _time_noted(turn: Turn, state: ReturnState) -> Outcome[ReturnState]:
    back = state.back_at or turn.now
    # Kept in the log at once: if the person stops here, the time they gave is not lost.
    note = f"return reported: back at {london(back)}"
    record_note(turn.session, turn.staff_id, _episode_id(state), note, now=turn.now, kind="return")
    return go(state, say(m.BACK_NOTED.format(when=london(back))), *_prompt_how(turn, state))


def _prompt_confirm_when(turn: Turn, state: ReturnState) -> list[Reply]:
    back = state.back_at or turn.now
    text = m.CONFIRM_WHEN.format(child=_name(turn, state), when=london(back))
    return [say(text, *m.YES_NO_BUTTONS)]


def _parse_yes_no(turn: Turn, state: ReturnState, text: str) -> YesNo | Unclear:
    return answers.yes_no(text)


def _on_confirm_when(turn: Turn, state: ReturnState, answer: YesNo) -> Outcome[ReturnState]:
    if answer is YesNo.NO:
        state = _at(state, Step.WHEN, back_at=None)
        return go(state, *_prompt_when(turn, state))
    return _time_noted(turn, _at(state, Step.HOW))


# How -----------------------------------------------------------------------------------------


def _prompt_how(turn: Turn, state: ReturnState) -> list[Reply]:
    options = ((label, f"how:{value}") for label, value in m.HOW_OPTIONS)
    return [say(m.HOW.format(child=_name(turn, state)), *options)]


def _parse_how(turn: Turn, state: ReturnState, text: str) -> ReturnHow | Unclear:
    return answers.return_how(text)


def _on_how(turn: Turn, state: ReturnState, how: ReturnHow) -> Outcome[ReturnState]:
    episode = _episode(turn, state)
    child = _name(turn, state)
    if episode.status == CLOSED:  # someone else recorded it meanwhile
        return end(say(m.ALREADY_CLOSED.format(child=child)))
    back = state.back_at or turn.now
    latest = _latest_while_missing(turn, state)
    if latest is not None and back < latest:  # a report arrived after the time was given
        state = _at(state, Step.WHEN, back_at=None)
        return go(state, say(m.BEFORE_FACT.format(child=child, at=london(latest))))
    command = record_found if how in _FOUND_HOWS else record_return
    command(turn.session, turn.staff_id, episode.id, at=back, now=turn.now, how=how)
    recorded = say(m.RECORDED.format(child=child, when=london(back), how=m.HOW_LABELS[how.value]))
    items = checklist(turn, _child_id(state), episode.id, "return_needs")
    state = _at(state, Step.NEED, need_index=0, need_ids=tuple(i.id for i in items))
    if items:
        return go(state, recorded, *_prompt_need(turn, state))
    return _start_notify(turn, state, recorded)


# Immediate needs -----------------------------------------------------------------------------


def _prompt_need(turn: Turn, state: ReturnState) -> list[Reply]:
    items = _needs(turn, state)
    if state.need_index >= len(items):
        return []
    i = state.need_index
    text = m.NEED.format(child=_name(turn, state), n=i + 1, total=len(items), text=items[i].text)
    return [say(text, (m.NEED_DONE, m.DONE), (m.NEED_NOT_NEEDED, m.NOT_NEEDED))]


def _parse_need(turn: Turn, state: ReturnState, text: str) -> answers.Checked | Unclear:
    return answers.need_step(text)


def _on_need(turn: Turn, state: ReturnState, answer: answers.Checked) -> Outcome[ReturnState]:
    items = _needs(turn, state)
    if state.need_index < len(items):
        item = items[state.need_index]
        record_note(
            turn.session, turn.staff_id, _episode_id(state), f"{item.text}: {answer.value}",
            now=turn.now, source=item.source, kind="return need",
        )  # fmt: skip
    state = _at(state, Step.NEED, need_index=state.need_index + 1)
    if state.need_index < len(items):
        return go(state, *_prompt_need(turn, state))
    return _start_notify(turn, state, say(m.NEEDS_DONE))


# Who to tell ---------------------------------------------------------------------------------


def _start_notify(turn: Turn, state: ReturnState, *before: Reply) -> Outcome[ReturnState]:
    state = _at(state, Step.NOTIFY)
    if not _notify_tasks(turn, state):
        return _finish(turn, state, *before, say(m.NOTIFY_NONE))
    return go(state, *before, *_prompt_notify(turn, state))


def _prompt_notify(turn: Turn, state: ReturnState) -> list[Reply]:
    buttons = [(f"Done: {t.title}", f"done:{t.id}") for t in _notify_tasks(turn, state)]
    intro = m.NOTIFY_INTRO.format(child=_name(turn, state))
    return [say(intro, *buttons, (m.NOTIFY_FINISHED, m.FINISHED))]


def _parse_notify(turn: Turn, state: ReturnState, text: str) -> TaskRecord | str | Unclear:
    lowered = answers.exact(text)
    if lowered in _FINISHED_WORDS:
        return m.FINISHED
    return {f"done:{t.id}": t for t in _notify_tasks(turn, state)}.get(lowered, UNCLEAR)


def _on_notify(turn: Turn, state: ReturnState, answer: TaskRecord | str) -> Outcome[ReturnState]:
    if not isinstance(answer, TaskRecord):
        return _finish(turn, state)
    mark_task_done(turn.session, turn.staff_id, answer.id, now=turn.now)
    done = say(m.NOTIFY_DONE.format(title=answer.title))
    if _notify_tasks(turn, state):
        return go(state, done, *_prompt_notify(turn, state))
    return _finish(turn, state, done)


def _finish(turn: Turn, state: ReturnState, *before: Reply) -> Outcome[ReturnState]:
    episode_id = _episode_id(state)
    child = _name(turn, state)
    open_tasks = actionable(turn, episode_id)
    replies = [*before, say(_safe_and_well(turn, state, child, open_tasks))]
    back = _episode(turn, state).returned_at or turn.now
    # Reviews missed while the child was away stay on record but are not "what happens next".
    upcoming = [t for t in open_tasks if t.code != "safe_and_well_check" and t.due_at >= back][:6]
    lines = [
        m.NEXT_ITEM.format(when=london(t.due_at), title=t.title, who=who(turn, t)) for t in upcoming
    ]
    replies.append(say(f"{m.NEXT_INTRO}\n" + "\n".join(lines) if lines else m.NEXT_NONE))
    # "You've done what's needed" only when nothing of theirs is still due now.
    mine = [t for t in notify_tasks(turn, episode_id) if t.due_at <= turn.now]
    if mine:
        titles = "\n".join(m.STILL_TO_DO_ITEM.format(title=t.title, who=who(turn, t)) for t in mine)
        replies.append(say(f"{m.STILL_TO_DO}\n{titles}"))
        replies.append(say(m.STILL_TO_DO_CLOSING.format(child=child)))
    else:
        replies.append(say(m.CLOSING.format(child=child)))
    replies.append(offer_after_return(turn, episode_id, _episode(turn, state).child_id))
    return end(*replies)


def _safe_and_well(turn: Turn, state: ReturnState, child: str, open_tasks: list[TaskRecord]) -> str:
    checks = [t for t in open_tasks if t.code == "safe_and_well_check"]
    if checks:
        t = checks[0]
        head = m.SAFE_WELL.format(title=t.title, who=who(turn, t), when=london(t.due_at))
        return f"{head}\n{m.SAFE_WELL_WHAT.format(child=child)}"
    every = tasks_for_episode(turn.session, _episode_id(state))
    if any(t.code == "safe_and_well_check" for t in every):
        return m.SAFE_WELL_DONE
    return m.SAFE_WELL_NONE.format(child=child)


# Words typed at a step that did not take them, and why ---------------------------------------


def _keep(turn: Turn, state: ReturnState, text: str) -> tuple[list[Reply], ReturnState]:
    return keep_or_hold(turn, state, text)


def _why_child(turn: Turn, state: ReturnState) -> str:
    return m.WHY_CHILD


def _why_return(turn: Turn, state: ReturnState) -> str:
    return m.WHY_RETURN.format(child=_name(turn, state))


def _why_need(turn: Turn, state: ReturnState) -> str:
    items = _needs(turn, state)
    if state.need_index >= len(items):
        return m.WHY_RETURN.format(child=_name(turn, state))
    item = items[state.need_index]
    return f"{item.text}\nRule: {item.source}"


def _why_notify(turn: Turn, state: ReturnState) -> str:
    tasks = _notify_tasks(turn, state)
    return "\n\n".join(f"{t.why or t.title}\nRule: {t.source}" for t in tasks) or m.WHY_NOTIFY


# Lookups -------------------------------------------------------------------------------------


def _child_id(state: ReturnState) -> int:
    if state.child_id is None:
        raise ValueError("no child chosen yet")
    return state.child_id


def _episode_id(state: ReturnState) -> int:
    if state.episode_id is None:
        raise ValueError("no episode chosen yet")
    return state.episode_id


def _episode(turn: Turn, state: ReturnState) -> Episode:
    return get_episode(turn.session, _episode_id(state))


def _name(turn: Turn, state: ReturnState) -> str:
    return full_name(get_child(turn.session, _child_id(state)))


def _latest_while_missing(turn: Turn, state: ReturnState) -> datetime | None:
    events = episode_events(turn.session, _episode_id(state))
    times = [e.at for e in events if e.type in _WHILE_MISSING]
    return max(times) if times else None


def _needs(turn: Turn, state: ReturnState) -> tuple[ChecklistItem, ...]:
    """The pack's return needs that apply after this return (e.g. only after coming back on
    their own), fixed once asked."""
    if state.need_ids is None:
        return checklist(turn, _child_id(state), state.episode_id, "return_needs")
    return checklist_items(turn, _child_id(state), "return_needs", state.need_ids)


def _notify_tasks(turn: Turn, state: ReturnState) -> list[TaskRecord]:
    return notify_tasks(turn, _episode_id(state))


STEPS: dict[Step, StepSpec[ReturnState]] = {
    Step.CHILD: StepSpec(_prompt_child, _parse_child, _on_child, _why_child, (Step.WHEN, END)),
    Step.WHEN: StepSpec(_prompt_when, _parse_when, _on_when, _why_return,
                        (Step.WHEN, Step.CONFIRM_WHEN, Step.HOW, END), m.TIME_NOT_READ),
    Step.CONFIRM_WHEN: StepSpec(_prompt_confirm_when, _parse_yes_no, _on_confirm_when,
                                _why_return, (Step.WHEN, Step.HOW)),
    Step.HOW: StepSpec(_prompt_how, _parse_how, _on_how, _why_return,
                       (Step.WHEN, Step.NEED, Step.NOTIFY, END)),
    Step.NEED: StepSpec(_prompt_need, _parse_need, _on_need, _why_need,
                        (Step.NEED, Step.NOTIFY, END)),
    Step.NOTIFY: StepSpec(_prompt_notify, _parse_notify, _on_notify, _why_notify,
                          (Step.NOTIFY, END)),
}  # fmt: skip

flow: DeclaredFlow[ReturnState] = DeclaredFlow(
    FLOW, ReturnState, STEPS, (Step.CHILD, Step.WHEN), _keep
)
prompt = flow.prompt
why = flow.why
handle = flow.handle
