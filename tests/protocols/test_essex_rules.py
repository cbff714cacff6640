"""essex: each rule pinned to the seed's numbers (000_e8842632b1084ef8.txt)."""

from datetime import timedelta

from protocols.vocabulary import TaskStatus

from .helpers import by_key, child, ev, keys, occurrences, run, utc

START = utc("2026-03-02 22:00")
H = timedelta(hours=1)


def test_risk_reviewed_at_least_every_two_hours_from_the_last_review() -> None:
    events = [
        ev(START, "missing"),
        ev(START + 1 * H, "task_done", code="risk_review"),  # early: next is 2h after it
        ev(START + 4 * H, "task_done", code="risk_review"),  # late for the 3h one
    ]
    reviews = occurrences(run("essex", child(), events, START + 6 * H), "risk_review")
    assert [(r.due - START, r.status) for r in reviews] == [
        (2 * H, TaskStatus.DONE),
        (3 * H, TaskStatus.DONE),  # done at 4h: late but done
        (6 * H, TaskStatus.OPEN),  # 2h after the 4h review: due now, not yet past due
    ]
    assert reviews[0].source == "essex §2.5"


def test_missed_reviews_stay_overdue_and_the_next_keeps_coming() -> None:
    reviews = occurrences(
        run("essex", child(), [ev(START, "missing")], START + 5 * H), "risk_review"
    )
    assert [(r.due - START, r.status) for r in reviews] == [
        (2 * H, TaskStatus.OVERDUE),
        (4 * H, TaskStatus.OVERDUE),
        (6 * H, TaskStatus.OPEN),
    ]


def test_police_report_within_six_hours_at_most() -> None:
    tasks = by_key(run("essex", child(), [ev(START, "missing")], START + H))
    report = tasks["report_to_police"]
    assert report.due == START + 6 * H
    assert report.status is TaskStatus.OPEN
    assert report.source == "essex §2.5.1; flowchart 1"


def test_particularly_vulnerable_child_is_reported_now() -> None:
    for flag in ("learning_disability", "very_young"):
        tasks = by_key(run("essex", child(flags=[flag]), [ev(START, "missing")], START + H))
        assert tasks["report_to_police"].due == START
        assert tasks["report_to_police"].source == "essex §2.5.1"
        assert tasks["report_to_police"].status is TaskStatus.OVERDUE


def test_significant_risk_means_report_straight_away() -> None:
    events = [ev(START, "missing"), ev(START + H, "risk_assessed", level="high", assessor="carer")]
    report = by_key(run("essex", child(), events, START + 2 * H))["report_to_police"]
    assert report.due == START + H
    assert report.source == "essex flowchart 1"


def test_uasc_within_a_week_of_arrival_is_treated_as_trafficked() -> None:
    arrived = child(flags=["uasc"], arrived_in_uk=START.date() - timedelta(days=3))
    later = child(flags=["uasc"], arrived_in_uk=START.date() - timedelta(days=30))
    soon = by_key(run("essex", arrived, [ev(START, "missing")], START + H))
    assert soon["report_to_police"].due == START
    assert soon["report_to_police"].source == "essex §5.1"
    assert (
        by_key(run("essex", later, [ev(START, "missing")], START + H))["report_to_police"].due
        == START + 6 * H
    )


def test_whereabouts_known_needs_no_police_report() -> None:
    events = [ev(START, "missing", category="away_without_authorisation")]
    assert "report_to_police" not in keys(run("essex", child(), events, START + 8 * H))


def test_category_change_to_missing_starts_the_clock_no_later_than_then() -> None:
    events = [
        ev(START, "missing", category="away_without_authorisation"),
        ev(START + 7 * H, "category_changed", category="missing"),
    ]
    report = by_key(run("essex", child(), events, START + 8 * H))["report_to_police"]
    # 6 hours from the start had passed when the child was found to be missing: report now.
    assert report.due == START + 7 * H
    assert report.status is TaskStatus.OVERDUE


def test_after_the_police_report_the_notifications_follow() -> None:
    reported = START + 2 * H
    events = [ev(START, "missing"), ev(reported, "reported_to_police", police_reference="EX/1")]
    tasks = by_key(run("essex", child(flags=["out_of_area"]), events, START + 3 * H))
    for key, who in [
        ("notify_sw_after_police", "carer"),
        ("notify_responsible_authority", "carer"),
        ("notify_parents", "carer"),
        ("notify_iro", "social_worker"),
        ("notify_school", "social_worker"),
        ("notify_host_authority", "social_worker"),
    ]:
        assert tasks[key].due == reported, key
        assert tasks[key].assignee == who, key
    assert tasks["report_to_police"].status is TaskStatus.DONE


def test_host_authority_only_when_placed_out_of_area() -> None:
    events = [ev(START, "missing"), ev(START + H, "reported_to_police")]
    assert "notify_host_authority" not in keys(run("essex", child(), events, START + 2 * H))


