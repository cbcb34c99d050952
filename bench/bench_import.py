"""Benchmark of ``verkemiddelkart import`` against ``sqlite-utils insert`` of the same rows.

    .venv/bin/python -m bench.bench_import [--sizes 20000 100000] [--backends sqlite postgresql]
        [--runs 3] [--postgres URL] [--workdir /tmp/import-bench] [--reimport]

For each size: a synthetic CSV file (``bench.synthetic``: the seed catalogue's shape, ≈800 characters of
text per instrument, 1.5 % planted near-duplicates; cached in the work directory). Then, ``--runs`` times
each, in a child process measured from outside (``os.wait4``: wall time from start to exit, CPU time
user + system, peak RSS; Linux keeps a process's peak RSS across ``exec``, so the file is written in a
child too, never in this process):

- ``sqlite-utils insert DB instruments FILE --csv`` into an empty SQLite file (the baseline: one table,
  the same flattened rows; install it with ``pip install -e '.[bench]'``);
- ``python -m web.cli import FILE`` into a freshly migrated and seeded database, for each backend. For
  PostgreSQL the CPU time of the server process serving the import is measured as well (from /proc,
  the server runs on this machine) and shown beside the client's.

``--reimport`` also times a second import of the same file (every record "unchanged"). The median of the
runs is printed as a Markdown table with the ratio to sqlite-utils; raw figures are appended to
WORKDIR/results.jsonl. The machine's load average is printed too: on a shared machine the wall time says
as much about the neighbours as about the importer. Figures go to docs/performance.md ("Import at scale").
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from bench.bench_awards import _process_cpu
from bench.synthetic import synthetic_instruments
from catalogue.transfer.formats import COLUMNS, dump_records

ENV = {"VK_IMPORT_MAX_RECORDS": "200000", "VK_IMPORT_MAX_MB": "1000"}


def records(n: int, seed: int = 0) -> list[dict[str, Any]]:
    """``n`` synthetic instruments in the shape of ``export.instrument_record``."""
    out = []
    for snap in synthetic_instruments(n, seed):
        rec: dict[str, Any] = {}
        for c in COLUMNS:
            value = getattr(snap, "owner_ministries" if c == "owner_ministry" else c, None)
            rec[c] = list(value) if isinstance(value, tuple) else value
        out.append(rec)
    return out


def write_csv(n: int, path: Path) -> None:
    """The CSV file, written 5 000 records at a time (the header once)."""
    recs = records(n)
    with path.open("wb") as f:
        for start in range(0, n, 5_000):
            chunk = dump_records(recs[start : start + 5_000], "csv")
            f.write(chunk if start == 0 else chunk.split(b"\r\n", 1)[1])


def timed(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Run ``command``; its wall time, CPU time (user + system) and peak RSS, measured from outside."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    out = proc.stdout.read().decode() if proc.stdout else ""
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{command} failed:\n{err[-2000:]}")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,
        "out": out.strip().splitlines()[-1] if out.strip() else "",
    }


def sqlite_utils_run(path: Path, workdir: Path) -> dict[str, float]:
    db = workdir / "sqlite-utils.db"
    db.unlink(missing_ok=True)
    exe = shutil.which("sqlite-utils") or str(Path(sys.executable).parent / "sqlite-utils")
    try:
        return timed([exe, "insert", str(db), "instruments", str(path), "--csv"], dict(os.environ))
    finally:
        db.unlink(missing_ok=True)


def fresh_database(backend: str, workdir: Path, postgres: str | None) -> tuple[str, Any]:
    """A migrated, seeded database (SQLite file or PostgreSQL database ``vk_bench_import_*``) and its drop."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from catalogue import migrate
    from catalogue.db import engine_for, transaction
    from catalogue.seeding import load_seeds

    name = f"bench-import-{uuid.uuid4().hex[:8]}"
    if backend == "sqlite":
        url = f"sqlite:///{workdir / name}.db"

        def drop() -> None:
            engine_for(url).dispose()
            for p in workdir.glob(f"{name}.db*"):
                p.unlink(missing_ok=True)
    else:
        if not postgres:
            raise SystemExit("PostgreSQL: pass --postgres URL or set TEST_POSTGRES_URL")
        name = name.replace("-", "_").replace("bench_import", "vk_bench_import")
        admin = create_engine(postgres, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(postgres).set(database=name).render_as_string(hide_password=False)

        def drop() -> None:
            engine_for(url).dispose()
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    migrate.upgrade(url)
    with transaction(engine_for(url)) as session:
        load_seeds(session)
    engine_for(url).dispose()
    return url, drop


def import_run(path: Path, backend: str, args: argparse.Namespace) -> dict[str, Any]:
    url, drop = fresh_database(backend, args.workdir, args.postgres)
    env = {**os.environ, **ENV, "DATABASE_URL": url, "PYTHONPATH": str(Path.cwd())}
    command = [sys.executable, "-m", "bench.bench_import", "--child", str(path)]
    try:
        first = timed(command, env)
        again = timed(command, env) if args.reimport else None
    finally:
        drop()
    child = json.loads(first.pop("out"))
    out: dict[str, Any] = first | {"server_cpu": child["server_cpu"], "summary": child["summary"]}
    if again is not None:
        out["again_wall"] = again["wall"]
        out["again_summary"] = json.loads(again["out"])["summary"]
    return out


def child(path: Path) -> None:
    """In the child: what ``verkemiddelkart import FILE`` does, plus the PostgreSQL server's CPU time."""
    from catalogue.db import database_url, engine_for, transaction
    from catalogue.transfer.importing import run_import

    with transaction(engine_for(database_url())) as session:
        conn = session.connection()
        pid = None
        if conn.dialect.name == "postgresql":
            pid = int(conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one())
        server = _process_cpu(pid)
        plan = run_import(session, path, keep_items=False)
    server = _process_cpu(pid) - server
    counts = ", ".join(f"{n} {k}" for k, n in plan.counts().items())
    print(json.dumps({"server_cpu": server, "summary": counts}))


def median(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(float(r[key]) for r in runs)


def measure(rows: int, args: argparse.Namespace) -> list[str]:
    path = args.workdir / f"instruments-{rows}.csv"
    if not path.exists():  # in a child: a parent grown by the file would pass its peak RSS to every child
        command = [sys.executable, "-m", "bench.bench_import", "--write", str(rows), str(path)]
        subprocess.run(command, check=True, env={**os.environ, "PYTHONPATH": str(Path.cwd())})
    load = os.getloadavg()[0]
    results: dict[str, list[dict[str, Any]]] = {"sqlite-utils": []}
    for run in range(args.runs):
        results["sqlite-utils"].append(sqlite_utils_run(path, args.workdir))
        for backend in args.backends:
            results.setdefault(backend, []).append(import_run(path, backend, args))
        with (args.workdir / "results.jsonl").open("a", encoding="utf-8") as log:  # each run, as it ends
            figures = {name: runs[-1] for name, runs in results.items()}
            log.write(json.dumps({"rows": rows, "run": run, "load": os.getloadavg(), **figures}) + "\n")
    base = median(results["sqlite-utils"], "wall")
    lines = []
    for name, runs in results.items():
        server = median(runs, "server_cpu") if runs[0].get("server_cpu") else 0.0
        cpu = f"{median(runs, 'cpu'):.1f} s" + (f" + {server:.1f} s server" if server else "")
        again = f" | {median(runs, 'again_wall'):.1f} s" if "again_wall" in runs[0] else ""
        again = " | –" if args.reimport and not again else again
        lines.append(
            f"| {name} | {rows:,} | {median(runs, 'wall'):.1f} s | {median(runs, 'wall') / base:.1f}× | "
            f"{cpu} | {median(runs, 'rss_mb'):.0f} MB{again} | {load:.1f} / {os.getloadavg()[0]:.1f} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--child", metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument("--write", nargs=2, metavar=("ROWS", "FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", default=os.environ.get("TEST_POSTGRES_URL"))
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/import-bench"))
    parser.add_argument("--reimport", action="store_true", help="also time a second import of the file")
    args = parser.parse_args()
    if args.child:
        child(Path(args.child))
        return
    if args.write:
        write_csv(int(args.write[0]), Path(args.write[1]))
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    again = " re-import wall |" if args.reimport else ""
    print(f"| importer | rows | wall (median) | × sqlite-utils | CPU | peak RSS |{again} load 1 min |")
    print("|---|---|---|---|---|---|" + ("---|" if args.reimport else "") + "---|")
    for rows in args.sizes:
        for line in measure(rows, args):
            print(line, flush=True)


if __name__ == "__main__":
    main()
