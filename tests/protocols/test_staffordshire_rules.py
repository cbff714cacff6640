"""staffordshire and stoke: each rule pinned to the seed (004_ba5d431e159a1073.txt)."""

from datetime import timedelta

import pytest

from protocols.vocabulary import TaskStatus

from .helpers import by_key, child, ev, keys, london, occurrences, run, utc

START = utc("2026-03-02 22:00")  # Monday
H = timedelta(hours=1)
D = timedelta(days=1)


@pytest.mark.parametrize(
    ("variant", "senior_key", "senior_code", "below_senior", "ad_assignee"),
    [
        (
            "staffordshire",
            "escalate_24h_dol",
            "escalate:district_operational_lead",
            "team_manager",
            "district_operational_lead",
        ),
        (
            "stoke",
            "escalate_24h_strategic",
            "escalate:strategic_manager",
            "service_manager",
            "strategic_manager",
        ),
    ],
)
def test_escalation_ladder_24h_72h_5_days(
    variant: str, senior_key: str, senior_code: str, below_senior: str, ad_assignee: str
) -> None:
    tasks = by_key(run(variant, child(), [ev(START, "missing")], START + 6 * D))
    assert tasks["inform_line_manager_24h"].due == START + 24 * H
    assert tasks["inform_line_manager_24h"].assignee == "social_worker"
    assert tasks[senior_key].code == senior_code
    assert tasks[senior_key].due == START + 24 * H
    assert tasks[senior_key].assignee == below_senior  # the manager one level below
    assert tasks["escalate_72h"].due == START + 72 * H
    assert tasks["escalate_72h"].assignee == ad_assignee
    assert tasks["escalate_5d"].due == START + 5 * D
    assert tasks["escalate_5d"].assignee == "assistant_director"
    assert all(tasks[k].source == "staffordshire §14.1" for k in ("escalate_72h", "escalate_5d"))


def test_ladder_only_for_children_open_to_social_care() -> None:
    tasks = run("staffordshire", child("not_known"), [ev(START, "missing")], START + 6 * D)
    assert "escalate_72h" not in keys(tasks)


def test_significant_concerns_alert_the_senior_manager_immediately() -> None:
    events = [ev(START, "missing"), ev(START + 2 * H, "risk_assessed", level="high")]
    tasks = by_key(run("staffordshire", child(), events, START + 3 * H))
    assert tasks["escalate_24h_dol"].due == START + 2 * H


def test_return_before_24_hours_cancels_the_ladder() -> None:
    events = [ev(START, "missing"), ev(START + 20 * H, "returned", how="own_accord")]
    tasks = by_key(run("stoke", child(), events, START + 21 * H))
    for key in ("inform_line_manager_24h", "escalate_24h_strategic", "escalate_72h"):
        assert tasks[key].status is TaskStatus.CANCELLED, key
    assert tasks["return_interview"].due == START + 20 * H + 72 * H
    assert tasks["found_tell_police"].due == START + 20 * H


def test_urgent_care_review_at_three_days_and_the_agreed_next_date() -> None:
    held = START + 3 * D + 4 * H
    next_date = START + 8 * D
    events = [
        ev(START, "missing"),
        ev(held, "task_done", code="case_review_meeting", next_due=next_date.isoformat()),
    ]
    tasks = run("staffordshire", child(), events, START + 9 * D)
    reviews = occurrences(tasks, "urgent_care_review")
    assert [(r.due, r.status) for r in reviews] == [
        (START + 3 * D, TaskStatus.DONE),
        (next_date, TaskStatus.OVERDUE),
    ]
    minutes = by_key(tasks)["review_minutes"]
    assert minutes.due == held
    assert minutes.source == "staffordshire §14.4"


