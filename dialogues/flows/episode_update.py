"""Updates while a child is missing: news or a sighting, whereabouts known (a category change,
confirmed), a worry about risk, "I've told the police", and the carer's recurring risk review.

Each starts from an intent (or the review button), finds the open episode the message is about,
records the message at once in the person's words, and says what changed. Declared as steps
(dialogues.flows.steps): child -> confirm (whereabouts) | police_confirm -> reference (police) |
level -> note (review). The diagram is in docs/conversations.md.

This module starts an update, asks for the child, records news, whereabouts and worries, and
holds the step table; the state is in episode_update_state, telling the police in
episode_update_police, the risk review and the end of every update in episode_update_review.
Every text is in episode_update_messages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from dialogues import answers
from dialogues import messages as shared
from dialogues.answers import UNCLEAR, Danger, Unclear, YesNo
from dialogues.context import Turn
from dialogues.flows import episode_update_messages as m
from dialogues.flows.common import (
    full_name,
    missing_children,
    named,
    named_but_not_missing,
    picked_missing,
    snapshot,
)
from dialogues.flows.episode_update_police import (
    on_police_confirm,
    on_reference,
    parse_reference,
    police,
    prompt_police_confirm,
    prompt_reference,
    why_police,
)
from dialogues.flows.episode_update_review import REVIEW_PAYLOAD as REVIEW_PAYLOAD
from dialogues.flows.episode_update_review import (
    end_update,
    on_level,
    on_note,
    parse_level,
    parse_note,
    prompt_level,
    prompt_note,
    why_review,
)
from dialogues.flows.episode_update_state import FLOW as FLOW
from dialogues.flows.episode_update_state import (
    Step,
    UpdateState,
    at_step,
    child_name,
    chosen_episode,
    episode_of,
    message_entities,
    parse_yes_no,
)
from dialogues.flows.kept_words import keep_or_hold, risk_factors, write_held
from dialogues.flows.steps import END, DeclaredFlow, Outcome, StepSpec, end, go
from dialogues.replies import Reply, say
from protocols.categories import whereabouts_known_category
from protocols.pack_loader import load_protocol
from storage.commands import (
    DangerAnswer,
    change_category,
    record_concern,
    record_danger_answer,
    record_note,
)
from storage.episodes import get_episode
from storage.models import Child, Episode
from storage.people import get_team
from storage.policy import read_child

KINDS = ("new_information", "whereabouts_known", "risk_concern", "police_reported")
# Worries that cannot wait for the morning: the carer is told to call 999/101 now.
SERIOUS = frozenset(
    {"self_harm", "suicide", "weapon", "harmed", "trafficking", "cse", "older_adult", "medical"}
)


def start(turn: Turn, kind: str, text: str, parsed: Mapping[str, Any]) -> list[Reply]:
    """Begin an update of `kind` (one of KINDS) from the message that expressed it."""
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
    state = UpdateState(Step.CHILD, kind, text=text)
    chosen = named(turn, text, [c for c, _ in missing])
    if len(chosen) == 1:
        picked = next((c, e) for c, e in missing if c.id == chosen[0].id)
    elif len(missing) == 1:
        picked = missing[0]
    else:
        return flow.run(turn, go(state, *_prompt_child(turn, state)))
    return flow.run(turn, _act(turn, state, picked))


def start_review(turn: Turn, payload: str) -> list[Reply]:
    """The "record a risk review" button, in or out of a flow."""
    wanted = payload.removeprefix(REVIEW_PAYLOAD)
    found = [(c, e) for c, e in missing_children(turn) if str(e.id) == wanted]
    if not found:  # stale or forged: whatever the person was doing carries on
        return [say(m.REVIEW_GONE)]
    child, episode = found[0]
    state = UpdateState(Step.LEVEL, "review", child_id=child.id, episode_id=episode.id)
    return flow.run(turn, go(state, *prompt_level(turn, state)))


# Child ---------------------------------------------------------------------------------------


def _prompt_child(turn: Turn, state: UpdateState) -> list[Reply]:
    buttons = [(full_name(c), f"child:{c.id}") for c, _ in missing_children(turn)]
    return [say(m.WHICH_CHILD, *buttons)]


def _parse_child(turn: Turn, state: UpdateState, text: str) -> tuple[Child, Episode] | Unclear:
    picked = picked_missing(turn, text)
    return picked if picked is not None else UNCLEAR


def _act(turn: Turn, state: UpdateState, picked: tuple[Child, Episode]) -> Outcome[UpdateState]:
    child, episode = picked
    said = state.text
    state = dataclasses.replace(state, child_id=child.id, episode_id=episode.id, text="")
    # The child is named from here on, and an update may end in this very reply: log the read.
    read_child(turn.session, turn.staff_id, child.id, f"{FLOW}: {state.kind}", now=turn.now)
    write_held(turn, child.id, episode.id, state.pending)
    state = dataclasses.replace(state, pending=())
    if state.kind == "whereabouts_known":
        return _whereabouts(turn, state, child, episode, said)
    if state.kind == "risk_concern":
        return _concern(turn, state, child, episode, said)
    if state.kind == "police_reported":
        return police(turn, state, child, episode, said)
    return _information(turn, state, child, episode, said)


def _note_words(turn: Turn, state: UpdateState, text: str, **details: str) -> bool:
    """The message in the person's words on the record; False when it held no words."""
    if not answers.is_words(text):
        return False
    record_note(
        turn.session, turn.staff_id, chosen_episode(state), " ".join(text.split()), now=turn.now,
        details=details or None,
    )  # fmt: skip
    return True


