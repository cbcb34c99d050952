"""Issue 13: tantivy (PyPI ``tantivy``) against the hand-written text index, in process.

Only the text part of a search is compared, which is what tantivy would replace: for the same synthetic
catalogue (``bench.synthetic.synthetic_instruments``) at 10 000 and 100 000 instruments,

- ours: ``SearchIndex.build`` (single process, no forked child), then p50/p95 of the text match alone
  (``SearchIndex._text_match``: a BM25 score for every slot and the bitset of all matches, prefix and
  Levenshtein expansions included), of a whole ``search`` with that term, and of five facets + search;
- tantivy: an in-RAM index over the same four weighted fields (``analyser.search.text.instrument_fields``:
  names nb/nn/en ×3, tag words ×2, agencies + summaries + consortium condition ×1, facts note ×1) with a
  tokenizer that lower-cases and ASCII-folds (æ → ae, ø → o, å → a, as ours), build = add all documents +
  commit + reload; then p50/p95 of top-50 ids, and of the full match set turned into what our facets need
  (every matching slot via a ``slot`` fast field, a float32 score array and a packed bitset), for a plain
  term query and for a fuzzy one (prefix Levenshtein with our distance rule, ``max_distance``);
- each engine is measured in a child process of its own, so its peak RSS (``ru_maxrss``) over the
  catalogue alone is its own.

    .venv/bin/python -m bench.tantivy_eval [10000 100000]
"""

from __future__ import annotations

import dataclasses
import json
import os
import resource
import statistics
import subprocess
import sys
import time

import numpy as np

REPS = 200
TERMS = ("havvind", "solenergi", "havbruk", "havvnd")
FIVE = ("agency", "type", "consortium", "value_chain", "deadline_kind")
FIELDS = ("name", "tags", "summary", "facts")  # analyser.search.text.instrument_fields, in order


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(fn, reps: int = REPS) -> dict[str, float]:  # type: ignore[no-untyped-def]
    fn()  # warm caches (expansions, first searcher use)
    samples = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    q = statistics.quantiles(samples, n=20)
    return {"p50": round(statistics.median(samples), 3), "p95": round(q[18], 3)}


