"""Updates while a child is missing: news or a sighting, whereabouts known (a category change,
confirmed), a worry about risk, "I've told the police", and the carer's recurring risk review.

Each starts from an intent (or the review button), finds the open episode the message is about,
records the message at once in the person's words, and says what changed. Declared as steps
(dialogues.flows.steps): child -> confirm (whereabouts) | police_confirm -> reference (police) |
level -> note (review). The diagram is in docs/conversations.md.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from dialogues import answers
from dialogues import messages as shared
from dialogues.answers import UNCLEAR, Danger, NoteChoice, PoliceReference, Unclear, YesNo
from dialogues.context import Turn
from dialogues.flows import episode_update_messages as m
from dialogues.flows.common import (
    Snapshot,
    actionable,
    changes,
    changes_text,
    full_name,
    hhmm,
    london,
    missing_children,
    named,
    named_but_not_missing,
    picked_missing,
    snapshot,
)
from dialogues.flows.kept_words import keep_or_hold, risk_factors, write_held
from dialogues.flows.steps import END, DeclaredFlow, Outcome, StepSpec, end, go
from dialogues.replies import Reply, say
from protocols.categories import whereabouts_known_category
from protocols.pack_loader import load_protocol
from protocols.vocabulary import RiskLevel
from storage.commands import (
    NOT_GIVEN_YET,
    DangerAnswer,
    change_category,
    record_concern,
    record_danger_answer,
    record_note,
    record_police_report,
    record_risk_grading,
)
from storage.episodes import get_episode
from storage.models import Child, Episode, TaskRecord
from storage.people import get_child, get_team
from storage.policy import read_child

FLOW = "episode_update"
REVIEW_PAYLOAD = "review:"  # review:<episode id>
KINDS = ("new_information", "whereabouts_known", "risk_concern", "police_reported")
# Worries that cannot wait for the morning: the carer is told to call 999/101 now.
SERIOUS = frozenset(
    {"self_harm", "suicide", "weapon", "harmed", "trafficking", "cse", "older_adult", "medical"}
)
# "I've told the police" said in words: without one of these (or a reference), "police" or
# "999" alone is a question to ask, never a report to record.
_REPORTED = re.compile(
    r"\b(reported|told|called|rang|rung|phoned|spoke|spoken|contacted|informed|rung|"
    r"been on to|got through|on the phone)\b"
)


class Step(StrEnum):
    CHILD = "child"
    CONFIRM = "confirm"
    POLICE_CONFIRM = "police_confirm"
    REFERENCE = "reference"
    LEVEL = "level"
    NOTE = "note"


@dataclass(frozen=True)
class UpdateState:
    step: Step
    kind: str
    child_id: int | None = None
    episode_id: int | None = None
    text: str = ""  # the message that started the update, until its child is known
    target: str | None = None  # the category a whereabouts update would change to
    reported_at: datetime | None = None
    pending: tuple[str, ...] = ()  # words said before the child was known


def _at(state: UpdateState, step: Step, **changes: object) -> UpdateState:
    return dataclasses.replace(state, step=step, **changes)  # type: ignore[arg-type]


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
    return flow.run(turn, go(state, *_prompt_level(turn, state)))


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
        return _police(turn, state, child, episode, said)
    return _information(turn, state, child, episode, said)


def _note_words(turn: Turn, state: UpdateState, text: str, **details: str) -> bool:
    """The message in the person's words on the record; False when it held no words."""
    if not answers.is_words(text):
        return False
    record_note(
        turn.session, turn.staff_id, _episode_id(state), " ".join(text.split()), now=turn.now,
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
        turn.session, turn.staff_id, _episode_id(state), answer, now=turn.now, text=text
    )
    said = shared.DANGER_CHANGED_YES if changed is Danger.YES else shared.DANGER_CHANGED_NO
    return [say(said.format(child=child))]


# News, whereabouts, worries ------------------------------------------------------------------


