"""Every query and write of listening-post cases."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalogue.cases.models import ListeningCase


def case_by_id(session: Session, case_id: int) -> ListeningCase | None:
    return session.get(ListeningCase, case_id)


def list_cases(session: Session, *, county: str | None = None) -> Sequence[ListeningCase]:
    query = select(ListeningCase).order_by(ListeningCase.met_on.desc(), ListeningCase.id.desc())
    if county is not None:
        query = query.where(ListeningCase.county == county)
    return session.scalars(query).all()


def stamp(session: Session) -> tuple[int, int, int]:
    """(count, highest id, sum of versions): changes whenever a case is added, changed or removed."""
    row = session.execute(
        select(
            func.count(),
            func.coalesce(func.max(ListeningCase.id), 0),
            func.coalesce(func.sum(ListeningCase.version), 0),
        )
    ).one()
    return int(row[0]), int(row[1]), int(row[2])
