"""Drive an HTTP server with a fixed number of concurrent connections over a list of URLs.

Uses ``wrk`` (``apt-get install wrk``) with a Lua script that cycles through the paths and prints
requests, errors and the 50th/95th/99th latency percentiles as JSON; falls back to a bounded Python
client (httpx, one thread per connection) when wrk is missing. Both count only complete responses.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

LUA = """
local paths = {%s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('JSON {"requests": %%d, "duration_us": %%d, "errors": %%d, "non2xx": %%d, ' ..
    '"p50_us": %%d, "p95_us": %%d, "p99_us": %%d}\\n', summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, e.status, latency:percentile(50), latency:percentile(95),
    latency:percentile(99)))
end
"""


@dataclass
class LoadResult:
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    tool: str

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def run_load(base: str, paths: list[str], seconds: float, connections: int = 8) -> LoadResult:
    if shutil.which("wrk"):
        return _wrk(base, paths, seconds, connections)
    return _python(base, paths, seconds, connections)


def _wrk(base: str, paths: list[str], seconds: float, connections: int) -> LoadResult:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(LUA % ", ".join(json.dumps(p) for p in paths))
        script = f.name
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t",
                str(min(2, connections)),
                "-c",
                str(connections),
                "-d",
                f"{seconds:g}s",
                "--timeout",
                "60s",
                "-s",
                script,
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        Path(script).unlink(missing_ok=True)
    data = json.loads(next(line[5:] for line in out.splitlines() if line.startswith("JSON ")))
    return LoadResult(
        data["requests"],
        data["duration_us"] / 1e6,
        data["errors"] + data["non2xx"],
        data["p50_us"] / 1000,
        data["p95_us"] / 1000,
        data["p99_us"] / 1000,
        "wrk",
    )


def _python(base: str, paths: list[str], seconds: float, connections: int) -> LoadResult:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client(offset: int) -> None:
        with httpx.Client(base_url=base, timeout=60) as http:
            n = offset
            while time.perf_counter() < stop:
                t = time.perf_counter()
                ok = http.get(paths[n % len(paths)]).status_code == 200
                with lock:
                    latencies.append(time.perf_counter() - t) if ok else errors.__setitem__(0, errors[0] + 1)
                n += 1

    start = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return LoadResult(len(latencies), elapsed, errors[0], q[49] * 1000, q[94] * 1000, q[98] * 1000, "python")
