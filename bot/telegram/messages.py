"""Every word the Telegram channel itself says (the conversations' words are in dialogues)."""

from __future__ import annotations

REFUSAL = (
    "Hello. This assistant is only for invited staff, so I can't help here. "
    "If you have been given an invitation code, send /start followed by the code. "
    "If a child is in danger, call 999."
)
WELCOME = (
    "Welcome, {name}. Your chat is now linked: {role}, {team}.\n"
    "Tell me if a child hasn't come back, or use /status, /tasks and /help."
)
WELCOME_BACK = "You're already linked, {name}. Use /help to see what I can do."
APOLOGY = (
    "Sorry, something went wrong on my side and that didn't go through. Nothing you told me "
    "before has been lost. Please try again, or use /status to see where things stand. "
    "If a child is in danger, call 999 now."
)
NOT_TEXT = (
    "I can only read text messages, and photos for a child's missing profile. Please type "
    "what you want to tell me, or use /help."
)
UNKNOWN_COMMAND = "I don't know that command. Try /help, /status, /tasks or /cancel."

BUTTON_INVALID = "Sorry, I can't use that button. Please use the latest message, or type /help."
BUTTON_USED = "That choice has already been made. Please use the latest message."
CHOSEN = "✓ {label}"
PAGE_NEXT = "More ›"
PAGE_PREVIOUS = "‹ Back"
PAGE_OF = "(page {page} of {pages})"

INVITE_NOT_ALLOWED = "Only administrators can invite people."
INVITE_USAGE = (
    "To invite someone already on record: /invite STAFF_ID\n"
    "To add someone new and invite them: /invite Full Name, role, Team name[, manager id]"
)
INVITE_FAILED = "I couldn't do that: {reason}\n" + INVITE_USAGE
INVITE_READY = (
    "Invitation for {name} ({role}, {team}), staff id {staff_id}. It works once and expires "
    "{expires}.\nCode: {code}{link}\nPlease pass it on privately."
)
INVITE_LINK = "\nLink: https://t.me/{bot}?start={code}"

COMMANDS = (
    ("status", "Who is missing and your open tasks"),
    ("tasks", "Your open tasks"),
    ("cancel", "Stop what we're doing (nothing is lost)"),
    ("help", "What I can do"),
)
DETAILS_PRIVATE = "Details are in the conversation: use /status."

WAIT_NOT_ALLOWED = "Only administrators can move the clock."
WAIT_NOT_DEMO = (
    "The clock can only be moved in a demo database (made with `homeward demo seed`). "
    "Real deadlines run on real time."
)
WAIT_USAGE = "Say how far to move the demo clock, e.g. /wait 2h or /wait 30m (at most 14 days)."
WAIT_DONE = "Demo clock moved on {step}. It is now {now}; anything due on the way has been sent."
PHOTO_TOO_BIG = "Sorry, that picture is too big (over 15 MB). Please send it as a photo instead."
PACK_WORKING = "Preparing your team's missing-meeting pack (the last four weeks)…"
PACK_CAPTION = "Missing-meeting pack: the last {days} days. Please keep it private."
PACK_NOT_ALLOWED = "The meeting pack is for managers. Your manager can send it to you."
PACK_NO_TEAM = "You're not in a team on record, so there is no team pack to make."
