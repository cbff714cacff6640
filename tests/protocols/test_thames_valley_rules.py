"""thames_valley: each rule pinned to the seed's numbers (001_03c1220fa8561956.txt)."""

from datetime import timedelta

from protocols.vocabulary import TaskStatus

from .helpers import by_key, child, ev, keys, occurrences, run, utc

START = utc("2026-05-09 19:00")
H = timedelta(hours=1)
D = timedelta(days=1)


def test_unauthorised_absence_reviewed_hourly_then_missing_at_six_hours() -> None:
    events = [ev(START, "missing", category="unauthorised_absence")]
    tasks = run("thames_valley", child(), events, START + 7 * H)
    reviews = occurrences(tasks, "unauthorised_absence_review")
    assert [r.due - START for r in reviews] == [1 * H, 2 * H, 3 * H, 4 * H, 5 * H]
    assert reviews[0].source == "thames_valley Roles and Responsibilities; Notification of Absence"
    report = by_key(tasks)["report_to_police"]
    assert report.due == START + 6 * H  # falls within the procedure at 6 hours
    assert report.status is TaskStatus.OVERDUE


def test_missing_child_reported_and_notified_within_six_hours() -> None:
    tasks = by_key(run("thames_valley", child(), [ev(START, "missing")], START + H))
    assert tasks["report_to_police"].due == START + 6 * H
    assert tasks["notify_responsible_authority"].due == START + 6 * H
    assert tasks["notify_parents"].due == START + 6 * H
    assert tasks["notify_parents"].assignee == "social_worker"
    assert tasks["notify_social_care"].due == START  # alerter tells CSC/EDT


def test_unauthorised_absence_that_ends_needs_no_report() -> None:
    events = [
        ev(START, "missing", category="unauthorised_absence"),
        ev(START + 2 * H, "returned", how="own_accord"),
    ]
    tasks = run("thames_valley", child(), events, START + 3 * H)
    assert "report_to_police" not in keys(tasks)
    assert "return_interview" not in keys(tasks)  # short, no recommendation applies
    # It never fell within the procedure: no police safe and well check either.
    assert "safe_and_well_check" not in keys(tasks)


def test_safe_and_well_within_24_hours_when_the_absence_became_missing() -> None:
    back = START + 8 * H
    events = [ev(START, "missing", category="unauthorised_absence"), ev(back, "returned")]
    tasks = by_key(run("thames_valley", child(), events, back))
    assert tasks["safe_and_well_check"].due == back + 24 * H


def test_high_risk_tells_the_service_manager_without_delay() -> None:
    events = [ev(START, "missing"), ev(START + 2 * H, "risk_assessed", level="high")]
    tasks = by_key(run("thames_valley", child(), events, START + 3 * H))
    assert tasks["high_risk_service_manager"].due == START + 2 * H
    assert tasks["report_to_police"].due == START + 2 * H


def test_police_timescales_five_days_and_ten_weeks() -> None:
    tasks = by_key(run("thames_valley", child(), [ev(START, "missing")], START + 80 * D))
    assert tasks["strategy_meeting"].due == START + 5 * D
    assert tasks["pnc_extension"].due == START + 70 * D
    assert tasks["pnc_extension"].assignee == "police"


def test_return_interview_when_missing_over_24_hours() -> None:
    back = START + 30 * H
    events = [ev(START, "missing"), ev(back, "returned")]
    tasks = by_key(run("thames_valley", child(), events, back))
    assert tasks["return_interview"].due == back + 72 * H
    assert tasks["safe_and_well_check"].due == back + 24 * H


def test_return_interview_when_twice_in_six_months() -> None:
    events = [ev(START, "missing"), ev(START + 3 * H, "returned")]
    once = run("thames_valley", child(), events, START + 4 * H)
    twice = run("thames_valley", child(previous=[START - 150 * D]), events, START + 4 * H)
    long_ago = run("thames_valley", child(previous=[START - 200 * D]), events, START + 4 * H)
    assert "return_interview" not in keys(once)
    assert "return_interview" in keys(twice)
    assert "return_interview" not in keys(long_ago)


def test_return_interview_when_harm_disclosed() -> None:
    events = [
        ev(START, "missing"),
        ev(START + 3 * H, "returned"),
        ev(START + 4 * H, "concern", factor="older_adult"),
    ]
    assert "return_interview" in keys(run("thames_valley", child(), events, START + 5 * H))


def test_initial_assessment_for_unknown_child_missing_three_times_in_90_days() -> None:
    events = [ev(START, "missing"), ev(START + 3 * H, "returned")]
    history = [START - 80 * D, START - 10 * D]
    tasks = run("thames_valley", child("not_known", previous=history), events, START + 4 * H)
    assert by_key(tasks)["initial_assessment"].due == START + 3 * H
    assert "initial_assessment" not in keys(
        run("thames_valley", child("not_known", previous=history[1:]), events, START + 4 * H)
    )


def test_lac_review_when_serious_concerns_remain() -> None:
    events = [
        ev(START, "missing"),
        ev(START + H, "risk_assessed", level="high"),
        ev(START + 5 * H, "returned", how="police"),
    ]
    assert "lac_review" in keys(run("thames_valley", child(), events, START + 6 * H))
