"""Benchmark of the funded-project pages at scale: p50/p95 wall time and CPU time per request.

    PYTHONPATH=. .venv/bin/python -m bench.bench_award_pages --rows 100000 1000000 \
        [--backends sqlite postgresql] [--postgres URL] [--workdir /tmp/award-pages-bench] [--requests 100]

For each size: a fresh database (migrated, seeded), a synthetic Søknader file of that many rows
(``bench/synthetic_awards.py``; ENERGIX, about a tenth of the rows, links to the instrument fr-energix)
plus a generic file of 20,000 grants to one organisation (the "large organisation"), both imported with the
real importer. Then, in-process through the ASGI app (``TestClient``; no network): the instrument page
``/instrumenter/fr-energix``, the organisation page of the large organisation and of a small one (the
first responsible organisation of the file), and the list ``/tildelingar`` with filters, warm (the facet
counts cached per data stamp, as a visitor paging through a list meets them) and cold (cache emptied
before each of 5 requests). Each page is requested 5 times (cold: once) before measuring. After the load,
planner statistics are refreshed as ``verkemiddelkart awards import`` does. CPU time is this process's
(``time.process_time``) per request; for PostgreSQL on the same machine the server's work is not in it.
Raw figures are appended to WORKDIR/pages.jsonl.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.bench_awards import fresh_database
from bench.synthetic_awards import GENERIC_HEADER, write_file

LARGE_ORGNR = "919303808"
LARGE_ROWS = 20_000


def large_organisation_file(path: Path) -> Path:
    """A generic file of LARGE_ROWS grants, every one to the same organisation."""
    write_file("generic", LARGE_ROWS, path, seed=7)
    rows = list(csv.reader(path.open(encoding="utf-8")))
    recipient = list(GENERIC_HEADER).index("recipientOrganization.id")
    name = list(GENERIC_HEADER).index("recipientOrganization.name")
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(rows[0])
        for r in rows[1:]:
            r[0] = "BIG-" + r[0]
            r[recipient], r[name] = LARGE_ORGNR, "SINTEF AS"
            writer.writerow(r)
    return path


def load(url: str, rows: int, workdir: Path) -> float:
    from catalogue.awards import browse
    from catalogue.awards.service import import_awards
    from catalogue.db import engine_for, transaction

    files = [
        (write_file("fr-soknader", rows, workdir / f"soknader-{rows}.csv"), "fr-soknader"),
        (large_organisation_file(workdir / "large-org.csv"), "generic"),
    ]
    started = time.perf_counter()
    for path, fmt in files:
        with transaction(engine_for(url)) as session:
            import_awards(session, path, fmt)
    with transaction(engine_for(url)) as session:
        browse.refresh_statistics(session)  # as `verkemiddelkart awards import` does after an import
    return time.perf_counter() - started


def small_organisation(url: str) -> str:
    from sqlalchemy import select

    from catalogue.awards.models import AwardActivity, AwardOrganisation, AwardParticipation
    from catalogue.db import engine_for, transaction

    with transaction(engine_for(url)) as session:
        stmt = (
            select(AwardOrganisation.orgnr)
            .join(AwardParticipation, AwardParticipation.organisation_id == AwardOrganisation.id)
            .join(AwardActivity, AwardActivity.id == AwardParticipation.activity_id)
            .where(AwardOrganisation.orgnr.is_not(None), AwardOrganisation.orgnr != LARGE_ORGNR)
            .order_by(AwardActivity.id)
            .limit(1)
        )
        return str(session.scalar(stmt))


def timed(
    get: Callable[[], Any], n: int, before: Callable[[], None] | None = None, warm: int = 5
) -> dict[str, float]:
    for _ in range(warm):
        get()
    wall, cpu = [], []
    for _ in range(n):
        if before:
            before()
        w, c = time.perf_counter(), time.process_time()
        response = get()
        wall.append((time.perf_counter() - w) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        assert response.status_code == 200, response.status_code
    return {
        "p50": statistics.median(wall),
        "p95": p95(wall),
        "cpu_p50": statistics.median(cpu),
        "cpu_p95": p95(cpu),
    }


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def measure_pages(url: str, n: int) -> dict[str, dict[str, float]]:
    from fastapi.testclient import TestClient

    from web.app import create_app
    from web.awards import listing

    small = small_organisation(url)
    pages = {
        "instrument /instrumenter/fr-energix": "/instrumenter/fr-energix",
        f"organisation, large ({LARGE_ROWS:,} projects)": f"/organisasjonar/{LARGE_ORGNR}",
        "organisation, small": f"/organisasjonar/{small}",
        "list, unfiltered, warm": "/tildelingar",
        "list, 3 filters, warm": "/tildelingar?funder=FR&outcome=rejected&county=50",
        "list page 20, 3 filters, warm": "/tildelingar?funder=FR&outcome=rejected&county=50&page=20",
    }
    out = {}
    with TestClient(create_app(url)) as client:
        for name, path in pages.items():
            out[name] = timed(lambda p=path: client.get(p), n)
        clear = listing._COUNTS.items.clear
        for name, path in (
            ("list, unfiltered, cold", "/tildelingar"),
            ("list, 3 filters, cold", "/tildelingar?funder=FR&outcome=rejected&county=50"),
        ):
            out[name] = timed(lambda p=path: client.get(p), 5, before=clear, warm=1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--backends", nargs="+", default=["sqlite"], choices=["sqlite", "postgresql"])
    parser.add_argument("--postgres", default=os.environ.get("TEST_POSTGRES_URL"))
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/award-pages-bench"))
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--keep", action="store_true", help="keep the databases (their URLs are printed)")
    parser.add_argument("--url", help="measure this already loaded database (no load)")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.url:
        report(args, args.url.split(":")[0], 0, 0.0, measure_pages(args.url, args.requests))
        return
    for backend in args.backends:
        for rows in args.rows:
            url, drop = fresh_database(backend, args.workdir, args.postgres)
            try:
                load_s = load(url, rows, args.workdir)
                report(args, backend, rows, load_s, measure_pages(url, args.requests))
            finally:
                if args.keep:
                    print(f"kept {url}")
                else:
                    drop()


def report(args: argparse.Namespace, backend: str, rows: int, load_s: float, figures: dict[str, Any]) -> None:
    record = {
        "backend": backend,
        "rows": rows,
        "load_s": load_s,
        "load_avg": os.getloadavg(),
        "pages": figures,
    }
    with (args.workdir / "pages.jsonl").open("a") as f:
        f.write(json.dumps(record) + "\n")
    print(f"\n{backend}, {rows:,} Søknader rows + {LARGE_ROWS:,} (loaded in {load_s:.0f} s)")
    print(f"load average after: {os.getloadavg()[0]:.1f} (2 cores)")
    print("| page | p50 ms | p95 ms | CPU p50 ms | CPU p95 ms |\n|---|---|---|---|---|")
    for name, f in figures.items():
        print(f"| {name} | {f['p50']:.1f} | {f['p95']:.1f} | {f['cpu_p50']:.1f} | {f['cpu_p95']:.1f} |")


if __name__ == "__main__":
    main()
