"""The history page of a review item or a listening-post case, with an undo button on each change the
viewer may undo (the same rights as changing the record). Shared by ``web/reviews`` and ``web/cases``.

An undo puts the record back as it was just before the chosen change (``catalogue.audit.records``); the
form carries the version shown, so a record changed since the page was read is refused (409)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from catalogue.audit import records as audit
from web.accounts.routes import page
from web.templating import N_

TEMPLATE = "record_history.html"
ACTION_LABELS = {"create": N_("Created"), "update": N_("Changed"), "revert": N_("Undone")}
TITLES = {"review": N_("History of the review item"), "case": N_("History of the case")}
LIST_NAMES = {"review": N_("Reviews of instruments"), "case": N_("Listening post")}


def history_page(
    request: Request,
    session: Session,
    *,
    kind: str,
    record_id: int,
    version: int,
    base: str,
    field_labels: dict[str, str],
    may_undo: bool,
    signed_in: bool,
) -> Response:
    """``base``: the record's URL (``/gjennomgangar/3``); the list is its parent."""
    ctx: dict[str, Any] = {
        "title": TITLES[kind],
        "list_name": LIST_NAMES[kind],
        "list_url": base.rsplit("/", 1)[0],
        "entries": audit.history(session, kind, record_id),
        "version": version,
        "undo_url": f"{base}/historikk",
        "may_undo": may_undo,
        "revertible": audit.REVERTIBLE,
        "show_authors": signed_in,
        "action_labels": ACTION_LABELS,
        "field_labels": field_labels,
    }
    return page(request, TEMPLATE, ctx)
