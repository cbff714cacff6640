"""Every word social workers and managers see: status, task actions, hand-overs, return
interview requests, meetings and the weekly summary. Short, plain, always a way forward."""

from __future__ import annotations

# Status
STATUS_NONE = "Nothing open for you right now: no open tasks and nobody missing."
YOUR_TASKS = "Your open tasks:"
TEAM_OVERDUE = "Overdue in your team:"
COVER_TASKS = "You cover these out of office hours:"
MISSING_NOW = "Missing now:"
MISSING_LINE = "- {child}: missing {length} (since {since}), risk: {risk}"
MISSING_OVERDUE = "  overdue: {items}"
TASK_LINE = "{n}. {flag}{when}: {title} ({child})"
TASK_LINE_HOLDER = "{n}. {flag}{when}: {title} ({child}; {holder})"
OVERDUE_FLAG = "OVERDUE "
NOBODY = "nobody holds it yet"
NOT_GRADED = "not graded"
RISK_BY = {"police": "{level} (police)", "carer": "{level} (carer's view)"}
MORE_TASKS = "{shown} of {total} shown."
NO_MORE = "That's the whole list."
BUTTON_DONE = "Done {n}"
BUTTON_WHY = "Why {n}"
BUTTON_HANDOVER = "Hand over {n}"
BUTTON_MORE = "More"
BUTTON_TASK = "Task {n}"
BUTTON_DONE_ONE = "Mark done"
BUTTON_HANDOVER_ONE = "Hand over"
NO_SUCH_NUMBER = "There's no task {n} in your list. Here it is again:"
BUTTON_SUMMARY = "Weekly summary"
STATUS_HINT = (
    'Press a task\'s button, or type "done 2", "why 2" or "hand over 2". Type a child\'s name '
    "for their page."
)
NEW_FOR_YOU = "New for you since you last looked:"
NOTICE_HANDOVER = "- {by} handed you: {title} ({child})"
BY_ROSTER = "The office (a roster change)"
NOTICE_CASE_MOVED = "- {child} is now allocated to {worker}; their open tasks went with the case"
NOTICE_CASE_ALLOCATED = "- {child} is now allocated to you, with their open missing record"
NOTICE_REQUEST = "- {by} asks you to arrange the return interview for {child} (due {when})"
NOTICES_MORE = '- and {n} more; type "status" for every task you hold'

# Acting on a task
NOT_YOURS = (
    "Sorry, that task isn't one you can act on: it belongs to someone else's caseload or "
    'team. Type "status" to see yours.'
)
TASK_GONE = (
    'That task is already closed ({status}), so there is nothing to do. Type "status" to see '
    "what's still open."
)
WHY = "{title} ({child}): {why}\nRule: {source}"
ASK_NOTE = (
    "Marking done: {title} for {child}. Add a short note for the record (what happened, "
    "anything said), or press No note."
)
ASK_OUTCOME = (
    "Recording the meeting held: {title} for {child}. What was the outcome? "
    "(a short note for the record)"
)
ASK_REASON = (
    "Why is {title} for {child} not required or not possible? (a few words, e.g. "
    '"child declined" or "DLD reviewed in January")'
)
REASON_EMPTY = 'Just a few words will do, e.g. "child declined".'
NOTE_EMPTY = "Please type the outcome, even briefly, so the meeting is on record."
CANNOT_WAIVE = (
    "{title} can't be marked not required: the protocol expects it in every case ({source}). "
    "Mark it done when it's done, or hand it to someone who can."
)
ASK_NEXT_DATE = (
    'When is the next {title}? The protocol asks for the date to be agreed. e.g. "Friday", '
    '"tomorrow 2pm", "12 March" or "12/03 10:00". Or press Not agreed yet.'
)
DATE_NOT_READ = (
    'I couldn\'t read that as a future date. Try "Friday", "tomorrow 2pm", "12 March" or '
    '"12/03 10:00".'
)
BUTTON_NO_NOTE = "No note"
BUTTON_NOT_REQUIRED = "Not required / not possible"
BUTTON_NOT_AGREED = "Not agreed yet"
NO_NOTE, NOT_REQUIRED, NOT_AGREED = "no note", "not required", "not agreed yet"
RECORDED_DONE = "Recorded: {title} for {child}, done {when}."
RECORDED_NEXT_MEETING = "Next {title} on {when}: I'll remind you."
RECORDED_NOT_REQUIRED = "Recorded: {title} for {child} not required ({reason})."
NEXT_FOR = "Next for {child}:"
NEXT_LINE = "- {when}: {title} ({holder})"
NOTHING_NEXT = "Nothing else is open for {child}."

# Finding the task from free text
WHICH_TASK = "Which task do you mean?"
NO_MATCHING_TASK = (
    "I couldn't find an open task like that that you can act on. Here is what's open for you:"
)
NO_TASKS_AT_ALL = 'You have no open tasks to mark done. Type "status" to see who is missing.'
UNKNOWN_CHILD = (
    "I don't know a child called {name} in your caseload or team. Here is what's open for you:"
)

# Hand-over
HANDOVER_TO_WHOM = "Who should take {title} for {child}?"
HANDOVER_NOBODY = "There's nobody else in the team I can hand {title} to. Please ask your manager."
HANDOVER_BAD_PERSON = "Sorry, I can only hand {title} to someone in the team. Please pick one:"
HANDED_OVER = (
    "Done: {title} for {child} is now with {name}. They'll see it the next time they message me."
)
ALREADY_HOLDER = "{name} already holds {title}."

# Return interview
RI_BUTTON = "Request return interview"
RI_WHICH_CHILD = "Which child is the return interview for?"
RI_NO_CHILDREN = "There's no returned child in your caseload waiting for a return interview."
RI_STILL_MISSING = (
    "{child} is still missing. The return interview is requested once they're back: "
    "I'll ask you then."
)
RI_REQUESTED = (
    "Requested: return interview for {child}, to be done by {due} ({source}). Provider: {provider}."
)
RI_TOLD = "{name} will see the request the next time they message me."
RI_NOBODY = "Nobody in the team holds the {role} role here, so please contact them directly."
RI_DONE = "The return interview for {child} is already recorded as {status}."
RI_ALREADY = "The return interview for {child} was already requested on {when}."
RI_NOT_IN_PACK = "This protocol has no return interview task for {child}'s episode."

# Weekly summary
SUMMARY_NOT_MANAGER = 'The weekly summary is for managers. Type "status" to see what\'s yours.'
SUMMARY_TITLE = "Weekly missing summary, {start} to {end} ({teams})"
SUMMARY_EPISODES = "Episodes: {started} started, {closed} closed."
SUMMARY_MISSING = "Missing now: {count}"
SUMMARY_MISSING_LINE = "- {child}: missing {length}, risk: {risk}"
SUMMARY_REPEAT = "Repeat episodes (3+ in 90 days): {count}"
SUMMARY_REPEAT_LINE = "- {child}: {n} episodes"
SUMMARY_OVERDUE = "Overdue tasks: {count}"
SUMMARY_OVERDUE_LINE = "- {title}: {n}"
SUMMARY_RI = "Return interviews: {within} within 72h, {late} late, {pending} still within time."
SUMMARY_RISK = "Risk levels this week: {levels}"
SUMMARY_NONE = "none"
LEFT_OPEN = "OK, I've left {title} for {child} open. Tell me when it's done."
