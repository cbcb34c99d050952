"""Web test fixtures: the app over the session-scoped seeded SQLite database and a client.

Parse pages with ``from htmlparse import html`` (tests/web/htmlparse.py; tests/web is on sys.path).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from web.app import create_app


@pytest.fixture(scope="session")
def app(seeded_sqlite_url: str) -> FastAPI:
    return create_app(seeded_sqlite_url)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A fresh client (no cookies) for every test; the app and its search index are shared."""
    with TestClient(app) as c:
        yield c
