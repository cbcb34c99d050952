"""The review items and listening-post cases as the pages and reports read them: snapshots loaded from the
database and kept until a write changes them.

Each read asks the database for a cheap stamp (count, highest id, sum of versions of both tables), so a
write by any worker is seen by the next request; the snapshots are reloaded only when the stamp moved.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass

from catalogue.cases import repository as cases_repository
from catalogue.cases.loader import load_cases
from catalogue.cases.snapshot import CaseSnapshot
from catalogue.db import session_factory
from catalogue.reviews import repository as reviews_repository
from catalogue.reviews.loader import load_reviews
from catalogue.reviews.snapshot import ReviewSnapshot
from web.state import CatalogueState

Stamp = tuple[tuple[int, int, int], tuple[int, int, int]]


@dataclass(frozen=True)
class Records:
    reviews: ReviewSnapshot
    cases: CaseSnapshot
    stamp: Stamp


EMPTY = Records(ReviewSnapshot(), CaseSnapshot(), ((0, 0, 0), (0, 0, 0)))
_held: weakref.WeakKeyDictionary[CatalogueState, Records] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def current_records(state: CatalogueState) -> Records:
    """The records now in the database (reloaded only after a write)."""
    if state.engine is None:
        return EMPTY
    with session_factory(state.engine)() as session:
        stamp = (reviews_repository.stamp(session), cases_repository.stamp(session))
        held = _held.get(state)
        if held is not None and held.stamp == stamp:
            return held
        records = Records(load_reviews(session), load_cases(session), stamp)
    with _lock:
        _held[state] = records
    return records
