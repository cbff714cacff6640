"""Requesting the return interview: the provider comes from the pack, the request is logged and
the provider told; a child still missing, a repeat request and another team's child are refused
kindly."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.episodes import audit_log
from storage.models import Episode
from storage.people import create_staff
from tests.dialogues.worker_world import (
    HELEN,
    JAY,
    LILY,
    MARCUS,
    NOW,
    RUBY,
    TOM,
    buttons,
    talk,
    text,
    world,
)

RIP = "return_interview_provider"


def _episode_id(sessions: sessionmaker[Session], child_id: int) -> int:
    with sessions() as session:
        return session.scalars(select(Episode.id).where(Episode.child_id == child_id)).one()


def test_essex_request_goes_to_the_missing_coordinator(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    out = text(talk(sessions, MARCUS, "request the return interview for Ruby"))
    assert "Requested: return interview for Ruby Hale" in out
    assert "missing coordinator" in out and "essex §4" in out
    with sessions() as session:
        entry = audit_log(session, _episode_id(sessions, RUBY), "return_interview_requested")
        assert entry[-1].data["provider_role"] == "missing_coordinator"
        assert entry[-1].actor_staff_id == MARCUS
    again = text(talk(sessions, MARCUS, "request the return interview for Ruby"))
    assert "was already requested" in again


def test_staffordshire_provider_is_told_next_time_they_look(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    with sessions() as session:
        provider = create_staff(session, "Cal Rhodes", RIP, now=NOW, team_id=1)
        session.commit()
    out = text(talk(sessions, TOM, f"ri:{LILY}"))
    assert "Provider: return interview provider (Cal Rhodes)" in out
    assert "Cal Rhodes will see the request" in out
    told = text(talk(sessions, provider.id, "status"))
    assert "arrange the return interview for Lily Brooks" in told


def test_still_missing_and_other_teams_are_refused(tmp_path: Path) -> None:
    sessions = world(tmp_path)
    assert "still missing" in text(talk(sessions, TOM, f"ri:{JAY}"))
    assert "isn't one you can act on" in text(talk(sessions, HELEN, f"ri:{LILY}"))
    assert "isn't one you can act on" in text(talk(sessions, TOM, "ri:abc"))


@pytest.mark.parametrize(
    "said", ["please arrange the return interview", "could you book the RHI", "request an RHI"]
)
def test_request_without_a_name_picks_the_only_child_waiting(tmp_path: Path, said: str) -> None:
    # Typed as a request, it is read before the NLU (dialogues.shortcuts).
    sessions = world(tmp_path)
    replies = talk(sessions, MARCUS, said)
    assert "Ruby Hale" in text(replies) or "Ruby Hale" in buttons(replies)
