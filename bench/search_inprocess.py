"""In-process timings of the search index: start-up (snapshot load, index build, as
``web.state.CatalogueState.reload`` does them at server start-up), then p50/p95 of
``SearchIndex.search`` for text search, no search, each facet alone, the five benchmark facets together,
with and without text, and of incremental ``upsert``.

    .venv/bin/python -m bench.search_inprocess var/bench/vk-100000.db havvind solenergi
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import time
from pathlib import Path

from analyser.search.index import FACETS, SearchQuery
from catalogue.db import engine_for
from web.state import CatalogueState

REPS = 40
FIVE = ("agency", "type", "consortium", "value_chain", "deadline_kind")


def _timed(fn, reps: int = REPS) -> dict[str, float]:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    q = statistics.quantiles(samples, n=20)
    return {"p50_ms": round(statistics.median(samples), 3), "p95_ms": round(q[18], 3)}


def measure(db: Path, terms: list[str]) -> dict[str, object]:
    state = CatalogueState(engine_for(f"sqlite:///{db}"))
    state.reload()  # as the server starts: snapshot and index, with the forked child at 100 000
    load_s, build_s = state.load_seconds
    index, snaps = state.index, list(state.snapshot.instruments)
    top = {f: index.search(SearchQuery(per_page=1)).facets[f][0][0] for f in FACETS}
    cases: dict[str, SearchQuery] = {"no search": SearchQuery()}
    cases.update({f"search '{term}'": SearchQuery(text=term) for term in terms[:3]})
    cases["search, typo 'havvnd'"] = SearchQuery(text="havvnd")
    cases.update({f"facet {f}={top[f]}": SearchQuery(filters={f: frozenset({top[f]})}) for f in FACETS})
    five = {f: frozenset({top[f]}) for f in FIVE}
    cases["five facets"] = SearchQuery(filters=five)
    cases[f"five facets + search '{terms[0]}'"] = SearchQuery(text=terms[0], filters=five)
    cases["all eleven facets"] = SearchQuery(filters={f: frozenset({top[f]}) for f in FACETS})
    cases["sort by amount, page 20"] = SearchQuery(sort="amount", page=20)
    timings = {name: _timed(lambda q=q: index.search(q)) for name, q in cases.items()}
    victim = snaps[len(snaps) // 2]
    edits = iter(range(10**6))
    timings["upsert (edit one instrument)"] = _timed(
        lambda: index.upsert(
            dataclasses.replace(victim, summary_en=f"edited {next(edits)} {victim.summary_en}")
        )
    )
    return {"snapshot_load_s": round(load_s, 2), "index_build_s": round(build_s, 2), "queries": timings}


def report(r: dict) -> str:  # type: ignore[type-arg]
    lines = [f"   in-process: snapshot load {r['snapshot_load_s']} s, index build {r['index_build_s']} s"]
    for name, t in r["queries"].items():
        lines.append(f"   {name:40} p50 {t['p50_ms']:8.2f} ms   p95 {t['p95_ms']:8.2f} ms")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(measure(Path(sys.argv[1]), sys.argv[2:] or ["havvind"])))
