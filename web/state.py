"""The catalogue as the web app sees it: one ``CatalogueState`` per app, on ``app.state.catalogue``.

It holds the current ``CatalogueSnapshot``, the ``SearchIndex`` built from it once, and a cache of
derived results (analyser output, labels) that is dropped whenever the catalogue changes (instruments or
the evidence consortia). Requests only read it; after a request's transaction commits, the session
dependency (web/deps.py) hands it what was written (``apply``), so the index stays incremental.

    state = request.app.state.catalogue          # or the StateDep dependency (web/deps.py)
    state.snapshot, state.index                  # read-only
    state.cached(("coverage",), lambda: coverage(state.snapshot))   # computed once per catalogue version
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from analyser.gaps.analysis import evidence_consortia
from analyser.search.bulk import LocalCounts, Tail, count_local, tail_start
from analyser.search.index import SearchIndex
from catalogue.db import session_factory
from catalogue.instruments import repository
from catalogue.instruments.loader import build_snapshot, consortium_snap, instrument_snap, instrument_snaps
from catalogue.instruments.snapshot import CatalogueSnapshot
from catalogue.written import Written
from web.i18n.labels import Labeller
from web.startup import FORK_FROM, ForkedCall, build_search_index, can_fork, paused_gc

T = TypeVar("T")
log = logging.getLogger(__name__)


BULK_WRITE = 50  # instruments written by one transaction above which the catalogue is reloaded whole
TAIL_SHARE = 0.62  # of the instruments, counted by the child: it loads only those, the parent all


def _count_tail(engine: Engine, from_slug: str) -> LocalCounts:
    """In the forked child: its own connections (the parent's stay untouched), its instruments, their
    terms."""
    engine.dispose(close=False)
    with session_factory(engine)() as session:
        return count_local(instrument_snaps(session, from_slug))


class CatalogueState:
    def __init__(self, engine: Engine | None, snapshot: CatalogueSnapshot | None = None) -> None:
        self.engine = engine
        self._lock = threading.RLock()
        self._snapshot: CatalogueSnapshot | None = None
        self._index: SearchIndex | None = None
        self._cache: dict[Hashable, Any] = {}
        self._attached: dict[str, Any] = {}
        self.generation = 0  # bumped on every change; part of ETags and cache keys
        self._stamp: tuple[int, int, int] | None = None
        self._checked_at = 0.0
        self.sync_interval = 1.0  # seconds between checks for writes made by other worker processes
        self.load_seconds = (0.0, 0.0)  # of the last reload: snapshot, search index (logged, benchmarked)
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

    def attached(self, key: str, make: Callable[[], T]) -> T:
        """An object kept for the app's lifetime, not dropped when the catalogue changes (it watches its own
        data: e.g. the precedent index of web/paths/precedents.py)."""
        with self._lock:
            if key not in self._attached:
                self._attached[key] = make()
            return self._attached[key]  # type: ignore[no-any-return]

    def labeller(self, lang: str) -> Labeller:
        snapshot = self.snapshot
        return self.cached(("labeller", lang), lambda: Labeller(snapshot, lang))

    def sync_due(self) -> bool:
        """Whether ``sync`` would look at the database now (cheap; no I/O)."""
        return self.engine is not None and time.monotonic() - self._checked_at >= self.sync_interval

    def sync(self) -> None:
        """Pick up writes made by other worker processes: at most once per ``sync_interval`` compare the
        database's catalogue stamp with the one this state was built from; re-read the consortia when only
        they changed, else reload."""
        if not self.sync_due():
            return
        self._checked_at = time.monotonic()
        stamp = self._read_stamp()
        if self._stamp is None or stamp == self._stamp:
            return
        if stamp[:2] == self._stamp[:2]:
            self.refresh_consortia()
        else:
            self.reload()

    def _session(self) -> Session:
        """A read session on the database (used as a context manager: closed on exit)."""
        if self.engine is None:
            raise RuntimeError("CatalogueState without an engine cannot read the database")
        return session_factory(self.engine)()

    def _read_stamp(self) -> tuple[int, int, int]:
        with self._session() as session:
            return repository.catalogue_stamp(session)

    # ---- writes (called after a transaction commits: ``apply`` by the request's session dependency) ---

    def apply(self, written: Written) -> None:
        """Take in what a committed transaction wrote: re-read the instruments it wrote (or reload the
        whole catalogue after a bulk change, or if the incremental path fails: the change is saved
        already, so the visitor must not see an error for it), then the consortia."""
        if len(written.instruments) > BULK_WRITE:
            self.reload()
        else:
            try:
                for slug in sorted(written.instruments):
                    self.refresh_instrument(slug)
            except Exception:
                log.exception("incremental refresh of %s failed; reloading the whole catalogue", written)
                self.reload()
        if written.consortia:
            self.refresh_consortia()

    def reload(self) -> None:
        """Rebuild everything from the database (start-up, bulk import)."""
        started = time.perf_counter()
        with paused_gc():
            with self._session() as session:
                stamp = repository.catalogue_stamp(session)
                tail = self._count_tail_in_parallel(session, stamp[0])
                snapshot = build_snapshot(session)
            loaded = time.perf_counter()
            self.replace(snapshot, tail)
        self._stamp = stamp
        self.load_seconds = (loaded - started, time.perf_counter() - loaded)
        log.info(
            "catalogue loaded: %d instruments; snapshot %.2f s, search index %.2f s",
            len(snapshot.instruments),
            *self.load_seconds,
        )

    def _count_tail_in_parallel(self, session: Session, count: int) -> Tail | None:
        """From ``web.startup.FORK_FROM`` instruments on: fork a child process that loads the last
        ``TAIL_SHARE`` of the instruments itself and counts their search terms, while this process loads
        the whole snapshot (the two take about as long; at 100 000 instruments start-up is ~1 s shorter
        than forking only once the snapshot is loaded, as ``build_search_index`` otherwise does)."""
        if count < FORK_FROM or not can_fork():
            return None
        cut = tail_start(count, TAIL_SHARE)
        from_slug = repository.slug_at(session, cut)
        if from_slug is None:
            return None
        engine = self.engine
        assert engine is not None
        return Tail(count - cut, ForkedCall(lambda: _count_tail(engine, from_slug)).result)

    def replace(self, snapshot: CatalogueSnapshot, tail: Tail | None = None) -> None:
        """Use a snapshot built elsewhere (tests, benchmarks)."""
        index = build_search_index(snapshot.instruments, tail, lock=threading.RLock())
        with self._lock:
            self._snapshot, self._index = snapshot, index
            self._changed()

    def refresh_instrument(self, slug: str) -> None:
        """Re-read one instrument from the database: upserted into the index, or removed if deleted."""
        with self._session() as session:
            row = repository.instrument_by_slug(session, slug)
            snap = instrument_snap(row) if row is not None else None
            stamp = repository.catalogue_stamp(session)
        with self._lock:
            current = self.snapshot
            before = current.instrument(slug)
            others = tuple(i for i in current.instruments if i.slug != slug)
            instruments = (*others, snap) if snap is not None else others
            self._snapshot = dataclasses.replace(
                current, instruments=tuple(sorted(instruments, key=lambda i: i.slug))
            )
            if snap is not None:
                self.index.upsert(snap)
            else:
                self.index.remove(slug)
            self._adopt_stamp_if_only_this_change(before, snap, stamp)
            self._changed()

    def refresh_consortia(self) -> None:
        """Re-read the consortia after one was saved (here or by another worker): the instruments and their
        search index stay as they are, so saving a consortium costs milliseconds, not a catalogue reload.
        Cached results are dropped only when the evidence consortia changed (those the gap analysis and
        the reports weigh): a visitor's consortium from the public form keeps every cached analysis."""
        with self._session() as session:
            consortia = tuple(consortium_snap(c) for c in repository.list_consortia(session))
            stamp = repository.catalogue_stamp(session)
        with self._lock:
            before = self.snapshot
            self._snapshot = dataclasses.replace(before, consortia=consortia)
            if self._stamp is not None and stamp[:2] == self._stamp[:2]:
                self._stamp = stamp  # only consortia changed; otherwise the next sync reloads
            if evidence_consortia(before) != evidence_consortia(self._snapshot):
                self._changed()

    def _adopt_stamp_if_only_this_change(self, before: Any, after: Any, stamp: tuple[int, int, int]) -> None:
        """Keep the cross-worker stamp in step with our own write. If the database shows more change than
        ours (another worker wrote too), leave the old stamp so that the next ``sync`` reloads."""
        if self._stamp is None:
            return
        count, versions, consortia = self._stamp
        count += (after is not None) - (before is not None)
        versions += (after.version if after else 0) - (before.version if before else 0)
        if stamp == (count, versions, consortia):
            self._stamp = stamp

    def _changed(self) -> None:
        self.generation += 1
        self._cache.clear()