def _information(
    turn: Turn, state: UpdateState, child: Child, episode: Episode, text: str
) -> Outcome[UpdateState]:
    before = snapshot(turn, episode.id)
    entities = _entities(turn, text, child)
    details = {k: v for k, v in entities.items() if k in ("location", "person")}
    name = full_name(child)
    replies = []
    if _note_words(turn, state, text, **details):
        replies.append(say(m.INFO_NOTED.format(child=name)))
    replies += _danger_changed(turn, state, text, name)
    reference = get_episode(turn.session, episode.id).police_reference
    hint = m.REFERENCE_HINT.format(reference=reference) if reference else ""
    replies.append(say(m.INFO_POLICE.format(child=name, reference=hint)))
    return _done(turn, state, before, replies)


def _whereabouts(
    turn: Turn, state: UpdateState, child: Child, episode: Episode, text: str
) -> Outcome[UpdateState]:
    entities = _entities(turn, text, child)
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
    state = _at(state, Step.CONFIRM, target=target)
    return go(state, *noted, *_prompt_confirm(turn, state))


def _prompt_confirm(turn: Turn, state: UpdateState) -> list[Reply]:
    episode = _episode(turn, state)
    text = m.WHEREABOUTS_CONFIRM.format(
        child=_name(turn, state), current=_label(episode.category), target=_label(state.target)
    )
    return [say(text, ("Yes", m.YES), ("No", m.NO))]


def _parse_yes_no(turn: Turn, state: UpdateState, text: str) -> YesNo | Unclear:
    return answers.yes_no(text)


def _on_confirm(turn: Turn, state: UpdateState, answer: YesNo) -> Outcome[UpdateState]:
    name = _name(turn, state)
    episode = _episode(turn, state)
    if answer is YesNo.NO or state.target is None or episode.category == state.target:
        return end(
            say(m.WHEREABOUTS_KEPT.format(child=name, current=_label(episode.category))),
            say(m.WHEREABOUTS_SAFETY.format(child=name)),
        )
    before = snapshot(turn, episode.id)
    change_category(turn.session, turn.staff_id, episode.id, state.target, now=turn.now)
    changed = say(m.WHEREABOUTS_CHANGED.format(child=name, target=_label(state.target)))
    return _done(turn, state, before, [changed, say(m.WHEREABOUTS_SAFETY.format(child=name))])


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
    return _done(turn, state, before, [noted, *changed, say(advice)])


# The police ----------------------------------------------------------------------------------


def _police(
    turn: Turn, state: UpdateState, child: Child, episode: Episode, text: str
) -> Outcome[UpdateState]:
    entities = _entities(turn, text, child)
    typed = entities.get("police_reference")
    reference = answers.police_reference(typed) if typed else UNCLEAR
    lowered = answers.normalise(text)
    if isinstance(reference, Unclear) and not _REPORTED.search(lowered):
        # "police" or "999" alone: ask, never record a report from it.
        state = _at(state, Step.POLICE_CONFIRM)
        return go(state, *_prompt_police_confirm(turn, state))
    at = _reported_at(entities.get("time"), episode, turn.now)
    value = reference.value if isinstance(reference, PoliceReference) else None
    return _record_report(turn, _at(state, Step.REFERENCE, reported_at=at), value, text)


def _record_report(
    turn: Turn, state: UpdateState, reference: str | None, text: str | None
) -> Outcome[UpdateState]:
    episode_id = _episode_id(state)
    before = snapshot(turn, episode_id)
    at = state.reported_at or turn.now
    record_police_report(
        turn.session, turn.staff_id, episode_id, reference or NOT_GIVEN_YET, now=turn.now,
        at=at, text=text,
    )  # fmt: skip
    name = _name(turn, state)
    shown = f", reference {reference}" if reference else ""
    recorded = say(m.POLICE_RECORDED.format(child=name, when=hhmm(at), reference=shown))
    if reference:
        return _done(turn, state, before, [recorded])
    state = _at(state, Step.REFERENCE, reported_at=at)
    what = say(changes_text(changes(turn, episode_id, before)))
    return go(state, recorded, what, *_prompt_reference(turn, state))


def _prompt_police_confirm(turn: Turn, state: UpdateState) -> list[Reply]:
    return [say(m.POLICE_CONFIRM.format(child=_name(turn, state)), ("Yes", m.YES), ("No", m.NO))]


