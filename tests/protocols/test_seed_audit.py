"""The second audit of the packs against the seeds: one test per finding, each quoting the
seed's words and citing its section. The decisions where a seed is silent are in each pack's
`notes` and in docs/packs-decisions.md."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from protocols.checklists import applicable
from protocols.engine import age_on
from protocols.pack_loader import load_protocol
from protocols.vocabulary import Role, TaskStatus, is_task_code

from .helpers import by_key, child, ev, keys, london, occurrences, run, utc

H = timedelta(hours=1)
D = timedelta(days=1)
START = utc("2026-03-02 22:00")  # Monday, GMT


# ---- 1. essex §2.5.1 "considerably less if ... very young": age counts by itself ----


def test_essex_a_five_year_old_with_a_date_of_birth_is_reported_now() -> None:
    five = child(date_of_birth=date(2021, 1, 15))
    report = by_key(run("essex", five, [ev(START, "missing")], START + H))["report_to_police"]
    assert report.due == START
    assert report.source == "essex §2.5.1"
    assert report.title == "Report the child missing to the police now (particularly vulnerable)"


def test_essex_very_young_is_under_eleven_on_the_day_the_episode_began() -> None:
    # Eleventh birthday on 3 March: on 2 March (the London date the episode began) still 10.
    ten = child(date_of_birth=date(2015, 3, 3))
    eleven = child(date_of_birth=date(2015, 3, 2))
    assert by_key(run("essex", ten, [ev(START, "missing")], START))["report_to_police"].due == (
        START
    )
    teen = by_key(run("essex", eleven, [ev(START, "missing")], START))["report_to_police"]
    assert teen.due == START + 6 * H
    no_dob = by_key(run("essex", child(), [ev(START, "missing")], START))["report_to_police"]
    assert no_dob.due == START + 6 * H  # no date of birth: only the flag counts


def test_thames_valley_very_young_from_the_date_of_birth_needs_an_initial_assessment() -> None:
    # thames_valley The Return Home Interview: "or if the child is considered vulnerable".
    events = [ev(START, "missing"), ev(START + 3 * H, "returned")]
    young = child("not_known", date_of_birth=date(2018, 6, 1))
    older = child("not_known", date_of_birth=date(2011, 6, 1))
    assert "initial_assessment" in keys(run("thames_valley", young, events, START + 4 * H))
    assert "initial_assessment" not in keys(run("thames_valley", older, events, START + 4 * H))


def test_every_pack_that_uses_very_young_derives_it_from_age() -> None:
    for protocol in ("essex", "thames_valley", "rutland", "childrens_home", "staffordshire"):
        pack, _ = load_protocol(protocol)
        texts = [str(r.when) + str([s.when for s in r.sooner]) for r in pack.rules]
        if any("very_young" in t for t in texts):
            derived = [d for d in pack.derived_flags if d.flag == "very_young"]
            assert derived and derived[0].age_under == 11, protocol
            assert any("under 11" in note for note in pack.notes), protocol


# ---- 2. thames_valley The Return Home Interview: "or if ... vulnerable or at risk" ----


def test_thames_valley_police_grading_of_high_means_an_initial_assessment() -> None:
    events = [
        ev(START, "missing"),
        ev(START + H, "risk_assessed", level="high"),
        ev(START + 2 * H, "risk_assessed", level="medium"),  # regraded: it was high
        ev(START + 3 * H, "returned"),
    ]
    task = by_key(run("thames_valley", child("not_known"), events, START + 4 * H))
    assert task["initial_assessment"].due == START + 3 * H
    assert task["initial_assessment"].source == "thames_valley The Return Home Interview"


def test_thames_valley_risk_disclosed_on_return_means_an_initial_assessment() -> None:
    events = [
        ev(START, "missing"),
        ev(START + 3 * H, "returned"),
        ev(START + 5 * H, "concern", factor="drugs"),
    ]
    tasks = by_key(run("thames_valley", child("not_known"), events, START + 6 * H))
    assert tasks["initial_assessment"].due == START + 5 * H  # from the disclosure
    quiet = run("thames_valley", child("not_known"), events[:2], START + 6 * H)
    assert "initial_assessment" not in keys(quiet)


# ---- 3. essex flowchart 3: a child not open to Family Operations ----


def test_essex_flowchart_3_closes_the_episode_and_offers_a_missing_chat_only() -> None:
    back = START + 9 * H
    events = [ev(START, "missing"), ev(START + H, "reported_to_police"), ev(back, "returned")]
    tasks = by_key(run("essex", child("not_known"), events, back + 4 * D))
    for key in ("meaningful_contact", "prevention_plan", "carer_family_views"):
        assert key not in tasks, key  # flowcharts 1 and 2 only
    assert tasks["return_interview"].due == back + 72 * H
    assert "flowchart 3" in tasks["return_interview"].source
    assert not {t.code for t in tasks.values()} & {"meaningful_contact", "prevention_plan"}


def test_essex_flowcharts_1_and_2_keep_the_48_and_72_hour_tasks() -> None:
    back = START + 9 * H
    events = [ev(START, "missing"), ev(back, "returned")]
    for status in ("looked_after", "child_in_need", "early_help"):
        tasks = by_key(run("essex", child(status), events, back))
        assert tasks["meaningful_contact"].due == back + 48 * H, status
        assert tasks["prevention_plan"].due == back + 72 * H, status


def test_essex_flowchart_3_records_the_circumstances_of_the_return() -> None:
    pack, variant = load_protocol("essex")
    events = [ev(START, "missing"), ev(START + 3 * H, "returned")]
    items = applicable(pack, variant, "records", child("not_known"), events, START + 4 * H)
    assert [i.id for i in items] == ["close_episode"]


# ---- 4. thames_valley Notification of Absence: parents told only for a looked-after child ----


def test_thames_valley_social_worker_tells_parents_only_of_a_looked_after_child() -> None:
    events = [ev(START, "missing")]
    in_care = by_key(run("thames_valley", child("looked_after"), events, START + H))
    assert in_care["notify_parents"].assignee == Role.SOCIAL_WORKER
    for status in ("child_protection_plan", "child_in_need", "not_known"):
        at_home = run("thames_valley", child(status), events, START + H)
        assert "notify:parents" not in {t.code for t in at_home}, status


# ---- 5. a sooner rule changes the task's title and citation ----


def test_staffordshire_high_risk_alert_no_longer_reads_missing_24_hours() -> None:
    events = [ev(START, "missing"), ev(START + 2 * H, "risk_assessed", level="high")]
    dol = by_key(run("staffordshire", child(), events, START + 3 * H))["escalate_24h_dol"]
    assert dol.due == START + 2 * H
    assert "24 hours" not in dol.title
    assert dol.title == "Alert the District Operational Lead now (significant concerns, high risk)"
    stoke = by_key(run("stoke", child(), events, START + 3 * H))["escalate_24h_strategic"]
    assert "24 hours" not in stoke.title


def test_staffordshire_high_risk_police_report_cites_8_2_not_the_search_first_8_3() -> None:
    # §8.2 "If the parent/carer assesses that the child is missing and at risk, the child
    # should be reported missing without delay"; §8.3 searches come first "unless there is an
    # immediate risk". Graded high an hour after it was recorded, not yet reported.
    events = [ev(START, "missing"), ev(START + H, "risk_assessed", level="high")]
    report = by_key(run("staffordshire", child(), events, START + 2 * H))["report_to_police"]
    assert report.source == "staffordshire §8.2"
    assert report.due == START  # still due when it was: risk never makes it later
    assert "now" in report.title


def test_a_reason_arising_after_the_task_was_done_changes_nothing() -> None:
    events = [
        ev(START, "missing"),
        ev(START + H, "reported_to_police"),
        ev(START + 2 * H, "risk_assessed", level="high"),
    ]
    report = by_key(run("staffordshire", child(), events, START + 3 * H))["report_to_police"]
    assert report.source == "staffordshire §8.3; §8.4; §16.3"
    assert report.status is TaskStatus.DONE


# ---- 6. simulate lists recurring occurrences up to `until` (tested in test_simulate_cli) ----

# ---- what the packs left out ----


def test_essex_2_7_return_planning_checklist_has_every_item() -> None:
    pack, variant = load_protocol("essex")
    items = applicable(pack, variant, "return_planning", child(), [ev(START, "missing")], START)
    assert [i.id for i in items] == [
        "missing_chat_first",
        "placement_appropriate",
        "transport",
        "family_support",
        "health",
        "recovery_order",
        "media",
    ]
    assert all(i.source.startswith("essex §2.7") for i in items)


def test_essex_2_8_1_phone_only_contact_means_a_visit_within_a_week() -> None:
    back = START + 9 * H
    events = [
        ev(START, "missing"),
        ev(back, "returned"),
        ev(back + 30 * H, "task_done", code="meaningful_contact", how="phone"),
    ]
    tasks = by_key(run("essex", child(), events, back + 2 * D))
    assert tasks["meaningful_contact"].status is TaskStatus.DONE
    visit = tasks["visit_after_phone_contact"]
    assert (visit.due, visit.status, visit.source) == (
        back + 7 * D,
        TaskStatus.OPEN,
        "essex §2.8.1",
    )
    visited = [*events, ev(back + 4 * D, "task_done", code="meaningful_contact", how="visit")]
    later = by_key(run("essex", child(), visited, back + 8 * D))
    assert later["visit_after_phone_contact"].status is TaskStatus.DONE
    by_visit = [*events[:2], ev(back + 20 * H, "task_done", code="meaningful_contact")]
    assert "visit_after_phone_contact" not in keys(run("essex", child(), by_visit, back + 8 * D))


def test_essex_3_1_3_professionals_meeting_is_considered_for_children_at_home() -> None:
    reported = START + H
    events = [
        ev(START, "missing"),
        ev(reported, "reported_to_police"),
        ev(START + 5 * H, "returned"),
    ]
    tasks = by_key(run("essex", child("child_in_need"), events, START + 6 * H))
    meeting = tasks["professionals_meeting"]
    assert (meeting.code, meeting.due, meeting.source) == (
        "professionals_meeting",
        reported + 5 * D,
        "essex §3.1.3",
    )
    assert meeting.status is TaskStatus.OPEN  # not cancelled by the return
    assert "professionals_meeting" not in keys(run("essex", child(), events, START + 6 * H))
    assert is_task_code("professionals_meeting")


def test_childrens_home_7_copy_of_the_report_to_the_regulator() -> None:
    events = [ev(START, "missing"), ev(START + H, "reported_to_police")]
    task = by_key(run("childrens_home", child(), events, START + 2 * H))["notify_regulator"]
    assert (task.code, task.assignee, task.due) == ("notify:regulator", "home_manager", START + H)
    assert task.source == "childrens_home §7; §6.1"
    waived = [*events, ev(START + 2 * H, "task_not_required", code="notify:regulator")]
    after = by_key(run("childrens_home", child(), waived, START + 3 * H))["notify_regulator"]
    assert after.status is TaskStatus.CANCELLED  # "if applicable"


def test_childrens_home_5_uasc_soon_after_arrival_is_a_possible_trafficking_victim() -> None:
    # §5 "Unaccompanied migrant or asylum seeking children, who go missing immediately after
    # becoming looked after, should be treated as children who may be victims of trafficking."
    recorded = START
    events = [
        ev(START, "missing"),
        ev(recorded, "deadline_set", code="report_to_police", due=(START + 2 * H).isoformat()),
    ]
    new = child(flags=["uasc"], arrived_in_uk=date(2026, 2, 27))
    settled = child(flags=["uasc"], arrived_in_uk=date(2025, 2, 27))
    report = by_key(run("childrens_home", new, events, START + H))["report_to_police"]
    assert (report.due, report.source) == (START, "childrens_home §5")
    later = by_key(run("childrens_home", settled, events, START + H))["report_to_police"]
    assert later.due == START + 2 * H


def test_childrens_home_6_2_host_authority_for_out_of_area_placements() -> None:
    events = [ev(START, "missing"), ev(START + H, "reported_to_police")]
    away = by_key(run("childrens_home", child(flags=["out_of_area"]), events, START + 2 * H))
    assert away["notify_host_authority"].code == "notify:host_authority"
    assert away["notify_host_authority"].due == START + H
    assert away["notify_host_authority"].source == "childrens_home §6.2; §6.4"
    assert "notify_host_authority" not in keys(
        run("childrens_home", child(), events, START + 2 * H)
    )


def test_rutland_step_9_completed_interviews_go_to_the_police_missing_persons_unit() -> None:
    back = START + 2 * D
    done = back + 2 * D
    events = [
        ev(START, "missing"),
        ev(back, "found", how="police"),
        ev(done, "task_done", code="return_interview"),
    ]
    task = by_key(run("rutland", child(), events, done + H))["rhi_to_police"]
    assert (task.code, task.assignee, task.due) == (
        "notify:police",
        "return_interview_provider",
        done,
    )
    assert task.source == "rutland step 9"
    assert "rhi_to_police" not in keys(run("rutland", child(), events[:2], done))


NOT_OPEN_CHAIRS = [
    ("staffordshire", "mim_3_not_open", 3, "family_practitioner_lead"),
    ("stoke", "mim_3_not_open", 3, "chad_manager"),
    ("staffordshire", "mim_5_not_open", 5, "family_practitioner_lead"),
    ("stoke", "mim_5_not_open", 5, "chad_manager"),
]


@pytest.mark.parametrize(("variant", "rule", "count", "chair"), NOT_OPEN_CHAIRS)
def test_staffordshire_13_18_chairs_for_children_not_open(
    variant: str, rule: str, count: int, chair: str
) -> None:
    history = [START - (10 * i) * D for i in range(1, count)]
    events = [ev(START, "missing"), ev(START + 3 * H, "returned")]
    tasks = by_key(run(variant, child("not_known", previous=history), events, START + 4 * H))
    assert tasks[rule].assignee == chair
    assert rule.replace("_not_open", "") not in tasks  # the open-case chair is not asked


def test_staffordshire_13_19_early_help_five_in_90_days_family_practitioner_lead() -> None:
    history = [START - (10 * i) * D for i in range(1, 5)]
    events = [ev(START, "missing"), ev(START + 3 * H, "returned")]
    staffs = by_key(run("staffordshire", child("early_help", previous=history), events, START))
    assert staffs["mim_5_early_help"].assignee == "family_practitioner_lead"
    stoke = by_key(run("stoke", child("early_help", previous=history), events, START))
    assert stoke["mim_5_early_help"].assignee == "service_manager"
    three = by_key(run("staffordshire", child("early_help", previous=history[:2]), events, START))
    assert three["mim_3"].assignee == "social_worker"  # the allocated family practitioner


def test_staffordshire_day_three_meeting_for_a_child_not_open() -> None:
    tasks = by_key(run("stoke", child("not_known"), [ev(START, "missing")], START + 3 * D))
    assert tasks["consider_mim_day3_not_open"].assignee == "chad_manager"
    assert "consider_mim_day3" not in tasks


def test_new_roles_extend_the_vocabulary_and_keep_the_old_names() -> None:
    assert Role("family_practitioner_lead") and Role("chad_manager")
    assert Role("district_operational_lead") and Role("strategic_manager")


# ---- where the seeds are silent: the decision, tested ----


def test_thames_valley_two_occasions_in_six_months_counts_this_episode() -> None:
    events = [ev(START, "missing"), ev(START + 3 * H, "returned")]
    month_ago = child(previous=[START - 30 * D])
    assert "return_interview" in keys(run("thames_valley", month_ago, events, START + 4 * H))
    assert "return_interview" not in keys(run("thames_valley", child(), events, START + 4 * H))


def test_thames_valley_six_hours_count_from_the_start_of_the_unauthorised_absence() -> None:
    # Reviewed at 2 hours and judged missing: the report is due at 6 hours from the start,
    # not 6 hours after it fell within the procedure.
    events = [
        ev(START, "missing", category="unauthorised_absence"),
        ev(START + 2 * H, "category_changed", category="missing"),
    ]
    report = by_key(run("thames_valley", child(), events, START + 3 * H))["report_to_police"]
    assert report.due == START + 6 * H


def test_staffordshire_fourth_episode_in_90_days_brings_no_meeting_by_count() -> None:
    history = [START - 30 * D, START - 20 * D, START - 10 * D]
    events = [ev(START, "missing"), ev(START + 3 * H, "returned")]
    tasks = run("staffordshire", child(previous=history), events, START + 4 * H)
    assert not {"mim_3", "mim_5", "mim_9"} & keys(tasks)


def test_staffordshire_old_episode_leaving_the_window_re_triggers_the_3_in_90() -> None:
    # Episodes 95, 20 and 10 days ago: the oldest has left the 90 days, so this episode makes
    # a fresh three in 90 days.
    history = [START - 95 * D, START - 20 * D, START - 10 * D]
    events = [ev(START, "missing"), ev(START + 3 * H, "returned")]
    tasks = by_key(run("staffordshire", child(previous=history), events, START + 4 * H))
    assert tasks["mim_3"].due == london("2026-03-09 23:59")


def test_staffordshire_20_5_assessment_after_24_hours_is_stoke_only() -> None:
    events = [ev(START, "missing")]
    stoke = by_key(run("stoke", child("not_known"), events, START + 2 * D))
    assert stoke["open_for_assessment"].due == START + 24 * H
    assert stoke["open_for_assessment"].source == "staffordshire §20.5"
    assert "open_for_assessment" not in keys(
        run("staffordshire", child("not_known"), events, START + 2 * D)
    )


def test_childrens_home_no_missing_from_care_meeting_when_whereabouts_are_known() -> None:
    away = [ev(START, "missing", category="away_without_authorisation")]
    assert not occurrences(
        run("childrens_home", child(), away, START + 10 * D), "missing_from_care_meeting"
    )
    found_at_friends = [
        ev(START, "missing"),
        ev(START + 2 * D, "category_changed", category="away_without_authorisation"),
    ]
    tasks = run("childrens_home", child(), found_at_friends, START + 10 * D)
    assert not occurrences(tasks, "missing_from_care_meeting")  # known before the 3 days
    missing = run("childrens_home", child(), [ev(START, "missing")], START + 4 * D)
    assert occurrences(missing, "missing_from_care_meeting")[0].due == START + 3 * D


def test_days_are_london_calendar_days_across_the_spring_clock_change() -> None:
    # Clocks go forward at 01:00 GMT on Sunday 29 March 2026. Missing from 22:00 (GMT) on
    # Friday 27 March: "5 days" is 22:00 (BST) on Wednesday 1 April, 119 elapsed hours;
    # "72 hours" is elapsed: 23:00 BST on Monday 30 March.
    start = london("2026-03-27 22:00")
    tasks = by_key(run("staffordshire", child(), [ev(start, "missing")], start + 6 * D))
    assert tasks["escalate_5d"].due == london("2026-04-01 22:00")
    assert tasks["escalate_5d"].due - start == 119 * H
    assert tasks["escalate_72h"].due == start + 72 * H == london("2026-03-30 23:00")


def test_age_counts_whole_years_on_the_london_date() -> None:
    assert age_on(date(2015, 3, 3), date(2026, 3, 2)) == 10
    assert age_on(date(2015, 3, 2), date(2026, 3, 2)) == 11
    assert age_on(date(2016, 2, 29), date(2027, 2, 28)) == 10
    assert age_on(date(2016, 2, 29), date(2027, 3, 1)) == 11
