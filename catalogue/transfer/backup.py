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
CHUNK_BYTES = 1 << 20  # lines are compressed (and hashed) a megabyte at a time
COMPRESS_LEVEL = 6  # zlib's default: level 9 takes twice the time for a file 3 % smaller
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


@dataclass
class BackupSummary:
    rows: dict[str, int] = field(default_factory=dict)  # table → rows written
    revision: str = ""

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _line(value: Any) -> bytes:
    return (_ENCODER.encode(value) + "\n").encode("utf-8")


class _Body:
    """The lines after the header: written in chunks, with the SHA-256 of all of them."""

    def __init__(self, out: gzip.GzipFile) -> None:
        self.out = out
        self.digest = hashlib.sha256()
        self.pending: list[bytes] = []
        self.size = 0

    def add(self, value: Any) -> None:
        data = _line(value)
        self.pending.append(data)
        self.size += len(data)
        if self.size >= CHUNK_BYTES:
            self.flush()

    def flush(self) -> None:
        chunk = b"".join(self.pending)
        self.digest.update(chunk)
        self.out.write(chunk)
        self.pending, self.size = [], 0


def _ordered(table: Table, dialect: str) -> Any:
    """``SELECT *`` in primary-key order; text keys compare by bytes (``COLLATE "C"`` on PostgreSQL, as
    SQLite's default) so both databases give the same order."""
    keys = [
        c.collate("C") if dialect == "postgresql" and isinstance(c.type, String) else c
        for c in table.primary_key.columns
    ]
    return select(table).order_by(*keys)


def _rows(conn: Connection, table: Table, included: set[str]) -> Iterator[list[Any]]:
    nulled = columns_to_null(table, included)
    blank = [i for i, c in enumerate(table.columns) if c.name in nulled]
    convert = [(i, c.encode) for i, c in enumerate(codecs(table)) if not c.plain and i not in blank]
    result = conn.execution_options(yield_per=FETCH_ROWS).execute(_ordered(table, conn.dialect.name))
    for row in result:
        values = list(row)
        for i, encode in convert:
            if values[i] is not None:
                values[i] = encode(values[i])
        for i in blank:
            values[i] = None
        yield values


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
    body = _Body(out)
    for table in tables:
        body.add({"table": table.name, "columns": [c.name for c in table.columns]})
        count = 0
        for row in _rows(conn, table, included):
            body.add(row)
            count += 1
        body.add({"end": table.name, "rows": count})
        summary.rows[table.name] = count
    body.flush()
    out.write(_line({"end_of_backup": True, "rows": summary.total, "sha256": body.digest.hexdigest()}))


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
                gzip.GzipFile(
                    filename="", fileobj=raw, mode="wb", compresslevel=COMPRESS_LEVEL, mtime=0
                ) as out,
            ):
                _write(out, conn, with_accounts, summary)
            # leaving the block closes the connection, which ends the read-only transaction
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return summary