def _on_police_confirm(turn: Turn, state: UpdateState, answer: YesNo) -> Outcome[UpdateState]:
    name = _name(turn, state)
    if answer is YesNo.NO:
        return end(say(shared.POLICE_DECLINED.format(child=name)))
    return _record_report(turn, _at(state, Step.REFERENCE, reported_at=turn.now), None, None)


def _prompt_reference(turn: Turn, state: UpdateState) -> list[Reply]:
    # No button: a typed "1" must never become an answer here (issue 11).
    return [say(m.POLICE_REFERENCE)]


def _parse_reference(turn: Turn, state: UpdateState, text: str) -> PoliceReference | Unclear:
    return answers.police_reference(text)


def _on_reference(turn: Turn, state: UpdateState, ref: PoliceReference) -> Outcome[UpdateState]:
    if ref.value is None:
        return end(say(m.POLICE_REF_LATER))
    # Same report, now with its reference: storage keeps the first report time and sets the
    # reference on the episode.
    at = state.reported_at or turn.now
    record_police_report(
        turn.session, turn.staff_id, _episode_id(state), ref.value, now=turn.now, at=at,
        text=ref.value,
    )  # fmt: skip
    done = say(m.POLICE_REF_RECORDED.format(reference=ref.value, child=_name(turn, state)))
    return _done(turn, state, snapshot(turn, _episode_id(state)), [done])


# The carer's risk review ---------------------------------------------------------------------


def _prompt_level(turn: Turn, state: UpdateState) -> list[Reply]:
    levels = ((label, f"level:{value}") for label, value in m.REVIEW_LEVELS)
    return [say(m.REVIEW_LEVEL.format(child=_name(turn, state)), *levels)]


def _parse_level(turn: Turn, state: UpdateState, text: str) -> RiskLevel | Unclear:
    lowered = answers.exact(text).removeprefix("level:")
    return RiskLevel(lowered) if lowered in {r.value for r in RiskLevel} else UNCLEAR


def _on_level(turn: Turn, state: UpdateState, level: RiskLevel) -> Outcome[UpdateState]:
    episode_id = _episode_id(state)
    before = snapshot(turn, episode_id)
    # Assessor "carer": the engine counts the carer's own assessment as the review done.
    record_risk_grading(
        turn.session, turn.staff_id, episode_id, level, now=turn.now, assessor="carer"
    )
    name = _name(turn, state)
    replies = [say(m.REVIEW_RECORDED.format(child=name, level=level.value))]
    if level is RiskLevel.HIGH:
        replies.append(say(m.REVIEW_HIGH.format(child=name)))
    replies.append(say(changes_text(changes(turn, episode_id, before))))
    state = _at(state, Step.NOTE)
    return go(state, *replies, *_prompt_note(turn, state))


def _prompt_note(turn: Turn, state: UpdateState) -> list[Reply]:
    return [say(m.REVIEW_NOTE, ("No note", m.NO_NOTE))]


def _parse_note(turn: Turn, state: UpdateState, text: str) -> answers.Note | NoteChoice | Unclear:
    return answers.note(text)


def _on_note(
    turn: Turn, state: UpdateState, answer: answers.Note | NoteChoice
) -> Outcome[UpdateState]:
    if isinstance(answer, answers.Note):
        record_note(
            turn.session, turn.staff_id, _episode_id(state), answer.text, now=turn.now,
            kind="risk review note",
        )  # fmt: skip
        return end(say(m.REVIEW_NOTE_RECORDED))
    return end(say(m.REVIEW_NO_NOTE))


# Ending an update ----------------------------------------------------------------------------


def _done(
    turn: Turn, state: UpdateState, before: Snapshot, replies: list[Reply]
) -> Outcome[UpdateState]:
    """Say what changed, offer a due risk review, and end the update."""
    episode_id = _episode_id(state)
    out = [*replies, say(changes_text(changes(turn, episode_id, before)))]
    reviews = _reviews(turn, state)
    if reviews:
        offer = m.REVIEW_OFFER_LATE if reviews[0].due_at <= turn.now else m.REVIEW_OFFER
        text = offer.format(child=_name(turn, state), when=london(reviews[0].due_at))
        out.append(say(text, (m.REVIEW_BUTTON, f"{REVIEW_PAYLOAD}{episode_id}")))
    return end(*out)


