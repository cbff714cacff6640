"""Every text the console demo adds around the conversation: the first screen, its help lines
and the guided tour (the conversation's own words live with the dialogues and reminders)."""

from __future__ import annotations

WELCOME = "Welcome to Homeward (console demo). Who are you?"
CHOOSE = 'Type a number or a name. "as NAME" switches person at any time.'
# The first screen of `make run`: who you can be, the clock, and the tour.
DEMO_INTRO = (
    "Welcome to Homeward (console demo). Every person and child here is invented.\n"
    "You can be anyone below: a carer reports a child missing or back; social workers, "
    "managers and the emergency duty team get the tasks, reminders and escalations that follow.\n"
    "The clock is the real clock (now {now}). \"wait 2h\" or \"wait 30m\" moves it forward, "
    "and reminders arrive as they fall due.\n"
    'New here? Type "tour" for a 2-minute guided tour.\n'
    "Who are you?"
)
DEMO_HELP = (
    "In this demo:\n"
    '- "wait 2h" / "wait 30m" moves the clock forward; reminders print as [reminder for NAME].\n'
    '- A reminder\'s options are r1, r2…: type "r1" to press one; plain numbers answer the step '
    "on screen.\n"
    '- "as NAME" switches person (e.g. "as Tom Evans") and shows their waiting reminders.\n'
    '- "tour" walks you through a report, a reminder and a status in 2 minutes.\n'
    '- "photo FILE" sends a picture (the child\'s missing profile).'
)
TOUR_START = (
    "The tour: 5 short steps. Each shows what it types (after \">\") and what comes back.\n"
    "Press Enter for the next step; type anything else to leave the tour and carry on yourself."
)
TOUR_NEXT = "(Enter: next step. Anything else leaves the tour.)"
TOUR_TYPED = "> {line}"
TOUR_END = (
    'End of the tour. Carry on as anyone: "as NAME", "status", "wait 2h", "help". '
    'A fresh demo database: "homeward run --db new.sqlite3".'
)
TOUR_LEFT = "You've left the tour."
# (what the step shows, what it types). The report uses Jay Morgan, Sam Carter's foster child.
TOUR: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Step 1 of 5. A foster carer reports at night. You are Sam Carter; the assistant asks "
        "one thing at a time and records each answer with the time.",
        ("as Sam Carter", "Jay's not back, he was due in at 10", "2 hours ago", "no"),
    ),
    (
        "Step 2 of 5. The searches come one by one with buttons. \"cancel\" stops: what was "
        "said is kept, and the tasks for everyone are already set.",
        ("done", "cancel"),
    ),
    (
        "Step 3 of 5. Time passes. \"wait 2h\" moves the demo clock: reminders go out as they "
        "fall due, and unacknowledged ones repeat, then climb to a manager (typing a reminder's "
        "r-number, e.g. \"r2\", presses its option).",
        ("wait 2h",),
    ),
    (
        "Step 4 of 5. The social worker, Tom Evans: his tasks for Jay, soonest first, each with "
        "its deadline from the protocol (\"why 1\" shows the rule).",
        ("as Tom Evans", "status"),
    ),
    (
        "Step 5 of 5. The team manager, Priya Shah: what is overdue in her team and who holds it.",
        ("as Priya Shah", "status"),
    ),
)
