"""The police summary: what the carer reads out to the call-taker, in the order the call-taker
asks (the pack's `police_questions`: staffordshire §8.6, childrens_home §6.4, essex §2.5.2,
thames_valley; a pack without them gets the national order, NDMM §12.5-like, of `DEFAULT`).

`compose` is pure: the facts (tonight's notes, the child's profile and record, flags, history)
and the pack's question ids in, numbered lines out. `gather` reads the facts from storage for
one episode. Lines are left out when their question cannot apply: the record holds no sex or
gender, so the pregnancy line appears only when the child's record carries the `pregnant` flag
(the call-taker still asks when it matters). A line the pack asks for but nobody recorded says
"not recorded"; a line the pack does not ask for appears only when something is known.

A correction (dialogues.police_correction) is a note on the episode, in the carer's words,
whose `source` names the line; the latest one replaces the line's value."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from dialogues import police_summary_messages as ps
from dialogues.context import Turn
from dialogues.replies import Reply, say
from dialogues.work_format import child_name
from protocols.clock import london_date, london_text
from protocols.engine import age_on
from protocols.pack_loader import load_protocol
from storage.child_record import Grading, Said, last_grading, what_was_said
from storage.episodes import fact_rows, get_episode
from storage.models import Child
from storage.people import get_team
from storage.profiles import PastEpisode, ProfileField, previous_episodes, read_profile

CORRECTION_KIND = "police_summary_correction"
SOURCE_PREFIX = "police summary: "
# Which summary lines answer each of the packs' police question ids.
ANSWERS: Mapping[str, tuple[str, ...]] = {
    "name_dob": ("name", "dob"),
    "identity": ("name", "dob", "status"),
    "where_when_who": ("last_seen", "where", "with"),
    "where_when": ("last_seen", "where"),
    "information": ("last_seen", "where", "with", "circumstances"),
    "with_whom": ("with",),
    "description": ("description", "features", "wearing", "took", "photo"),
    "clothing": ("wearing", "took"),
    "medical": ("medical",),
    "last_seen": ("last_seen",),
    "circumstances": ("circumstances", "concerns"),
    "associates": ("associates", "contacts"),
    "pregnant": ("pregnant",),
    "vulnerabilities": ("vulnerabilities", "medical"),
    "orientation": ("orientation",),
    "religion": ("religion",),
    "risk_assessment": ("risk", "concerns"),
    "photo": ("photo",),
    "enquiries": ("searches",),
    "order": ("status",),
}
# The order when the pack asks nothing, and for what the pack's questions leave out.
DEFAULT: tuple[str, ...] = (
    "name",
    "dob",
    "last_seen",
    "where",
    "with",
    "description",
    "features",
    "wearing",
    "took",
    "photo",
    "medical",
    "vulnerabilities",
    "circumstances",
    "concerns",
    "associates",
    "contacts",
    "risk",
    "history",
    "searches",
    "what_worked",
    "reference",
)
_WEARING = re.compile(
    r"\b(wearing|wore|dressed|had on|in (a|his|her|their) \w+ (coat|jacket|hoodie|top))\b", re.I
)
_TOOK = re.compile(r"\b(took|taken|has (his|her|their)|bag|phone|money|bike|cash|passport)\b", re.I)


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    value: str


@dataclass(frozen=True)
class SummaryFacts:
    """Everything the summary may say about one child tonight."""

    name: str
    date_of_birth: date | None
    today: date
    legal_status: str
    last_seen: datetime
    profile: Mapping[str, str | None]  # ProfileField value -> text
    photo_taken: date | None
    religion: str | None
    orientation: str | None
    flags: frozenset[str]
    said: tuple[Said, ...]  # tonight's notes, sightings and concerns, oldest first
    searches: tuple[str, ...]
    risk: Grading | None
    police_reference: str | None
    earlier: tuple[PastEpisode, ...]  # earlier episodes, newest first
    corrections: Mapping[str, Said] = field(default_factory=dict)


def compose(facts: SummaryFacts, questions: Sequence[str]) -> list[Line]:
    """The numbered lines, in the order of the pack's questions, then the rest of DEFAULT."""
    asked = [key for q in questions for key in ANSWERS.get(q, ())]
    order = list(dict.fromkeys(["name", *asked, *DEFAULT]))  # who it is, always first
    values = _values(facts)
    lines = []
    for key in order:
        value = values.get(key)
        corrected = facts.corrections.get(key)
        if corrected is not None:
            value = ps.CORRECTED.format(text=corrected.text, when=london_text(corrected.at))
        if key == "pregnant" and not value:
            continue  # cannot apply on what the record holds
        if not value:
            if key not in asked:
                continue
            value = ps.NOT_RECORDED
        lines.append(Line(key, ps.LABELS[key], value))
    return lines


def render(child: str, lines: Sequence[Line]) -> str:
    numbered = [
        ps.LINE.format(n=n, label=ln.label, value=ln.value) for n, ln in enumerate(lines, 1)
    ]
    return "\n".join([ps.HEAD.format(child=child), *numbered, ps.CORRECT_HINT])


