"""Linking gap findings to the review items that answer them.

The rule (docs/reviews-and-cases.md): a review item of instrument *i*, naming barriers *B*, answers a
finding when

- the finding is about a barrier as a whole (kinds ``barrier-uncovered``, ``barrier-weak``,
  ``barrier-unanswerable``): that barrier is in *B* — whichever agency proposes to answer it;
- any other finding citing barriers (a consortium miss, ...): one of them is in *B* and the finding cites
  *i* as evidence;
- a finding citing no barrier (a pipeline gap, a consortium miss without barriers): it cites *i*;
- never a finding about the data itself (``stale-data``: facts not checked against their sources).

How far a gap has come is the furthest status among its items that are not rejected (proposed < agreed <
implemented); ``rejected`` when every item was rejected; ``none`` without items.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from catalogue.reviews.snapshot import ReviewSnap

PROGRESS = {"proposed": 1, "agreed": 2, "implemented": 3}
NONE, REJECTED = "none", "rejected"
BARRIER_KINDS = frozenset({"barrier-uncovered", "barrier-weak", "barrier-unanswerable"})
NOT_ANSWERED = frozenset({"stale-data"})  # about the catalogue's data, not the instruments


@dataclass(frozen=True)
class GapReviews:
    finding: str  # the finding's code
    items: tuple[ReviewSnap, ...]
    progress: str  # none | proposed | agreed | implemented | rejected

    @property
    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for item in self.items:
            out[item.status] = out.get(item.status, 0) + 1
        return out


def _evidence(finding: Any, key: str) -> set[str]:
    evidence: Mapping[str, Any] = getattr(finding, "evidence", None) or {}
    return {str(x) for x in evidence.get(key) or ()}


def answers(finding: Any, review: ReviewSnap) -> bool:
    """Whether ``review`` answers ``finding`` (the rule above)."""
    if str(getattr(finding, "kind", "")) in NOT_ANSWERED:
        return False
    barriers = _evidence(finding, "barriers")
    cited = review.instrument in _evidence(finding, "instruments")
    if not barriers:
        return cited
    named = bool(barriers & set(review.barriers))
    return named and (cited or str(getattr(finding, "kind", "")) in BARRIER_KINDS)


def progress(items: Iterable[ReviewSnap]) -> str:
    statuses = [i.status for i in items]
    open_ = [s for s in statuses if s in PROGRESS]
    if open_:
        return max(open_, key=PROGRESS.__getitem__)
    return REJECTED if statuses else NONE


def link_reviews(findings: Sequence[Any], reviews: Sequence[ReviewSnap]) -> dict[str, GapReviews]:
    """Finding code → the review items answering it (newest decision first) and how far they have come."""
    out: dict[str, GapReviews] = {}
    for finding in findings:
        items = sorted(
            (r for r in reviews if answers(finding, r)), key=lambda r: (r.decided_on, r.id), reverse=True
        )
        out[finding.code] = GapReviews(finding.code, tuple(items), progress(items))
    return out
