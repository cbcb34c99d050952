"""Instruments not verified for 12 months (or never) are counted, per agency, oldest first."""

from __future__ import annotations

import datetime as dt

from analyser.gaps.freshness import freshness
from catalogue.instruments.snapshot import CatalogueSnapshot, InstrumentSnap

TODAY = dt.date(2026, 11, 30)


def _i(slug: str, agency: str, verified: dt.date | None) -> InstrumentSnap:
    return InstrumentSnap(id=0, slug=slug, agency=agency, name_nb=slug, verified_on=verified)


def test_stale_means_older_than_a_year_or_never_verified() -> None:
    snap = CatalogueSnapshot(
        instruments=(
            _i("fresh", "IN", dt.date(2026, 6, 1)),
            _i("exactly-a-year", "IN", TODAY - dt.timedelta(days=365)),
            _i("old", "SIVA", dt.date(2024, 1, 1)),
            _i("older", "IN", dt.date(2023, 1, 1)),
            _i("never", "FR", None),
        )
    )
    result = freshness(snap, TODAY)
    assert result.stale == ("never", "older", "old")
    assert result.count == 3 and result.total == 5 and result.never_verified == ("never",)
    assert result.by_agency == {"FR": 1, "IN": 1, "SIVA": 1}
    assert not snap.instruments[1].is_stale(TODAY) and snap.instruments[2].is_stale(TODAY)
