"""The unit of work of a CLI command: ``with cli_session() as session:`` opens a session on
``DATABASE_URL`` that commits when the block ends and rolls back on any error (``catalogue.db.transaction``).
Commands and the services they call never commit themselves."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from catalogue.db import database_url, engine_for, transaction


@contextmanager
def cli_session() -> Iterator[Session]:
    with transaction(engine_for(database_url())) as session:
        yield session
