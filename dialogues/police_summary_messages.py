"""Every word of the police summary and of correcting one of its lines."""

from __future__ import annotations

HEAD = (
    "Here is a summary you can read out or copy: {child}, in the order the police call-taker asks."
)
LINE = "{n}. {label}: {value}"
NOT_RECORDED = "not recorded"
CORRECT_HINT = 'If a line is wrong, type "correct 3" (its number) before you read it out.'
PHOTO_TAKEN = 'on file, taken {taken} ("grab pack" sends it with the whole profile)'
PHOTO_NONE = "none on file"
AGE = "{dob} (age {age})"
PREGNANT = "yes, on the child's record"
RISK = "{level}, {by} ({when})"
RISK_BY = {"police": "graded by the police", "carer": "the carer's view"}
HISTORY = "{count} earlier episode(s) on our records; the last began {start}{end}"
HISTORY_END = " and ended {end}"
HISTORY_NONE = "no earlier episode on our records"
REFERENCE = "{reference}"
QUOTED = '"{text}"'
CORRECTED = "{text} (corrected {when})"

LABELS = {
    "name": "Name",
    "dob": "Date of birth",
    "status": "Legal status",
    "last_seen": "Last seen / due back",
    "where": "Where they may be",
    "with": "Who they may be with",
    "description": "Description",
    "features": "Distinguishing features",
    "wearing": "Wearing",
    "took": "Took with them",
    "photo": "Photo",
    "medical": "Health and medication",
    "vulnerabilities": "Vulnerabilities and flags",
    "circumstances": "What we have been told tonight",
    "concerns": "Concerns raised tonight",
    "associates": "Friends and associates",
    "contacts": "Phone and social media",
    "pregnant": "Pregnant",
    "orientation": "Sexual orientation",
    "religion": "Religion",
    "risk": "Risk",
    "history": "History",
    "searches": "Searches already made",
    "what_worked": "What has worked to bring them home",
    "reference": "Police reference",
}
FLAGS = {
    "cse_risk": "at risk of child sexual exploitation (CSE)",
    "cce_risk": "at risk of child criminal exploitation (CCE)",
    "trafficking_risk": "at risk of trafficking",
    "uasc": "unaccompanied asylum-seeking child",
    "subject_to_restriction": "subject to a restriction",
    "learning_disability": "learning disability",
    "very_young": "very young",
    "mental_health": "mental health needs",
    "medical_needs": "medical needs",
    "secure_order": "secure order",
    "out_of_area": "placed out of area",
    "care_leaver": "care leaver",
}

# Correcting a line
ASK_LINE = 'Which line is wrong? Type its number (1 to {last}), or "cancel".'
NO_SUCH_LINE = "There's no line {n}. Type a number from 1 to {last}."
ASK_TEXT = "Line {n}, {label}, says: {value}\nType what it should say."
TEXT_EMPTY = 'Please type what the line should say, or "cancel".'
CORRECTION_NOTE = "Police summary correction, {label}: {text}"
CORRECTION_RECORDED = "Corrected and kept on the record. Here is the summary again:"
WHICH_CHILD = (
    "More than one child is missing: ask for the police summary during a child's report, or "
    "type the child's name to see their page."
)
NO_SUMMARY = "There is no missing record open for a police summary right now."
WHY = (
    "The police ask these questions in this order when a child is reported missing "
    "({source}); a correction is kept on the record as a note, in your words."
)
