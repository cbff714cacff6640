"""Updates while a child is missing: news or a sighting, whereabouts known (a category change,
confirmed), a worry about risk, "I've told the police", and the carer's recurring risk review.

Each starts from an intent (or the review button), finds the open episode the message is about,
records the message at once, refreshes the tasks and says what changed. Steps, where needed:
child -> confirm (whereabouts) | reference (police) | level -> note (review).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from dialogues.context import Turn
from dialogues.flows import episode_update_messages as m
from dialogues.flows.common import (
    actionable,
    changes,
    changes_text,
    full_name,
    hhmm,
    london,
    missing_children,
    named,
    picked_missing,
    reprompt,
    snapshot,
)
from dialogues.replies import Reply, say
from protocols.categories import whereabouts_known_category
from protocols.facts import Event, EventType
from protocols.pack_loader import load_protocol
from protocols.vocabulary import RISK_FACTORS, RiskLevel
from storage.episodes import append_event, get_episode, iso
from storage.models import Child, Episode, TaskRecord
from storage.people import get_child, get_team
from storage.tasks import refresh_tasks

FLOW = "episode_update"
REVIEW_PAYLOAD = "review:"  # review:<episode id>
KINDS = ("new_information", "whereabouts_known", "risk_concern", "police_reported")
# Worries that cannot wait for the morning: the carer is told to call 999/101 now.
SERIOUS = frozenset(
    {"self_harm", "suicide", "weapon", "harmed", "trafficking", "cse", "older_adult", "medical"}
)
_NO_REFERENCE_WORDS = frozenset({"no", "none", "nope", "not yet", "no ref"})
_NO_REFERENCE_PHRASES = ("don't have", "dont have", "do not have", "no reference", "not given")


def start(turn: Turn, kind: str, text: str, parsed: Mapping[str, Any]) -> list[Reply]:
    """Begin an update of `kind` (one of KINDS) from the message that expressed it."""
    turn.state.clear()
    turn.state.update({"flow": FLOW, "kind": kind, "step": "child", "text": text})
    missing = missing_children(turn)
    if not missing:
        turn.state.clear()
        return [say(m.NONE_MISSING)]
    chosen = named(turn, text, [c for c, _ in missing])
    if len(chosen) == 1:
        return _act(turn, *next((c, e) for c, e in missing if c.id == chosen[0].id))
    if len(missing) == 1:
        return _act(turn, *missing[0])
    return prompt(turn)


def start_review(turn: Turn, payload: str) -> list[Reply]:
    """The "record a risk review" button, in or out of a flow."""
    wanted = payload.removeprefix(REVIEW_PAYLOAD)
    found = [(c, e) for c, e in missing_children(turn) if str(e.id) == wanted]
    if not found:
        return [say(m.NONE_MISSING)]
    child, episode = found[0]
    turn.state.clear()
    turn.state.update(
        {"flow": FLOW, "kind": "review", "step": "level", "child_id": child.id}
        | {"episode_id": episode.id}
    )
    return prompt(turn)


def prompt(turn: Turn) -> list[Reply]:
    step = turn.state.get("step")
    child = _child_name(turn) if "child_id" in turn.state else ""
    if step == "child":
        buttons = [(full_name(c), f"child:{c.id}") for c, _ in missing_children(turn)]
        return [say(m.WHICH_CHILD, *buttons)]
    if step == "confirm":
        episode = _episode(turn)
        text = m.WHEREABOUTS_CONFIRM.format(
            child=child, current=_label(episode.category), target=_label(turn.state["target"])
        )
        return [say(text, ("Yes", m.YES), ("No", m.NO))]
    if step == "reference":
        return [say(m.POLICE_REFERENCE)]
    if step == "level":
        levels = ((label, f"level:{value}") for label, value in m.REVIEW_LEVELS)
        return [say(m.REVIEW_LEVEL.format(child=child), *levels)]
    if step == "note":
        return [say(m.REVIEW_NOTE, ("No note", m.NO_NOTE))]
    return []


def why(turn: Turn) -> str | None:
    step = turn.state.get("step")
    if step == "confirm":
        return m.WHY_CATEGORY.format(source="essex appendix 4; protocol-spec categories")
    if step in ("level", "note"):
        reviews = _reviews(turn)
        return "\n\n".join(f"{t.why or t.title}\nRule: {t.source}" for t in reviews[:1]) or None
    return None


def handle(turn: Turn, text: str) -> list[Reply]:
    step = turn.state.get("step")
    answer = text.strip()
    lowered = " ".join(answer.lower().split())
    if step == "child":
        picked = picked_missing(turn, answer)
        return _act(turn, *picked) if picked else reprompt(prompt(turn))
    if step == "confirm":
        return _confirm(turn, lowered)
    if step == "reference":
        return _reference(turn, answer)
    if step == "level":
        return _level(turn, lowered)
    if step == "note":
        return _note(turn, answer)
    return reprompt(prompt(turn))


def _act(turn: Turn, child: Child, episode: Episode) -> list[Reply]:
    turn.state.update({"child_id": child.id, "episode_id": episode.id})
    kind = turn.state["kind"]
    text = str(turn.state.pop("text", ""))
    if kind == "whereabouts_known":
        return _whereabouts(turn, child, episode, text)
    if kind == "risk_concern":
        return _concern(turn, child, episode, text)
    if kind == "police_reported":
        return _police(turn, child, episode, text)
    return _information(turn, child, episode, text)


def _information(turn: Turn, child: Child, episode: Episode, text: str) -> list[Reply]:
    before = snapshot(turn, episode.id)
    entities = _entities(turn, text, child)
    data = {"text": text, **{k: v for k, v in entities.items() if k in ("location", "person")}}
    _record(turn, Event(turn.now, EventType.NEW_INFORMATION, data), text)
    name = full_name(child)
    replies = [say(m.INFO_NOTED.format(child=name))]
    details = [f"{k} {v}" for k, v in data.items() if k != "text"]
    if details:
        replies.append(say(m.INFO_DETAILS.format(details=", ".join(details))))
    reference = get_episode(turn.session, episode.id).police_reference
    hint = m.REFERENCE_HINT.format(reference=reference) if reference else ""
    replies.append(say(m.INFO_POLICE.format(child=name, reference=hint)))
    return _done(turn, before, replies)


def _whereabouts(turn: Turn, child: Child, episode: Episode, text: str) -> list[Reply]:
    entities = _entities(turn, text, child)
    data = {"text": text, **{k: v for k, v in entities.items() if k in ("location", "person")}}
    _record(turn, Event(turn.now, EventType.NEW_INFORMATION, data), text)
    name = full_name(child)
    pack, _ = load_protocol(get_team(turn.session, child.team_id).protocol_id)
    target = whereabouts_known_category(pack, child.legal_status).value
    noted = say(m.WHEREABOUTS_NOTED.format(child=name))
    if episode.category == target:
        turn.state.clear()
        return [noted, say(m.WHEREABOUTS_SAME.format(child=name, current=_label(target)))]
    turn.state.update({"step": "confirm", "target": target})
    return [noted, *prompt(turn)]


def _confirm(turn: Turn, lowered: str) -> list[Reply]:
    answer = lowered if lowered in (m.YES, m.NO) else turn.intent(lowered)
    name = _child_name(turn)
    episode = _episode(turn)
    if answer in (m.NO, "deny"):
        turn.state.clear()
        return [
            say(m.WHEREABOUTS_KEPT.format(child=name, current=_label(episode.category))),
            say(m.WHEREABOUTS_SAFETY.format(child=name)),
        ]
    if answer not in (m.YES, "affirm"):
        return reprompt(prompt(turn))
    before = snapshot(turn, episode.id)
    target = str(turn.state["target"])
    _record(turn, Event(turn.now, EventType.CATEGORY_CHANGED, {"category": target}), lowered)
    changed = say(m.WHEREABOUTS_CHANGED.format(child=name, target=_label(target)))
    return _done(turn, before, [changed, say(m.WHEREABOUTS_SAFETY.format(child=name))])


def _concern(turn: Turn, child: Child, episode: Episode, text: str) -> list[Reply]:
    before = snapshot(turn, episode.id)
    parsed = turn.understanding.parse(text, turn.now, child_names=_names(child))
    factors = sorted(
        {
            str(e["value"])
            for e in parsed["entities"]
            if e["entity"] == "risk_factor" and e["value"] in RISK_FACTORS
        }
    )
    for factor in factors:
        _record(turn, Event(turn.now, EventType.CONCERN, {"factor": factor, "text": text}), text)
    if not factors:  # kept word for word even when no known risk factor was named
        event = Event(turn.now, EventType.NEW_INFORMATION, {"text": text, "concern": "yes"})
        _record(turn, event, text)
    name = full_name(child)
    labels = ", ".join(m.FACTOR_LABELS.get(f, f) for f in factors)
    shown = m.CONCERN_FACTORS.format(factors=labels) if factors else ""
    serious = not factors or bool(SERIOUS & set(factors))
    advice = (m.CONCERN_SERIOUS if serious else m.CONCERN_CALL).format(child=name)
    return _done(
        turn, before, [say(m.CONCERN_NOTED.format(child=name, factors=shown)), say(advice)]
    )


def _police(turn: Turn, child: Child, episode: Episode, text: str) -> list[Reply]:
    before = snapshot(turn, episode.id)
    entities = _entities(turn, text, child)
    at = _reported_at(entities.get("time"), episode, turn.now)
    reference = entities.get("police_reference")
    data = {"police_reference": reference} if reference else {}
    _record(turn, Event(at, EventType.REPORTED_TO_POLICE, data), text)
    name = full_name(child)
    shown = f", reference {reference}" if reference else ""
    recorded = say(m.POLICE_RECORDED.format(child=name, when=hhmm(at), reference=shown))
    if reference:
        return _done(turn, before, [recorded])
    turn.state.update({"step": "reference", "reported_at": iso(at), "before": _dump(before)})
    return [recorded, *prompt(turn)]


def _reference(turn: Turn, answer: str) -> list[Reply]:
    if not answer:
        return [say(m.POLICE_REF_EMPTY)]
    before = _load(turn.state.get("before"))
    name = _child_name(turn)
    lowered = answer.lower()
    if lowered in _NO_REFERENCE_WORDS or any(p in lowered for p in _NO_REFERENCE_PHRASES):
        return _done(turn, before, [say(m.POLICE_REF_LATER)])
    at = datetime.fromisoformat(str(turn.state["reported_at"]))
    # Same report, now with its reference: storage keeps the first report time and sets the
    # reference on the episode.
    _record(turn, Event(at, EventType.REPORTED_TO_POLICE, {"police_reference": answer}), answer)
    return _done(turn, before, [say(m.POLICE_REF_RECORDED.format(reference=answer, child=name))])


def _level(turn: Turn, lowered: str) -> list[Reply]:
    level = lowered.removeprefix("level:")
    if level not in {r.value for r in RiskLevel}:
        return reprompt(prompt(turn))
    episode_id = int(turn.state["episode_id"])
    before = snapshot(turn, episode_id)
    # Assessor "carer": the engine counts the carer's own assessment as the review done.
    event = Event(turn.now, EventType.RISK_ASSESSED, {"level": level, "assessor": "carer"})
    _record(turn, event, lowered)
    refresh_tasks(turn.session, episode_id, turn.now)
    name = _child_name(turn)
    replies = [say(m.REVIEW_RECORDED.format(child=name, level=level))]
    if level == RiskLevel.HIGH.value:
        replies.append(say(m.REVIEW_HIGH.format(child=name)))
    replies.append(say(changes_text(changes(turn, episode_id, before))))
    turn.state["step"] = "note"
    return [*replies, *prompt(turn)]


def _note(turn: Turn, answer: str) -> list[Reply]:
    if not answer:
        return reprompt(prompt(turn))
    if answer.lower() not in (m.NO_NOTE, "no", "none", "skip"):
        note = f"risk review note: {answer}"
        _record(turn, Event(turn.now, EventType.NEW_INFORMATION, {"text": note}), answer)
    turn.state.clear()
    return [say(m.REVIEW_NOTE_RECORDED)]


def _done(turn: Turn, before: dict[str, tuple[str, datetime]], replies: list[Reply]) -> list[Reply]:
    """Refresh the tasks, say what changed, offer a due risk review, and end the update."""
    episode_id = int(turn.state["episode_id"])
    refresh_tasks(turn.session, episode_id, turn.now)
    out = [*replies, say(changes_text(changes(turn, episode_id, before)))]
    reviews = _reviews(turn)
    child = _child_name(turn)
    turn.state.clear()
    if reviews:
        offer = m.REVIEW_OFFER_LATE if reviews[0].due_at <= turn.now else m.REVIEW_OFFER
        text = offer.format(child=child, when=london(reviews[0].due_at))
        out.append(say(text, (m.REVIEW_BUTTON, f"{REVIEW_PAYLOAD}{episode_id}")))
    return out


def _reviews(turn: Turn) -> list[TaskRecord]:
    """Open risk reviews handed to this person for the episode."""
    return [
        t
        for t in actionable(turn, int(turn.state["episode_id"]))
        if t.code == "risk_review" and t.assignee_staff_id == turn.staff_id
    ]


def _record(turn: Turn, event: Event, text: str) -> None:
    append_event(
        turn.session, int(turn.state["episode_id"]), event, turn.staff_id, text, now=turn.now
    )


def _entities(turn: Turn, text: str, child: Child) -> dict[str, str]:
    """The first value of each entity type in the message (child names excluded)."""
    parsed = turn.understanding.parse(text, turn.now, child_names=_names(child))
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


def _dump(before: dict[str, tuple[str, datetime]]) -> dict[str, list[str]]:
    return {key: [status, iso(due)] for key, (status, due) in before.items()}


def _load(saved: object) -> dict[str, tuple[str, datetime]]:
    if not isinstance(saved, dict):
        return {}
    return {
        str(k): (str(v[0]), datetime.fromisoformat(str(v[1]).replace("Z", "+00:00")))
        for k, v in saved.items()
    }


def _names(child: Child) -> list[str]:
    return [n for n in (child.given_name, child.preferred_name, child.family_name) if n]


def _label(category: object) -> str:
    return m.CATEGORY_LABELS.get(str(category), str(category).replace("_", " "))


def _episode(turn: Turn) -> Episode:
    return get_episode(turn.session, int(turn.state["episode_id"]))


def _child_name(turn: Turn) -> str:
    return full_name(get_child(turn.session, int(turn.state["child_id"])))
