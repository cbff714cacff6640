"""Every word the carer sees, in one place: short, warm, plain English, always a way forward."""

from __future__ import annotations

DONE, NOT_POSSIBLE, SKIP = "done", "not possible", "skip"
YES, NO = "yes", "no"
FINISHED = "finished"

HELP = (
    "I'm here to help you follow the missing-child steps, one at a time.\n"
    '- Tell me if a child is missing ("Jay\'s not back") or back ("Jay is home").\n'
    '- "status" shows your open tasks (numbered) and who is missing.\n'
    '- "done 2", "why 2", "hand over 2" act on task 2 of that list; or say it in words, '
    'e.g. "RHI done with Jay, he talked about older lads".\n'
    '- "weekly summary" (managers) gives the figures for the missing meeting.\n'
    '- "update Jay\'s profile" keeps the missing profile (description, photo, friends, places) '
    'ready for the police; "grab pack" sends it as a PDF.\n'
    '- "why" explains the current step; "undo" takes back your last answer (for 5 minutes); '
    '"cancel" stops (everything so far is kept).\n'
    "If a child is in immediate danger, call 999 now."
)
GREETING = (
    "Hello {name}. I'm Homeward. If a child hasn't come back, tell me and we'll go step by step."
)
NOT_UNDERSTOOD = (
    "Sorry, I didn't quite follow. You can say a child is missing (e.g. \"Jay's not back\"), "
    'or type "status" or "help".'
)
REPROMPT = "Sorry, I didn't catch that. "
APOLOGY = (
    "Sorry, something went wrong on my side. Nothing you told me has been lost. "
    "Please try that again; if a child is in danger, call 999 now."
)
CANCELLED = (
    "OK, I've stopped there. Everything you told me is kept on record. "
    'Type "status" to see what\'s still to do, or tell me when something changes.'
)
CANCELLED_NOT_KEPT = (
    "OK, I've stopped there. No record was open for these words of yours yet, so they are not "
    "on any record:\n{words}\nTell me again with the child's name, or call your team."
)
NOT_MISSING_NAMED = (
    "{child} isn't recorded as missing, so there's nothing to close or add to. If {child} is "
    'missing now, tell me ("{given} isn\'t back"); if anyone is in danger, call 999.'
)
# A rule asked by its number or timescale (dialogues/rule_answers.py).
RULE_SECTION = "§{section} of {protocol}, as I follow it:"
RULE_TIMESCALE = "Steps due {span} after their start in {protocol}, as I follow it:"
RULE_STEP = "- {title}: {why}"
RULE_MORE = "…and {n} more steps; the protocol itself has the full text."
RULE_SECTION_NONE = (
    "None of the steps I follow for {protocol} cite §{section}. "
    'Type "status" for your tasks, or "why 2" for the reason behind task 2.'
)
RULE_TIMESCALE_NONE = (
    "No step I follow for {protocol} falls due {span} after its start. "
    'Type "status" for your tasks, or "why 2" for the reason behind task 2.'
)
NOTHING_TO_CANCEL = 'There\'s nothing in progress to stop. Type "help" to see what I can do.'
NO_WHY = "This step is just the information I need to follow the protocol with you."
WHY = "{text}\nRule: {source}"

NO_CHILDREN = (
    "I can't find any children linked to you. Please call your team or the out-of-hours "
    "service, and 999 if a child is in danger."
)
WHICH_CHILD = "I'm sorry you're dealing with this. Which child is it?"
CHILD_CHOSEN = "OK, {child}. We'll go through this together, one step at a time."
ALREADY_OPEN = "{child} is already recorded as missing, so I'll carry on with that record."

WHEN_LAST_SEEN = (
    "When was {child} last seen, or when were they due back? "
    'For example "10pm", "22:00", "half 10" or "2 hours ago".'
)
TIME_NOT_READ = (
    'I couldn\'t read that as a time. Try "10pm", "22:30", "half 10", "2 hours ago" or "now".'
)
LAST_SEEN_NOTED = "Noted: last seen / due back {when}."

RISK_QUESTION = (
    "Do you think {child} is in immediate serious danger right now "
    "(for example with someone dangerous, hurt, or at risk of harming themselves)?"
)
CALL_999 = (
    "Please call 999 now and tell them {child} is missing and in danger. "
    "I'll keep going with you here."
)
RECORDED = "I've opened a missing record for {child} (last seen {when})."

SEARCH = "Search {n} of {total}: {text}"
SEARCH_REASON = "Briefly, why? (a few words is fine)"
REASON_EMPTY = 'Just a few words will do, e.g. "no car" or "too late at night".'
SEARCHES_DONE = "Thank you, the searches are recorded."