def _values(facts: SummaryFacts) -> dict[str, str | None]:
    notes = [s for s in facts.said if s.kind != "concern"]
    profile = facts.profile
    return {
        "name": facts.name,
        "dob": _dob(facts),
        "status": facts.legal_status.replace("_", " "),
        "last_seen": london_text(facts.last_seen),
        "where": _joined(
            [s.details["location"] for s in reversed(notes) if s.details.get("location")]
            + ([str(profile[ProfileField.PLACES])] if profile.get(ProfileField.PLACES) else [])
        ),
        "with": _joined([s.details["person"] for s in reversed(notes) if s.details.get("person")]),
        "description": profile.get(ProfileField.DESCRIPTION),
        "features": profile.get(ProfileField.FEATURES),
        "wearing": _quoted([s for s in notes if _WEARING.search(s.text)]),
        "took": _quoted([s for s in notes if _TOOK.search(s.text)]),
        "photo": ps.PHOTO_TAKEN.format(taken=facts.photo_taken.strftime("%d %b %Y"))
        if facts.photo_taken
        else ps.PHOTO_NONE,
        "medical": profile.get(ProfileField.HEALTH),
        "vulnerabilities": _joined([ps.FLAGS[f] for f in sorted(facts.flags) if f in ps.FLAGS]),
        "circumstances": _quoted(notes),
        "concerns": _quoted([s for s in facts.said if s.kind == "concern"]),
        "associates": profile.get(ProfileField.ASSOCIATES),
        "contacts": profile.get(ProfileField.CONTACTS),
        "pregnant": ps.PREGNANT if "pregnant" in facts.flags else None,
        "orientation": facts.orientation,
        "religion": facts.religion,
        "risk": ps.RISK.format(
            level=facts.risk.level,
            by=ps.RISK_BY[facts.risk.assessor],
            when=london_text(facts.risk.at),
        )
        if facts.risk
        else None,
        "history": _history(facts.earlier),
        "searches": _joined(list(facts.searches)),
        "what_worked": profile.get(ProfileField.WHAT_WORKED),
        "reference": facts.police_reference,
    }


def _dob(facts: SummaryFacts) -> str | None:
    if facts.date_of_birth is None:
        return None
    born = facts.date_of_birth.strftime("%d %b %Y")
    return ps.AGE.format(dob=born, age=age_on(facts.date_of_birth, facts.today))


def _history(earlier: Sequence[PastEpisode]) -> str:
    if not earlier:
        return ps.HISTORY_NONE
    last = earlier[0]
    end = ps.HISTORY_END.format(end=london_text(last.returned_at)) if last.returned_at else ""
    return ps.HISTORY.format(count=len(earlier), start=london_text(last.started_at), end=end)


def _joined(items: list[str]) -> str | None:
    unique = list(dict.fromkeys(i.strip() for i in items if i.strip()))
    return "; ".join(unique) or None


def _quoted(said: Sequence[Said]) -> str | None:
    return "; ".join(ps.QUOTED.format(text=s.text) for s in said) or None


# -- reading the facts -----------------------------------------------------------------------


def gather(turn: Turn, child: Child, episode_id: int) -> SummaryFacts:
    """The facts for one episode, read through the access policy (the profile refuses someone
    who may not see the child). The caller logs the one read of the screen."""
    episode = get_episode(turn.session, episode_id)
    profile = read_profile(turn.session, turn.staff_id, child.id, turn.now, logged_by_caller=True)
    all_said = what_was_said(turn.session, episode_id)
    corrections = {
        s.source.removeprefix(SOURCE_PREFIX): s
        for s in all_said
        if s.kind == CORRECTION_KIND and s.source and s.source.startswith(SOURCE_PREFIX)
    }
    earlier = tuple(
        e for e in previous_episodes(turn.session, child.id) if e.started_at < episode.started_at
    )
    return SummaryFacts(
        name=child_name(child),
        date_of_birth=child.date_of_birth,
        today=london_date(turn.now),
        legal_status=child.legal_status,
        last_seen=episode.started_at,
        profile={f: profile.value(f) for f in ProfileField},
        photo_taken=profile.photo.dated if profile.photo else None,
        religion=child.religion,
        orientation=child.sexual_orientation,
        flags=frozenset(child.flags),
        said=tuple(s for s in all_said if s.kind != CORRECTION_KIND),
        searches=tuple(_searches(turn, episode_id)),
        risk=last_grading(turn.session, episode_id),
        police_reference=episode.police_reference,
        earlier=earlier,
        corrections=corrections,
    )


def questions_for(turn: Turn, child: Child) -> tuple[str, ...]:
    pack, _ = load_protocol(get_team(turn.session, child.team_id).protocol_id)
    return tuple(item.id for item in pack.checklists.get("police_questions", ()))


def source_of(turn: Turn, child: Child) -> str:
    pack, _ = load_protocol(get_team(turn.session, child.team_id).protocol_id)
    sources = [item.source for item in pack.checklists.get("police_questions", ())]
    return ", ".join(dict.fromkeys(sources)) or "NDMM §12.5"


def summary_lines(turn: Turn, child: Child, episode_id: int) -> list[Line]:
    return compose(gather(turn, child, episode_id), questions_for(turn, child))


def summary_reply(turn: Turn, child: Child, episode_id: int) -> Reply:
    """The summary as one message (the caller logs the read of the screen)."""
    return say(render(child_name(child), summary_lines(turn, child, episode_id)))


def _searches(turn: Turn, episode_id: int) -> list[str]:
    """The night report's searches, from their own notes ("search: friends: done")."""
    out = []
    for row in fact_rows(turn.session, episode_id):
        text = str(row.data.get("text", ""))
        if text.startswith("search: "):
            out.append(text.removeprefix("search: ").replace(": ", " ", 1).replace("_", " "))
    return out
