"""Every word of the return flow ("she's back"), in one place."""

from __future__ import annotations

NOW = "now"
DONE, NOT_NEEDED = "done", "not needed"
FINISHED = "finished"

NONE_MISSING = (
    "I'm glad they're safe. I don't have anyone recorded as missing for you, so there's nothing "
    "to close. If this is about another child, please call your team (999 if anyone is in danger)."
)
WHICH_CHILD = "That's good news. Who has come back?"
# A "no" to "who/when came back?": the return was misread or a slip; nothing was recorded.
NOT_BACK = (
    "Understood: {child} is still recorded as missing and I haven't recorded a return. "
    "Tell me any news, or when {child} does come back."
)
NOBODY_BACK = (
    "Understood: nobody's return is recorded and every missing record stays open. "
    "Tell me any news, or when someone does come back."
)
CHOSEN = "That's good news about {child}. I'll help you record the return, one step at a time."
WHEN_BACK = (
    'When did {child} come back? For example "just now", "10 minutes ago", "1am" or "half 12".'
)
JUST_NOW = "Just now"
TIME_NOT_READ = (
    'I couldn\'t read that as a time. Try "just now", "20 minutes ago", "1am" or "half 12".'
)
BEFORE_START = (
    "That's before {child} was last seen ({start}), so it can't be the return. "
    "When did they come back?"
)
BEFORE_FACT = (
    "I have the police report or a change of category recorded at {at}, while {child} was "
    "still missing, so the return must be after that. When did they come back?"
)
BACK_NOTED = "Noted: back at {when}."

HOW = "How did {child} come back?"
HOW_OPTIONS = (
    ("Police brought them back", "police"),
    ("Came back on their own", "own_accord"),
    ("We found or collected them", "carer"),
    ("Someone else found them", "found"),
    ("Another way", "other"),
)
HOW_LABELS = {
    "police": "brought back by the police",
    "own_accord": "came back on their own",
    "carer": "found or collected by you",
    "found": "found by someone else",
    "other": "came back another way",
}
ALREADY_CLOSED = (
    "Someone has already recorded {child}'s return, so the missing record is closed. "
    'Type "status" to see what is still to do.'
)
RECORDED = (
    "Recorded: {child} back at {when} ({how}). I've closed the missing record and started the "
    "return steps."
)

NEED = "Looking after {child} now ({n} of {total}): {text}"
NEED_DONE = "Done"
NEED_NOT_NEEDED = "Not needed"
NEEDS_DONE = "Thank you, that's noted."

NOTIFY_INTRO = "Please tell these people {child} is back. Press each one when it's done:"
NOTIFY_FINISHED = "Finished for now"
NOTIFY_DONE = "Recorded: {title}."
NOTIFY_NONE = "There's nobody else you need to tell right now."

SAFE_WELL = "The safe and well check: {title}. Who: {who}. By: {when}."
SAFE_WELL_WHAT = (
    "It's a short, private conversation to check {child} is safe and well, find out where they "
    "were and whether anyone harmed them. Please keep {child} available for it."
)
SAFE_WELL_DONE = "The safe and well check is already recorded as done."
SAFE_WELL_NONE = (
    "Your protocol doesn't set a separate safe and well check here; the social worker will be "
    "in touch about talking with {child}."
)
NEXT_INTRO = "What happens next:"
NEXT_ITEM = "- {when}: {title} ({who})"
NEXT_NONE = "There's nothing else scheduled just now."
CLOSING = (
    "Thank you. You've done what's needed for now. If {child} tells you anything worrying, "
    "or goes missing again, tell me straight away (999 if they are in danger)."
)
WHY_RETURN = (
    "Recording when and how {child} came back ends the missing episode: the protocol's return "
    "steps (safe and well check, return interview) count from that moment."
)

# Declared steps (issue 11)
IN_FUTURE = "That time hasn't come yet. When did {child} come back?"
CONFIRM_WHEN = "Just to check: {child} came back {when}, days ago?"
YES_NO_BUTTONS = (("Yes", "yes"), ("No", "no"))
STILL_TO_DO = "Still to do now:"
STILL_TO_DO_ITEM = "- {title} ({who})"
STILL_TO_DO_CLOSING = (
    "Thank you. Please do these when you can, and tell me straight away if {child} tells you "
    "anything worrying or goes missing again (999 if they are in danger)."
)
WHY_CHILD = (
    "I need to know which child has come back, so the right missing record is closed. Only "
    "the children recorded as missing for you are shown."
)
WHY_NOTIFY = "These are the people the protocol says must be told; pressing one records it."
BUTTON_GONE = (
    "That button is out of date: that child isn't recorded as missing for you any more, so "
    'there\'s no return to record. Type "status" to see who is missing.'
)