POLICE_INTRO = "The police will ask you about:"
POLICE_SUMMARY = "Here is a summary you can read out or copy:"
POLICE_DEADLINE_NOW = "Please report {child} to the police now: call 101 (999 if in danger)."
POLICE_DEADLINE_BY = "Please report {child} to the police by {when}: call 101 (999 if in danger)."
POLICE_ASKED = "Have you reported {child} to the police?"
POLICE_REFERENCE = (
    "Thank you. What's the police reference (incident number)? "
    'If they haven\'t given you one yet, say "not given one yet".'
)
REFERENCE_EMPTY = (
    'Please type the reference as the police gave it (e.g. "SP-2603-0199" or "incident 552"), '
    'or "not given one yet".'
)
POLICE_RECORDED = "Recorded: reported to the police at {when}{reference}."
# The report's first message gave a reference or said 999 was called (dialogues/secondary_facts).
POLICE_SAID_REFERENCE = (
    "You said the police gave you the reference {reference}. Have you reported {child} to the "
    "police, with that reference?"
)
POLICE_SAID_CALLED = "You said the police were called. Have you reported {child} to the police?"
SECONDARY_NOT_RECORDED = (
    "You also mentioned {what}, but I wasn't sure what you meant, so I haven't recorded it. "
    "If it matters, tell me in a message of its own once we're done."
)

NOTIFY_INTRO = "Now, please tell these people. Press each one when it's done:"
NOTIFY_NONE = "There's nobody else you need to tell right now."
NOTIFY_DONE = "Recorded: {title}."

NEXT_INTRO = "What happens next:"
NEXT_NONE = "There's nothing else scheduled just now."
NEXT_ITEM = "- {when}: {title} ({who})"
CLOSING = (
    "You've done everything needed for now. "
    "Tell me straight away if {child} comes back or you hear anything."
)

STATUS_NONE = "You have no open tasks and nobody is recorded as missing."
STATUS_EPISODES = "Missing now:"
STATUS_EPISODE = "- {child}, since {when}"
STATUS_TASKS = "Your open tasks:"
STATUS_TASK = "- {when}: {title} ({child})"

CONFIRM_MEANING = "I want to be sure I've understood. Do you mean:"
CONFIRM_NONE = "Something else"
CONFIRM_ELSE = (
    'OK. Please tell me in other words, for example "Jay\'s not back", "Lily is home" or '
    '"status". If a child is in danger, call 999 now.'
)
# The meanings offered as buttons when the NLU is unsure, in the person's words.
INTENT_LABELS = {
    "report_missing": "A child is missing",
    "child_returned": "A child is back",
    "whereabouts_known": "We know where they are",
    "police_reported": "I've told the police",
    "new_information": "News or a sighting",
    "risk_concern": "A worry about risk",
    "task_done": "I've done a task",
    "status_query": "What's open and due",
    "ask_guidance": "What should I do?",
}

UNDO_NOTHING = (
    "There's nothing of yours from the last few minutes to undo. If something on the record is "
    "wrong, tell me the right information, or ask your social worker or manager to correct it."
)
UNDO_ASK = "Undo this? {fact} (recorded {when})"
UNDO_YES, UNDO_NO = "Yes, undo it", "No, keep it"
UNDO_DONE = "Undone: {fact}. Everything else is kept."
UNDO_WITHDRAWN = "The missing record is withdrawn, as recorded in error."
UNDO_KEPT = "OK, I've kept it."
UNDO_REFUSED = (
    "I can't undo that now: only your most recent fact, within a few minutes, and only while "
    "nothing newer depends on it. Tell me the right information instead, or ask your manager."
)
UNDO_FLOW_STOPPED = (
    'The conversation stopped there; tell me when you\'re ready to go on, or "status".'
)
# How each kind of fact is named when offering to undo it.
UNDO_SOME_TASK = "that task"
FACT_NAMES = {
    "missing": "the missing report for {child}",
    "reported_to_police": "the police report for {child}{reference}",
    "risk_assessed": "the risk level ({level}) for {child}",
    "category_changed": "the change of {child}'s category to {category}",
    "task_done": '"{task}" marked done',
    "task_not_required": '"{task}" marked not needed',
    "deadline_set": 'the agreed date for "{task}"',
    "returned": "{child}'s return",
    "found": "{child} being found",
    "concern": "the concern about {child}: {text}",
    "new_information": "the note about {child}: {text}",
    "danger_answered": "your answer about whether {child} is in danger",
}

