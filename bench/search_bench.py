"""Side by side: the project's /api/v1/instruments and Datasette 0.65 on the same synthetic catalogue.

    .venv/bin/python -m bench.search_bench --sizes 10000 100000 --seconds 30

For each size: writes the catalogue (bench/synthetic.py) as a project database and as a flat Datasette
database (bench/search_catalogue.py), starts both servers on loopback (start-up time measured to the first
answered request), checks that both report the same number of matching rows for every query used, drives
each with the same 8-connection load (bench/load.py: wrk, or a bounded Python client) for a selective
search and for no search, each with five facets (agency, types, consortium eligibility, value chains,
deadline kind; the project computes all eleven), and reports requests/s, p50/p95 latency, the ratio and
each server's peak RSS. Then in-process p50/p95 per query kind (bench/search_inprocess.py).
Results go to stdout and ``<workdir>/search-bench-<n>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx

from bench.load import LoadResult, run_load

ROOT = Path(__file__).resolve().parents[1]
DATASETTE = os.environ.get("DATASETTE_BIN", "/work/bench-venv/bin/datasette")
DS_FACETS = (
    "_facet=agency&_facet_array=types&_facet=consortium&_facet_array=value_chains&_facet=deadline_kind"
)
TERMS = (
    "havvind",
    "solenergi",
    "havbruk",
    "landbruk",
    "aquaculture",
    "agriculture",
    "digitalisering",
    "biogas",
    "battery",
    "shipping",
    "offshore",
    "ccs",
)
OURS_PORT, DS_PORT = 8791, 8792


def ours_path(term: str, route: str = "/api/v1/instruments") -> str:
    return f"{route}?per_page=50&lang=nb" + (f"&q={quote(term)}" if term else "")


def ds_path(db: str, term: str) -> str:
    return f"/{db}/instruments.json?{DS_FACETS}&_size=50" + (f"&_search={quote(term)}" if term else "")


def prepare(n: int, workdir: Path) -> tuple[Path, Path]:
    from bench.search_catalogue import datasette_db, project_db
    from bench.synthetic import synthetic_instruments

    vk, ds = workdir / f"vk-{n}.db", workdir / f"ds-{n}.db"
    if not (vk.exists() and ds.exists()):
        workdir.mkdir(parents=True, exist_ok=True)
        instruments = synthetic_instruments(n)
        project_db(instruments, vk)
        datasette_db(instruments, ds)
    return vk, ds


def start(
    cmd: list[str], env: dict[str, str], probe: str, timeout: float = 600
) -> tuple[subprocess.Popen, float]:  # type: ignore[type-arg]
    """Start a server and time it to its first answer to ``probe``. The probe is a bare TCP connect every
    20 ms until the port accepts, then the HTTP request: a new HTTP client per attempt would take CPU
    from the server while it starts (both cores are busy during our start-up)."""
    url = httpx.URL(probe)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env={**os.environ, **env}, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    with httpx.Client(timeout=120) as client:
        while time.perf_counter() - t0 < timeout:
            if proc.poll() is not None:
                raise RuntimeError(f"{cmd[0]} exited: {proc.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
            try:
                socket.create_connection((url.host, url.port or 80), timeout=1).close()
                if client.get(probe).status_code == 200:
                    return proc, time.perf_counter() - t0
            except (OSError, httpx.HTTPError):
                pass
            time.sleep(0.02)
    proc.kill()
    raise RuntimeError(f"{cmd[0]} did not start within {timeout} s")


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024


def totals(ours: str, ds: str, db: str, term: str) -> tuple[int, int]:
    a = httpx.get(ours + ours_path(term), timeout=120).json()["total"]
    b = httpx.get(ds + ds_path(db, term), timeout=120).json()["filtered_table_rows_count"]
    return a, b


def choose_terms(ours: str, ds: str, db: str, n: int) -> tuple[list[str], dict[str, tuple[int, int]]]:
    """Selective terms (≤ 10 % of rows) on which both servers report the same number of rows."""
    checked = {t: totals(ours, ds, db, t) for t in TERMS}
    chosen = [t for t, (a, b) in checked.items() if a == b and 0 < a <= n // 10]
    if not chosen:
        raise RuntimeError(f"no selective term with equal counts: {checked}")
    return chosen, checked


def sustained(base: str, paths: list[str], seconds: float, connections: int) -> LoadResult:
    """A load run long enough to complete at least 20 requests (longer runs for slow servers, ≤ 10 min)."""
    result = run_load(base, paths, seconds, connections)
    while result.requests < 20 and seconds < 600:
        seconds = min(600, seconds * 4)
        result = run_load(base, paths, seconds, connections)
    return result


def row(name: str, r: LoadResult) -> dict[str, object]:
    return {
        "server": name,
        "rps": round(r.rps, 2),
        "p50_ms": round(r.p50_ms, 1),
        "p95_ms": round(r.p95_ms, 1),
        "requests": r.requests,
        "errors": r.errors,
        "tool": r.tool,
    }


def run_size(n: int, seconds: float, connections: int, workdir: Path) -> dict[str, object]:
    vk, ds_file = prepare(n, workdir)
    db = ds_file.stem
    ours, ds = f"http://127.0.0.1:{OURS_PORT}", f"http://127.0.0.1:{DS_PORT}"
    ours_proc, ours_start = start(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "bench.search_app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(OURS_PORT),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        {"DATABASE_URL": f"sqlite:///{vk}"},
        ours + ours_path(""),
    )
    ds_proc, ds_start = start(
        [
            DATASETTE,
            "serve",
            "-i",
            str(ds_file),
            "-h",
            "127.0.0.1",
            "-p",
            str(DS_PORT),
            "--setting",
            "sql_time_limit_ms",
            "600000",
            "--setting",
            "facet_time_limit_ms",
            "600000",
            "--setting",
            "suggest_facets",
            "off",
        ],
        {},
        f"{ds}/{db}.json",
    )
    try:
        terms, checked = choose_terms(ours, ds, db, n)
        no_search = totals(ours, ds, db, "")
        assert no_search[0] == no_search[1] == n, no_search
        results: dict[str, object] = {
            "n": n,
            "terms": terms,
            "counts": {**checked, "": no_search},
            "startup_s": {"ours": round(ours_start, 2), "datasette": round(ds_start, 2)},
        }
        for scenario, words in (("search", terms), ("no_search", [""])):
            a = sustained(ours, [ours_path(t) for t in words], seconds, connections)
            direct = sustained(
                ours, [ours_path(t, "/bench/instruments-cold") for t in words], seconds, connections
            )
            b = sustained(ds, [ds_path(db, t) for t in words], seconds, connections)
            results[scenario] = {
                "ours": row("verkemiddelkart", a),
                "direct": row("  (cold cache)", direct),
                "datasette": row("datasette", b),
                "ratio": round(a.rps / b.rps, 1) if b.rps else None,
                "ratio_direct": round(direct.rps / b.rps, 1) if b.rps else None,
            }
        results["peak_rss_mb"] = {
            "ours": round(peak_rss_mb(ours_proc.pid)),
            "datasette": round(peak_rss_mb(ds_proc.pid)),
        }
        return results
    finally:
        for proc in (ours_proc, ds_proc):
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:  # Datasette waits for its running SQL threads
                proc.kill()
                proc.wait()


def report(r: dict) -> str:  # type: ignore[type-arg]
    lines = [
        f"== {r['n']} instruments  (start-up: ours {r['startup_s']['ours']} s, "
        f"datasette {r['startup_s']['datasette']} s; peak RSS: ours {r['peak_rss_mb']['ours']} MB, "
        f"datasette {r['peak_rss_mb']['datasette']} MB)",
        "   search terms (rows ours = datasette): "
        + ", ".join(f"{t} {r['counts'][t][0]}" for t in r["terms"]),
    ]
    for scenario in ("search", "no_search"):
        s = r[scenario]
        for side in ("ours", "direct", "datasette"):
            x = s[side]
            lines.append(
                f"   {scenario:9} {x['server']:15} {x['rps']:9.2f} req/s  p50 {x['p50_ms']:8.1f} ms"
                f"  p95 {x['p95_ms']:8.1f} ms  ({x['requests']} requests, {x['errors']} errors, "
                f"{x['tool']})"
            )
        lines.append(f"   {scenario:9} ratio {s['ratio']}x (cold record cache {s['ratio_direct']}x)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workdir", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--skip-inprocess", action="store_true")
    args = parser.parse_args(argv)
    for n in args.sizes:
        result = run_size(n, args.seconds, args.connections, args.workdir)
        if not args.skip_inprocess:
            from bench.search_inprocess import measure

            result["inprocess"] = measure(args.workdir / f"vk-{n}.db", result["terms"])  # type: ignore[arg-type]
        print(report(result), flush=True)
        if "inprocess" in result:
            from bench.search_inprocess import report as inprocess_report

            print(inprocess_report(result["inprocess"]), flush=True)  # type: ignore[arg-type]
        (args.workdir / f"search-bench-{n}.json").write_text(json.dumps(result, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
