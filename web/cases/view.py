"""What the listening-post pages show: the cases with their counts (filtered by county and period), the
cases that bear on each gap, and the form's choices."""

from __future__ import annotations

import datetime as dt
from typing import Any

from analyser.cases.counting import CaseFilter, by_barrier, for_findings, select, tally
from catalogue.accounts.roles import Actor
from catalogue.cases.schemas import OUTCOMES
from catalogue.vocabulary import STAGES, VALUE_CHAINS
from web.analysis import gap_analysis
from web.cases.form import padded
from web.records import current_records
from web.state import CatalogueState
from web.templating import N_

CASES_URL = "/lyttepost"
OUTCOME_LABELS = {
    "granted": N_("Granted"),
    "rejected": N_("Rejected"),
    "between_schemes": N_("Fell between schemes"),
    "not_applied": N_("Did not apply"),
}
FIELD_LABELS = {
    "county": N_("County"),
    "met_on": N_("Date met"),
    "value_chains": N_("Value chains"),
    "stage": N_("Stage"),
    "barriers": N_("Barriers met"),
    "attempts": N_("Instruments tried"),
    "text": N_("What happened"),
    "consent": N_("The organisations agreed to be named"),
    "org_numbers": N_("Organisation numbers"),
    "(record)": N_("The case"),
}


def parse_date(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def case_filter(state: CatalogueState, county: str | None, start: str | None, end: str | None) -> CaseFilter:
    known = {code for code, _ in state.snapshot.counties}
    return CaseFilter(county if county in known else None, parse_date(start), parse_date(end))


def list_context(state: CatalogueState, who: Actor | None, where: CaseFilter) -> dict[str, Any]:
    chosen = select(current_records(state).cases.cases, where)
    findings = gap_analysis(state).findings
    bearing = for_findings(findings, chosen)
    top = sorted(((f, bearing[f.code]) for f in findings if bearing[f.code]), key=lambda p: -len(p[1]))[:10]
    return {
        "cases": chosen,
        "tallies": tally(chosen),
        "barrier_counts": sorted(by_barrier(chosen).items()),
        "gaps": top,
        "filter": where,
        "counties": state.snapshot.counties,
        "outcome_labels": OUTCOME_LABELS,
        "can_add": who is not None and (who.admin or who.agency is not None),
        "editable": {c.id for c in chosen if who is not None and (who.admin or who.agency == c.agency)},
    }


def form_context(
    state: CatalogueState,
    who: Actor,
    *,
    values: dict[str, Any],
    errors: dict[str, list[str]],
    case_id: int | None,
    version: int,
) -> dict[str, Any]:
    snapshot = state.snapshot
    counties = [(c, n) for c, n in snapshot.counties if who.county is None or who.county == c]
    return {
        "values": values,
        "errors": errors,
        "case_id": case_id,
        "version": version,
        "action": f"{CASES_URL}/{case_id}/rediger" if case_id else f"{CASES_URL}/ny",
        "counties": counties,
        "value_chains": [v for v in VALUE_CHAINS if v != "any"],
        "stages": STAGES,
        "barriers": snapshot.barriers,
        "outcomes": OUTCOMES,
        "outcome_labels": OUTCOME_LABELS,
        "instruments": sorted(snapshot.instruments, key=lambda i: i.name("nn").casefold()),
        "attempt_rows": padded(values),
        "field_labels": FIELD_LABELS,
    }


def blank(who: Actor) -> dict[str, Any]:
    return {"county": who.county or "", "met_on": dt.date.today().isoformat(), "consent": False}
