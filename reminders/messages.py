"""Every word a pushed reminder, escalation, digest or button answer says.

Privacy: a pushed message names the child by initials and episode number only, never a name,
date of birth or place (the task titles come from the packs and name no one).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from protocols.clock import LONDON, london_date

# `{due}` is DUE ("due 14:00") before the deadline and WAS_DUE / WAS_DUE_AGO after it.
REMIND = "Reminder: {subject}: {title}, {due}."
REPEAT = "Reminder again, not yet acknowledged: {subject}: {title}, {due}."
SNOOZE = "Snoozed reminder: {subject}: {title}, {due}."
HANDOVER = "{by} says this is not theirs, so it is now yours: {subject}: {title}, {due}."
ESCALATE = (
    "Escalation: {holder} has not acknowledged {subject}: {title}, {due}. "
    "Please make sure it happens."
)
ESCALATE_UNREACHABLE = (
    "Escalation: {holder} can't be reached on Homeward (no linked chat, the bot is blocked, or "
    "no longer active), so this comes to you: {subject}: {title}, {due}. "
    "Please make sure it happens."
)
OVERDUE = "Overdue: {subject}: {title} {due} and is not done yet ({holder})."
ROLE = "Protocol escalation for you as {role}: {subject}: {title}, {due} ({source})."
SKIPPED = (
    " {name} can't be reached on Homeward (no linked chat, the bot is blocked, or no longer "
    "active), so this comes to you."
)
HANDED_TO_UNREACHABLE = (
    "{name} can't be reached on Homeward (no linked chat, the bot is blocked, or no longer "
    "active), so the task you handed them has gone to their manager: {subject}: {title}, {due}."
)
DUE = "due {when}"
WAS_DUE = "was due {when}"
WAS_DUE_AGO = "was due {when}, {ago} ago"
# One message for a recurring task however many occurrences were missed.
MISSED = " {count} {things} missed since {since}; the next is due {next}."
MISSED_NO_NEXT = " {count} {things} missed since {since}."
COVER = "Out of hours, covering for {day_person}. "
LATE = "Sent late: this was due to reach you at {planned}. "
SENT_AGAIN = "Sent again after a restart or a network fault: you may already have this. "
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
UNKNOWN_REMINDER = 'I can\'t find that reminder any more. Type "status" to see your tasks.'
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


def when(instant: datetime, now: datetime) -> str:
    """'14:00' today (London), else 'Tue 03 Mar 14:00'; inside the hour the October clock
    change repeats, 'GMT' or 'BST' says which of the two it is."""
    local = instant.astimezone(LONDON)
    text = local.strftime("%H:%M" if london_date(instant) == london_date(now) else "%a %d %b %H:%M")
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        text = f"{text} {local.tzname()}"
    return text


def ago(elapsed: timedelta) -> str:
    """'5 minutes', '23 hours', '3 days': how long ago, rounded down."""
    minutes = int(elapsed.total_seconds() // 60)
    if minutes < 60:
        return _count(minutes, "minute")
    if minutes < 48 * 60:
        return _count(minutes // 60, "hour")
    return _count(minutes // (24 * 60), "day")


def due_phrase(due: datetime, now: datetime) -> str:
    """'due 14:00', or once it has passed 'was due 00:18, 23 hours ago'."""
    if due > now:
        return DUE.format(when=when(due, now))
    if now - due < timedelta(minutes=1):
        return WAS_DUE.format(when=when(due, now))
    return WAS_DUE_AGO.format(when=when(due, now), ago=ago(now - due))


def things(code: str) -> str:
    """A task code as a plural noun: 'risk_review' -> 'risk reviews'."""
    words = code.split(":", 1)[0].replace("_", " ")
    return words if words.endswith("s") else f"{words}s"


def _count(number: int, unit: str) -> str:
    return f"{number} {unit}" if number == 1 else f"{number} {unit}s"
