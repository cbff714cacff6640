"""Every word of the updates during an episode (news, whereabouts, worries, police, risk
reviews), in one place."""

from __future__ import annotations

YES, NO = "yes", "no"
NO_NOTE = "no note"

NONE_MISSING = (
    "I don't have anyone recorded as missing for you, so there's no record to add this to. "
    'If a child is missing, tell me (e.g. "Jay\'s not back"); if anyone is in danger, call 999.'
)
WHICH_CHILD = "Which child is this about?"

INFO_NOTED = "Thank you, I've added that to {child}'s record, word for word."
INFO_POLICE = (
    "Please tell the police too (101, or 999 if {child} is in danger){reference}, so they can "
    "act on it. If you now know where {child} is, tell me (\"she's at her mum's\")."
)
REFERENCE_HINT = ", quoting {reference}"

WHEREABOUTS_NOTED = "Thank you, I've noted where {child} is, word for word."
WHEREABOUTS_CONFIRM = (
    "Shall I change {child}'s record from {current} to {target}? "
    "The change is kept in the history, and the deadlines follow it."
)
WHEREABOUTS_SAME = "{child} is already recorded as {current}, so nothing changes."
WHEREABOUTS_CHANGED = "Done: {child} is now recorded as {target}."
WHEREABOUTS_KEPT = "OK, {child} stays recorded as {current}. Tell me when anything changes."
WHEREABOUTS_SAFETY = (
    "If you're worried about where {child} is or who they're with, call 101 (999 if in danger)."
)
CATEGORY_LABELS = {
    "missing": "missing (whereabouts unknown)",
    "absent": "absent",
    "away_without_authorisation": "away without authorisation (whereabouts known)",
    "absent_without_authorisation": "absent without authorisation (whereabouts known)",
    "unauthorised_absence": "an unauthorised absence (whereabouts known, no immediate concern)",
    "absconder": "an absconder",
}
WHY_CATEGORY = (
    "When you know where a child is, the protocol treats it differently from a child whose "
    "whereabouts are unknown, and some deadlines change. The change is recorded as a transition, "
    "never overwritten, so the history shows both.\nRule: {source}"
)

CONCERN_NOTED = "Thank you for telling me. I've recorded this worry on {child}'s record{factors}."
CONCERN_FACTORS = " ({factors})"
CONCERN_SERIOUS = (
    "This sounds serious: if {child} is in immediate danger, call 999 now. Otherwise call the "
    "police on 101 straight away and tell them what you've told me."
)
CONCERN_CALL = (
    "Please tell the police on 101 (999 if {child} is in immediate danger) and the social worker."
)
FACTOR_LABELS = {
    "cse": "sexual exploitation",
    "cce": "criminal exploitation",
    "drugs": "drugs",
    "alcohol": "alcohol",
    "self_harm": "self-harm",
    "suicide": "suicide",
    "weapon": "a weapon",
    "older_adult": "an older adult",
    "unknown_adult": "an unknown adult",
    "medical": "medical needs",
    "online_contact": "online contact",
    "trafficking": "trafficking",
    "crime": "crime",
    "harmed": "harm",
}

POLICE_RECORDED = "Recorded: {child} reported to the police at {when}{reference}."
POLICE_REFERENCE = (
    "What's the police reference (incident number)? If they haven't given you one yet, say "
    '"not given one yet".'
)
POLICE_REF_EMPTY = (
    'Please type the reference as the police gave it (e.g. "SP-2603-0199" or "incident 552"), '
    'or "not given one yet".'
)
POLICE_REF_RECORDED = "Thank you, reference {reference} is on {child}'s record."
POLICE_REF_LATER = "OK. Tell me the reference when you get it."

REVIEW_OFFER = "A risk review for {child} is due {when}. Would you like to record it now?"
REVIEW_OFFER_LATE = (
    "A risk review for {child} was due {when} and is still open. Would you like to record it now?"
)
REVIEW_BUTTON = "Record a risk review"
REVIEW_NONE = "There's no risk review for you to record for {child} just now."
REVIEW_LEVEL = "How do you rate the risk to {child} right now?"
REVIEW_LEVELS = (("Low", "low"), ("Medium", "medium"), ("High", "high"))
REVIEW_RECORDED = "Recorded: your risk review for {child}, {level}."
REVIEW_HIGH = (
    "Because you rate the risk as high, please call the police on 101 now and tell them "
    "(999 if {child} is in immediate danger), and tell the social worker."
)
REVIEW_NOTE = 'Briefly, why? (a few words for the record, or "no note")'
REVIEW_NOTE_RECORDED = "Thank you, noted."

# Declared steps (issue 11)
POLICE_CONFIRM = "Have you reported {child} to the police?"
REVIEW_NO_NOTE = "OK, your review is recorded without a note."
WHY_CHILD = (
    "I need to know which child this is about, so it goes on the right record. Only the "
    "children recorded as missing for you are shown."
)
WHY_REVIEW = (
    "While a child is missing, the protocol asks for the risk to be reviewed regularly: your "
    "view (low, medium or high) is recorded, and a high rating brings deadlines forward."
)
REVIEW_GONE = (
    "That button is out of date: the child is no longer recorded as missing for you, so there's "
    "no risk review to record."
)