def _danger_changed(turn: Turn, state: UpdateState, text: str, child: str) -> list[Reply]:
    """A changed view of the danger said in passing, recorded as a new danger answer."""
    changed = answers.danger_change(text)
    if changed is None:
        return []
    answer = DangerAnswer.YES if changed is Danger.YES else DangerAnswer.NO
    record_danger_answer(
        turn.session, turn.staff_id, chosen_episode(state), answer, now=turn.now, text=text
    )
    said = shared.DANGER_CHANGED_YES if changed is Danger.YES else shared.DANGER_CHANGED_NO
    return [say(said.format(child=child))]


# News, whereabouts, worries ------------------------------------------------------------------


def _information(
    turn: Turn, state: UpdateState, child: Child, episode: Episode, text: str
) -> Outcome[UpdateState]:
    before = snapshot(turn, episode.id)
    entities = message_entities(turn, text, child)
    details = {k: v for k, v in entities.items() if k in ("location", "person")}
    name = full_name(child)
    replies = []
    if _note_words(turn, state, text, **details):
        replies.append(say(m.INFO_NOTED.format(child=name)))
    replies += _danger_changed(turn, state, text, name)
    reference = get_episode(turn.session, episode.id).police_reference
    hint = m.REFERENCE_HINT.format(reference=reference) if reference else ""
    replies.append(say(m.INFO_POLICE.format(child=name, reference=hint)))
    return end_update(turn, state, before, replies)


def _whereabouts(
    turn: Turn, state: UpdateState, child: Child, episode: Episode, text: str
) -> Outcome[UpdateState]:
    entities = message_entities(turn, text, child)
    details = {k: v for k, v in entities.items() if k in ("location", "person")}
    name = full_name(child)
    noted = (
        [say(m.WHEREABOUTS_NOTED.format(child=name))]
        if _note_words(turn, state, text, **details)
        else []
    )
    pack, _ = load_protocol(get_team(turn.session, child.team_id).protocol_id)
    target = whereabouts_known_category(pack, child.legal_status).value
    if episode.category == target:
        return end(*noted, say(m.WHEREABOUTS_SAME.format(child=name, current=_label(target))))
    state = at_step(state, Step.CONFIRM, target=target)
    return go(state, *noted, *_prompt_confirm(turn, state))