def _reviews(turn: Turn, state: UpdateState) -> list[TaskRecord]:
    """Open risk reviews handed to this person for the episode."""
    return [
        t
        for t in actionable(turn, _episode_id(state))
        if t.code == "risk_review" and t.assignee_staff_id == turn.staff_id
    ]


# Words typed at a step that did not take them, and why ---------------------------------------


def _keep(turn: Turn, state: UpdateState, text: str) -> tuple[list[Reply], UpdateState]:
    return keep_or_hold(turn, state, text)


def _why_child(turn: Turn, state: UpdateState) -> str:
    return m.WHY_CHILD


def _why_confirm(turn: Turn, state: UpdateState) -> str:
    return m.WHY_CATEGORY.format(source="essex appendix 4; protocol-spec categories")


def _why_police(turn: Turn, state: UpdateState) -> str:
    return shared.WHY_POLICE


def _why_review(turn: Turn, state: UpdateState) -> str:
    reviews = _reviews(turn, state)
    first = "\n\n".join(f"{t.why or t.title}\nRule: {t.source}" for t in reviews[:1])
    return first or m.WHY_REVIEW


# Lookups -------------------------------------------------------------------------------------


def _entities(turn: Turn, text: str, child: Child) -> dict[str, str]:
    """The first value of each entity type in the message (child names excluded)."""
    names = [n for n in (child.given_name, child.preferred_name, child.family_name) if n]
    parsed = turn.understanding.parse(text, turn.now, child_names=names)
    found: dict[str, str] = {}
    for entity in parsed["entities"]:
        if entity["entity"] != "child_name":
            found.setdefault(str(entity["entity"]), str(entity["value"]))
    return found


def _reported_at(time_value: str | None, episode: Episode, now: datetime) -> datetime:
    """When the police were told: the time the message gave, if it falls within the episode,
    otherwise now."""
    if time_value:
        try:
            at = datetime.fromisoformat(time_value.replace("Z", "+00:00"))
        except ValueError:
            return now
        if at.tzinfo is not None and episode.started_at <= at <= now:
            return at
    return now


def _label(category: object) -> str:
    return m.CATEGORY_LABELS.get(str(category), str(category).replace("_", " "))


def _episode_id(state: UpdateState) -> int:
    if state.episode_id is None:
        raise ValueError("no episode chosen yet")
    return state.episode_id


def _episode(turn: Turn, state: UpdateState) -> Episode:
    return get_episode(turn.session, _episode_id(state))


def _name(turn: Turn, state: UpdateState) -> str:
    if state.child_id is None:
        raise ValueError("no child chosen yet")
    return full_name(get_child(turn.session, state.child_id))


STEPS: dict[Step, StepSpec[UpdateState]] = {
    Step.CHILD: StepSpec(_prompt_child, _parse_child, _act, _why_child,
                         (Step.CONFIRM, Step.POLICE_CONFIRM, Step.REFERENCE, END)),
    Step.CONFIRM: StepSpec(_prompt_confirm, _parse_yes_no, _on_confirm, _why_confirm, (END,)),
    Step.POLICE_CONFIRM: StepSpec(_prompt_police_confirm, _parse_yes_no, _on_police_confirm,
                                  _why_police, (Step.REFERENCE, END)),
    Step.REFERENCE: StepSpec(_prompt_reference, _parse_reference, _on_reference, _why_police,
                             (END,), m.POLICE_REF_EMPTY),
    Step.LEVEL: StepSpec(_prompt_level, _parse_level, _on_level, _why_review, (Step.NOTE,)),
    Step.NOTE: StepSpec(_prompt_note, _parse_note, _on_note, _why_review, (END,)),
}  # fmt: skip

flow: DeclaredFlow[UpdateState] = DeclaredFlow(
    FLOW, UpdateState, STEPS, (Step.CHILD, Step.CONFIRM, Step.POLICE_CONFIRM, Step.REFERENCE,
                               Step.LEVEL), _keep
)  # fmt: skip
prompt = flow.prompt
why = flow.why
handle = flow.handle
