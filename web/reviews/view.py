"""What the review pages show: the list (by agency or department) and the form's choices."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from analyser.reports.model import review_agencies
from catalogue.accounts.roles import Actor
from catalogue.reviews import repository
from catalogue.reviews.audiences import review_audiences
from catalogue.reviews.loader import review_snap
from catalogue.reviews.schemas import ADJUSTMENTS, RELEVANCE, REVIEW_STATUSES
from catalogue.reviews.service import may_review
from catalogue.vocabulary import MISSIONS
from web.i18n.wording import ministries
from web.state import CatalogueState
from web.templating import N_

REVIEWS_URL = "/gjennomgangar"
ADJUSTMENT_LABELS = {
    "open_to_consortia": N_("Open to consortia"),
    "pay_coordination_costs": N_("Pay coordination costs"),
    "fund_shared_infrastructure": N_("Fund shared infrastructure"),
    "cover_later_stages": N_("Cover later stages (pilot, demonstration, full scale)"),
    "share_risk": N_("Share risk (loans, guarantees)"),
    "joint_calls": N_("Joint calls with other schemes"),
    "continuing_education": N_("Continuing education for the new industries"),
    "other": N_("Other (described below)"),
}
STATUS_LABELS = {
    "none": N_("No review item"),
    "proposed": N_("Proposed"),
    "agreed": N_("Agreed"),
    "implemented": N_("Implemented"),
    "rejected": N_("Rejected"),
}
RELEVANCE_LABELS = {
    "none": N_("Not relevant"),
    "low": N_("Low relevance"),
    "medium": N_("Medium relevance"),
    "high": N_("High relevance"),
}
FIELD_LABELS = {
    "instrument": N_("Instrument"),
    "relevance": N_("Relevance to the missions"),
    "barriers": N_("Barriers it could answer"),
    "adjustments": N_("Proposed adjustment"),
    "adjustment_text": N_("The adjustment in words"),
    "status": N_("Status"),
    "reason": N_("Reason"),
    "decided_on": N_("Date"),
    "(record)": N_("The review item"),
}


def scope(state: CatalogueState, agency: str | None, department: str | None) -> tuple[str, ...] | None:
    """The agencies whose reviews a list shows: one agency, a department's (seeds/review_audiences.yaml,
    else the agencies it steers), or all."""
    if department and department in ministries():
        return review_agencies(state.snapshot, department, "department", review_audiences())
    if agency and state.snapshot.agency(agency) is not None:
        return (agency,)
    return None


def list_context(
    session: Session, state: CatalogueState, who: Actor | None, agency: str | None, department: str | None
) -> dict[str, Any]:
    agencies = scope(state, agency, department)
    rows = repository.list_reviews(session, agencies=agencies)
    snapshot = state.snapshot
    return {
        "items": [review_snap(r) for r in rows],
        "editable": {r.id for r in rows if may_review(who, r.agency_code)},
        "agency": agency if agencies and not department else "",
        "department": department if department in ministries() else "",
        "departments": [(code, names) for code, names in ministries().items()],
        "agencies_shown": agencies or (),
        "instrument_name": {i.slug: i for i in snapshot.instruments},
        "can_add": who is not None and (who.admin or who.agency is not None),
        "status_labels": STATUS_LABELS,
        "relevance_labels": RELEVANCE_LABELS,
        "adjustment_labels": ADJUSTMENT_LABELS,
        "missions": MISSIONS,
    }


def form_context(
    state: CatalogueState,
    who: Actor,
    *,
    values: dict[str, Any],
    errors: dict[str, list[str]],
    review_id: int | None,
    version: int,
) -> dict[str, Any]:
    snapshot = state.snapshot
    instruments = sorted(
        (i for i in snapshot.instruments if who.may_edit_agency(i.agency)), key=lambda i: (i.agency, i.slug)
    )
    return {
        "values": values,
        "errors": errors,
        "review_id": review_id,
        "version": version,
        "action": f"{REVIEWS_URL}/{review_id}/rediger" if review_id else f"{REVIEWS_URL}/ny",
        "instruments": instruments,
        "barriers": snapshot.barriers,
        "missions": MISSIONS,
        "relevance": RELEVANCE,
        "adjustments": ADJUSTMENTS,
        "statuses": REVIEW_STATUSES,
        "status_labels": STATUS_LABELS,
        "relevance_labels": RELEVANCE_LABELS,
        "adjustment_labels": ADJUSTMENT_LABELS,
        "field_labels": FIELD_LABELS,
    }


def blank(instrument: str) -> dict[str, Any]:
    return {"instrument": instrument, "status": "proposed", "decided_on": dt.date.today().isoformat()}
