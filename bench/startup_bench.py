"""Catalogue load at start-up, in process, with and without the forked child that counts the tail's
search terms (``web.startup``): each run in a fresh Python process, ``CatalogueState.reload`` as the
server does it at start-up; prints every run, the median and the load average before each run.

    .venv/bin/python -m bench.startup_bench var/bench/vk-100000.db --runs 3 [--compare-with DIR]

(``bench.search_bench`` creates ``var/bench/vk-<n>.db``.) Without fork = ``VK_NO_FORK=1``. The
configurations take turns, run by run, so that a busy machine slows them alike. ``--compare-with`` adds
the same measurement over another checkout of the code (e.g. ``git worktree add /tmp/old <commit>``).
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


def one_run(db: Path, fork: bool, source: Path = ROOT) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(source)}
    env.pop("VK_NO_FORK", None)
    if not fork:
        env["VK_NO_FORK"] = "1"
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(db)],
        env=env,
        cwd=source,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--compare-with", type=Path, default=None, help="another checkout, run with fork")
    args = parser.parse_args(argv)
    configs = {"with fork": (True, ROOT), "without fork (VK_NO_FORK=1)": (False, ROOT)}
    if args.compare_with is not None:
        configs[f"with fork, code of {args.compare_with}"] = (True, args.compare_with.resolve())
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in configs}
    for _ in range(args.runs):
        for name, (fork, source) in configs.items():
            load = os.getloadavg()[0]
            runs[name].append(one_run(args.db, fork, source) | {"load": load})
    for name, done in runs.items():
        print(f"{name}: {done[0]['instruments']:.0f} instruments")
        for key in ("snapshot_s", "index_s", "load_s", "import_s", "load"):
            values = [r[key] for r in done]
            shown = ", ".join(f"{v:.2f}" for v in values)
            label = "load avg" if key == "load" else key
            print(f"   {label:11} median {statistics.median(values):6.2f}     runs: {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
