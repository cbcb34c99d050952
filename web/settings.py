"""Process settings read from the environment (one place, read when asked, never cached at import).

- ``VK_BASE_URL``: the public address of the site, e.g. ``https://verkemiddelkart.no``. Absolute URIs in the
  open data (``/data/...``) are built from it, so they stay the same whatever host a request came in on.
  Default ``http://127.0.0.1:8000`` (``verkemiddelkart serve``).
- ``VK_PUBLISHER_NAME``, ``VK_PUBLISHER_ORGNR``: who publishes the open data (``dct:publisher``). With an
  organisation number the publisher is that organisation in data.norge.no's organisation catalogue.
"""

from __future__ import annotations

import os

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
DEFAULT_PUBLISHER_NAME = "Verkemiddelkart"


def base_url() -> str:
    """The configured public base URL, without a trailing slash."""
    return (os.environ.get("VK_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")


def publisher_name() -> str:
    return os.environ.get("VK_PUBLISHER_NAME") or DEFAULT_PUBLISHER_NAME


def publisher_orgnr() -> str | None:
    value = (os.environ.get("VK_PUBLISHER_ORGNR") or "").replace(" ", "")
    return value or None
