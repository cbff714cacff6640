"""Each person's role, in Rasa's entity `role` field: is the child with them or not?

Every person in the message is a `person` entity; the record's "with" means only the people the
child is or was with, so each carries one of three roles:

- `companion`: the child is or was with them, was seen with them, went off with them, was
  picked up, dropped off or brought back by them ("with [two older lads]", "[a woman in a red
  car] dropped her off", "[her dad] brought her back").
- `informant`: they told us something about the child ("[her mum] rang", "[a neighbour] saw
  her", "seen by [the lad behind the counter]", "[his brother] thinks he's gone to …").
- `mentioned`: anyone else (an officer who found them, a relative spoken of, someone the child
  argued with).

The words just before and just after the span decide; a person with none of these cues is
`mentioned`, so nothing is recorded as "with" on a guess.
"""

from __future__ import annotations

import re

from nlu.entities.spans import Span
from nlu.types import COMPANION, INFORMANT, MENTIONED

# "… with [her]", "meeting [a man]", "picked up by [an older woman]", "talking to [a lad]".
_COMPANION_BEFORE = re.compile(
    r"\b(?:with|wiv|alongside|meet|meets|meeting|met|joined|join|joining|seen\s+talking\s+to"
    r"|talking\s+to|chatting\s+to|lifts?\s+from|(?:picked\s+up|dropped(?:\s+(?:off|back|home))?|brought"
    r"(?:\s+(?:back|home|in))?|collected|driven|taken|given\s+a\s+lift|fetched|escorted"
    r"|accompanied)\s+by)\s+$",
    re.I,
)
# "with" that is not company: "an argument with her key worker", "no contact with his dad".
_NOT_COMPANY = re.compile(
    r"\b(?:argument|argued|arguing|row|rowed|fight|fought|falling\s+out|fell\s+out|contact"
    r"|spoke|speak|spoken|talked|meeting|interview|done|completed|checked|held|sorted|agreed"
    r"|upset|angry|cross)\s+with\s+$",
    re.I,
)
# "[a taxi driver] dropped him off", "[an older man] keeps picking him up", "[older lads] give
# him weed", "[his girlfriend] and him came back".
_COMPANION_AFTER = re.compile(
    r"^\s+(?:(?:has|had|have|keeps|kept|was|were|is|are|will|would|came\s+and|must\s+have)\s+)?"
    r"(?:dropped|drops|dropping|picked|picks|picking|brought|brings|bringing|drove|drives"
    r"|driving|collected|collects|took|takes|taking|gave|gives|give|giving|gets|got\s+him"
    r"|got\s+her|fetched|walked\s+(?:him|her)|met\s+(?:him|her)|came\s+(?:back\s+)?with)\b",
    re.I,
)
# "[her mum] rang", "[a neighbour] saw her", "[his brother] thinks", "[Amy's mum] is happy to".
_INFORMANT_AFTER = re.compile(
    r"^\s+(?:(?:has|had|have|just|also|then|now|later|has\s+just|had\s+just)\s+)?"
    r"(?:says|said|say|saying|rang|rung|rings|phoned|phones|called|calls|texted|texts|messaged"
    r"|messages|emailed|told|tells|thinks|thought|reckons|reckoned|believes|believed|saw|sees"
    r"|seen|spotted|spots|noticed|heard|hears|reported|reports|knows|knew|confirmed|confirms"
    r"|mentioned|posted|let\s+(?:us|me)\s+know|is\s+happy|was\s+happy|will\s+bring|got\s+in\s+touch"
    r"|contacted|came\s+(?:round|over|to\s+say)|found\s+out|hasn['’]?t\s+seen|has\s+not\s+seen"
    r"|had\s+a\s+(?:call|text|message|missed\s+call))\b",
    re.I,
)
# "seen by [a dog walker]", "spotted by [the bus driver]", "according to [her mate]".
_INFORMANT_BEFORE = re.compile(
    r"(?:\b(?:seen|spotted|sighted|noticed|recognised|reported|found\s+out)\b[^.,;!?]{0,60}?\bby"
    r"|\baccording\s+to|\b(?:a\s+)?(?:call|text|message|phone\s+call)\s+from|\bheard\s+from"
    r"|\bspoke\s+to|\bspoken\s+to|\bspeaking\s+to)\s+$",
    re.I,
)


# "talking to [an older man] on snapchat": in touch, not with them.
_ONLINE_AFTER = re.compile(
    r"^\s+(?:on\s+(?:snap(?:chat)?|insta(?:gram)?|tiktok|whatsapp|facebook|fb|discord|x|twitter"
    r"|the\s+phone|(?:his|her|their)\s+phone|xbox|playstation|the\s+ps\d)|online)\b",
    re.I,
)


def person_role(text: str, span: Span) -> str:
    """The role of person `span` in `text` (see the module docstring)."""
    before = text[: span.start]
    after = text[span.end :]
    company = _COMPANION_BEFORE.search(before) and not _NOT_COMPANY.search(before)
    if company and not _ONLINE_AFTER.match(after):
        return COMPANION
    if _INFORMANT_BEFORE.search(before) or _INFORMANT_AFTER.match(after):
        return INFORMANT
    if _COMPANION_AFTER.match(after):
        return COMPANION
    return MENTIONED


def with_roles(text: str, spans: list[Span]) -> list[Span]:
    """`spans` with a role on every person."""
    return [
        Span(s.start, s.end, s.entity, s.value, s.confidence, person_role(text, s))
        if s.entity == "person"
        else s
        for s in spans
    ]
