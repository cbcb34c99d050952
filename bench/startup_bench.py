"""Catalogue load at start-up, in process, with and without the forked child that counts the tail's
search terms (``web.startup``): each run in a fresh Python process, ``CatalogueState.reload`` as the
server does it at start-up; prints every run and the median.

    .venv/bin/python -m bench.startup_bench var/bench/vk-100000.db --runs 3

(``bench.search_bench`` creates ``var/bench/vk-<n>.db``.) Without fork = ``VK_NO_FORK=1``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import json, sys, time
t0 = time.perf_counter()
from catalogue.db import engine_for
from web.state import CatalogueState
imported = time.perf_counter() - t0
state = CatalogueState(engine_for(f"sqlite:///{sys.argv[1]}"))
state.reload()
snapshot_s, index_s = state.load_seconds
print(json.dumps({"instruments": len(state.snapshot.instruments), "import_s": imported,
                  "snapshot_s": snapshot_s, "index_s": index_s, "load_s": snapshot_s + index_s}))
"""


def one_run(db: Path, fork: bool) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("VK_NO_FORK", None)
    if not fork:
        env["VK_NO_FORK"] = "1"
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(db)], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    for fork in (True, False):
        runs = []
        for _ in range(args.runs):  # alternating would be fairer on a busy machine; kept simple
            runs.append(one_run(args.db, fork))
        label = "with fork" if fork else "without fork (VK_NO_FORK=1)"
        print(f"{label}: {runs[0]['instruments']} instruments")
        for key in ("snapshot_s", "index_s", "load_s", "import_s"):
            values = [r[key] for r in runs]
            shown = ", ".join(f"{v:.2f}" for v in values)
            print(f"   {key:11} median {statistics.median(values):6.2f} s   runs: {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
