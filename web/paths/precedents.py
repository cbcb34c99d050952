"""The award data behind "Funded projects like yours" (docs/paths.md): the precedent index, built lazily on
the first path that needs it and kept per app until an import changes the award tables.

The award tables can hold a million rows, so the index is built from column chunks
(``catalogue.awards.loader.award_row_chunks``) and holds numpy arrays and a sparse matrix, not objects.
Whether the tables changed is checked at most once per ``CHECK_SECONDS`` (two indexed queries).
"""

from __future__ import annotations

import ctypes
import threading
import time
from typing import Any

from sqlalchemy import Engine

from analyser.paths.precedent_index import PrecedentIndex
from catalogue.awards import loader
from catalogue.db import session_factory
from catalogue.instruments.snapshot import CatalogueSnapshot
from web.state import CatalogueState

CHECK_SECONDS = 5.0
Stamp = tuple[int, str, int]


def outcome_text(outcome: str, gettext: Any) -> str:
    """An award outcome as the path page words it (rejections stay rejections)."""
    return str(
        {
            "rejected": gettext("Application rejected"),
            "running": gettext("Funded, project running"),
            "finished": gettext("Funded, project finished"),
            "granted": gettext("Funded"),
        }.get(outcome)
        or gettext("Decision pending")
    )


def build_precedent_index(session: Any, snapshot: CatalogueSnapshot) -> PrecedentIndex:
    """Read every activity once, in chunks (also used by the CLI and the benchmark); then hand the
    build's freed temporaries back to the OS (glibc keeps them otherwise: ~40 MB at 100,000 rows)."""
    index = PrecedentIndex.build(
        loader.award_row_chunks(session),
        instrument_chains={i.slug: i.value_chains for i in snapshot.instruments},
        sources=loader.list_source_snaps(session),
    )
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass
    return index


class PrecedentHolder:
    """One precedent index per app (on ``CatalogueState``), rebuilt when the award stamp changes."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._stamp: Stamp | None = None
        self._index: PrecedentIndex | None = None
        self._checked = 0.0

    def get(self, snapshot: CatalogueSnapshot) -> tuple[Stamp, PrecedentIndex | None]:
        with self._lock:
            now = time.monotonic()
            if self._stamp is not None and now - self._checked < CHECK_SECONDS:
                return self._stamp, self._index
            with session_factory(self.engine)() as session:
                stamp = loader.award_stamp(session)
                if stamp != self._stamp:
                    self._index = build_precedent_index(session, snapshot) if stamp[0] else None
                    self._stamp = stamp
            self._checked = now
            return stamp, self._index


def precedents(state: CatalogueState) -> tuple[Stamp | None, PrecedentIndex | None]:
    """The award stamp (part of path cache keys) and the index; (None, None) without a database."""
    if state.engine is None:
        return None, None
    engine = state.engine
    return state.attached("precedents", lambda: PrecedentHolder(engine)).get(state.snapshot)
