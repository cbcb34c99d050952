"""Migrations build the schema from nothing, tear it down again, and match the models exactly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import catalogue.models_all  # noqa: F401
from catalogue import migrate
from catalogue.db import engine_for
from catalogue.instruments.models import Base


def _tables(url: str) -> set[str]:
    return set(inspect(engine_for(url)).get_table_names()) - {"alembic_version"}


def test_upgrade_then_downgrade_round_trip(empty_db_url: str) -> None:
    migrate.upgrade(empty_db_url)
    assert {"instrument", "agency", "barrier", "mission", "consortium", "county"} <= _tables(empty_db_url)
    migrate.downgrade(empty_db_url)
    assert _tables(empty_db_url) == set()
    migrate.upgrade(empty_db_url)
    assert set(Base.metadata.tables) <= _tables(empty_db_url)


def test_models_and_migrations_do_not_drift(db_url: str) -> None:
    with engine_for(db_url).connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == [], f"models differ from migrations; run alembic revision --autogenerate: {diff}"
