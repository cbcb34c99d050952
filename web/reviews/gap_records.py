"""What the gap and barrier pages show of the cooperation's records: the review items answering a gap and
the listening-post cases bearing on it (or meeting a barrier), filtered by county and period."""

from __future__ import annotations

from typing import Any

from analyser.cases.counting import CaseFilter, for_findings, select, tally
from analyser.reviews.linking import link_reviews
from web.cases.view import OUTCOME_LABELS, case_filter
from web.records import current_records
from web.reviews.view import ADJUSTMENT_LABELS, STATUS_LABELS
from web.state import CatalogueState


def _filter(state: CatalogueState, params: Any) -> CaseFilter:
    return case_filter(state, params.get("county"), params.get("start"), params.get("end"))


def gap_records_context(state: CatalogueState, finding: Any, params: Any) -> dict[str, Any]:
    records = current_records(state)
    where = _filter(state, params)
    cases = for_findings([finding], select(records.cases.cases, where))[finding.code]
    return {
        "gap_reviews": link_reviews([finding], records.reviews.reviews)[finding.code],
        "gap_cases": cases,
        "gap_case_tallies": tally(cases),
        "case_filter": where,
        "counties": state.snapshot.counties,
        "status_labels": STATUS_LABELS,
        "adjustment_labels": ADJUSTMENT_LABELS,
        "outcome_labels": OUTCOME_LABELS,
        "instrument_of": state.snapshot.instrument,
    }


def barrier_cases_context(state: CatalogueState, barrier: str, params: Any) -> dict[str, Any]:
    where = _filter(state, params)
    cases = [c for c in select(current_records(state).cases.cases, where) if barrier in c.barriers]
    return {"barrier_cases": cases, "barrier_case_tallies": tally(cases), "case_filter": where}
