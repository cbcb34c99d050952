"""Shared fixtures: databases on SQLite and PostgreSQL built with ``alembic upgrade head``.

PostgreSQL tests use the server at ``TEST_POSTGRES_URL`` (``.ci/run`` starts one). Without it they are
skipped locally, but fail when ``VK_REQUIRE_POSTGRES=1`` (as in CI), so a missing server is never silent.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from catalogue import migrate
from catalogue.db import engine_for, transaction
from catalogue.instruments.loader import build_snapshot
from catalogue.instruments.snapshot import CatalogueSnapshot
from catalogue.seeding import load_seeds

BACKENDS = ("sqlite", "postgresql")


def postgres_admin_url() -> str | None:
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("VK_REQUIRE_POSTGRES") == "1":
            pytest.fail("VK_REQUIRE_POSTGRES=1 but TEST_POSTGRES_URL is not set")
        pytest.skip("PostgreSQL not configured (set TEST_POSTGRES_URL)")
    return url


def _new_database(backend: str, tmp_dir: Path) -> tuple[str, object]:
    """Create an empty database; return its URL and a cleanup callable."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_dir / f'vk-{uuid.uuid4().hex[:8]}.db'}", lambda: None
    admin = postgres_admin_url()
    assert admin
    name = f"vk_test_{uuid.uuid4().hex[:12]}"
    admin_engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        engine_for(url).dispose()
        with admin_engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin_engine.dispose()

    return url, drop


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql":
        request.applymarker(pytest.mark.postgres)
    return request.param


@pytest.fixture
def empty_db_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A brand-new database with no tables."""
    url, cleanup = _new_database(backend, tmp_path)
    yield url
    cleanup()  # type: ignore[operator]


@pytest.fixture
def db_url(empty_db_url: str) -> str:
    """A new database migrated to head, with no rows."""
    migrate.upgrade(empty_db_url)
    return empty_db_url


@pytest.fixture
def seeded_url(db_url: str) -> str:
    """A new database migrated and seeded with the real catalogue (per test: may be changed)."""
    with transaction(engine_for(db_url)) as session:
        load_seeds(session)
    return db_url


@pytest.fixture(scope="session")
def seeded_sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One seeded SQLite database shared by read-only tests."""
    path = tmp_path_factory.mktemp("seeded") / "catalogue.db"
    url = f"sqlite:///{path}"
    migrate.upgrade(url)
    with transaction(engine_for(url)) as session:
        load_seeds(session)
    return url


@pytest.fixture(scope="session")
def seed_snapshot(seeded_sqlite_url: str) -> CatalogueSnapshot:
    with transaction(engine_for(seeded_sqlite_url)) as session:
        return build_snapshot(session)
