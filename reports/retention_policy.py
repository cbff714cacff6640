"""Which children's records have reached the end of their retention period, and removing them.

The policy comes from the environment (so each authority sets its own):
- HOMEWARD_RETENTION_LOOKED_AFTER_AGE (default 75): a looked-after child's (or care leaver's)
  record is kept until this birthday (the Care Planning, Placement and Case Review (England)
  Regulations 2010, reg. 50: until the 75th anniversary of the child's birth).
- HOMEWARD_RETENTION_OTHER_YEARS (default 6): any other child's record is kept this many years
  after their last episode ended (an episode still open keeps the record).
- HOMEWARD_RETENTION_ACTION: `delete` (default) or `anonymise` (`anonymize` works too).
A looked-after child with no date of birth is kept and named, so someone can correct it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from protocols.clock import london_date
from reports.records import child_name, child_reference
from storage import extracts
from storage.db import Session
from storage.models import Child
from storage.retention import (
    ACTIONS,
    ANONYMISED,
    ANONYMOUS_NAME,
    DELETED,
    anonymise_child_record,
    delete_child_record,
    log_removal,
)

LOOKED_AFTER = "looked_after"
CARE_LEAVER = "care_leaver"


class PolicyError(ValueError):
    """A retention setting that cannot be used."""


@dataclass(frozen=True)
class RetentionPolicy:
    looked_after_age: int = 75
    other_years: int = 6
    action: str = DELETED

    def describe(self) -> str:
        return (
            f"looked-after children and care leavers: to their {self.looked_after_age}th "
            f"birthday; others: {self.other_years} years after their last episode; then "
            f"{self.action}"
        )


def policy_from_env(env: Mapping[str, str]) -> RetentionPolicy:
    def number(name: str, default: int, low: int) -> int:
        raw = env.get(name, "").strip()
        if not raw:
            return default
        if not raw.isdigit() or int(raw) < low:
            raise PolicyError(f"{name}: expected a whole number of at least {low}, got {raw!r}")
        return int(raw)

    given = env.get("HOMEWARD_RETENTION_ACTION", "").strip().lower() or "delete"
    action = {"delete": DELETED, "anonymise": ANONYMISED, "anonymize": ANONYMISED}.get(given, given)
    if action not in ACTIONS:
        expected = "expected delete or anonymise"
        raise PolicyError(f"HOMEWARD_RETENTION_ACTION: {expected}, not {given!r}")
    return RetentionPolicy(
        looked_after_age=number("HOMEWARD_RETENTION_LOOKED_AFTER_AGE", 75, 18),
        other_years=number("HOMEWARD_RETENTION_OTHER_YEARS", 6, 1),
        action=action,
    )


@dataclass(frozen=True)
class Due:
    child_id: int
    reference: str
    name: str
    rule: str
    due_on: date


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def review(session: Session, policy: RetentionPolicy, now: datetime) -> tuple[list[Due], list[str]]:
    """The records due for removal on the London date of `now`, and records kept for want of
    the facts to decide (named, so they can be corrected)."""
    today = london_date(now)
    ends = extracts.last_episode_end_by_child(session)
    due: list[Due] = []
    unsure: list[str] = []
    for child in extracts.children_by_id(session).values():
        if _already_anonymised(child):
            continue
        reference = str(child_reference(child))
        if child.legal_status == LOOKED_AFTER or CARE_LEAVER in (child.flags or []):
            if child.date_of_birth is None:
                unsure.append(f"child {reference}: looked after, no date of birth: kept")
                continue
            rule = f"looked_after_to_age_{policy.looked_after_age}"
            until = _years_after(child.date_of_birth, policy.looked_after_age)
        elif child.id in ends:
            last = ends[child.id]
            if last is None:
                continue  # missing now
            rule = f"{policy.other_years}_years_after_last_episode"
            until = _years_after(london_date(last), policy.other_years)
        else:
            continue  # no episodes: the roster's record, not ours to remove
        if until <= today:
            due.append(Due(child.id, reference, child_name(child), rule, until))
    due.sort(key=lambda d: (d.due_on, d.reference))
    return due, unsure


def _already_anonymised(child: Child) -> bool:
    return child.given_name == ANONYMOUS_NAME and not child.family_name


def apply(session: Session, policy: RetentionPolicy, due: list[Due], now: datetime) -> int:
    """Delete or anonymise each record and log it (no personal data in the log)."""
    for item in due:
        if policy.action == ANONYMISED:
            rows = anonymise_child_record(session, item.child_id)
        else:
            rows = delete_child_record(session, item.child_id)
        log_removal(session, action=policy.action, rule=item.rule, rows=rows, now=now)
    return len(due)
