"""One command per kind of fact: the only way anything is written to an episode's log.

Every command takes the session, the acting member of staff and `now`; checks that the person
is active and may act (storage.policy), validates its input, appends the fact (or audit entry),
refreshes the episode's tasks (storage.tasks.refresh_tasks) and flushes. It never commits: the
caller's transaction holds the fact, its tasks and the rest of the reply together, and an error
anywhere rolls all of it back. Refusals are storage.errors.CommandError subclasses (NotAllowed,
InvalidInput, ImplausibleTime, TaskNotOpen, InterviewNotPossible), raised before any write.

Tasks are named by their row id, never by code. docs/architecture-commands.md lists what each
command validates, records and refreshes.
"""

from storage.commands.episode_facts import (
    NOT_GIVEN_YET,
    DangerAnswer,
    NotGivenYet,
    change_category,
    open_report,
    record_concern,
    record_danger_answer,
    record_found,
    record_note,
    record_police_report,
    record_return,
    record_risk_grading,
    undo_fact,
)
from storage.commands.results import (
    HandedOver,
    InterviewRequested,
    Opened,
    Recorded,
    TaskRecorded,
    Undone,
)
from storage.commands.task_facts import (
    INTERVIEW_REQUESTED,
    InterviewNotPossible,
    eligible_holders,
    hand_over_task,
    interview_task,
    is_agreed_repeat,
    mark_task_done,
    mark_task_not_required,
    pass_task_to_line_manager,
    record_meeting_held,
    request_return_interview,
    set_deadline,
)

__all__ = [
    "INTERVIEW_REQUESTED",
    "NOT_GIVEN_YET",
    "DangerAnswer",
    "HandedOver",
    "InterviewNotPossible",
    "InterviewRequested",
    "NotGivenYet",
    "Opened",
    "Recorded",
    "TaskRecorded",
    "Undone",
    "change_category",
    "eligible_holders",
    "hand_over_task",
    "interview_task",
    "is_agreed_repeat",
    "mark_task_done",
    "mark_task_not_required",
    "open_report",
    "pass_task_to_line_manager",
    "record_concern",
    "record_danger_answer",
    "record_found",
    "record_meeting_held",
    "record_note",
    "record_police_report",
    "record_return",
    "record_risk_grading",
    "request_return_interview",
    "set_deadline",
    "undo_fact",
]
