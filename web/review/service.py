"""The review queue of one agency: instruments whose facts need checking against their sources, the ones
the gap analysis leans on most first (``analyser.gaps.freshness.review_queue``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from analyser.gaps.analyse import Analysis
from analyser.gaps.freshness import ReviewQueue, freshness, review_queue
from catalogue.instruments.loader import build_snapshot
from catalogue.instruments.snapshot import STALE_AFTER_DAYS, CatalogueSnapshot
from web.analysis import gap_analysis, run_analysis
from web.state import CatalogueState

REVIEW_PATH = "/kontroll"


def answering(analysis: Analysis) -> dict[str, tuple[str, ...]]:
    """Barrier code → slugs of the instruments that answer it (the gap analyser's coverage)."""
    scores = analysis.scores
    return {code: tuple(scores.slugs[i] for i in scores.answering(code)) for code in scores.codes}


def queue_context(
    state: CatalogueState, agency: str | None, today: dt.date, max_age: int = STALE_AFTER_DAYS
) -> dict[str, Any]:
    """Everything the queue page shows: the agencies with their share of stale facts, and the queue."""
    snapshot = state.snapshot
    analysis = gap_analysis(state, today)
    fresh = freshness(snapshot, today)
    known = {a.code for a in snapshot.agencies}
    chosen = agency if agency in known else None
    queue = review_queue(snapshot, answering(analysis), today, agency=chosen, max_age_days=max_age)
    rows = [
        {"code": code, "total": total, "stale": fresh.by_agency.get(code, 0), "share": fresh.share(code)}
        for code, total in sorted(fresh.totals.items(), key=lambda kv: (-fresh.share(kv[0]), kv[0]))
    ]
    return {
        "agency": chosen,
        "queue": queue if chosen else None,
        "agencies": rows,
        "max_age": max_age,
        "today": today,
        "instruments": {i.slug: i for i in snapshot.instruments},
        "barriers": {b.code: b for b in snapshot.barriers},
    }


def review_queue_for(session: Session, agency: str | None, today: dt.date) -> ReviewQueue:
    """The queue from the database (the CLI): the gap checks without funding paths give the coverage."""
    snapshot: CatalogueSnapshot = build_snapshot(session)
    analysis = run_analysis(snapshot, today=today, with_paths=False).analysis
    return review_queue(snapshot, answering(analysis), today, agency=agency)
