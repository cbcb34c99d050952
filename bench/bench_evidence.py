"""Build time and size of the gap analyser's award evidence snapshot as the award tables grow.

    PYTHONPATH=. .venv/bin/python -m bench.bench_evidence --rows 100000 300000

For each size: a seeded SQLite database, synthetic Søknader and EU files of ``rows`` rows each
(``bench.synthetic_awards``) imported, then ``build_evidence_snapshot`` timed (wall, best of 2) with the
snapshot's size: its entries (grouped rows and example awards), which must not grow with the rows, and
the peak RSS of the process. Figures: docs/analyser.md, "Evidence from funded projects".
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from bench.synthetic_awards import write_file
from catalogue import migrate
from catalogue.awards.evidence_loader import build_evidence_snapshot
from catalogue.awards.service import import_awards
from catalogue.awards.snapshot import AwardEvidence
from catalogue.db import engine_for, transaction
from catalogue.rules import load_rules
from catalogue.seeding import load_seeds


def entries(ev: AwardEvidence) -> int:
    rows = sum(len(p.single_rows) for p in ev.partners) + sum(len(f.unmapped_rows) for f in ev.funders)
    rows += sum(len(c.rows) for c in ev.cells)
    groups = len(ev.partners) + len(ev.funders) + len(ev.unmapped) + len(ev.decisions) + len(ev.cells)
    return rows + groups + len(ev.organisations) + len(ev.symbioses)


def run(rows: int, work: Path) -> None:
    url = f"sqlite:///{work / f'evidence-{rows}.db'}"
    migrate.upgrade(url)
    with transaction(engine_for(url)) as session:
        load_seeds(session)
    for fmt in ("fr-soknader", "fr-eu"):
        path = write_file(fmt, rows, work / f"{fmt}-{rows}.csv")
        with transaction(engine_for(url)) as session:
            import_awards(session, path, fmt)
    best = float("inf")
    for _ in range(2):
        with transaction(engine_for(url)) as session:
            started = time.perf_counter()
            ev = build_evidence_snapshot(session, load_rules("award_evidence"))
            best = min(best, time.perf_counter() - started)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(
        f"{rows:>9,} rows per file: evidence built in {best:.2f} s, {entries(ev):,} entries, "
        f"peak RSS {rss} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.rows:
            run(rows, Path(tmp))


if __name__ == "__main__":
    main()
