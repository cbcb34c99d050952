"""Helpers for the award tests: the real Forskningsrådet extracts, databases on both backends, row dumps."""

from __future__ import annotations

import csv
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from catalogue import migrate
from catalogue.awards.models import AwardActivity, AwardOrganisation, AwardParticipation, AwardSource
from catalogue.awards.service import ImportSummary, import_awards
from catalogue.db import engine_for, transaction
from catalogue.seeding import load_seeds

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "open-data" / "forskningsradet"
EU_FILE = FIXTURES / "bevilgningereu.csv"
SOKNADER_FILE = FIXTURES / "soknader2-sample.csv"
TABLES = (AwardSource, AwardOrganisation, AwardActivity, AwardParticipation)


def new_database(backend: str, tmp_dir: Path) -> tuple[str, Callable[[], None]]:
    """An empty database (SQLite file, or a new PostgreSQL database when TEST_POSTGRES_URL is set)."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_dir / f'awards-{uuid.uuid4().hex[:8]}.db'}", lambda: None
    admin = os.environ.get("TEST_POSTGRES_URL")
    if not admin:
        if os.environ.get("VK_REQUIRE_POSTGRES") == "1":
            pytest.fail("VK_REQUIRE_POSTGRES=1 but TEST_POSTGRES_URL is not set")
        pytest.skip("PostgreSQL not configured (set TEST_POSTGRES_URL)")
    name = f"vk_awards_{uuid.uuid4().hex[:12]}"
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


def seeded_database(backend: str, tmp_dir: Path) -> tuple[str, Callable[[], None]]:
    url, drop = new_database(backend, tmp_dir)
    migrate.upgrade(url)
    with transaction(engine_for(url)) as session:
        load_seeds(session)
    return url, drop


def run_import(url: str, path: Path, fmt: str, **options: Any) -> ImportSummary:
    with transaction(engine_for(url)) as session:
        return import_awards(session, path, fmt, **options)


def dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the award tables, sorted (the source's import time left out)."""
    out = {}
    with transaction(engine_for(url)) as session:
        for model in TABLES:
            columns = [c for c in model.__table__.c if c.name != "imported_at"]
            out[model.__tablename__] = sorted(
                (tuple(row) for row in session.execute(select(*columns))), key=repr
            )
    return out


def rewrite_cell(source: Path, target: Path, row: int, column: str, value: str, delimiter: str) -> Path:
    """A copy of a CSV file with one cell changed; ``row`` counts as a spreadsheet does (header = 1)."""
    with source.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=delimiter))
    rows[row - 1][rows[0].index(column)] = value
    with target.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return target