CHANGES_INTRO = "What this changes:"
CHANGES_NONE = "No deadlines changed."
CHANGE_NEW = "- New: {title}, by {when} ({who})"
CHANGE_NEW_NOW = "- New, to do now: {title} ({who})"
CHANGE_MOVED = "- Now due {when}: {title}"
CHANGE_DROPPED = "- No longer needed: {title}"

# Declared steps (issue 11) -------------------------------------------------------------------
LOST_PLACE = (
    "Sorry, I lost my place in our conversation, so let's start that part again. Everything "
    "you told me before is kept. Tell me what you'd like to do, e.g. \"Jay's not back\", "
    '"Jay is home" or "status". If a child is in danger, call 999 now.'
)
NOT_YOURS_NOW = (
    "I can't carry on with that: this child's record is no longer one you can see. If that's "
    "wrong, please call your team. If a child is in danger, call 999 now."
)
KEPT_WORDS = "Thank you, I've kept that on {child}'s record in your words."
KEPT_FOR_LATER = (
    "Thank you, I'll keep that in your words on the record once it's open (once I know which "
    "child's record it is)."
)
KEPT_CONCERNS = "I've also recorded it as a worry ({factors})."
COULD_NOT_RECORD = (
    "I couldn't record that as it stands, so nothing was changed. Please check it and try again, "
    "or call your team if it keeps happening."
)
TIME_NOT_USABLE = "I can't open the record from that time any more. Please give it again."

DANGER_YES, DANGER_NO, DANGER_UNSURE = "Yes", "No", "Not sure"
DANGER_BUTTONS = ((DANGER_YES, "yes"), (DANGER_NO, "no"), (DANGER_UNSURE, "unsure"))
DANGER_UNSURE_ADVICE = (
    "Thank you, I've recorded that you're not sure. When in doubt, treat it as danger: if "
    "anything suggests {child} could be hurt, with someone who may harm or exploit them, has a "
    "weapon, or could harm themselves, call 999 now. Otherwise call 101, say you're unsure, and "
    "tell me if you hear anything more."
)
DANGER_NO_NOTED = "Thank you, I've recorded that you don't think {child} is in immediate danger."
DANGER_CHANGED_YES = (
    "I've recorded that you now think {child} is in danger. Please call 999 now and tell them."
)
DANGER_CHANGED_NO = "I've recorded that you no longer think {child} is in immediate danger."

TIME_FUTURE = "That time ({when}) hasn't happened yet. When was {child} last seen or due back?"
TIME_TOO_LONG_AGO = (
    "That's more than a month ago ({when}), so I can't open a new record from it. If {child} "
    "has been away that long, please call your team now. Otherwise, when were they last seen?"
)
TIME_BEFORE_RETURN = (
    "That's before {child} came back last time ({previous}). When were they last seen or due back?"
)
TIME_CONFIRM = "Just to check: {child} was last seen or due back {when}, {days} days ago?"
TIME_CONFIRM_AGAIN = "OK. When was {child} last seen or due back?"
YES_NO_BUTTONS = (("Yes", YES), ("No", NO))

WHY_CHILD = (
    "I need to know which child this is, so I use their protocol, their record and the right "
    "people. Only the children linked to you are shown."
)
WHY_TIME = (
    "The protocol's deadlines (the police report, who to tell, the reviews) count from when "
    "{child} was last seen or due back, so this time sets them all."
)
WHY_CONFIRM_TIME = (
    "A time days ago moves every deadline, so I check it before opening the record: a typo "
    "here would make the record wrong."
)
WHY_RISK = (
    "A child in immediate danger needs the police on 999 straight away, and the protocol then "
    "treats the risk as high, which brings its deadlines forward. Yes, no and not sure are all "
    "kept on the record; you can change your answer later by telling me."
)
WHY_SEARCH_REASON = "The record should say why a search was not done, in a few words."
WHY_POLICE = (
    "The protocol expects the police to be told about a missing child; the time you reported "
    "and the reference go on the record so everyone can quote them."
)
WHY_NOTIFY = "These are the people the protocol says must be told; pressing one records it."
POLICE_DECLINED = (
    "OK. Please call 101 now (999 if {child} is in danger), then press Yes here. If you need to "
    'stop, press "Finish for now" and tell me later, e.g. "I\'ve told the police, ref 4417".'
)
POLICE_LATER = "Finish for now"
STILL_TO_DO = "Still to do now:"
STILL_TO_DO_ITEM = "- {title} ({who})"
STILL_TO_DO_CLOSING = (
    "Tell me straight away if {child} comes back or you hear anything, and when these are done."
)
