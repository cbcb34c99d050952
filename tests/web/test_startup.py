"""Start-up of a large catalogue: the search terms of the last instruments are counted in a forked child
process (web.startup); the index must be the same as one built in a single process."""

from __future__ import annotations

import os

import numpy as np
import pytest

from analyser.search.index import SearchIndex, SearchQuery
from web import startup


def test_forked_term_counting_builds_the_same_index(monkeypatch: pytest.MonkeyPatch) -> None:
    """Large catalogues count half of their terms in a child process; the index must be the same as one
    built in a single process: same vocabulary in the same order, same postings, same search results."""
    from bench.synthetic import synthetic_instruments

    snaps = synthetic_instruments(3500, seed=4)
    monkeypatch.setenv("VK_NO_FORK", "1")
    single = startup.build_search_index(snaps)
    monkeypatch.delenv("VK_NO_FORK")
    monkeypatch.setattr(startup, "FORK_FROM", 1000)
    calls: list[object] = []
    real = startup.ForkedCall
    monkeypatch.setattr(startup, "ForkedCall", lambda fn: calls.append(fn) or real(fn))
    forked = startup.build_search_index(snaps)
    assert len(calls) == 1  # it did fork
    assert forked._text.tokens == single._text.tokens
    assert np.array_equal(forked._text.offsets, single._text.offsets)
    assert np.array_equal(forked._text.main_slots, single._text.main_slots)
    assert np.array_equal(forked._text.main_tf, single._text.main_tf)
    assert np.array_equal(forked._dl, single._dl)
    for text in ("havvind", "hydrogen pilot", "solenrgi"):
        a, b = (i.search(SearchQuery(text=text, per_page=100)) for i in (forked, single))
        assert a.total == b.total > 0
        assert [(s.slug, round(x, 6)) for s, x in a.items] == [(s.slug, round(x, 6)) for s, x in b.items]


def test_failed_child_falls_back_to_counting_here(monkeypatch: pytest.MonkeyPatch) -> None:
    from bench.synthetic import synthetic_instruments

    snaps = synthetic_instruments(2500, seed=5)
    monkeypatch.setattr(startup, "FORK_FROM", 1000)

    class FailedChild:
        def __init__(self, fn: object) -> None:
            pass

        def result(self) -> None:
            return None

    monkeypatch.setattr(startup, "ForkedCall", FailedChild)
    index = startup.build_search_index(snaps)
    monkeypatch.setenv("VK_NO_FORK", "1")
    assert index._text.tokens == SearchIndex.build(snaps)._text.tokens
    assert (
        index.search(SearchQuery(text="havvind")).total
        == SearchIndex.build(snaps).search(SearchQuery(text="havvind")).total
        > 0
    )


def _raises() -> int:
    raise RuntimeError("the child failed")


def test_forked_call_returns_the_childs_value_or_none_when_it_failed() -> None:
    """A child that returns, raises, or dies without a word: the caller gets the value, or None and counts
    the tail itself."""
    parent = os.getpid()
    assert startup.ForkedCall(lambda: (os.getpid() != parent, [1, 2, 3])).result() == (True, [1, 2, 3])
    assert startup.ForkedCall(_raises).result() is None
    assert startup.ForkedCall(lambda: os._exit(3)).result() is None


def test_the_analysis_on_the_pool_equals_the_analysis_in_one_thread(seed_snapshot) -> None:  # noqa: ANN001
    """The gap analysis runs its text model and overlap search on ``analysis_pool``'s threads in the web
    app and the CLI; without an executor (tests, notebooks) the analyser runs all in one thread."""
    from analyser.gaps.analyse import analyse
    from web.analysis import needs_spec

    alone = analyse(seed_snapshot, needs_spec())
    with startup.analysis_pool() as pool:
        pooled = analyse(seed_snapshot, needs_spec(), executor=pool)
    assert [f.as_dict() for f in pooled.findings] == [f.as_dict() for f in alone.findings]
    assert pooled.overlaps == alone.overlaps and pooled.overlaps
    assert np.array_equal(pooled.scores.score, alone.scores.score)
