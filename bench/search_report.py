"""Markdown tables for docs/performance.md from the side-by-side results (``bench.search_bench``).

    .venv/bin/python -m bench.search_report var/bench/search-bench-10000.json \
        var/bench/search-bench-100000.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

SCENARIOS = {"search": "selective search + facets", "no_search": "no search + facets"}
SIDES = {
    "ours": "**verkemiddelkart `/api/v1/instruments`**",
    "direct": "verkemiddelkart, cold record cache",
    "datasette": "Datasette 0.65.5",
}


def _n(x: float) -> str:
    return f"{x:,.0f}".replace(",", " ") if x >= 1000 else f"{x:g}"


def http_table(results: list[dict]) -> str:  # type: ignore[type-arg]
    lines = [
        "| catalogue | scenario | server | requests/s | p50 | p95 | ratio to Datasette |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    for r in results:
        for key, label in SCENARIOS.items():
            s = r[key]
            ratios = {"ours": s["ratio"], "direct": s["ratio_direct"]}  # from unrounded requests/s
            for side, name in SIDES.items():
                x = s[side]
                ratio = "1×" if side == "datasette" else f"{ratios[side]:.1f}×"
                if side == "ours":
                    ratio, rps = f"**{ratio}**", f"**{x['rps']:.1f}**"
                else:
                    rps = f"{x['rps']:.2f}" if x["rps"] < 10 else f"{x['rps']:.1f}"
                lines.append(
                    f"| {_n(r['n'])} | {label} | {name} | {rps} | {_n(x['p50_ms'])} ms | "
                    f"{_n(x['p95_ms'])} ms | {ratio} |"
                )
    return "\n".join(lines)


def startup_table(results: list[dict]) -> str:  # type: ignore[type-arg]
    lines = [
        "| catalogue | start-up to first answer: ours | Datasette | peak RSS: ours | Datasette |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {_n(r['n'])} | {r['startup_s']['ours']} s | {r['startup_s']['datasette']} s | "
            f"{r['peak_rss_mb']['ours']} MB | {r['peak_rss_mb']['datasette']} MB |"
        )
    return "\n".join(lines)


def inprocess_table(results: list[dict]) -> str:  # type: ignore[type-arg]
    sizes = [r for r in results if "inprocess" in r]
    lines = [
        "| query | " + " | ".join(f"{_n(r['n'])}: p50 / p95" for r in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]

    def by_kind(r: dict) -> dict[str, tuple[str, dict]]:  # type: ignore[type-arg]
        # "facet applicant=startup" at one size is "facet applicant=large_firm" at another (the top value)
        return {name.split("=")[0]: (name, q) for name, q in r["inprocess"]["queries"].items()}

    kinds = [by_kind(r) for r in sizes]
    for kind in kinds[0]:
        names = sorted({k[kind][0] for k in kinds if kind in k})
        cells = [
            f"{k[kind][1]['p50_ms']:.2f} / {k[kind][1]['p95_ms']:.2f} ms" if kind in k else "–" for k in kinds
        ]
        lines.append(f"| {' / '.join(names)} | " + " | ".join(cells) + " |")
    for key, label in (("snapshot_load_s", "snapshot load"), ("index_build_s", "index build")):
        lines.append(f"| {label} | " + " | ".join(f"{r['inprocess'][key]} s" for r in sizes) + " |")
    return "\n".join(lines)


def counts(results: list[dict]) -> str:  # type: ignore[type-arg]
    return "; ".join(
        f"{_n(r['n'])}: " + ", ".join(f"{t or 'no search'} {_n(c[0])}" for t, c in r["counts"].items())
        for r in results
    )


def main(argv: list[str]) -> int:
    results = [json.loads(Path(p).read_text()) for p in argv]
    print(
        http_table(results),
        "",
        startup_table(results),
        "",
        inprocess_table(results),
        "",
        "Rows reported by both servers: " + counts(results),
        sep="\n",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