@pytest.mark.parametrize(
    ("previous_days", "variant", "key", "assignee"),
    [
        ((80, 30), "staffordshire", "mim_3", "social_worker"),
        ((80, 30), "stoke", "mim_3", "team_manager"),
        ((85, 70, 50, 10), "staffordshire", "mim_5", "team_manager"),
        ((85, 70, 50, 10), "stoke", "mim_5", "service_manager"),
        ((89, 80, 70, 60, 50, 40, 30, 5), "staffordshire", "mim_9", "district_operational_lead"),
        ((89, 80, 70, 60, 50, 40, 30, 5), "stoke", "mim_9", "strategic_manager"),
    ],
)
def test_missing_intervention_meetings_at_3_5_9_in_90_days(
    previous_days: tuple[int, ...], variant: str, key: str, assignee: str
) -> None:
    facts = child(previous=[START - d * D for d in previous_days])
    events = [ev(START, "missing"), ev(START + 2 * H, "returned")]
    tasks = by_key(run(variant, facts, events, START + 3 * H))
    # Episode began Monday 2 March (London): Tue..Fri, Mon -> due end of Mon 9 March.
    assert tasks[key].due == london("2026-03-09 23:59")
    assert tasks[key].assignee == assignee
    assert tasks[key].status is TaskStatus.OPEN  # a quick return does not cancel it


def test_no_meeting_between_thresholds_or_outside_the_window() -> None:
    events = [ev(START, "missing")]
    four = child(previous=[START - d * D for d in (60, 40, 20)])
    stale = child(previous=[START - d * D for d in (95, 30)])  # 95 days ago is outside
    assert not keys(run("staffordshire", four, events, START)) & {"mim_3", "mim_5", "mim_9"}
    assert "mim_3" not in keys(run("staffordshire", stale, events, START))


def test_meeting_deadline_skips_a_bank_holiday() -> None:
    start = london("2026-12-23 19:00")  # Wednesday before Christmas
    facts = child(previous=[start - 30 * D, start - 60 * D])
    tasks = by_key(run("staffordshire", facts, [ev(start, "missing")], start))
    # Thu 24 (1), Fri 25 and Mon 28 are bank holidays, Tue 29 (2), Wed 30 (3), Thu 31 (4),
    # Fri 1 January is a bank holiday, Mon 4 January (5).
    assert tasks["mim_3"].due == london("2027-01-04 23:59")


def test_meeting_considered_from_the_third_day() -> None:
    tasks = by_key(run("staffordshire", child(), [ev(START, "missing")], START + 3 * D))
    assert tasks["consider_mim_day3"].due == START + 2 * D
    assert tasks["consider_mim_day3"].source == "staffordshire §13.23"


def test_stoke_opens_an_assessment_for_a_child_not_open_after_24_hours() -> None:
    tasks = by_key(run("stoke", child("not_known"), [ev(START, "missing")], START + 2 * D))
    assert tasks["open_for_assessment"].due == START + 24 * H
    assert "open_for_assessment" not in keys(
        run("staffordshire", child("not_known"), [ev(START, "missing")], START + 2 * D)
    )


def test_uasc_reported_at_once_with_strategy_discussion_and_six_monthly_reviews() -> None:
    facts = child(flags=["uasc"], date_of_birth=london("2009-01-15 00:00").date())
    tasks = run("staffordshire", facts, [ev(START, "missing")], START + 400 * D)
    named = by_key(tasks)
    assert named["report_to_police"].due == START
    assert named["report_to_police"].source == "staffordshire §23.3"
    assert named["uasc_strategy"].due == START
    reviews = occurrences(tasks, "uasc_review")
    assert reviews[0].due == london("2026-09-02 22:00")  # six calendar months, London time
    assert reviews[-1].due < london("2027-01-15 00:00")  # stops at 18


def test_national_alert_considered_when_high_risk_and_vulnerable() -> None:
    events = [ev(START, "missing"), ev(START + H, "risk_assessed", level="high")]
    tasks = by_key(run("staffordshire", child(flags=["cse_risk"]), events, START + 4 * D))
    assert tasks["national_alert"].due == START + 3 * D
    assert "national_alert" not in keys(run("staffordshire", child(), events, START + 4 * D))


def test_recorded_time_is_when_the_carer_told_us_not_when_last_seen() -> None:
    recorded = START + 90 * timedelta(minutes=1)
    events = [ev(START, "missing", recorded_at=recorded.isoformat())]
    assert (
        by_key(run("staffordshire", child(), events, recorded))["report_to_police"].due == recorded
    )