def _prompt_confirm(turn: Turn, state: UpdateState) -> list[Reply]:
    episode = episode_of(turn, state)
    text = m.WHEREABOUTS_CONFIRM.format(
        child=child_name(turn, state), current=_label(episode.category), target=_label(state.target)
    )
    return [say(text, ("Yes", m.YES), ("No", m.NO))]


def _on_confirm(turn: Turn, state: UpdateState, answer: YesNo) -> Outcome[UpdateState]:
    name = child_name(turn, state)
    episode = episode_of(turn, state)
    if answer is YesNo.NO or state.target is None or episode.category == state.target:
        return end(
            say(m.WHEREABOUTS_KEPT.format(child=name, current=_label(episode.category))),
            say(m.WHEREABOUTS_SAFETY.format(child=name)),
        )
    before = snapshot(turn, episode.id)
    change_category(turn.session, turn.staff_id, episode.id, state.target, now=turn.now)
    changed = say(m.WHEREABOUTS_CHANGED.format(child=name, target=_label(state.target)))
    return end_update(turn, state, before, [changed, say(m.WHEREABOUTS_SAFETY.format(child=name))])


def _concern(
    turn: Turn, state: UpdateState, child: Child, episode: Episode, text: str
) -> Outcome[UpdateState]:
    before = snapshot(turn, episode.id)
    name = full_name(child)
    factors = risk_factors(turn, text, child.id) if answers.is_words(text) else []
    for factor in factors:
        record_concern(turn.session, turn.staff_id, episode.id, factor, text, now=turn.now)
    if not factors:  # kept word for word even when no known risk factor was named
        _note_words(turn, state, text, concern="yes")
    changed = _danger_changed(turn, state, text, name)
    labels = ", ".join(m.FACTOR_LABELS.get(f, f.replace("_", " ")) for f in factors)
    shown = m.CONCERN_FACTORS.format(factors=labels) if factors else ""
    serious = not factors or bool(SERIOUS & set(factors))
    advice = (m.CONCERN_SERIOUS if serious else m.CONCERN_CALL).format(child=name)
    noted = say(m.CONCERN_NOTED.format(child=name, factors=shown))
    return end_update(turn, state, before, [noted, *changed, say(advice)])


# Words typed at a step that did not take them, and why ---------------------------------------


def _keep(turn: Turn, state: UpdateState, text: str) -> tuple[list[Reply], UpdateState]:
    return keep_or_hold(turn, state, text)


def _why_child(turn: Turn, state: UpdateState) -> str:
    return m.WHY_CHILD


def _why_confirm(turn: Turn, state: UpdateState) -> str:
    return m.WHY_CATEGORY.format(source="essex appendix 4; protocol-spec categories")


def _label(category: object) -> str:
    return m.CATEGORY_LABELS.get(str(category), str(category).replace("_", " "))


STEPS: dict[Step, StepSpec[UpdateState]] = {
    Step.CHILD: StepSpec(_prompt_child, _parse_child, _act, _why_child,
                         (Step.CONFIRM, Step.POLICE_CONFIRM, Step.REFERENCE, END)),
    Step.CONFIRM: StepSpec(_prompt_confirm, parse_yes_no, _on_confirm, _why_confirm, (END,)),
    Step.POLICE_CONFIRM: StepSpec(prompt_police_confirm, parse_yes_no, on_police_confirm,
                                  why_police, (Step.REFERENCE, END)),
    Step.REFERENCE: StepSpec(prompt_reference, parse_reference, on_reference, why_police,
                             (END,), m.POLICE_REF_EMPTY),
    Step.LEVEL: StepSpec(prompt_level, parse_level, on_level, why_review, (Step.NOTE,)),
    Step.NOTE: StepSpec(prompt_note, parse_note, on_note, why_review, (END,)),
}  # fmt: skip

flow: DeclaredFlow[UpdateState] = DeclaredFlow(
    FLOW, UpdateState, STEPS, (Step.CHILD, Step.CONFIRM, Step.POLICE_CONFIRM, Step.REFERENCE,
                               Step.LEVEL), _keep
)  # fmt: skip
prompt = flow.prompt
why = flow.why
handle = flow.handle
