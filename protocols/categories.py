"""Which category an episode moves to when the child's whereabouts become known.

The spec's vocabulary: `away_without_authorisation` for a looked-after child whose whereabouts
are known, `absent_without_authorisation` for any other child. A pack that works with
`unauthorised_absence` (thames_valley: short, no immediate concern, reviewed hourly, missing
again after 6 hours) uses that instead. The change is recorded as a transition, never an
overwrite (essex appendix 4)."""

from __future__ import annotations

from collections.abc import Iterator

from protocols.pack import Condition, ProtocolPack
from protocols.vocabulary import Category, LegalStatus


def whereabouts_known_category(pack: ProtocolPack, legal_status: LegalStatus | str) -> Category:
    if Category.UNAUTHORISED_ABSENCE in categories_used(pack):
        return Category.UNAUTHORISED_ABSENCE
    if LegalStatus(legal_status) is LegalStatus.LOOKED_AFTER:
        return Category.AWAY_WITHOUT_AUTHORISATION
    return Category.ABSENT_WITHOUT_AUTHORISATION


def categories_used(pack: ProtocolPack) -> frozenset[Category]:
    """Every category the pack's rules, sooner options and timeouts name."""
    found: set[Category] = set()
    for rule in pack.rules:
        for condition in _conditions(rule.when, *(s.when for s in rule.sooner)):
            found |= condition.category or frozenset()
            found |= condition.ever_category or frozenset()
    for timeout in pack.category_timeouts:
        found |= {timeout.from_category, timeout.to_category}
    return frozenset(found)


def _conditions(*roots: Condition) -> Iterator[Condition]:
    for root in roots:
        yield root
        yield from _conditions(*root.any_of)
