"""Process-level work around the analyser, which stays pure: forking, thread pools, garbage-collector
tuning. The web app (``web.state``) and the CLI call these; the analyser never does
(``tests/test_architecture.py``).

- ``build_search_index(instruments, tail)``: ``SearchIndex.build`` with, from ``FORK_FROM`` instruments
  on, the terms of the last ``CHILD_SHARE`` of them counted in a forked child process (``ForkedCall``),
  then ``settle`` (``gc.freeze``, ``malloc_trim``).
- ``ForkedCall(fn)``: ``fn()`` in a forked child (``concurrent.futures.ProcessPoolExecutor`` over
  multiprocessing's fork context); ``result()`` is its return value, None when the child failed.
- ``paused_gc()``: no cyclic garbage collection while the catalogue loads.
- ``analysis_pool()``: the threads a gap analysis runs its n-gram counting and overlap search on.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Generic, TypeVar

from analyser.search.bulk import Tail, count_local, tail_start
from analyser.search.index import SearchIndex
from catalogue.instruments.snapshot import InstrumentSnap

T = TypeVar("T")

FORK_FROM = 20_000  # instruments; below this a child process costs more than it saves
CHILD_SHARE = 0.56  # a little more than half: this process also builds the facets and maps the tokens
FREEZE_FROM = 10_000  # instruments; see settle()
ANALYSIS_THREADS = 2


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and os.environ.get("VK_NO_FORK") != "1"


_forked_fn: Callable[[], Any] | None = None  # set in the child only, by _adopt (the fork carries it over)


def _adopt(fn: Callable[[], Any]) -> None:
    global _forked_fn
    _forked_fn = fn


def _call_adopted() -> Any:
    assert _forked_fn is not None
    return _forked_fn()


class ForkedCall(Generic[T]):
    """Run ``fn()`` in a forked child process at once; ``result()`` waits for its (pickled) return value.

    The child gets ``fn`` and everything it refers to through the fork, copy-on-write: nothing is pickled
    on the way in (the pool's initializer receives ``fn`` as an argument of the forked process, and the
    submitted task is a module-level function that calls it). Only the result is pickled, and the pool
    reads it on its own thread as soon as it arrives, while this process keeps working; then the child
    exits.

        call = ForkedCall(lambda: expensive(half_of_the_data))   # the child starts at once
        mine = expensive(other_half)                              # this process works meanwhile
        theirs = call.result()                                    # None if the child failed
    """

    def __init__(self, fn: Callable[[], T]) -> None:
        self._pool = ProcessPoolExecutor(
            1, mp_context=multiprocessing.get_context("fork"), initializer=_adopt, initargs=(fn,)
        )
        self._future = self._pool.submit(_call_adopted)
        # the child leaves as soon as its result is in (it holds the instruments it loaded), and does so
        # even when nobody asks for the result
        self._future.add_done_callback(lambda _: self._pool.shutdown(wait=False))

    def result(self) -> T | None:
        """The child's return value, or None when it failed (the caller computes it itself then)."""
        try:
            value: T = self._future.result()
        except Exception:  # noqa: BLE001 - the child raised or died (BrokenProcessPool): fall back
            return None
        finally:
            self._pool.shutdown(wait=True)
        return value


def build_search_index(
    instruments: Iterable[InstrumentSnap],
    tail: Tail | None = None,
    *,
    lock: AbstractContextManager[Any] | None = None,
) -> SearchIndex:
    """``SearchIndex.build``, with the tail counted in a forked child for a large catalogue unless the
    caller already started one (``web.state`` forks while the snapshot is still loading); then
    ``settle``."""
    snaps: Sequence[InstrumentSnap] = list({i.slug: i for i in instruments}.values())
    n = len(snaps)
    if tail is None and n >= FORK_FROM and can_fork():
        cut = tail_start(n, CHILD_SHARE)
        tail = Tail(n - cut, ForkedCall(lambda: count_local(snaps[cut:])).result)
    index = SearchIndex.build(snaps, tail, lock=lock)
    settle(large=n >= FREEZE_FROM)
    return index


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while the catalogue loads: it creates ~10^6 objects, none of them
    garbage, and each full collection would walk all of them (at 100 000 instruments the load took
    0.7 s longer with collections running). The index build ends with ``settle``."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def settle(large: bool) -> None:
    """After building a large index: hand the build's freed temporary arrays back to the OS (glibc keeps
    ~200 MB of them at 100 000 instruments otherwise) and move the long-lived catalogue objects out of
    the garbage collector's reach (``gc.freeze``), so a full collection no longer walks ~10^6 snapshot
    objects (~100 ms at 100 000 instruments, a latency spike for whichever request triggers it)."""
    if not large:
        return
    gc.collect()
    gc.freeze()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


@contextmanager
def analysis_pool() -> Iterator[ThreadPoolExecutor]:
    """Threads for one gap analysis (``analyser.gaps.analyse.analyse(..., executor=)``): the n-gram
    counting of the text model in chunks, then the overlap search beside the other checks (numpy, scipy
    and rapidfuzz release the GIL)."""
    with ThreadPoolExecutor(ANALYSIS_THREADS, thread_name_prefix="analysis") as pool:
        yield pool
