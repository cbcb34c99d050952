"""The "funded projects" section of an instrument page (web/awards/templates/_award_funding.html)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from catalogue.awards import profiles
from web.awards.view import AwardLabels
from web.i18n.labels import Labeller


def funding_context(session: Session, instrument_id: int, labeller: Labeller) -> dict[str, Any]:
    """``funding`` (None when no activity is linked to the instrument), the sources loaded and ``aw``."""
    funding = profiles.instrument_funding(session, instrument_id)
    return {
        "funding": funding if funding.covered else None,
        "award_sources": profiles.all_sources(session),
        "aw": AwardLabels(labeller),
    }
