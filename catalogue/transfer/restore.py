"""``verkemiddelkart restore FILE``: rebuild a catalogue from a backup, in one transaction.

The whole file is read first (is it whole, does its checksum match?); then, in one transaction, the
target's revision and emptiness are checked (or, with ``replace``, the backed-up tables are emptied),
every row is checked and inserted in batches, and PostgreSQL's id sequences are moved past the restored
ids. Any error rolls everything back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Integer, Table, and_, exists, func, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from catalogue.instruments.models import Base
from catalogue.transfer.backup_format import EXCLUDED, BackupError, current_revision, self_references
from catalogue.transfer.backup_reader import BackupReader, Batch, Header


@dataclass
class RestoreSummary:
    header: Header
    rows: dict[str, int] = field(default_factory=dict)
    replaced: bool = False

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def verify_backup(path: Path) -> Header:
    """Read the whole file quickly (is it whole, and unaltered?); ``BackupError`` if not. Each value is
    checked while it is restored, in the transaction."""
    with BackupReader(path) as reader:
        reader.check_sum()
        return reader.header


def _check_revision(conn: Connection, header: Header) -> None:
    revision = current_revision(conn)
    if revision is None:
        raise BackupError("the database has no tables: run `verkemiddelkart db upgrade` on it first")
    if revision != header.revision:
        raise BackupError(
            f"the backup was made at database revision {header.revision}, this database is at {revision}: "
            "restore into a database at the backup's revision (see docs/maintenance.md)"
        )


def _filled(conn: Connection, tables: list[Table]) -> list[str]:
    return [t.name for t in tables if conn.execute(select(exists().select_from(t))).scalar()]


def _dependants(tables: list[Table]) -> list[Table]:
    """The tables to empty before a ``replace``: the backed-up ones and those left out that point into
    them (login sessions of the accounts replaced), children first."""
    chosen = {t.name for t in tables}
    for t in Base.metadata.sorted_tables:
        if t.name in EXCLUDED and any(fk.column.table.name in chosen for fk in t.foreign_keys):
            chosen.add(t.name)
    return [t for t in reversed(Base.metadata.sorted_tables) if t.name in chosen]


def _wipe(conn: Connection, tables: list[Table]) -> None:
    for table in _dependants(tables):
        try:
            conn.execute(table.delete())
        except IntegrityError as exc:
            raise BackupError(
                f"cannot empty {table.name!r}: rows that the backup does not replace point into it "
                "(e.g. editor accounts of an agency, when the backup holds no accounts)"
            ) from exc


def _insert(conn: Connection, batch: Batch, later: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    """Insert a batch; self-references are set to NULL now and filled in after the table (``later``)."""
    table, rows = batch.table, batch.rows
    own = self_references(table)
    if own:
        keys = [c.name for c in table.primary_key.columns]
        for row in rows:
            pending = {c: row[c] for c in own if row[c] is not None}
            if pending:
                later.append(({k: row[k] for k in keys}, pending))
                row.update(dict.fromkeys(pending))
    if rows:
        conn.execute(table.insert(), rows)
    if batch.last:
        for key, values in later:
            where = and_(*(table.c[k] == v for k, v in key.items()))
            conn.execute(update(table).where(where).values(**values))
        later.clear()


def _reset_sequences(conn: Connection, tables: list[Table]) -> None:
    """Move each PostgreSQL id sequence past the largest restored id (the next insert must not clash)."""
    if conn.dialect.name != "postgresql":
        return  # SQLite takes the next rowid from the table itself
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        top = conn.execute(select(func.max(keys[0]))).scalar()
        conn.execute(
            text("SELECT setval(pg_get_serial_sequence(:t, :c), :v, :called)"),
            {"t": table.name, "c": keys[0].name, "v": top or 1, "called": top is not None},
        )


def _restore_rows(conn: Connection, path: Path, summary: RestoreSummary) -> None:
    later: list[tuple[dict[str, Any], dict[str, Any]]] = []
    with BackupReader(path) as reader:
        for batch in reader.batches():
            try:
                _insert(conn, batch, later)
            except DBAPIError as exc:
                raise BackupError(
                    f"near line {reader.line_no}: the database refused a row of {batch.table.name!r} "
                    f"({exc.orig})"
                ) from exc
            summary.rows[batch.table.name] = summary.rows.get(batch.table.name, 0) + len(batch.rows)


def restore_backup(engine: Engine, path: Path, replace: bool = False) -> RestoreSummary:
    """Restore ``path`` into the database of ``engine``; see the module's description."""
    header = verify_backup(path)
    tables = [Base.metadata.tables[name] for name in header.tables]
    summary = RestoreSummary(header, replaced=replace)
    with engine.begin() as conn:
        _check_revision(conn, header)
        filled = _filled(conn, tables)
        if filled and not replace:
            raise BackupError(
                "the database is not empty (rows in " + ", ".join(filled) + "): restore into a new, "
                "migrated database, or give --replace to delete this catalogue and restore the backup "
                "in its place"
            )
        if filled:
            _wipe(conn, tables)
        _restore_rows(conn, path, summary)
        _reset_sequences(conn, tables)
    return summary
