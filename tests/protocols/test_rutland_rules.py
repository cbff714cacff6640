"""rutland: each step pinned to the seed's numbers (002_04924adcd57f5542.txt)."""

from datetime import timedelta

from protocols.vocabulary import TaskStatus

from .helpers import by_key, child, ev, keys, occurrences, run, utc

START = utc("2026-06-12 21:00")
H = timedelta(hours=1)
D = timedelta(days=1)


def test_step_1_manager_informed_and_looked_after_escalated_immediately() -> None:
    recorded = START + 2 * H
    events = [ev(START, "missing", recorded_at=recorded.isoformat())]
    tasks = by_key(run("rutland", child(), events, recorded))
    assert tasks["inform_manager"].due == recorded
    assert tasks["head_of_service"].due == recorded
    assert tasks["head_of_service"].code == "escalate:head_of_service"
    assert tasks["head_of_service"].source == "rutland step 1"
    at_home = run("rutland", child("child_in_need"), events, recorded)
    assert "head_of_service" not in keys(at_home)


def test_steps_2_and_4_review_at_three_days_then_at_least_every_three_days() -> None:
    events = [
        ev(START, "missing"),
        ev(START + 3 * D + 2 * H, "task_done", code="case_review_meeting"),
    ]
    reviews = occurrences(run("rutland", child(), events, START + 10 * D), "case_review")
    assert [(r.due - START, r.status) for r in reviews] == [
        (3 * D, TaskStatus.DONE),
        (6 * D + 2 * H, TaskStatus.OVERDUE),  # 3 days after the first was held
        (9 * D + 2 * H, TaskStatus.OVERDUE),
        (12 * D + 2 * H, TaskStatus.OPEN),
    ]
    assert reviews[0].source == "rutland step 2; step 4"


def test_step_5_director_briefed_beyond_three_days() -> None:
    tasks = by_key(run("rutland", child(), [ev(START, "missing")], START + 4 * D))
    assert tasks["brief_director"].due == START + 3 * D
    assert tasks["brief_director"].code == "escalate:director"
    assert tasks["brief_director"].status is TaskStatus.OVERDUE


def test_return_within_three_days_cancels_the_reviews_and_director_briefing() -> None:
    back = START + 2 * D
    events = [ev(START, "missing"), ev(back, "found")]
    tasks = run("rutland", child(), events, back + H)
    assert not occurrences(tasks, "case_review")
    assert by_key(tasks)["brief_director"].status is TaskStatus.CANCELLED


def test_steps_6_to_10_return_interview_chain() -> None:
    back = START + 20 * H
    events = [ev(START, "missing"), ev(back, "returned")]
    tasks = by_key(run("rutland", child(), events, back + H))
    assert tasks["request_rhi"].due == back
    assert tasks["request_rhi"].code == "notify:return_interview_provider"
    assert tasks["return_interview"].due == back + 72 * H
    assert "update_manager_after_rhi" not in tasks  # nothing to report until it is done
    done = back + 50 * H
    events += [
        ev(back + H, "task_done", code="notify:return_interview_provider"),
        ev(done, "task_done", code="return_interview", note="Form back from Youth Service"),
    ]
    tasks = by_key(run("rutland", child(), events, done + H))
    assert tasks["return_interview"].status is TaskStatus.DONE
    assert tasks["update_manager_after_rhi"].due == done
    assert tasks["update_manager_after_rhi"].status is TaskStatus.OVERDUE
    assert tasks["inform_manager"].status is TaskStatus.OVERDUE  # step 1 never recorded


def test_two_notes_to_the_manager_are_matched_in_order() -> None:
    back = START + 5 * H
    events = [
        ev(START, "missing"),
        ev(START + H, "task_done", code="notify:team_manager"),
        ev(back, "returned"),
        ev(back + 10 * H, "task_done", code="return_interview"),
        ev(back + 11 * H, "task_done", code="notify:team_manager"),
    ]
    tasks = by_key(run("rutland", child(), events, back + 12 * H))
    assert tasks["inform_manager"].done_at == START + H
    assert tasks["update_manager_after_rhi"].done_at == back + 11 * H
