"""End to end through the console, for every protocol id: the night report, the return, bad
input at every step, and a restart in the middle. Each conversation runs on a new session
factory over the same SQLite file, as a restarted process would."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from protocols.pack_loader import load_protocol
from storage.models import AuditRead, EpisodeEvent
from tests.dialogues.carer_world import (
    LAST_SEEN,
    MORNING,
    NIGHT,
    PROTOCOLS,
    World,
    episode,
    factory,
    finish_if_asked,
    make_world,
    night_report_lines,
    return_needs,
    searches,
    state,
    stored_vs_engine,
    talk,
)

H = timedelta(hours=1)
# One number per protocol from its seed, after a 10pm disappearance reported at 3am.
NIGHT_SEED = {
    "staffordshire": ("inform_line_manager_24h", LAST_SEEN + 24 * H),  # §14.1
    "stoke": ("urgent_care_review#1", LAST_SEEN + 72 * H),  # §14.2
    "essex": ("risk_review#3", LAST_SEEN + 6 * H),  # §2.5: every 2 hours
    "thames_valley": ("notify_responsible_authority", LAST_SEEN + 6 * H),  # within 6 hours
    "rutland": ("head_of_service", NIGHT),  # step 1: immediately, looked-after
    "childrens_home": ("missing_from_care_meeting#1", LAST_SEEN + 72 * H),  # §6.4
}
# After the police bring the child back at 8am: (task code, hours from the return).
RETURN_SEED = {
    "staffordshire": ("return_interview", 72),  # §13.9
    "stoke": ("return_interview", 72),
    "essex": ("prevention_plan", 72),  # flowchart 1
    "thames_valley": ("safe_and_well_check", 24),  # The Safe and Well Check
    "rutland": ("return_interview", 72),  # step 6
    "childrens_home": ("return_interview", 72),  # §6.5
}


def _night_report(world: World) -> str:
    out = talk(world, *night_report_lines(world))
    return out + finish_if_asked(world, NIGHT)


def _return(world: World, *lines: str) -> str:
    out = talk(world, f"{world.child} is back home", *lines, now=MORNING)
    return out + finish_if_asked(world, MORNING)


def _clean_return_lines(world: World) -> list[str]:
    return ["just now", "1", *(["done"] * return_needs(world, "police"))]


def _assert_night_record(world: World) -> None:
    ep = episode(world)
    assert (ep.started_at, ep.recorded_at, ep.reported_at) == (LAST_SEEN, NIGHT, NIGHT)
    assert ep.police_reference == "REF-2603-7" and ep.status == "open"
    stored, engine = stored_vs_engine(world, NIGHT)
    assert stored == engine
    key, due = NIGHT_SEED[world.protocol]
    assert (key, due) in {(k, d) for k, _, d in stored}
    assert state(world) is None  # the flow finished


def _assert_returned(world: World, out: str) -> None:
    ep = episode(world)
    assert (ep.status, ep.returned_at, ep.return_how) == ("closed", MORNING, "police")
    stored, engine = stored_vs_engine(world, MORNING)
    # Storage never forgets a task: one the engine no longer lists is kept as cancelled.
    assert set(engine) <= set(stored)
    assert all(status == "cancelled" for _, status, _ in set(stored) - set(engine))
    code, hours = RETURN_SEED[world.protocol]
    due = {d for k, status, d in stored if k.split("#")[0].startswith(_rule_prefix(world, code))}
    assert MORNING + hours * H in due, (code, due)
    assert "What happens next:" in out and "closed the missing record" in out
    assert state(world) is None


def _rule_prefix(world: World, code: str) -> str:
    """The rule id carrying a task code (keys are rule ids)."""
    pack, _ = load_protocol(world.protocol)
    rules = [r.id for r in pack.rules if r.code == code and r.phase.value != "missing"]
    assert rules, code
    return rules[0]


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_night_report_then_return(tmp_path: Path, protocol: str) -> None:
    world = make_world(tmp_path, protocol)
    out = _night_report(world)
    assert f"of {searches(world)}:" in out
    assert "Here is a summary you can read out or copy:" in out
    _assert_night_record(world)
    with factory(world.path)() as session:
        reads = list(session.scalars(select(AuditRead)))
        # Every screen of the report names the child, so every one is logged (issue 11).
        assert {(r.staff_id, r.child_id) for r in reads} == {(world.carer_id, world.child_id)}
        assert "police summary" in {r.what for r in reads}
        assert {"report_missing: time (start)", "report_missing: risk (answer)"} <= {
            r.what for r in reads
        }
    out = _return(world, *_clean_return_lines(world))
    _assert_returned(world, out)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_bad_input_at_every_step_loses_nothing(tmp_path: Path, protocol: str) -> None:
    world = make_world(tmp_path, protocol)
    n = searches(world)
    junk = "qwerty"
    out = talk(
        world,
        "one of mine hasn't come home",
        junk,  # which child
        world.child,
        junk,  # time
        "10pm",
        junk,  # immediate danger
        "no",
        junk,  # first search
        "skip",
        "",  # the reason
        "no time",
        *(["done"] * (n - 1)),
        junk,  # reported to the police?
        "yes",
        "",  # the reference
        "REF-2603-7",
    )
    assert "I couldn't read that as a time" in out
    assert "Just a few words will do" in out
    assert "Please type the reference" in out
    assert out.count("Sorry, I didn't catch that.") >= 4
    if state(world):
        out = talk(world, junk, "finished")
        assert "Sorry, I didn't catch that." in out
    _assert_night_record(world)
    with factory(world.path)() as session:
        notes = [e.data.get("text") for e in session.scalars(select(EpisodeEvent))]
        assert any(str(t).endswith(": skipped (no time)") for t in notes)
    needs = return_needs(world, "police")
    out = talk(
        world,
        f"{world.child} is back home",
        junk,  # when
        "just now",
        junk,  # how
        "1",
        *([junk, *["done"] * needs] if needs else []),
        now=MORNING,
    )
    assert "couldn't read that as a time" in out
    assert out.count("Sorry, I didn't catch that.") >= 1 + bool(needs)
    out += finish_if_asked(world, MORNING, junk) + finish_if_asked(world, MORNING)
    _assert_returned(world, out)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_restart_in_the_middle_carries_on(tmp_path: Path, protocol: str) -> None:
    world = make_world(tmp_path, protocol)
    lines = night_report_lines(world)
    talk(world, *lines[:4])  # stopped after the first search
    assert (state(world) or {}).get("search_index") == 1
    out = talk(world, *lines[4:])  # a new process on the same file
    assert "Search 1 of" not in out
    finish_if_asked(world, NIGHT)
    _assert_night_record(world)
    back = _clean_return_lines(world)
    talk(world, f"{world.child} is back home", back[0], now=MORNING)  # stopped before "how"
    with factory(world.path)() as session:
        notes = [e.data.get("text") for e in session.scalars(select(EpisodeEvent))]
        assert "return reported: back at Tue 03 Mar 2026 08:00" in notes  # kept at once
    # A new console has no buttons on screen; the number still means the saved option.
    out = talk(world, *back[1:], now=MORNING)
    out += finish_if_asked(world, MORNING)
    _assert_returned(world, out)


def test_a_return_before_the_police_report_is_refused_kindly(tmp_path: Path) -> None:
    world = make_world(tmp_path, "staffordshire")
    _night_report(world)
    out = talk(world, "Tia is back home", "2am", now=MORNING)
    assert "the return must be after that" in out
    assert episode(world).status == "open"


def test_no_one_missing_means_nothing_to_close(tmp_path: Path) -> None:
    world = make_world(tmp_path, "essex")
    out = talk(world, "Tia is back home", now=MORNING)
    assert "I don't have anyone recorded as missing for you" in out
    assert state(world) is None
