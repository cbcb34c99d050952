"""Benchmark of "Funded projects like yours" (docs/paths.md): the precedent index built from the award
tables, and the queries a funding path makes of it.

    .venv/bin/python -m bench.bench_precedents --rows 10000 100000 1000000

Per size: a synthetic Søknader file (``bench.synthetic_awards``) is imported into a fresh seeded SQLite
database (by ``bench.bench_awards``' child, as in the import benchmark), then a fresh child process builds
the index through ``catalogue.awards.loader.award_row_chunks`` exactly as the web app does on the first
path, and reports: build time, RSS before and after, peak RSS (``ru_maxrss``, the whole process, with the
catalogue snapshot loaded), the matrix size, and per random consortium profile the time of
``path_precedents`` (similar projects + per-instrument counts + coverage) and of the whole ``find_path``
with and without the index, p50/p95 over ``--queries`` profiles.

The synthetic titles draw from 37 words, so every term is in a large share of the projects: the query
touches long columns, a worse case than real titles (thousands of distinct words).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.bench_awards import fresh_database
from bench.synthetic_awards import COUNTIES, WORDS, write_file

CHAINS = ("hydrogen", "process_industry", "aquaculture", "maritime", "biogas", "battery", "forest_bio")
ROLES = ("lead", "partner", "research_partner", "municipality", "facilitator")


def _rss_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _profiles(n: int, seed: int = 1) -> list[Any]:
    from catalogue.instruments.snapshot import ConsortiumSnap, MemberSnap

    rng = random.Random(seed)
    out = []
    for i in range(n):
        members = tuple(
            MemberSnap(name=f"M{i}-{k}", role=rng.choice(ROLES), size_class="small") for k in range(3)
        )
        out.append(
            ConsortiumSnap(
                slug=f"bench-{i}",
                name=f"Bench {i}",
                county=rng.choice(COUNTIES),
                value_chains=tuple(rng.sample(CHAINS, rng.randint(1, 3))),
                current_stage="feasibility",
                target_stage="pilot",
                description_nn=" ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 15))),
                members=members,
            )
        )
    return out


def _pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def child(url: str, queries: int) -> None:
    """In a fresh process: build the index as the web app does, then time the path queries."""
    from analyser.paths.finder import find_path
    from analyser.paths.index import PathIndex
    from analyser.paths.precedent_path import path_precedents
    from catalogue.db import engine_for, transaction
    from catalogue.instruments.loader import build_snapshot
    from web.paths.precedents import build_precedent_index
    from web.paths.service import path_rules

    with transaction(engine_for(url)) as session:
        snapshot = build_snapshot(session)
        rules, paths = path_rules(), PathIndex.build(snapshot)
        rss_before = _rss_mb()
        started, cpu = time.perf_counter(), time.process_time()
        index = build_precedent_index(session, snapshot)
        build, build_cpu = time.perf_counter() - started, time.process_time() - cpu
    out: dict[str, Any] = {
        "rows": index.n,
        "build_s": build,
        "build_cpu_s": build_cpu,
        "rss_before_mb": rss_before,
        "rss_after_mb": _rss_mb(),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "terms": index.matrix.shape[1],
        "nnz": int(index.matrix.nnz),
    }
    today = dt.date(2026, 12, 5)
    timing: dict[str, list[float]] = {"precedents": [], "path_with": [], "path_without": [], "cpu": []}
    for profile in _profiles(queries):
        for key, call in (
            ("precedents", lambda p=profile: path_precedents(index, p, rules.fit, today)),
            ("path_with", lambda p=profile: find_path(paths, p, rules, today=today, precedents=index)),
            ("path_without", lambda p=profile: find_path(paths, p, rules, today=today)),
        ):
            t, cpu = time.perf_counter(), time.process_time()
            call()
            timing[key].append((time.perf_counter() - t) * 1000)
            if key == "precedents":
                timing["cpu"].append((time.process_time() - cpu) * 1000)
    for key, values in timing.items():
        out[key] = {"p50_ms": _pct(values, 50), "p95_ms": _pct(values, 95)}
    print(json.dumps(out))


def measure(rows: int, args: argparse.Namespace) -> dict[str, Any]:
    path = args.workdir / f"fr-soknader-{rows}.csv"
    if not path.exists():
        write_file("fr-soknader", rows, path)
    url, drop = fresh_database("sqlite", args.workdir, None)
    try:
        started = time.perf_counter()
        imported = [sys.executable, "-m", "bench.bench_awards", "--child", url, "fr-soknader", str(path)]
        subprocess.run(imported, capture_output=True, text=True, check=True)
        import_s = time.perf_counter() - started
        command = [
            sys.executable,
            "-m",
            "bench.bench_precedents",
            "--child",
            url,
            "--queries",
            str(args.queries),
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=True)
    finally:
        drop()
    figures: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures | {"import_s": import_s, "load": os.getloadavg()[0]}


def line(f: dict[str, Any]) -> str:
    return (
        f"| {f['rows']:,} | {f['build_s']:.1f} s ({f['build_cpu_s']:.1f} s CPU) | {f['peak_rss_mb']:.0f} MB "
        f"(+{f['rss_after_mb'] - f['rss_before_mb']:.0f} MB kept) | {f['nnz']:,} | "
        f"{f['precedents']['p50_ms']:.1f} / {f['precedents']['p95_ms']:.1f} ms "
        f"({f['cpu']['p50_ms']:.1f} / {f['cpu']['p95_ms']:.1f} ms CPU) | "
        f"{f['path_with']['p50_ms']:.1f} / {f['path_with']['p95_ms']:.1f} ms | "
        f"{f['path_without']['p50_ms']:.1f} / {f['path_without']['p95_ms']:.1f} ms | {f['load']:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/vk-bench-precedents"))
    parser.add_argument("--child", metavar="URL")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.queries)
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(
        "| rows | build | peak RSS (kept by the index) | non-zeros | precedents p50 / p95 | "
        "path with p50 / p95 | path without p50 / p95 | load |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for rows in args.rows:
        figures = measure(rows, args)
        with (args.workdir / "results.jsonl").open("a", encoding="utf-8") as log:
            log.write(json.dumps(figures) + "\n")
        print(line(figures), flush=True)


if __name__ == "__main__":
    main()
