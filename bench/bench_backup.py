"""Time and memory of ``verkemiddelkart backup`` and ``restore`` on a large catalogue.

    PYTHONPATH=. .venv/bin/python -m bench.bench_backup --instruments 10000 --awards 100000 \
        [--postgres postgresql+psycopg://postgres@127.0.0.1:54329/postgres]

Builds a seeded SQLite catalogue, copies its instruments (with their tags, counties, ministries and partner
agencies) until there are ``--instruments`` of them, optionally imports a synthetic Forskningsrådet EU file
of ``--awards`` rows, then runs the CLI as a user would (each command in its own process): backup, restore
into a new SQLite database (and a new PostgreSQL database with ``--postgres``), and a backup of each restored
database, which must equal the first apart from its timestamp. Prints wall time, peak RSS and file size.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from catalogue import migrate
from catalogue.db import engine_for, transaction
from catalogue.instruments.models import (
    Instrument,
    InstrumentCounty,
    InstrumentMinistry,
    InstrumentPartner,
    InstrumentTag,
)
from catalogue.seeding import load_seeds

LINKS = (InstrumentTag, InstrumentCounty, InstrumentMinistry, InstrumentPartner)


def grow(url: str, target: int) -> None:
    """Copy the seeded instruments (new ids and slugs) until there are ``target``."""
    engine = engine_for(url)
    with engine.begin() as conn:
        originals = [dict(r._mapping) for r in conn.execute(select(Instrument.__table__))]
        links = {m: [dict(r._mapping) for r in conn.execute(select(m.__table__))] for m in LINKS}
        next_id = (conn.execute(select(func.max(Instrument.id))).scalar() or 0) + 1
        copy = 0
        while len(originals) * (copy + 1) < target:
            copy += 1
            remaining = target - len(originals) * copy
            chosen = originals[:remaining]
            ids = {row["id"]: next_id + i for i, row in enumerate(chosen)}
            next_id += len(chosen)
            rows = [r | {"id": ids[r["id"]], "slug": f"{r['slug']}-c{copy}"} for r in chosen]
            conn.execute(Instrument.__table__.insert(), rows)
            for model, link_rows in links.items():
                new = [
                    r | {"instrument_id": ids[r["instrument_id"]]}
                    for r in link_rows
                    if r["instrument_id"] in ids
                ]
                if new:
                    conn.execute(model.__table__.insert(), new)


# runs the CLI, then reports the process's own peak RSS (VmHWM: the resident high-water mark of this
# program; getrusage would also count the benchmark's memory, inherited through fork)
RUN_CLI = """
import sys, time
from web.cli import main
cpu = time.process_time()
status = main(sys.argv[1:])
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
print("peak", int(peak.split()[1]) // 1024, "cpu", round(time.process_time() - cpu, 1))
sys.exit(status)
"""


def cli(url: str, *args: str) -> str:
    """Run ``verkemiddelkart ARGS`` on ``url``: the command's own time (as it prints it), the process's wall
    time (with the interpreter's start and imports) and its peak RSS."""
    env = os.environ | {"DATABASE_URL": url}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", RUN_CLI, *args], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"verkemiddelkart {' '.join(args)} failed:\n{done.stderr}")
    own = re.search(r"in ([0-9.]+) s", done.stdout)
    peak = re.search(r"^peak (\d+) cpu ([0-9.]+)", done.stdout, re.M)
    assert own and peak, done.stdout
    return f"{own.group(1)} s, CPU {peak.group(2)} s (process {elapsed:.1f} s), peak RSS {peak.group(1)} MB"


def new_postgres(admin: str) -> str:
    name = f"vk_bench_{uuid.uuid4().hex[:10]}"
    with create_engine(admin, isolation_level="AUTOCOMMIT").connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return make_url(admin).set(database=name).render_as_string(hide_password=False)


def drop_postgres(admin: str, url: str) -> None:
    engine_for(url).dispose()
    name = make_url(url).database
    with create_engine(admin, isolation_level="AUTOCOMMIT").connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def body(path: Path) -> list[bytes]:
    with gzip.open(path, "rb") as f:
        return f.readlines()[1:]


def source_catalogue(work: Path, args: argparse.Namespace) -> str:
    if args.source:
        return f"sqlite:///{args.source.resolve()}"
    url = f"sqlite:///{work / 'source.db'}"
    migrate.upgrade(url)
    with transaction(engine_for(url)) as session:
        load_seeds(session)
    grow(url, args.instruments)
    if args.awards:
        from bench.synthetic_awards import write_file
        from catalogue.awards.service import import_awards

        data = write_file("fr-eu", args.awards, work / "eu.csv")
        with transaction(engine_for(url)) as session:
            import_awards(session, data, "fr-eu")
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instruments", type=int, default=10_000)
    parser.add_argument("--awards", type=int, default=0, help="rows of a synthetic EU award file")
    parser.add_argument(
        "--postgres", help="admin URL of a PostgreSQL server (a database is made and dropped)"
    )
    parser.add_argument("--source", type=Path, help="an SQLite catalogue to back up instead of building one")
    parser.add_argument("--keep", type=Path, help="copy the source catalogue here (for --source next time)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source = source_catalogue(work, args)
        if args.keep:
            engine_for(source).dispose()
            shutil.copyfile(source.removeprefix("sqlite:///"), args.keep)
        first = work / "first.vkbackup.gz"
        results: list[tuple[str, str]] = []
        figures = cli(source, "backup", str(first))
        results.append(("backup (SQLite)", f"{figures}, file {first.stat().st_size / 1e6:.2f} MB"))
        targets = [("SQLite", f"sqlite:///{work / 'target.db'}")]
        if args.postgres:
            targets.append(("PostgreSQL", new_postgres(args.postgres)))
        try:
            for label, url in targets:
                migrate.upgrade(url)
                results.append((f"restore ({label})", cli(url, "restore", str(first))))
                again = work / f"again-{label}.vkbackup.gz"
                figures = cli(url, "backup", str(again))
                same = "identical" if body(again) == body(first) else "DIFFERENT"
                results.append((f"backup ({label}, restored)", f"{figures}, {same}"))
        finally:
            if args.postgres:
                drop_postgres(args.postgres, targets[-1][1])
    print(f"{args.instruments} instruments, {args.awards} award rows")
    for what, figures in results:
        print(f"  {what:28} {figures}")


if __name__ == "__main__":
    main()
