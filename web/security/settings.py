"""Settings of the web hardening, read from the environment when used (so tests can change them).

- ``VK_BASE_URL``: the site's address for absolute links (Atom feed, printable funding path); never the
  request's ``Host`` header, which the client chooses. Default ``http://127.0.0.1:8000``.
- ``VK_MAX_BODY_BYTES``: the largest request body accepted (default 2 MiB); larger ones get 413.
- ``VK_ANON_PATHS_PER_MINUTE`` / ``VK_ANON_SAVES_PER_MINUTE``: what one client address may ask without
  logging in (funding-path computations, consortium saves). Counted per server worker.
"""

from __future__ import annotations

import os

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def base_url() -> str:
    return (os.environ.get("VK_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw) if raw.strip().isdigit() else default


def max_body_bytes() -> int:
    return _int("VK_MAX_BODY_BYTES", 2 * 1024 * 1024)


def anonymous_paths_per_minute() -> int:
    return _int("VK_ANON_PATHS_PER_MINUTE", 60)


def anonymous_saves_per_minute() -> int:
    return _int("VK_ANON_SAVES_PER_MINUTE", 10)
