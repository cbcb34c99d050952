"""Benchmark of the award import: wall time, CPU time and peak RSS of the importing process.

    .venv/bin/python -m bench.bench_awards [--sizes 100000 1000000] [--formats fr-soknader fr-eu generic]
        [--backends sqlite postgresql] [--postgres URL] [--workdir /tmp/awards-bench] [--reimport]
        [--repeat N]

For each backend, format and size: a synthetic file (``bench.synthetic_awards``, cached in the work
directory), a fresh database migrated and seeded, then ``verkemiddelkart awards import`` run in a child
process so that its peak RSS (``resource.getrusage``) is the import's alone. ``--reimport`` also times a
second import of the same file (every row already there: the update path) and counts the award rows it
wrote (inserted, updated or deleted: 0 expected). ``--repeat N`` measures each case N times (a fresh
database each time) and ends with the medians. PostgreSQL uses ``--postgres``
or ``TEST_POSTGRES_URL`` (a server where databases may be created). The machine's load average is
printed with every figure: on a shared machine the wall time says as much about the neighbours as about
the importer; CPU time says more about the importer (for PostgreSQL on the same machine, the CPU time of
the server process serving the import is added). Raw figures are appended to WORKDIR/results.jsonl.
Figures go to docs/awards.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import uuid
from pathlib import Path
from statistics import median
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.synthetic_awards import write_file


def _process_cpu(pid: int | None) -> float:
    """CPU seconds (user + system) of another process on this machine, from /proc; 0 when unknown."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rows_written(connection: Any) -> int:
    """Award rows (organisations, activities, participations) inserted, updated or deleted so far by this
    connection (SQLite) or in this transaction (PostgreSQL)."""
    if connection.dialect.name == "sqlite":  # every table counts; the source row is 1 per import
        return int(connection.connection.driver_connection.total_changes)
    return int(
        connection.exec_driver_sql(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables "
            "WHERE relname IN ('award_organisation', 'award_activity', 'award_participation')"
        ).scalar_one()
    )


def child(url: str, fmt: str, path: Path, reimport: bool) -> None:
    """Run in the child process: import the file (twice with ``reimport``), print figures as JSON. With
    PostgreSQL on this machine, the CPU time of the server process serving the import is measured too."""
    from catalogue.awards.service import import_awards
    from catalogue.db import engine_for, transaction

    out: dict[str, Any] = {}
    for run in ("first", "again") if reimport else ("first",):
        wall, cpu = time.perf_counter(), time.process_time()
        with transaction(engine_for(url)) as session:
            connection = session.connection()
            pid = None
            if connection.dialect.name == "postgresql":
                pid = int(connection.exec_driver_sql("SELECT pg_backend_pid()").scalar_one())
            server, written = _process_cpu(pid), _rows_written(connection)
            summary = import_awards(session, path, fmt)
            server, written = _process_cpu(pid) - server, _rows_written(connection) - written
        out[run] = {
            "wall": time.perf_counter() - wall,
            "cpu": time.process_time() - cpu,
            "server_cpu": server,
            "written": written,
            "summary": summary.line(),
        }
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with (path.parent / "results.jsonl").open("a", encoding="utf-8") as log:
        log.write(json.dumps({"url": url.rsplit("/", 1)[-1], "format": fmt, "file": path.name, **out}) + "\n")
    print(json.dumps(out))


def fresh_database(backend: str, workdir: Path, postgres: str | None) -> tuple[str, Any]:
    from catalogue import migrate
    from catalogue.db import engine_for, transaction
    from catalogue.seeding import load_seeds

    if backend == "sqlite":
        path = workdir / f"bench-{uuid.uuid4().hex[:8]}.db"
        url, drop = (
            f"sqlite:///{path}",
            lambda: [p.unlink(missing_ok=True) for p in workdir.glob(path.name + "*")],
        )
    else:
        if not postgres:
            raise SystemExit("PostgreSQL: pass --postgres URL or set TEST_POSTGRES_URL")
        name = f"vk_bench_awards_{uuid.uuid4().hex[:8]}"
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