def run_ours(n: int) -> dict[str, object]:
    from analyser.search.index import FACETS, SearchIndex, SearchQuery
    from analyser.search.text import tokens
    from bench.synthetic import synthetic_instruments

    snaps = synthetic_instruments(n)
    base = _rss_mb()
    t = time.perf_counter()
    index = SearchIndex.build(snaps)
    build_s = time.perf_counter() - t
    top = {f: index.search(SearchQuery(per_page=1)).facets[f][0][0] for f in FACETS}
    five = {f: frozenset({top[f]}) for f in FIVE}
    out: dict[str, object] = {"build_s": round(build_s, 2), "rss_mb": round(_rss_mb() - base, 1)}
    for term in TERMS:
        toks = tokens(term)
        total = index.search(SearchQuery(text=term, per_page=1)).total
        out[term] = {
            "matches": total,
            "text_match": _timed(lambda toks=toks: index._text_match(toks)),
            "search": _timed(lambda term=term: index.search(SearchQuery(text=term))),
            "five+search": _timed(lambda term=term: index.search(SearchQuery(text=term, filters=five))),
        }
    victim = snaps[len(snaps) // 2]
    edits = iter(range(10**6))
    out["upsert"] = _timed(
        lambda: index.upsert(
            dataclasses.replace(victim, summary_en=f"edited {next(edits)} {victim.summary_en}")
        ),
        40,
    )
    return out


def run_tantivy(n: int) -> dict[str, object]:
    import tantivy

    from analyser.lists import pack
    from analyser.search.postings import max_distance
    from analyser.search.text import instrument_fields
    from bench.synthetic import synthetic_instruments

    snaps = synthetic_instruments(n)
    texts = [[text for text, _ in instrument_fields(s)] for s in snaps]
    base = _rss_mb()
    t = time.perf_counter()
    sb = tantivy.SchemaBuilder()
    for f in FIELDS:
        sb.add_text_field(f, stored=False, tokenizer_name="vk")
    sb.add_unsigned_field("slot", stored=False, indexed=True, fast=True)
    schema = sb.build()
    index = tantivy.Index(schema)  # no path: in RAM
    index.register_tokenizer(
        "vk",
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build(),
    )
    writer = index.writer(heap_size=300_000_000, num_threads=1)
    for slot, fields in enumerate(texts):
        doc = tantivy.Document()
        doc.add_unsigned("slot", slot)
        for f, text in zip(FIELDS, fields, strict=True):
            if text:
                doc.add_text(f, text)
        writer.add_document(doc)
    writer.commit()
    index.reload()
    searcher = index.searcher()
    build_s = time.perf_counter() - t
    boosts = {"name": 3.0, "tags": 2.0, "summary": 1.0, "facts": 1.0}
    out: dict[str, object] = {
        "build_s": round(build_s, 2),
        "rss_mb": round(_rss_mb() - base, 1),
        "segments": searcher.num_segments,
    }
    cap = -(-len(snaps) // 64) * 64  # slots rounded up to whole 64-bit words, as SearchIndex._grow

    def full_set(q: tantivy.Query) -> tuple[np.ndarray, np.ndarray]:
        hits = searcher.search(q, limit=cap, count=False).hits
        slots = np.fromiter(searcher.fast_field_values("slot", [a for _, a in hits]), np.int64, len(hits))
        scores = np.zeros(cap, np.float32)
        scores[slots] = np.fromiter((s for s, _ in hits), np.float32, len(hits))
        return scores, pack(scores > 0)

    for term in TERMS:
        plain = index.parse_query(term, list(FIELDS), field_boosts=boosts)
        d = max_distance(term)
        fuzzy = index.parse_query(
            term, list(FIELDS), field_boosts=boosts, fuzzy_fields={f: (True, d, True) for f in FIELDS}
        )
        out[term] = {
            "matches_plain": searcher.search(plain, limit=1, count=True).count,
            "matches_fuzzy": searcher.search(fuzzy, limit=1, count=True).count,
            "plain_top50": _timed(lambda q=plain: searcher.search(q, limit=50, count=True)),
            "plain_full": _timed(lambda q=plain: full_set(q)),
            "fuzzy_top50": _timed(lambda q=fuzzy: searcher.search(q, limit=50, count=True)),
            "fuzzy_full": _timed(lambda q=fuzzy: full_set(q)),
        }
    victim = len(snaps) // 2
    edits = iter(range(10**6))

    def upsert() -> None:
        nonlocal searcher
        writer.delete_documents_by_term("slot", victim)
        doc = tantivy.Document()
        doc.add_unsigned("slot", victim)
        for f, text in zip(FIELDS, texts[victim], strict=True):
            doc.add_text(f, f"edited {next(edits)} {text}" if f == "summary" else text)
        writer.add_document(doc)
        writer.commit()
        index.reload()
        searcher = index.searcher()

    out["upsert"] = _timed(upsert, 40)
    return out


def main(sizes: list[int]) -> None:
    results = {}
    for n in sizes:
        for engine in ("ours", "tantivy"):
            proc = subprocess.run(
                [sys.executable, "-m", "bench.tantivy_eval", "--child", engine, str(n)],
                capture_output=True,
                text=True,
                check=True,
            )
            results[f"{engine}-{n}"] = json.loads(proc.stdout.strip().splitlines()[-1])
            print(f"{engine} {n}: {results[f'{engine}-{n}']}", flush=True)
    print(f"load average {os.getloadavg()}")
    print(json.dumps(results))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        fn = run_ours if sys.argv[2] == "ours" else run_tantivy
        print(json.dumps(fn(int(sys.argv[3]))))
    else:
        main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])
