"""Every word of the child's page and of "what do I do now?": short, plain, the carer's own
words quoted as they typed them."""

from __future__ import annotations

PAGE_BUTTON = "{child}'s page"
NOT_YOURS = (
    "Sorry, I can't show you that child: they are not in your care, caseload or team. "
    'Type "status" to see the children you follow.'
)
WHICH = "Which child do you mean?"

HEAD_MISSING = "{child}: missing since {since} ({length}), episode {number}"
HEAD_AWAY = "{child}: {category} since {since} ({length}), episode {number}"
HEAD_HOME = "{child} is not missing now."
LAST_EPISODE = "Last episode ({number}): {since} to {until}{how}."
HOW = ", {how}"
EPISODES_ON_RECORD = "Episodes on record: {count}."
NO_EPISODES = "No missing episodes on record."

RISK = "Risk: {level}, {by} ({when})"
RISK_POLICE_TOO = "Risk: {level}, {by} ({when}); the police graded it {police} ({police_when})"
RISK_NONE = "Risk: not graded yet"
BY = {"police": "graded by the police", "carer": "the carer's view"}

POLICE_REPORTED = "Police: reported {when}, reference {reference}"
POLICE_NO_REFERENCE = "Police: reported {when}, no reference yet"
POLICE_NOT_YET = "Police: not reported yet"

LAST_SEEN = "Last seen / due back: {when}"
KNOWN = "What we know so far (in their words):"
KNOWN_NONE = "Nothing added since the report."
SAID_LINE = '- {when}, {by}: "{text}"'
CONCERN_LINE = '- Concern ({factor}), {when}, {by}: "{text}"'
SOMEONE = "recorded"

WHERE = "Where they may be:"
WHERE_SEEN = "- {place}: {when} ({by})"
WHERE_WITH = "- With {person}: {when} ({by})"
WHERE_PLACES = "- Places they usually go: {places}"
WHERE_FRIENDS = "- Friends and associates: {who}"
WHERE_NONE = "- Nothing known yet."

TO_DO = "Still to do:"
TO_DO_LINE = "- {flag}{when}: {title} ({holder})"
OVERDUE = "OVERDUE "
TO_DO_NONE = "Nothing is open."
NOBODY = "nobody holds it yet"

# "What do I do now?"
NOW_INTRO = "Your next steps, soonest first:"
NOW_LINE = "{n}. {flag}{when}: {title} ({child})\n   Why: {why}"
NOW_NONE = "Nothing is waiting on you right now."
NOW_MISSING = (
    "{child} is still missing: tell me straight away if they come back or you hear anything."
)
NOW_MORE = 'That\'s {shown} of {total}. Type "status" for the full list.'
NOW_HINT = 'Type "done 1" when one is done, or "why 1" for the rule behind it.'

# Told when it happens (storage.event_notices), shown on the person's next message
TOLD_INTRO = "Since you last looked:"
TOLD = {
    "missing": "- {child} was reported missing by {by} ({at}).",
    "graded_high": "- The police graded the risk to {child} HIGH ({at}, recorded by {by}).",
    "back": "- {child} is back ({at}, recorded by {by}).",
}
TOLD_COVER = " You cover {child}'s team out of hours."
TOLD_HINT = 'Type "{name}" for their page.'
TOLD_MORE = '- and more besides; type "status" to see every child missing now'
