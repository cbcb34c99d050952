"""Benchmark of the full gap analysis (``analyser.gaps.analyse.analyse``, on ``web.startup.analysis_pool``)
at 1k, 10k and 100k synthetic instruments.

    .venv/bin/python -m bench.bench_analyser [--sizes 1000 10000 100000] [--repeat 3]

Each size runs in its own subprocess (``--one N``), so peak RSS
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``) belongs to that size alone. The child generates
``bench.synthetic.synthetic_snapshot(N)`` (not timed), warms the libraries up on a 200-instrument
catalogue, then times ``analyse`` ``--repeat`` times and reports the best wall time (and its CPU time, all
threads). It also reports how many planted near-duplicates the overlap check
found. Targets (2 cores): 10k < 1 s, 100k < 15 s. Figures go to docs/analyser.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import subprocess
import sys
import time
from typing import Any

from analyser.gaps.analyse import analyse
from bench.synthetic import synthetic_snapshot
from catalogue.rules import load_rules
from web.startup import analysis_pool

TARGETS = {10_000: 1.0, 100_000: 15.0}


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def one(n: int, repeat: int) -> dict[str, Any]:
    rules = load_rules("barrier_needs")
    analyse(synthetic_snapshot(200, seed=1), rules)  # imports and first-call costs out of the way
    t0 = time.perf_counter()
    snapshot = synthetic_snapshot(n)
    generate_s = time.perf_counter() - t0
    gc.collect()
    before = _rss_mb()
    best = None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        with analysis_pool() as pool:  # the threads the web app and the CLI give the analyser
            result = analyse(snapshot, rules, executor=pool)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if best is None or wall < best[0]:
            best = (wall, cpu, result)
        del result
    assert best is not None
    wall, cpu, result = best
    by_slug = {i.slug: i for i in snapshot.instruments}
    planted = set()
    for inst in snapshot.instruments:
        if inst.facts_note and inst.facts_note.startswith("near-duplicate of "):
            source = by_slug[inst.facts_note.split()[-1]]
            if (
                inst.status != "closed"
                and source.status != "closed"
                and inst.agency.split("-")[0] != source.agency.split("-")[0]
            ):
                planted.add(tuple(sorted((inst.slug, source.slug))))
    found = {tuple(sorted((o.a, o.b))) for o in result.overlaps}
    return {
        "instruments": n,
        "generate_s": round(generate_s, 2),
        "analyse_s": round(wall, 3),
        "analyse_cpu_s": round(cpu, 3),
        "rss_before_mb": round(before),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "findings": len(result.findings),
        "overlaps": len(result.overlaps),
        "planted_found": len(planted & found),
        "planted": len(planted),
        "steps": {k: v for k, v in result.timings.items() if not k.endswith("_cpu")},
        "steps_cpu": {k[:-4]: v for k, v in result.timings.items() if k.endswith("_cpu")},
        "load_average": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
    }


def table(rows: list[dict[str, Any]]) -> str:
    head = (
        f"{'instruments':>11} {'analyse s':>10} {'cpu s':>7} {'target':>7} {'RSS before MB':>14} "
        f"{'peak RSS MB':>12} {'findings':>9} {'overlaps':>9} {'planted found':>14} {'load':>5}"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        target = TARGETS.get(int(r["instruments"]))  # type: ignore[arg-type]
        lines.append(
            f"{r['instruments']:>11,} {r['analyse_s']:>10.3f} {r['analyse_cpu_s']:>7.2f} "
            f"{(f'< {target:g}' if target else '-'):>7} {r['rss_before_mb']:>14} "
            f"{r['peak_rss_mb']:>12} {r['findings']:>9} "
            f"{r['overlaps']:>9} {str(r['planted_found']) + '/' + str(r['planted']):>14} "
            f"{r['load_average']:>5}"
        )
    lines.append("")
    lines.append("seconds per step, wall (cpu):")
    for r in rows:
        cpu = r["steps_cpu"]
        steps = ", ".join(f"{k} {v:.2f} ({cpu[k]:.2f})" for k, v in r["steps"].items())  # type: ignore
        lines.append(f"{r['instruments']:>11,}: {steps}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per size below 100k (best counts)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one(args.one, args.repeat)))
        return 0
    rows = []
    for n in args.sizes:
        repeat = 1 if n >= 100_000 else args.repeat
        done = subprocess.run(
            [sys.executable, "-m", "bench.bench_analyser", "--one", str(n), "--repeat", str(repeat)],
            capture_output=True,
            text=True,
            check=True,
        )
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"... {n:,} instruments: {rows[-1]['analyse_s']} s", file=sys.stderr)
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
