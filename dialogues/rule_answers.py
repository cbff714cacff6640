"""A rule asked by its section number ("section 14.1?", "what does §8.4 say") or by its
timescale ("what's the 72 hours about"): the steps of the person's own protocol that cite that
section or fall due that long after their start, each with its reason, from the pack's
`source`, `offset` and `why`.

The NLU reads such a question as guidance (nlu/questions.py); without this the answer was the
person's next steps, which say nothing about the rule asked.
"""

from __future__ import annotations

import re
from datetime import timedelta

from dialogues import messages as m
from dialogues.context import Turn
from dialogues.replies import Reply, say
from protocols.pack import ProtocolPack
from protocols.pack_loader import UnknownProtocol, load_protocol
from storage.people import get_staff, get_team

# "section 14.1?", "§8.4", "para 2.5.1", or a bare "14.2?" / "14.2 - who gets…" (not "10.30 -
# he left").
_SECTION = re.compile(
    r"(?:§\s*|\b(?:section|sec|para|paragraph|rule)\s+)(\d{1,2}(?:\.\d{1,2})+)(?![\d:])"
    r"|^\s*(\d{1,2}(?:\.\d{1,2})+)\s*(?:\?|(?:-|–)\s*(?:who|what|when|how|why|does|do|is|can)\b)",
    re.I,
)
# "the 72 hours", "72hr", "5 days", "the 24 hour thing": a timescale, in hours.
# The timescale as a rule's name, "the 72 hours", "72 hour rule", "the 24hr thing": not how long
# a child has been gone ("he's been missing 3 hours, what do I do").
_TIMESCALE = re.compile(
    r"\bthe\s+(\d{1,3})\s*-?\s*(h|hr|hrs|hour|hours|day|days)\b"
    r"|\b(\d{1,3})\s*-?\s*(h|hr|hrs|hour|hours|day|days)\s+(?:rule|thing|deadline|limit|timescale"
    r"|one|meeting|review|escalation)\b",
    re.I,
)
# A long answer lists its first steps; the rest are in the protocol itself.
MOST_STEPS = 6


def cited_section(text: str) -> str | None:
    found = _SECTION.search(text)
    return (found.group(1) or found.group(2)) if found else None


def cited_timescale(text: str) -> timedelta | None:
    found = _TIMESCALE.search(text)
    if found is None:
        return None
    number, unit = (found.group(1), found.group(2)) if found.group(1) else found.group(3, 4)
    length = timedelta(days=1) if unit.lower().startswith("d") else timedelta(hours=1)
    return int(number) * length


def _spoken(span: timedelta) -> str:
    """ "72 hours", "5 days", "1 hour": how the reply says the timescale asked about."""
    hours = int(span.total_seconds() // 3600)
    # As the protocols say them: "72 hours", but "5 days".
    n, unit = (hours // 24, "day") if hours > 72 and hours % 24 == 0 else (hours, "hour")
    return f"{n} {unit}" + ("" if n == 1 else "s")


def steps_due_after(pack: ProtocolPack, variant: str, span: timedelta) -> list[tuple[str, str]]:
    """(title, why) of the rules, and of their sooner deadlines, due `span` after their start
    (the report, the return…) for the person's variant, each title once."""
    steps: dict[str, str] = {}
    for rule in pack.rules:
        if rule.when.variant is not None and variant not in rule.when.variant:
            continue
        if not rule.offset.months and rule.offset.elapsed == span:
            steps.setdefault(rule.title, rule.why)
        for sooner in rule.sooner:
            if not sooner.offset.months and sooner.offset.elapsed == span:
                steps.setdefault(sooner.title or rule.title, sooner.why or rule.why)
    return list(steps.items())


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
    """The steps citing the section, or due after the timescale, asked about; None when the
    text names neither or the person has no protocol (then the caller answers as before)."""
    section, span = cited_section(text), cited_timescale(text)
    staff = get_staff(turn.session, turn.staff_id)
    if (section is None and span is None) or staff.team_id is None:
        return None
    try:
        pack, variant = load_protocol(get_team(turn.session, staff.team_id).protocol_id)
    except UnknownProtocol:
        return None
    if section is not None:
        steps = steps_citing(pack, variant, section)
        head = m.RULE_SECTION.format(section=section, protocol=pack.name)
        none = m.RULE_SECTION_NONE.format(section=section, protocol=pack.name)
    else:
        said = _spoken(span or timedelta(0))
        steps = steps_due_after(pack, variant, span or timedelta(0))
        head = m.RULE_TIMESCALE.format(span=said, protocol=pack.name)
        none = m.RULE_TIMESCALE_NONE.format(span=said, protocol=pack.name)
    if not steps:
        return [say(none)]
    lines = [head]
    lines += [m.RULE_STEP.format(title=t, why=" ".join(w.split())) for t, w in steps[:MOST_STEPS]]
    if len(steps) > MOST_STEPS:
        lines.append(m.RULE_MORE.format(n=len(steps) - MOST_STEPS))
    return [say("\n".join(lines))]
