"""Every word a pushed reminder, escalation, digest or button answer says.

Privacy: a pushed message names the child by initials and episode number only, never a name,
date of birth or place (the task titles come from the packs and name no one).
"""

from __future__ import annotations

from datetime import timedelta

REMIND = "Reminder: {subject}: {title}, due {due}."
REPEAT = "Reminder again, not yet acknowledged: {subject}: {title}, due {due}."
SNOOZE = "Snoozed reminder: {subject}: {title}, due {due}."
HANDOVER = "{by} says this is not theirs, so it is now yours: {subject}: {title}, due {due}."
ESCALATE = (
    "Escalation: {holder} has not acknowledged {subject}: {title}, due {due}. "
    "Please make sure it happens."
)
OVERDUE = "Overdue: {subject}: {title} was due {due} and is not done yet ({holder})."
ROLE = "Protocol escalation for you as {role}: {subject}: {title}, due {due} ({source})."
COVER = "Out of hours, covering for {day_person}. "
LATE = "Sent late: this was due to reach you at {planned}. "
SUBJECT = "{initials}, episode {episode}"

BUTTON_DONE = "Done"
BUTTON_ACK = "Acknowledge"
BUTTON_SNOOZE = "Snooze 30 min"
BUTTON_NOT_ME = "Not me"


def snooze_label(snooze: timedelta) -> str:
    """The Snooze button with the configured time (HOMEWARD_SNOOZE): "Snooze 30 min",
    "Snooze 1 h", "Snooze 1 h 30 min"."""
    minutes = max(1, round(snooze.total_seconds() / 60))
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"Snooze {rest} min"
    return f"Snooze {hours} h" + (f" {rest} min" if rest else "")

DIGEST_HEADER = "Overnight, since {since}, out-of-hours cover handled these for you:"
DIGEST_LINE = "- {subject}: {title}: told {who} at {at} ({outcome})"
OUTCOME = {
    "done": "marked done",
    "acknowledged": "acknowledged",
    "snoozed": "snoozed",
    "not_me": "handed on",
    None: "no answer yet",
}

HEARTBEAT = (
    "Homeward's reminder scheduler has not checked in since {since}. Reminders may be late: "
    "please check the service."
)

DONE_OK = "Marked done: {subject}: {title}. Thank you."
ACK_OK = (
    "Thanks, acknowledged: {subject}: {title}. I'll stop reminding you. "
    "If it is not done by {due}, your manager will hear."
)
SNOOZE_OK = "OK, I'll remind you again at {at}."
NOT_ME_OK = "Handed to {manager}: {subject}: {title}. I'm telling them now."
NOT_ME_NO_MANAGER = (
    "I have no line manager on record for you, so I can't hand this on. "
    "Please tell your manager, or press Done or Acknowledge."
)
UNKNOWN_REMINDER = "I can't find that reminder any more. Use /status to see your tasks."
NOT_YOURS = "That reminder was for someone else, so I've left it as it is."
ALREADY = "You already {what} that reminder, so there is nothing more to do."
CLOSED = "That task is already {status}, so there is nothing more to do."
NOT_ALLOWED = "That button doesn't apply to this message. Try Done or Acknowledge."
HANDLED_WORDS = {
    "done": "marked done",
    "acknowledged": "acknowledged",
    "snoozed": "snoozed",
    "not_me": "handed on",
}
TASK_STATUS_WORDS = {"done": "done", "cancelled": "no longer needed"}

# The console demo.
PUSHED = "[reminder for {name}] {text}"
WAIT_HELP = 'Try "wait 2h" or "wait 30m": the demo clock moves forward and reminders go out.'
CLOCK_NOW = "The demo clock now reads {now}."
