"""The carer's recurring risk review, and the end of every update while a child is missing
(dialogues.flows.episode_update): what changed, and a due review offered with its button. The
step table is in episode_update."""

from __future__ import annotations

from dialogues import answers
from dialogues.answers import UNCLEAR, NoteChoice, Unclear
from dialogues.context import Turn
from dialogues.flows import episode_update_messages as m
from dialogues.flows.common import Snapshot, actionable, changes, changes_text, london, snapshot
from dialogues.flows.episode_update_state import (
    Step,
    UpdateState,
    at_step,
    child_name,
    chosen_episode,
)
from dialogues.flows.steps import Outcome, end, go
from dialogues.replies import Reply, say
from protocols.vocabulary import RiskLevel
from storage.commands import record_note, record_risk_grading
from storage.models import TaskRecord

REVIEW_PAYLOAD = "review:"  # review:<episode id>


# The carer's risk review ---------------------------------------------------------------------


def prompt_level(turn: Turn, state: UpdateState) -> list[Reply]:
    levels = ((label, f"level:{value}") for label, value in m.REVIEW_LEVELS)
    return [say(m.REVIEW_LEVEL.format(child=child_name(turn, state)), *levels)]


def parse_level(turn: Turn, state: UpdateState, text: str) -> RiskLevel | Unclear:
    lowered = answers.exact(text).removeprefix("level:")
    return RiskLevel(lowered) if lowered in {r.value for r in RiskLevel} else UNCLEAR


def on_level(turn: Turn, state: UpdateState, level: RiskLevel) -> Outcome[UpdateState]:
    episode_id = chosen_episode(state)
    before = snapshot(turn, episode_id)
    # Assessor "carer": the engine counts the carer's own assessment as the review done.
    record_risk_grading(
        turn.session, turn.staff_id, episode_id, level, now=turn.now, assessor="carer"
    )
    name = child_name(turn, state)
    replies = [say(m.REVIEW_RECORDED.format(child=name, level=level.value))]
    if level is RiskLevel.HIGH:
        replies.append(say(m.REVIEW_HIGH.format(child=name)))
    replies.append(say(changes_text(changes(turn, episode_id, before))))
    state = at_step(state, Step.NOTE)
    return go(state, *replies, *prompt_note(turn, state))


def prompt_note(turn: Turn, state: UpdateState) -> list[Reply]:
    return [say(m.REVIEW_NOTE, ("No note", m.NO_NOTE))]


def parse_note(turn: Turn, state: UpdateState, text: str) -> answers.Note | NoteChoice | Unclear:
    return answers.note(text)


def on_note(
    turn: Turn, state: UpdateState, answer: answers.Note | NoteChoice
) -> Outcome[UpdateState]:
    if isinstance(answer, answers.Note):
        record_note(
            turn.session, turn.staff_id, chosen_episode(state), answer.text, now=turn.now,
            kind="risk review note",
        )  # fmt: skip
        return end(say(m.REVIEW_NOTE_RECORDED))
    return end(say(m.REVIEW_NO_NOTE))


# Ending an update ----------------------------------------------------------------------------


def end_update(
    turn: Turn, state: UpdateState, before: Snapshot, replies: list[Reply]
) -> Outcome[UpdateState]:
    """Say what changed, offer a due risk review, and end the update."""
    episode_id = chosen_episode(state)
    out = [*replies, say(changes_text(changes(turn, episode_id, before)))]
    reviews = _reviews(turn, state)
    if reviews:
        offer = m.REVIEW_OFFER_LATE if reviews[0].due_at <= turn.now else m.REVIEW_OFFER
        text = offer.format(child=child_name(turn, state), when=london(reviews[0].due_at))
        out.append(say(text, (m.REVIEW_BUTTON, f"{REVIEW_PAYLOAD}{episode_id}")))
    return end(*out)


def _reviews(turn: Turn, state: UpdateState) -> list[TaskRecord]:
    """Open risk reviews handed to this person for the episode."""
    return [
        t
        for t in actionable(turn, chosen_episode(state))
        if t.code == "risk_review" and t.assignee_staff_id == turn.staff_id
    ]


def why_review(turn: Turn, state: UpdateState) -> str:
    reviews = _reviews(turn, state)
    first = "\n\n".join(f"{t.why or t.title}\nRule: {t.source}" for t in reviews[:1])
    return first or m.WHY_REVIEW