def test_five_days_strategy_meeting_and_service_manager() -> None:
    tasks = by_key(run("essex", child(), [ev(START, "missing")], START + 6 * 24 * H))
    assert tasks["strategy_meeting_in_care"].due == START + 5 * 24 * H
    assert tasks["notify_service_manager_5d"].due == START + 5 * 24 * H
    assert tasks["strategy_meeting_in_care"].status is TaskStatus.OVERDUE


def test_home_cases_strategy_within_five_days_of_report() -> None:
    events = [ev(START, "missing"), ev(START + 3 * H, "reported_to_police")]
    tasks = by_key(run("essex", child("child_protection_plan"), events, START + 4 * H))
    assert tasks["strategy_meeting_at_home"].due == START + 3 * H + 5 * 24 * H
    assert tasks["notify_cp_chair"].due == START
    assert tasks["notify_cp_chair"].source == "essex §3.1.4"
    cin = by_key(run("essex", child("child_in_need"), events, START + 4 * H))
    assert cin["notify_cinro"].source == "essex §3.1.7"


def test_director_local_delivery_for_children_in_care_or_cse() -> None:
    in_care = by_key(run("essex", child(), [ev(START, "missing")], START + H))
    assert in_care["notify_dld"].source == "essex §6.1"
    at_home_cse = run("essex", child("child_in_need", ["cse_risk"]), [ev(START, "missing")], START)
    assert "notify_dld" in keys(at_home_cse)
    assert "notify_dld" not in keys(
        run("essex", child("child_in_need"), [ev(START, "missing")], START)
    )


def test_return_before_six_hours_cancels_the_report_and_starts_return_tasks() -> None:
    back = START + 5 * H
    events = [ev(START, "missing"), ev(back, "returned", how="own_accord")]
    tasks = by_key(run("essex", child(), events, back + H))
    assert tasks["report_to_police"].status is TaskStatus.CANCELLED
    assert tasks["meaningful_contact"].due == back + 48 * H
    assert tasks["meaningful_contact"].source == "essex §2.8.1; flowchart 1; flowchart 2"
    assert tasks["prevention_plan"].due == back + 72 * H
    assert tasks["return_notify_police"].due == back
    assert tasks["return_interview"].due == back + 72 * H
    assert all(t.status is not TaskStatus.OPEN for t in tasks.values() if t.key.startswith("risk"))


def test_police_who_bring_the_child_back_need_not_be_told() -> None:
    events = [ev(START, "missing"), ev(START + 9 * H, "returned", how="police")]
    assert "return_notify_police" not in keys(run("essex", child(), events, START + 10 * H))


def test_missed_report_stays_overdue_after_the_return() -> None:
    events = [ev(START, "missing"), ev(START + 8 * H, "returned")]
    report = by_key(run("essex", child(), events, START + 9 * H))["report_to_police"]
    assert report.status is TaskStatus.OVERDUE


def test_parents_not_told_when_inconsistent_with_welfare() -> None:
    events = [
        ev(START, "missing"),
        ev(START + H, "reported_to_police"),
        ev(START + 2 * H, "task_not_required", code="notify:parents", reason="agreed with SW"),
    ]
    parents = by_key(run("essex", child(), events, START + 3 * H))["notify_parents"]
    assert parents.status is TaskStatus.CANCELLED
    assert parents.note == "agreed with SW"


def test_the_carers_own_risk_assessment_counts_as_the_review() -> None:
    events = [
        ev(START, "missing"),
        ev(START + H, "risk_assessed", level="medium", assessor="carer"),
        ev(START + 2 * H, "risk_assessed", level="high"),  # police grading: not the carer's
    ]
    reviews = occurrences(run("essex", child(), events, START + 3 * H), "risk_review")
    assert [(r.due - START, r.status) for r in reviews] == [
        (2 * H, TaskStatus.DONE),
        (3 * H, TaskStatus.OPEN),
    ]


def test_safe_and_well_outcome_only_when_the_police_brought_the_child_back() -> None:
    own = [ev(START, "missing"), ev(START + 9 * H, "returned", how="own_accord")]
    police = [ev(START, "missing"), ev(START + 9 * H, "returned", how="police")]
    assert "safe_and_well_check" not in keys(run("essex", child(), own, START + 10 * H))
    assert "safe_and_well_check" in keys(run("essex", child(), police, START + 10 * H))


def test_a_notification_done_after_the_return_closes_the_return_one() -> None:
    back = START + 9 * H
    events = [
        ev(START, "missing"),
        ev(START + H, "reported_to_police"),
        ev(back, "returned", how="police"),
        ev(back + H, "task_done", code="notify:iro"),
    ]
    tasks = by_key(run("essex", child(), events, back + 2 * H))
    assert tasks["return_notify_iro"].status is TaskStatus.DONE
    assert tasks["notify_iro"].status is TaskStatus.OVERDUE  # missed while she was missing
