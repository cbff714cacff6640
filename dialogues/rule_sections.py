"""A rule asked by its section number ("section 14.1?", "what does §8.4 say"): the steps of the
person's own protocol that cite it, each with its reason, from the pack's `source` and `why`.

The NLU reads such a question as guidance (nlu/questions.py); without this the answer was the
person's next steps, which say nothing about the section asked.
"""

from __future__ import annotations

import re

from dialogues import messages as m
from dialogues.context import Turn
from dialogues.replies import Reply, say
from protocols.pack import ProtocolPack
from protocols.pack_loader import UnknownProtocol, load_protocol
from storage.people import get_staff, get_team

_SECTION = re.compile(
    r"(?:§\s*|\b(?:section|sec|para|paragraph|rule)\s+|^\s*)(\d{1,2}(?:\.\d{1,2})+)(?![\d:])", re.I
)
# A long section lists its first steps; the rest are in the protocol itself.
MOST_STEPS = 6


def cited_section(text: str) -> str | None:
    found = _SECTION.search(text)
    return found.group(1) if found else None


def steps_citing(pack: ProtocolPack, variant: str, section: str) -> list[tuple[str, str]]:
    """(title, why) of the rules, and of their sooner deadlines, whose source cites `section`,
    for the person's variant of the pack, each title once."""
    cites = re.compile(rf"§\s*{re.escape(section)}(?![\d]|\.\d)")
    steps: dict[str, str] = {}
    for rule in pack.rules:
        if rule.when.variant is not None and variant not in rule.when.variant:
            continue
        if cites.search(rule.source):
            steps.setdefault(rule.title, rule.why)
        for sooner in rule.sooner:
            if cites.search(sooner.source):
                steps.setdefault(sooner.title or rule.title, sooner.why or rule.why)
    return list(steps.items())


def replies(turn: Turn, text: str) -> list[Reply] | None:
    """The steps citing the section asked about, or None when the text cites none or the
    person has no protocol (then the caller answers as before)."""
    section = cited_section(text)
    staff = get_staff(turn.session, turn.staff_id)
    if section is None or staff.team_id is None:
        return None
    try:
        pack, variant = load_protocol(get_team(turn.session, staff.team_id).protocol_id)
    except UnknownProtocol:
        return None
    steps = steps_citing(pack, variant, section)
    if not steps:
        return [say(m.RULE_SECTION_NONE.format(section=section, protocol=pack.name))]
    lines = [m.RULE_SECTION.format(section=section, protocol=pack.name)]
    lines += [
        m.RULE_SECTION_STEP.format(title=t, why=" ".join(w.split())) for t, w in steps[:MOST_STEPS]
    ]
    if len(steps) > MOST_STEPS:
        lines.append(m.RULE_SECTION_MORE.format(n=len(steps) - MOST_STEPS))
    return [say("\n".join(lines))]
