"""Checklist items follow their `when` conditions (the engine's own logic); the category a
known whereabouts moves to follows the pack."""

from __future__ import annotations

import pytest

from protocols.categories import whereabouts_known_category
from protocols.checklists import applicable
from protocols.pack_loader import PackError, load_protocol, parse_pack
from tests.protocols.helpers import child, ev, utc

START, NOW = utc("2026-03-02 22:00"), utc("2026-03-03 03:00")


def _ids(protocol: str, checklist: str, placement: str | None, *events_after: str) -> set[str]:
    pack, variant = load_protocol(protocol)
    events = [ev(START, "missing", category="missing")]
    if events_after:
        events.append(ev(utc("2026-03-03 02:00"), "returned", how=events_after[0]))
    facts = child(placement=placement)
    return {i.id for i in applicable(pack, variant, checklist, facts, events, NOW)}


def test_philomena_is_for_residential_homes_only() -> None:
    assert "philomena" in _ids("staffordshire", "searches", "residential")
    foster = _ids("staffordshire", "searches", "foster")
    assert "philomena" not in foster and "search_property" in foster
    assert "philomena" not in _ids("stoke", "searches", None)  # unrecorded never matches


def test_return_needs_follow_how_the_child_came_back() -> None:
    assert "observations" in _ids("essex", "return_needs", "foster", "own_accord")
    assert "observations" not in _ids("essex", "return_needs", "foster", "police")
    assert "health" in _ids("essex", "return_needs", "foster", "police")


def test_before_any_episode_static_conditions_still_apply() -> None:
    pack, variant = load_protocol("staffordshire")
    home = applicable(pack, variant, "searches", child(placement="residential"), [], NOW)
    assert "philomena" in {i.id for i in home}


def test_unknown_placement_in_a_pack_is_rejected() -> None:
    data = {
        "id": "x",
        "name": "X",
        "rules": [],
        "checklists": {
            "searches": [{"id": "a", "text": "t", "source": "s", "when": {"placement": ["castle"]}}]
        },
    }
    with pytest.raises(PackError, match=r"checklists.searches\[0\].when.placement"):
        parse_pack(data, "x.yaml")


def test_whereabouts_known_follows_the_pack_and_legal_status() -> None:
    tv, _ = load_protocol("thames_valley")
    staffs, _ = load_protocol("staffordshire")
    assert whereabouts_known_category(tv, "looked_after") == "unauthorised_absence"
    assert whereabouts_known_category(staffs, "looked_after") == "away_without_authorisation"
    assert whereabouts_known_category(staffs, "child_in_need") == "absent_without_authorisation"
