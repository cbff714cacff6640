"""A protocol pack: one local protocol as data (protocols/packs/<id>.yaml).

The engine reads nothing but this. Every rule carries the section of the seed it encodes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from protocols.clock import Duration
from protocols.vocabulary import Category, LegalStatus, RiskLevel, Role


class Phase(StrEnum):
    MISSING = "missing"  # from the start of the episode until the return
    RETURNED = "returned"  # from the return on
    ANY = "any"  # from the start, not ended by the return (e.g. repeat-episode meetings)


class Repeat(StrEnum):
    EVERY = "every"  # next occurrence `every` after the previous was done (or fell due)
    AGREED = "agreed"  # next occurrence at the date agreed when the previous was done


@dataclass(frozen=True)
class Condition:
    """All given parts must hold; `any_of` holds when one of its conditions does."""

    legal_status: frozenset[LegalStatus] | None = None
    flags_any: frozenset[str] | None = None
    flags_all: frozenset[str] | None = None
    flags_none: frozenset[str] | None = None
    variant: frozenset[str] | None = None
    placement: frozenset[str] | None = None  # an unrecorded placement never matches
    episodes_in_window: EpisodeCount | None = None
    returned_how: frozenset[str] | None = None
    returned_how_not: frozenset[str] | None = None
    # Time-varying parts: each turns into intervals over the episode.
    category: frozenset[Category] | None = None
    # Has been in one of these categories at some point (e.g. was missing, even if later
    # found to be at a known address): return tasks depend on what the episode was.
    ever_category: frozenset[Category] | None = None
    risk: frozenset[RiskLevel] | None = None
    # Graded at one of these levels at some point (a police grading of high counts for the
    # rest of the episode and after the return, even if later regraded).
    ever_risk: frozenset[RiskLevel] | None = None
    not_done: str | None = None
    # A task done in a certain way (essex §2.8.1: meaningful contact by phone only).
    done_how: DoneHow | None = None
    concern_any: frozenset[str] | None = None
    missing_longer_than: Duration | None = None
    age_under: int | None = None
    any_of: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class DoneHow:
    """Holds from the first time task `code` was done with `how` among `how`."""

    code: str
    how: frozenset[str]


@dataclass(frozen=True)
class EpisodeCount:
    """Episodes that started within `window` up to and including this one."""

    count: int
    window: Duration
    exactly: bool = True  # "reaches the threshold" (staffordshire §13.17): this episode makes it


@dataclass(frozen=True)
class Sooner:
    """A shorter deadline when extra conditions hold (e.g. very young: report now)."""

    when: Condition
    offset: Duration
    source: str
    why: str = ""
    title: str = ""  # the task's title when this reason applies (e.g. "now: high risk")


@dataclass(frozen=True)
class Rule:
    id: str
    code: str
    title: str
    assignee: Mapping[str, Role]  # variant -> role; key "*" for every variant
    phase: Phase
    anchor: str  # start | recorded | reported | returned | activation | done:<code>
    source: str
    why: str
    when: Condition = field(default_factory=Condition)
    offset: Duration = field(default_factory=Duration)
    working_days: int | None = None
    every: Duration | None = None
    first: Duration | None = None
    repeat: Repeat | None = None
    sooner: tuple[Sooner, ...] = ()
    # True where the protocol lets people set the deadline in the moment (childrens_home §6.4:
    # "a deadline is set at the outset"); otherwise an agreed deadline can only bring it sooner.
    deadline_agreed: bool = False
    # The task code whose agreed deadline applies (childrens_home §6.4: the notifications wait
    # for the same initial-checks deadline as the police report).
    agreed_with: str = ""

    @property
    def recurring(self) -> bool:
        return self.repeat is not None

    def assignee_for(self, variant: str) -> Role:
        return self.assignee.get(variant) or self.assignee["*"]


@dataclass(frozen=True)
class CategoryTimeout:
    """A category that turns into another after a while (thames_valley: unauthorised absence
    "continues for 6 hours it will automatically be considered" missing)."""

    from_category: Category
    after: Duration
    to_category: Category
    source: str


@dataclass(frozen=True)
class DerivedFlag:
    """A flag the protocol says to assume (essex §5.1: UASC missing within a week of arrival
    is always treated as a potential victim of trafficking)."""

    flag: str
    when: Condition
    arrived_within: Duration | None
    source: str
    # Derived from the date of birth (essex §2.5.1: "very young"): the child's age on the
    # London date the episode began is under this. No date of birth, no flag.
    age_under: int | None = None


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text: str
    source: str
    when: Condition = field(default_factory=Condition)


@dataclass(frozen=True)
class ProtocolPack:
    id: str
    name: str
    variants: tuple[str, ...]
    seed: str
    rules: tuple[Rule, ...]
    checklists: Mapping[str, tuple[ChecklistItem, ...]]
    category_timeouts: tuple[CategoryTimeout, ...] = ()
    derived_flags: tuple[DerivedFlag, ...] = ()
    notes: tuple[str, ...] = ()

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)