def measure(backend: str, fmt: str, rows: int, args: argparse.Namespace) -> dict[str, Any]:
    path = args.workdir / f"{fmt}-{rows}.csv"
    if not path.exists():
        write_file(fmt, rows, path)
    url, drop = fresh_database(backend, args.workdir, args.postgres)
    load_before = os.getloadavg()[0]
    try:
        command = [sys.executable, "-m", "bench.bench_awards", "--child", url, fmt, str(path)]
        result = subprocess.run(
            command + (["--reimport"] if args.reimport else []), capture_output=True, text=True, check=True
        )
    finally:
        drop()
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures |= {"backend": backend, "format": fmt, "rows": rows, "load": (load_before, os.getloadavg()[0])}
    return figures


HEADER = (
    "| database | format | rows | import | wall | CPU (importer + server) | rows/s | peak RSS | rows written "
    "| load 1 min |\n|---|---|---|---|---|---|---|---|---|---|"
)


MEDIAN_HEADER = (
    "| database | format | rows | import | runs | median wall | median CPU (importer + server) | rows/s "
    "| median peak RSS |\n|---|---|---|---|---|---|---|---|---|"
)


def _line(f: dict[str, Any], run: str) -> str:
    r = f[run]
    server = f" + {r['server_cpu']:.1f}" if f["backend"] == "postgresql" else ""
    return (
        f"| {f['backend']} | {f['format']} | {f['rows']:,} | {'first' if run == 'first' else 're-import'} | "
        f"{r['wall']:.1f} s | {r['cpu']:.1f}{server} s | {f['rows'] / r['wall']:,.0f} | "
        f"{f['peak_rss_mb']:.0f} MB | {r.get('written', 0):,} | {f['load'][0]:.1f} / {f['load'][1]:.1f} |"
    )


def lines(f: dict[str, Any]) -> list[str]:
    """Table rows of one measurement: the first import, and the re-import when measured."""
    return [_line(f, run) for run in ("first", "again") if run in f]


def medians(results: list[dict[str, Any]]) -> list[str]:
    """Per (database, format, rows, import) measured more than once: median wall, CPU and peak RSS."""
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for f in results:
        groups.setdefault((f["backend"], f["format"], f["rows"]), []).append(f)
    out = []
    for (backend, fmt, rows), runs in groups.items():
        for run in ("first", "again"):
            got = [f for f in runs if run in f]
            if len(got) < 2:
                continue
            wall = median(f[run]["wall"] for f in got)
            cpu = median(f[run]["cpu"] + f[run]["server_cpu"] for f in got)
            rss = median(f["peak_rss_mb"] for f in got)
            label = "first" if run == "first" else "re-import"
            out.append(
                f"| {backend} | {fmt} | {rows:,} | {label} | {len(got)} | {wall:.1f} s | {cpu:.1f} s "
                f"| {rows / wall:,.0f} | {rss:.0f} MB |"
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", nargs=3, metavar=("URL", "FORMAT", "FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--formats", nargs="+", default=["fr-soknader", "fr-eu", "generic"])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--postgres", default=os.environ.get("TEST_POSTGRES_URL"))
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/awards-bench"))
    parser.add_argument("--reimport", action="store_true", help="also time a second import of each file")
    parser.add_argument("--repeat", type=int, default=1, help="measure each case this many times")
    args = parser.parse_args()
    if args.child:
        url, fmt, path = args.child
        child(url, fmt, Path(path), args.reimport)
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(HEADER, flush=True)
    results = []
    for rows in args.sizes:
        for backend in args.backends:
            for fmt in args.formats:
                for _ in range(args.repeat):
                    results.append(measure(backend, fmt, rows, args))
                    print("\n".join(lines(results[-1])), flush=True)
    if summary := medians(results):
        print(f"\n{MEDIAN_HEADER}\n" + "\n".join(summary))


if __name__ == "__main__":
    main()
