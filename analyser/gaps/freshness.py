"""Freshness of the catalogue: instruments not verified against their source for 12 months (or never).

A pure function over a snapshot, for the gaps page and reports: ``freshness(snapshot, today)``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from catalogue.instruments.snapshot import STALE_AFTER_DAYS, CatalogueSnapshot


@dataclass(frozen=True)
class Freshness:
    total: int
    stale: tuple[str, ...]  # slugs, oldest verification first (never verified first of all)
    never_verified: tuple[str, ...]
    by_agency: dict[str, int] = field(default_factory=dict)  # lead agency → stale instruments
    days: int = STALE_AFTER_DAYS

    @property
    def count(self) -> int:
        return len(self.stale)


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
    )
