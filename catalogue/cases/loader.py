"""Fills the case snapshot from the database."""

from __future__ import annotations

from sqlalchemy.orm import Session

from catalogue.cases import repository
from catalogue.cases.models import ListeningCase
from catalogue.cases.snapshot import AttemptSnap, CaseSnap, CaseSnapshot


def case_snap(row: ListeningCase) -> CaseSnap:
    return CaseSnap(
        id=row.id,
        county=row.county,
        agency=row.agency_code,
        met_on=row.met_on,
        value_chains=tuple(row.value_chains or ()),
        stage=row.stage,
        barriers=tuple(row.barriers or ()),
        attempts=tuple(
            AttemptSnap(instrument=a.get("instrument"), outcome=str(a["outcome"]), reason=a.get("reason"))
            for a in row.attempts or ()
        ),
        text=row.text,
        org_numbers=tuple(row.org_numbers or ()) if row.consent else (),
        version=row.version,
    )


def load_cases(session: Session) -> CaseSnapshot:
    return CaseSnapshot(tuple(case_snap(c) for c in repository.list_cases(session)))
