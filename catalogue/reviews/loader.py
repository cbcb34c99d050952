"""Fills the review snapshot from the database."""

from __future__ import annotations

from sqlalchemy.orm import Session

from catalogue.reviews import repository
from catalogue.reviews.models import AgencyReview
from catalogue.reviews.snapshot import ReviewSnap, ReviewSnapshot


def review_snap(row: AgencyReview) -> ReviewSnap:
    return ReviewSnap(
        id=row.id,
        instrument=row.instrument_slug,
        agency=row.agency_code,
        relevance=tuple((m, str(v)) for m, v in sorted((row.relevance or {}).items())),
        barriers=tuple(row.barriers or ()),
        adjustments=tuple(row.adjustments or ()),
        adjustment_text=row.adjustment_text,
        status=row.status,
        reason=row.reason,
        decided_on=row.decided_on,
        version=row.version,
    )


def load_reviews(session: Session) -> ReviewSnapshot:
    return ReviewSnapshot(tuple(review_snap(r) for r in repository.list_reviews(session)))
