"""Privacy mode for pushed messages: a reminder may be seen on a locked screen or a shared phone,
so it names a child by initials and episode number only. Details stay inside the conversation.

Reminders are worded elsewhere; this is the last line of defence that removes any child's name
or date of birth that slipped into a pushed text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Child, Episode


def initials(child: Child) -> str:
    first = (child.preferred_name or child.given_name).strip()[:1]
    return f"{first}.{child.family_name.strip()[:1]}.".upper()


def push_label(child: Child, episode: Episode) -> str:
    """How a pushed message refers to a child: 'J.M., episode 3'."""
    return f"{initials(child)}, episode {episode.number}"


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    replacement: str


def _date_forms(child: Child) -> list[str]:
    dob = child.date_of_birth
    if dob is None:
        return []
    return [
        dob.isoformat(),
        dob.strftime("%d/%m/%Y"),
        f"{dob.day}/{dob.month}/{dob.year}",
        f"{dob.day} {dob.strftime('%B %Y')}",
        f"{dob.day} {dob.strftime('%b %Y')}",
    ]


def _rules(children: list[Child]) -> list[_Rule]:
    rules: list[_Rule] = []
    for child in children:
        mark = initials(child)
        firsts = {n for n in (child.given_name, child.preferred_name) if n}
        names = [f"{first} {child.family_name}" for first in firsts]
        names += [*firsts, child.family_name]
        # Longest first, so "Jay Morgan" becomes "J.M." rather than "J.M. M.".
        for name in sorted(names, key=len, reverse=True):
            # Case-sensitive (as written, or in capitals): a child called Will must not turn
            # every "will" into initials.
            spelled = "|".join(
                re.escape(form) for form in sorted({name, name.upper(), name.title()})
            )
            rules.append(_Rule(re.compile(rf"(?<!\w)(?:{spelled})(?:'s)?(?!\w)"), mark))
        for form in _date_forms(child):
            rules.append(_Rule(re.compile(re.escape(form), re.IGNORECASE), "[date of birth]"))
        for place in _places(child):
            rules.append(_Rule(re.compile(re.escape(place), re.IGNORECASE), "[place]"))
    return rules


def _places(child: Child) -> list[str]:
    """The child's usual places, as listed on their record (comma-separated phrases)."""
    return [p.strip() for p in (child.usual_places or "").split(",") if len(p.strip()) >= 4]


def redact(session: Session, text: str) -> str:
    children = list(session.scalars(select(Child)))
    for rule in _rules(children):
        text = rule.pattern.sub(rule.replacement, text)
    return text
