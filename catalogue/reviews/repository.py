"""Every query and write of review items."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalogue.reviews.models import AgencyReview


def review_by_id(session: Session, review_id: int) -> AgencyReview | None:
    return session.get(AgencyReview, review_id)


def list_reviews(
    session: Session, *, agencies: Iterable[str] | None = None, instrument: str | None = None
) -> Sequence[AgencyReview]:
    query = select(AgencyReview).order_by(AgencyReview.decided_on.desc(), AgencyReview.id.desc())
    if agencies is not None:
        query = query.where(AgencyReview.agency_code.in_(list(agencies)))
    if instrument is not None:
        query = query.where(AgencyReview.instrument_slug == instrument)
    return session.scalars(query).all()


def stamp(session: Session) -> tuple[int, int, int]:
    """(count, highest id, sum of versions): changes whenever an item is added, changed or removed."""
    row = session.execute(
        select(
            func.count(),
            func.coalesce(func.max(AgencyReview.id), 0),
            func.coalesce(func.sum(AgencyReview.version), 0),
        )
    ).one()
    return int(row[0]), int(row[1]), int(row[2])
