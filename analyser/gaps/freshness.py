"""Freshness of the catalogue: instruments not verified against their source for 12 months (or never).

Pure functions over a snapshot, for the gaps page, the reports and the review queue:

- ``freshness(snapshot, today)``: the stale instruments, oldest verification first, and per lead agency how
  many of its instruments are stale (``by_agency``) out of how many (``totals``);
- ``review_queue(snapshot, answering, today, agency=...)``: one agency's instruments whose facts are older
  than ``max_age_days`` or never verified, or whose status is unknown, ordered by how much the gap analysis
  leans on them. ``answering`` maps each barrier to the instruments that answer it (the coverage of the gap
  analyser); an instrument that answers a barrier alone comes first (weight 1 per such barrier), then
  by its summed share of the barriers it answers (Σ 1 / answering(b)), then the oldest check.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from catalogue.instruments.snapshot import STALE_AFTER_DAYS, CatalogueSnapshot, InstrumentSnap

REASONS = ("never_verified", "verified_long_ago", "status_unknown")


@dataclass(frozen=True)
class Freshness:
    total: int
    stale: tuple[str, ...]  # slugs, oldest verification first (never verified first of all)
    never_verified: tuple[str, ...]
    by_agency: dict[str, int] = field(default_factory=dict)  # lead agency → stale instruments
    days: int = STALE_AFTER_DAYS
    totals: dict[str, int] = field(default_factory=dict)  # lead agency → all its instruments

    @property
    def count(self) -> int:
        return len(self.stale)

    def share(self, agency: str) -> float:
        """Share of an agency's instruments whose facts are stale (0 when it has none)."""
        total = self.totals.get(agency, 0)
        return self.by_agency.get(agency, 0) / total if total else 0.0


def freshness(snapshot: CatalogueSnapshot, today: dt.date | None = None) -> Freshness:
    today = today or dt.date.today()
    old = sorted(
        (i for i in snapshot.instruments if i.is_stale(today)),
        key=lambda i: (i.verified_on is not None, i.verified_on or dt.date.min, i.slug),
    )
    return Freshness(
        total=len(snapshot.instruments),
        stale=tuple(i.slug for i in old),
        never_verified=tuple(i.slug for i in old if i.verified_on is None),
        by_agency=dict(Counter(i.agency for i in old).most_common()),
        totals=dict(Counter(i.agency for i in snapshot.instruments)),
    )


@dataclass(frozen=True)
class QueueItem:
    slug: str
    agency: str
    reasons: tuple[str, ...]  # REASONS that put it in the queue
    verified_on: dt.date | None
    alone: tuple[str, ...]  # barriers it answers alone
    answers: tuple[str, ...]  # every barrier it answers
    weight: float  # Σ over the barriers it answers of 1 / (instruments answering that barrier)


@dataclass(frozen=True)
class ReviewQueue:
    agency: str | None
    today: dt.date
    max_age_days: int
    total: int  # instruments of the agency (or of the catalogue)
    items: tuple[QueueItem, ...]


def queue_reasons(i: InstrumentSnap, today: dt.date, max_age_days: int) -> tuple[str, ...]:
    out = []
    if i.verified_on is None:
        out.append("never_verified")
    elif i.verified_on < today - dt.timedelta(days=max_age_days):
        out.append("verified_long_ago")
    if i.status is None:
        out.append("status_unknown")
    return tuple(out)


def review_queue(
    snapshot: CatalogueSnapshot,
    answering: Mapping[str, Sequence[str]],
    today: dt.date,
    *,
    agency: str | None = None,
    max_age_days: int = STALE_AFTER_DAYS,
) -> ReviewQueue:
    """The instruments of ``agency`` (lead agency; None = all) to check against their sources, most relied
    on first (see the module docstring)."""
    answered_by: dict[str, list[str]] = {}
    for barrier, slugs in answering.items():
        for slug in slugs:
            answered_by.setdefault(slug, []).append(barrier)
    size = {b: len(s) for b, s in answering.items()}
    mine = [i for i in snapshot.instruments if agency is None or i.agency == agency]
    items = []
    for i in mine:
        reasons = queue_reasons(i, today, max_age_days)
        if not reasons:
            continue
        answers = tuple(sorted(answered_by.get(i.slug, ())))
        alone = tuple(b for b in answers if size[b] == 1)
        weight = round(sum(1 / size[b] for b in answers), 4)
        items.append(QueueItem(i.slug, i.agency, reasons, i.verified_on, alone, answers, weight))
    items.sort(key=lambda q: (-len(q.alone), -q.weight, q.verified_on or dt.date.min, q.slug))
    return ReviewQueue(agency, today, max_age_days, len(mine), tuple(items))
