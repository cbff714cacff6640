"""childrens_home: each rule pinned to the seed (003_821cdca59f7e5b3d.txt)."""

from datetime import timedelta

from protocols.vocabulary import TaskStatus

from .helpers import by_key, child, ev, keys, london, occurrences, run

START = london("2026-02-20 16:30")
H = timedelta(hours=1)
D = timedelta(days=1)


def test_report_due_at_the_deadline_set_for_initial_checks() -> None:
    recorded = START + H
    events = [
        ev(START, "missing", recorded_at=recorded.isoformat()),
        ev(recorded, "deadline_set", code="report_to_police", due=(START + 3 * H).isoformat()),
    ]
    tasks = by_key(run("childrens_home", child(), events, recorded))
    assert tasks["report_to_police"].due == START + 3 * H
    assert tasks["report_to_police"].source == "childrens_home §6.4 (deadline agreed)"
    # The seed lists all four to be told once the initial checks have failed.
    for key in ("notify_responsible_authority", "notify_parents", "notify_iro"):
        assert tasks[key].due == START + 3 * H, key


def test_without_an_agreed_deadline_the_report_is_due_now() -> None:
    report = by_key(run("childrens_home", child(), [ev(START, "missing")], START))[
        "report_to_police"
    ]
    assert report.due == START


def test_immediate_serious_risk_overrides_an_agreed_deadline() -> None:
    events = [
        ev(START, "missing"),
        ev(START, "deadline_set", code="report_to_police", due=(START + 4 * H).isoformat()),
        ev(START + H, "risk_assessed", level="high", assessor="carer"),
    ]
    report = by_key(run("childrens_home", child(), events, START + H))["report_to_police"]
    assert report.due == START + H
    assert report.source == "childrens_home §6.1"


def test_who_is_told_when_missing_or_away_without_authorisation() -> None:
    for category in ("missing", "away_without_authorisation"):
        tasks = by_key(
            run("childrens_home", child(), [ev(START, "missing", category=category)], START)
        )
        for key in ("notify_responsible_authority", "notify_parents", "notify_iro"):
            assert tasks[key].due == START, (category, key)
            assert tasks[key].source.startswith("childrens_home §6.4")


def test_missing_from_care_meeting_within_three_days_then_monthly() -> None:
    first_held = START + 2 * D
    events = [ev(START, "missing"), ev(first_held, "task_done", code="missing_from_care_meeting")]
    meetings = occurrences(
        run("childrens_home", child(), events, START + 40 * D), "missing_from_care_meeting"
    )
    assert meetings[0].due == START + 3 * D
    assert meetings[0].status is TaskStatus.DONE
    # Monthly from the last one held, on the London wall clock (GMT to BST in between).
    assert meetings[1].due == london("2026-03-22 16:30")
    assert meetings[1].status is TaskStatus.OVERDUE


def test_return_tasks_and_the_challenge_when_no_interview() -> None:
    back = START + 26 * H
    events = [ev(START, "missing"), ev(back, "returned", how="own_accord")]
    tasks = by_key(run("childrens_home", child(), events, back + 80 * H))
    assert tasks["return_interview"].due == back + 72 * H
    assert tasks["challenge_no_rhi"].due == back + 72 * H
    assert tasks["challenge_no_rhi"].status is TaskStatus.OVERDUE
    for key in ("return_notify_police", "return_notify_sw", "return_notify_iro"):
        assert tasks[key].due == back


def test_no_challenge_when_the_interview_happened_in_time() -> None:
    back = START + 26 * H
    events = [
        ev(START, "missing"),
        ev(back, "returned", how="police"),
        ev(back + 40 * H, "task_done", code="return_interview"),
    ]
    tasks = by_key(run("childrens_home", child(), events, back + 80 * H))
    assert tasks["challenge_no_rhi"].status is TaskStatus.CANCELLED
    assert "return_notify_police" not in tasks  # the police brought the child back


def test_home_office_told_when_missing_and_when_found() -> None:
    facts = child(flags=["subject_to_restriction"])
    events = [ev(START, "missing"), ev(START + H, "reported_to_police"), ev(START + 5 * H, "found")]
    tasks = by_key(run("childrens_home", facts, events, START + 6 * H))
    assert tasks["home_office_missing"].due == START + H
    assert tasks["home_office_found"].due == START + 5 * H
    assert tasks["home_office_found"].source == "childrens_home §6.6"
    assert "home_office_missing" not in keys(run("childrens_home", child(), events, START + 6 * H))


def test_away_without_authorisation_has_no_police_return_tasks() -> None:
    events = [
        ev(START, "missing", category="away_without_authorisation"),
        ev(START + 5 * H, "returned", how="own_accord"),
    ]
    tasks = keys(run("childrens_home", child(), events, START + 80 * H))
    assert not tasks & {"return_notify_police", "safe_and_well_check", "challenge_no_rhi"}
    assert {"return_notify_sw", "return_notify_iro"} <= tasks


def test_a_child_who_was_missing_then_located_still_gets_the_return_tasks() -> None:
    events = [
        ev(START, "missing"),
        ev(START + 4 * H, "category_changed", category="away_without_authorisation"),
        ev(START + 9 * H, "returned", how="own_accord"),
    ]
    tasks = keys(run("childrens_home", child(), events, START + 10 * H))
    assert {"return_notify_police", "safe_and_well_check", "return_interview"} <= tasks
