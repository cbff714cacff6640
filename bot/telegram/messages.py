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
VOICE = "I can't listen to voice notes yet, please type it."
GROUP = "I only work in private chats. Please message me directly."
START_NO_CODE = (
    "Hello. To use Homeward you need an invitation code from your manager or your Homeward "
    "administrator. When you have it, send /start followed by the code (for example "
    "/start ABCD2345EFGH), or open the link they gave you. If a child is in danger, call 999."
)
CODE_UNKNOWN = (
    "I don't recognise that code. Please check it against the one you were given "
    "(letters and digits, no 0, O, 1 or I) and send /start CODE again."
)
CODE_USED = (
    "That code has already been used, and each code works once. If it wasn't you who used it, "
    "tell your administrator now; otherwise ask them for a new code."
)
CODE_EXPIRED = "That code has expired. Please ask your administrator for a new one."
CODE_LEFT = "That code is for someone who no longer has access. Please ask your administrator."
CODE_LOCKED = (
    "Too many codes from this chat didn't work, so I've stopped trying them. Please contact "
    "your Homeward administrator and give them this chat's number: {chat_id}. They can unlock "
    "it, and then you can send /start with your code again."
)
LOCATION_RECORDED = (
    "Thank you. I've recorded that location as a sighting of {child}, with the time. "
    "If you can, tell me in words what you saw too."
)
LOCATION_NONE = (
    "Thank you, but none of the children you look after is missing at the moment, so I "
    "haven't recorded that location."
)
LOCATION_SEVERAL = (
    "More than one of your children is missing, so I can't tell whose sighting this is. "
    'Please type it instead, e.g. "saw {example} at the station".'
)
UNKNOWN_COMMAND = "I don't know that command. Try /help, /status, /tasks or /cancel."

BUTTON_INVALID = "Sorry, I can't use that button. Please use the latest message, or type /help."
BUTTON_USED = "That choice has already been made."
BUTTON_ANSWERED_SHORT = "That question has been answered."
BUTTON_ANSWERED = "That question has been answered already, so I've left it as it was."
NO_CURRENT_STEP = "Use /status to see where things stand, or tell me what has changed."
BUTTON_GONE = "You no longer have access to Homeward, so that button does nothing now."
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
UNLOCK_NOT_ALLOWED = "Only administrators can unlock a chat."
UNLOCK_USAGE = "Send /unlock CHAT, with the chat number the person was shown."
UNLOCK_DONE = "Chat {chat_id} is unlocked: the person can now send /start with their code."
UNLOCK_NOTHING = "Chat {chat_id} was not locked, so there was nothing to unlock."

# The command menus (setMyCommands), per role; bot.telegram.menus picks the list.
COMMAND_WORDS = {
    "status": "Who is missing and your open tasks",
    "tasks": "Your open tasks",
    "summary": "The team's weekly missing summary",
    "why": "Why this step matters",
    "undo": "Take back your last answer",
    "cancel": "Stop what we're doing (nothing is lost)",
    "help": "What I can do",
    "invite": "Invite someone: /invite STAFF_ID",
    "unlock": "Unlock a chat: /unlock CHAT",
    "start": "Link this chat with your invitation code",
}
DESCRIPTION = (
    "Homeward helps foster carers, children's home staff, social workers and managers follow "
    "their local protocol when a child goes missing: step by step at night, with reminders "
    "for every deadline after. It is for invited staff only. If a child is in immediate "
    "danger, call 999."
)
SHORT_DESCRIPTION = "Step-by-step help when a child in care goes missing. Invited staff only."
HELP = (
    "I'm here to help you follow the missing-child steps, one at a time.\n"
    '- Tell me if a child is missing ("{child}\'s not back") or back ("{child} is home").\n'
    "- /status shows your open tasks (numbered) and who is missing.\n"
    '- "done 2", "why 2", "hand over 2" act on task 2 of that list; or say it in words, '
    'e.g. "RHI done with {child}, talked about older lads".\n'
    "- /summary (managers) gives the figures for the missing meeting.\n"
    "- /why explains the current step; /undo takes back your last answer (for 5 minutes); "
    "/cancel stops (everything so far is kept).\n"
    "- Share your location during a search to record a sighting.\n"
    "If a child is in immediate danger, call 999 now."
)
EXAMPLE_CHILD = "Alex"  # when the person has no child on record yet
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

# A pushed reminder, edited once someone has handled it.
SOMEONE = "someone"
PUSH_DONE = "✓ Done by {name} at {at}"
PUSH_ACKNOWLEDGED = "✓ Acknowledged by {name} at {at}"
PUSH_SNOOZED = "⏰ Snoozed by {name} until {at}"
PUSH_HANDED = "↪ Handed on by {name} at {at}"
PUSH_NOT_NEEDED = "✓ No longer needed"
# A webhook worker stopped in the middle of this update and another took it over: whether it
# was recorded is unknown, so the person is told rather than left with silence (deploy.md).
INTERRUPTED_MESSAGE = (
    'Sorry, I was interrupted while handling your message "{quote}". Please check /status, '
    "and send it again if it isn't there. If a child is in danger, call 999 now."
)
INTERRUPTED_PRESS = (
    "Sorry, I was interrupted while handling your last button press. Please check /status, "
    "and press it again if it isn't there. If a child is in danger, call 999 now."
)
QUOTE_LIMIT = 60  # characters of their message repeated back
