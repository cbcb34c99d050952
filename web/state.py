"""The catalogue as the web app sees it: one ``CatalogueState`` per app, on ``app.state.catalogue``.

It holds the current ``CatalogueSnapshot``, the ``SearchIndex`` built from it once, and a cache of
derived results (analyser output, labels) that is dropped whenever the catalogue changes. Requests only
read it; code that writes the catalogue (editing, import) calls ``refresh_instrument(slug)`` after its
transaction commits, or ``reload()`` after a bulk change, so the index stays incremental.

    state = request.app.state.catalogue          # or the StateDep dependency (web/deps.py)
    state.snapshot, state.index                  # read-only
    state.cached(("coverage",), lambda: coverage(state.snapshot))   # computed once per catalogue version
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Engine

from analyser.search_index import SearchIndex
from catalogue import repository
from catalogue.db import session_factory
from catalogue.snapshot import CatalogueSnapshot, build_snapshot, instrument_snap
from web.labels import Labeller

T = TypeVar("T")


class CatalogueState:
    def __init__(self, engine: Engine | None, snapshot: CatalogueSnapshot | None = None) -> None:
        self.engine = engine
        self._lock = threading.RLock()
        self._snapshot: CatalogueSnapshot | None = None
        self._index: SearchIndex | None = None
        self._cache: dict[Hashable, Any] = {}
        self.generation = 0  # bumped on every change; part of ETags and cache keys
        if snapshot is not None:
            self.replace(snapshot)

    # ---- reads ---------------------------------------------------------------------------------------

    @property
    def snapshot(self) -> CatalogueSnapshot:
        if self._snapshot is None:
            self.reload()
        assert self._snapshot is not None
        return self._snapshot

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            self.reload()
        assert self._index is not None
        return self._index

    def cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` once per catalogue generation (analyser results, summaries, labels)."""
        with self._lock:
            full_key = (self.generation, key)
            if full_key not in self._cache:
                self._cache[full_key] = compute()
            return self._cache[full_key]  # type: ignore[no-any-return]

    def labeller(self, lang: str) -> Labeller:
        snapshot = self.snapshot
        return self.cached(("labeller", lang), lambda: Labeller(snapshot, lang))

    # ---- writes (called by editing / import code after its transaction commits) ----------------------

    def reload(self) -> None:
        """Rebuild everything from the database (start-up, bulk import)."""
        if self.engine is None:
            raise RuntimeError("CatalogueState without an engine cannot reload")
        session = session_factory(self.engine)()
        try:
            snapshot = build_snapshot(session)
        finally:
            session.close()
        self.replace(snapshot)

    def replace(self, snapshot: CatalogueSnapshot) -> None:
        """Use a snapshot built elsewhere (tests, benchmarks)."""
        index = SearchIndex.build(snapshot.instruments)
        with self._lock:
            self._snapshot, self._index = snapshot, index
            self._changed()

    def refresh_instrument(self, slug: str) -> None:
        """Re-read one instrument from the database: upserted into the index, or removed if deleted."""
        if self.engine is None:
            raise RuntimeError("CatalogueState without an engine cannot refresh")
        session = session_factory(self.engine)()
        try:
            row = repository.instrument_by_slug(session, slug)
            snap = instrument_snap(row) if row is not None else None
        finally:
            session.close()
        with self._lock:
            current = self.snapshot
            others = tuple(i for i in current.instruments if i.slug != slug)
            instruments = (*others, snap) if snap is not None else others
            self._snapshot = dataclasses.replace(
                current, instruments=tuple(sorted(instruments, key=lambda i: i.slug)))
            if snap is not None:
                self.index.upsert(snap)
            else:
                self.index.remove(slug)
            self._changed()

    def _changed(self) -> None:
        self.generation += 1
        self._cache.clear()
