"""The agency reviews and listening-post cases in a department's or agency's report (pure).

Per gap of the report: the review items answering it (``analyser.reviews.linking``: barrier and
instrument/agency match), how far they have come, and how many listening-post cases bear on it
(``analyser.cases.counting``). Beside that, every review item of the audience's agencies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from analyser.cases.counting import for_findings
from analyser.reviews.linking import link_reviews
from catalogue.cases.snapshot import CaseSnap
from catalogue.instruments.snapshot import CatalogueSnapshot
from catalogue.reviews.snapshot import ReviewSnap


@dataclass(frozen=True)
class ReviewLine:
    id: int
    instrument: str  # slug
    instrument_name: str
    agency: str
    barriers: tuple[str, ...]
    adjustments: tuple[str, ...]
    adjustment_text: str | None
    status: str
    reason: str | None
    decided_on: dt.date


@dataclass(frozen=True)
class GapReviewStatus:
    gap: str  # the finding's code
    rank: int
    progress: str  # none | proposed | agreed | implemented | rejected
    items: tuple[int, ...]  # ids of the answering review items (newest decision first)
    counts: tuple[
        tuple[str, int], ...
    ]  # (status, how many), in the order proposed, agreed, implemented, rejected
    cases: int  # listening-post cases bearing on the gap


@dataclass(frozen=True)
class ReviewSection:
    gaps: tuple[GapReviewStatus, ...]
    items: tuple[ReviewLine, ...]  # every item of the audience's agencies, and those answering its gaps
    cases: int  # listening-post cases counted


ORDER = ("proposed", "agreed", "implemented", "rejected")


def _line(review: ReviewSnap, snapshot: CatalogueSnapshot, lang: str) -> ReviewLine:
    inst = snapshot.instrument(review.instrument)
    return ReviewLine(
        review.id,
        review.instrument,
        inst.name(lang) if inst else review.instrument,
        review.agency,
        review.barriers,
        review.adjustments,
        review.adjustment_text,
        review.status,
        review.reason,
        review.decided_on,
    )


def review_section(
    gaps: Sequence[Any],
    findings: Sequence[Any],
    reviews: Sequence[ReviewSnap],
    cases: Sequence[CaseSnap],
    agencies: Sequence[str],
    snapshot: CatalogueSnapshot,
    lang: str,
) -> ReviewSection:
    """``gaps`` are the report's gaps (``code``, ``rank``); ``findings`` the analysis' findings."""
    wanted = {g.code for g in gaps}
    chosen = [f for f in findings if f.code in wanted]
    linked = link_reviews(chosen, reviews)
    bearing = for_findings(chosen, cases)
    rows = []
    shown = {r.id for r in reviews if r.agency in set(agencies)}
    for gap in gaps:
        found = linked.get(gap.code)
        items = found.items if found else ()
        shown.update(i.id for i in items)
        counts = found.counts if found else {}
        rows.append(
            GapReviewStatus(
                gap.code,
                gap.rank,
                found.progress if found else "none",
                tuple(i.id for i in items),
                tuple((s, counts[s]) for s in ORDER if s in counts),
                len(bearing.get(gap.code, ())),
            )
        )
    lines = sorted(
        (_line(r, snapshot, lang) for r in reviews if r.id in shown),
        key=lambda line: (line.agency, line.instrument_name.casefold(), -line.id),
    )
    return ReviewSection(tuple(rows), tuple(lines), len(cases))
