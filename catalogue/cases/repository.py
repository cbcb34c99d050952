"""Every query and write of listening-post cases."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue.cases.models import ListeningCase


def case_by_id(session: Session, case_id: int) -> ListeningCase | None:
    return session.get(ListeningCase, case_id)


def list_cases(session: Session, *, county: str | None = None) -> Sequence[ListeningCase]:
    query = select(ListeningCase).order_by(ListeningCase.met_on.desc(), ListeningCase.id.desc())
    if county is not None:
        query = query.where(ListeningCase.county == county)
    return session.scalars(query).all()
