"""``verkemiddelkart backup FILE``: every table of the catalogue into one gzip'd JSON Lines file.

Rows are streamed from the database in primary-key order and written line by line, so memory stays
bounded however large a table is; the file appears under its name only once it is complete. The format is
described in ``catalogue.transfer.backup_format`` and ``docs/maintenance.md``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, String, Table, select

from catalogue.transfer.backup_format import (
    FORMAT,
    FORMAT_VERSION,
    BackupError,
    backup_tables,
    codecs,
    columns_to_null,
    current_revision,
)

FETCH_ROWS = 2000  # rows fetched per round trip while streaming a table


@dataclass
class BackupSummary:
    rows: dict[str, int] = field(default_factory=dict)  # table → rows written
    revision: str = ""

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _line(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _ordered(table: Table, dialect: str) -> Any:
    """``SELECT *`` in primary-key order; text keys compare by bytes (``COLLATE "C"`` on PostgreSQL, as
    SQLite's default) so both databases give the same order."""
    keys = [
        c.collate("C") if dialect == "postgresql" and isinstance(c.type, String) else c
        for c in table.primary_key.columns
    ]
    return select(table).order_by(*keys)


def _rows(conn: Connection, table: Table, included: set[str]) -> Iterator[list[Any]]:
    coders = codecs(table)
    nulled = columns_to_null(table, included)
    blank = [c.name in nulled for c in table.columns]
    result = conn.execution_options(yield_per=FETCH_ROWS).execute(_ordered(table, conn.dialect.name))
    for row in result:
        yield [None if value is None or blank[i] else coders[i].encode(value) for i, value in enumerate(row)]


def _snapshot(conn: Connection) -> None:
    """One consistent view of the database for the whole backup."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN")  # the driver starts no transaction for reads on its own
    else:
        conn.execute(select(1))  # the REPEATABLE READ transaction starts at the first statement


def _write(out: gzip.GzipFile, conn: Connection, with_accounts: bool, summary: BackupSummary) -> None:
    tables = backup_tables(with_accounts)
    included = {t.name for t in tables}
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "alembic_revision": summary.revision,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "with_accounts": with_accounts,
        "tables": [t.name for t in tables],
    }
    out.write(_line(header))
    digest = hashlib.sha256()

    def emit(value: Any) -> None:
        data = _line(value)
        digest.update(data)
        out.write(data)

    for table in tables:
        emit({"table": table.name, "columns": [c.name for c in table.columns]})
        count = 0
        for row in _rows(conn, table, included):
            emit(row)
            count += 1
        emit({"end": table.name, "rows": count})
        summary.rows[table.name] = count
    out.write(_line({"end_of_backup": True, "rows": summary.total, "sha256": digest.hexdigest()}))


def write_backup(engine: Engine, path: Path, with_accounts: bool = False) -> BackupSummary:
    """Write the backup to ``path`` (via a temporary file beside it, renamed when complete)."""
    summary = BackupSummary()
    partial = path.with_name(path.name + ".partial")
    options = {"isolation_level": "REPEATABLE READ"} if engine.dialect.name == "postgresql" else {}
    try:
        with engine.connect().execution_options(**options) as conn:
            _snapshot(conn)
            revision = current_revision(conn)
            if revision is None:
                raise BackupError("the database has no tables yet: run `verkemiddelkart db upgrade` first")
            summary.revision = revision
            with (
                partial.open("wb") as raw,
                gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as out,
            ):
                _write(out, conn, with_accounts, summary)
            conn.rollback()
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return summary
