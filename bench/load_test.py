"""Bounded load test on loopback: many readers and a few editors against PostgreSQL and several workers.

    export TEST_POSTGRES_URL=$(.ci/start-postgres.sh)
    .venv/bin/python -m bench.load_test [--readers 32] [--editors 4] [--seconds 60] [--workers 4]

It creates a fresh database on that server, migrates, seeds and adds one admin account per editor, starts
``verkemiddelkart serve --workers N`` on a free loopback port, and runs the clients for the given time.
Readers cycle through list, search, detail and JSON API requests. Editors log in through the API and each
increments one counter (``annual_budget_nok`` of one shared instrument) with the version check: read
the record, PUT it back with +1 and the version read; on 409 (someone else was first) read again and
retry. At the end the counter must equal the number of successful edits (no lost update), every edit
must have its audit entry, and no request may have failed. Exit status 1 if any of that is not so.

Consortium saves (bench/consortium_load.py) are in the mix too: ``--visitors`` anonymous visitors save new
consortia through the funding-path form, all under the same name (racing for one slug), and
``--consortium-editors`` logged-in editors change one saved consortium with the version they read (409 when
someone else was first). The server runs with the anonymous quotas raised (``SERVER_ENV``): all the
traffic comes from 127.0.0.1. Every 303 must have given one row with exactly the members sent, the
final row must be the last successful update, and each save must have its consortium_audit entry.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench import consortium_load
from catalogue import migrate
from catalogue.accounts import repository as repository_accounts
from catalogue.accounts.service import hash_password
from catalogue.audit import repository as repository_audit
from catalogue.db import engine_for, transaction
from catalogue.instruments import repository
from catalogue.instruments import service as editing
from catalogue.seeding import load_seeds
from catalogue.transfer.export import instrument_record

ROOT = Path(__file__).resolve().parents[1]
COUNTER_SLUG = "in-miljoteknologi"
PASSWORD = "load-test password 1"
READ_PATHS = (
    "/instrumenter",
    "/instrumenter?q=skattefunn",
    "/instrumenter?q=waste+heat+greenhouse",
    "/instrumenter?agency=IN&type=financial",
    f"/instrumenter/{COUNTER_SLUG}",
    "/instrumenter/joint-climit",
    "/api/v1/instruments?q=hydrogen",
    f"/api/v1/instruments/{COUNTER_SLUG}",
    "/api/v1/agencies",
)

# Idle connections are dropped by the client before uvicorn drops them (its keep-alive timeout is 5 s):
# with equal timeouts a request could go out on a connection the server was closing (a ReadError that
# says nothing about the app).
KEEPALIVE_S = 2.0
CLIENT_LIMITS = httpx.Limits(keepalive_expiry=KEEPALIVE_S)


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    edits: int = 0
    conflicts: int = 0
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)

    def record(self, started: float, kind: str = "read", status: int | None = None) -> None:
        elapsed = time.perf_counter() - started
        self.latencies.append(elapsed)
        self.by_kind.setdefault(kind, []).append(elapsed)
        if status is not None:
            self.statuses[status] = self.statuses.get(status, 0) + 1


def prepare_database(admin_url: str, editors: int, consortium_editors: int = 0) -> str:
    name = f"vk_load_{uuid.uuid4().hex[:8]}"
    with create_engine(admin_url, isolation_level="AUTOCOMMIT").connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    migrate.upgrade(url)
    with transaction(engine_for(url)) as session:
        load_seeds(session)
        digest = hash_password(PASSWORD)
        for n in range(editors):
            repository_accounts.add_user(
                session, email=f"editor{n}@load.test", password_hash=digest, role="admin", agency_code=None
            )
        for n in range(consortium_editors):
            repository_accounts.add_user(
                session, email=f"cons{n}@load.test", password_hash=digest, role="editor", agency_code="IN"
            )
        consortium_load.prepare(session)
        row = repository.instrument_by_slug(session, COUNTER_SLUG)
        assert row is not None
        first = repository_accounts.user_by_email(session, "editor0@load.test")
        editing.update_instrument(
            session, COUNTER_SLUG, instrument_record(row) | {"annual_budget_nok": 0}, row.version, first
        )
    return url


SERVER_LOG = Path(os.environ.get("TMPDIR", "/tmp")) / "vk-load-test-server.log"


def start_server(url: str, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, **consortium_load.SERVER_ENV, "DATABASE_URL": url, "VK_SECRET_KEY": uuid.uuid4().hex}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "web.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=SERVER_LOG.open("wb"),
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if httpx.get(f"{base}/api/v1/agencies", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    proc.kill()
    raise RuntimeError(f"server did not start; see {SERVER_LOG}")


async def reader(client: httpx.AsyncClient, n: int, stop: float, stats: Stats) -> None:
    i = n
    while time.perf_counter() < stop:
        path = READ_PATHS[i % len(READ_PATHS)]
        i += 1
        started = time.perf_counter()
        try:
            r = await client.get(path)
            stats.record(started, "read", r.status_code)
            if r.status_code != 200:
                stats.errors.append(f"GET {path}: {r.status_code}")
        except httpx.HTTPError as exc:
            stats.errors.append(f"GET {path}: {type(exc).__name__}")


async def editor(base: str, n: int, stop: float, stats: Stats) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=CLIENT_LIMITS) as client:
        r = await client.post("/api/v1/login", json={"email": f"editor{n}@load.test", "password": PASSWORD})
        if r.status_code != 200:
            stats.errors.append(f"login editor{n}: {r.status_code}")
            return
        headers = {"X-CSRF-Token": r.json()["csrf_token"]}
        while time.perf_counter() < stop:
            await increment_once(client, headers, stats)


async def increment_once(client: httpx.AsyncClient, headers: dict[str, str], stats: Stats) -> None:
    """Read, add one, write with the version read; retry from the read on a conflict."""
    while True:
        started = time.perf_counter()
        r = await client.get(f"/api/v1/instruments/{COUNTER_SLUG}/record")
        stats.record(started, "edit GET", r.status_code)
        if r.status_code != 200:
            stats.errors.append(f"GET record: {r.status_code}")
            return
        stored = r.json()
        counter = stored["instrument"]["annual_budget_nok"]
        body = {
            "version": stored["version"],
            "instrument": stored["instrument"] | {"annual_budget_nok": counter + 1},
        }
        started = time.perf_counter()
        r = await client.put(f"/api/v1/instruments/{COUNTER_SLUG}", json=body, headers=headers)
        stats.record(started, "edit PUT", r.status_code)
        if r.status_code == 200:
            stats.edits += 1
            return
        if r.status_code == 409:
            stats.conflicts += 1
            continue
        stats.errors.append(f"PUT: {r.status_code} {r.text[:200]}")
        return


async def run_clients(
    base: str, args: argparse.Namespace, cstats: consortium_load.ConsortiumStats
) -> tuple[Stats, float]:
    readers, editors, seconds = args.readers, args.editors, args.seconds
    stats = Stats()
    limits = httpx.Limits(
        max_connections=readers, max_keepalive_connections=readers, keepalive_expiry=KEEPALIVE_S
    )
    started = time.perf_counter()
    stop = started + seconds
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        await asyncio.gather(
            *(reader(client, n, stop, stats) for n in range(readers)),
            *(editor(base, n, stop, stats) for n in range(editors)),
            *(consortium_load.visitor(base, n, stop, stats, cstats) for n in range(args.visitors)),
            *(
                consortium_load.consortium_editor(
                    base, n, f"cons{n}@load.test", PASSWORD, stop, stats, cstats
                )
                for n in range(args.consortium_editors)
            ),
        )
    return stats, time.perf_counter() - started


def final_counter(url: str) -> tuple[int, int]:
    with transaction(engine_for(url)) as session:
        row = repository.instrument_by_slug(session, COUNTER_SLUG)
        assert row is not None
        updates = sum(1 for e in repository_audit.history(session, COUNTER_SLUG) if e.action == "update")
        return int(row.annual_budget_nok or 0), updates - 1  # minus the reset to 0 before the run


def drop_database(admin_url: str, url: str) -> None:
    engine_for(url).dispose()
    name = make_url(url).database
    with create_engine(admin_url, isolation_level="AUTOCOMMIT").connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[int(q * (len(ordered) - 1))] * 1000 if ordered else 0.0


def report(
    stats: Stats,
    elapsed: float,
    counter: int,
    audited: int,
    args: argparse.Namespace,
    cstats: consortium_load.ConsortiumStats,
    problems: list[str],
) -> str:
    lat = sorted(stats.latencies)
    p95 = lat[int(0.95 * (len(lat) - 1))] * 1000 if lat else 0.0
    lost = stats.edits - counter
    lines = [
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs",
        f"server: PostgreSQL on loopback, {args.workers} workers",
        f"clients: {args.readers} readers + {args.editors} editors + {args.visitors} anonymous savers"
        f" + {args.consortium_editors} consortium editors for {args.seconds:.0f} s",
        f"load average (1/5/15 min) at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        f"requests: {len(lat)} in {elapsed:.1f} s = {len(lat) / elapsed:.0f} requests/s",
        f"latency: p50 {statistics.median(lat) * 1000:.1f} ms, p95 {p95:.1f} ms" if lat else "latency: -",
        f"errors: {len(stats.errors)}",
        f"edits: {stats.edits} saved, {stats.conflicts} conflicts (409, retried)",
        f"counter at the end: {counter}; audit entries: {audited}; lost updates: {lost}",
        f"statuses: {dict(sorted(stats.statuses.items()))}; >= 500: "
        f"{sum(n for s, n in stats.statuses.items() if s >= 500)}",
        f"consortia: {len(cstats.saved_new)} saved new (303, one shared name), {len(cstats.updates)} updates "
        f"saved, {cstats.update_conflicts} conflicts (409, re-read); audit create/update entries: "
        f"{getattr(cstats, 'audit_counts', '-')}; lost or merged saves: {len(problems)} problems",
    ]
    lines += [
        f"  {kind}: {len(v)} requests, p50 {percentile(v, 0.5):.0f} ms, p95 {percentile(v, 0.95):.0f} ms"
        for kind, v in stats.by_kind.items()
    ]
    lines += [f"  problem: {p}" for p in problems[:10]]
    lines += [f"  error: {e}" for e in stats.errors[:10]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=32)
    parser.add_argument("--editors", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--visitors", type=int, default=6, help="anonymous consortium savers")
    parser.add_argument("--consortium-editors", type=int, default=3)
    args = parser.parse_args(argv)
    admin_url = os.environ.get("TEST_POSTGRES_URL")
    if not admin_url:
        print("set TEST_POSTGRES_URL (export TEST_POSTGRES_URL=$(.ci/start-postgres.sh))", file=sys.stderr)
        return 2
    url = prepare_database(admin_url, args.editors, args.consortium_editors)
    proc, base = start_server(url, args.workers)
    try:
        cstats = consortium_load.ConsortiumStats()
        stats, elapsed = asyncio.run(run_clients(base, args, cstats))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    counter, audited = final_counter(url)
    problems = consortium_load.verify(url, cstats)
    print(report(stats, elapsed, counter, audited, args, cstats, problems))
    drop_database(admin_url, url)
    ok = not stats.errors and not problems and counter == stats.edits and audited == stats.edits
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
