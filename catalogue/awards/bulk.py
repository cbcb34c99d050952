"""Batched upserts of imported rows: organisations by key, activities by (source, source id),
participations by (activity, participant). Re-importing a file updates rows in place, never duplicates.

The ``INSERT ... ON CONFLICT DO UPDATE`` statements are built with SQLAlchemy Core for the connection's
dialect (SQLite or PostgreSQL), compiled once with positional parameters, and executed per batch as one
``executemany`` of plain tuples: a million rows cost no per-row statement compilation. Everything runs in
the caller's transaction; the caller commits or rolls back.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import fields
from itertools import chain
from operator import attrgetter, itemgetter
from typing import Any, cast

from sqlalchemy import (
    Column,
    Connection,
    MetaData,
    Table,
    func,
    select,
    tuple_,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.sqlite import pysqlite
from sqlalchemy.orm import Session

from catalogue.awards.models import AwardActivity, AwardOrganisation, AwardParticipation
from catalogue.awards.records import ActivityRecord, OrgRecord

ORG = cast(Table, AwardOrganisation.__table__)
ACTIVITY = cast(Table, AwardActivity.__table__)
PARTICIPATION = cast(Table, AwardParticipation.__table__)
ORG_FIELDS = tuple(f.name for f in fields(OrgRecord))
ACTIVITY_FIELDS = tuple(f.name for f in fields(ActivityRecord))
DATE_FIELDS = frozenset(f for f in ACTIVITY_FIELDS if ACTIVITY.c[f].type.python_type is dt.date)
ORG_PUBLISHED = ("county_code", "county_name", "municipality_code", "municipality", "sector", "sector_kind")
PARTICIPATION_FIELDS = ("activity_id", "source_ref", "organisation_id", "role", "amount_minor")
SQLITE_CACHE_KIB = 64 * 1024
SQLITE_MAX_PARAMETERS = 32_766  # per statement (SQLite's default limit since 3.32)
_org_values = attrgetter(*ORG_FIELDS)
_activity_values = attrgetter(*ACTIVITY_FIELDS)


class _Upsert:
    """``INSERT ... ON CONFLICT DO UPDATE`` of many rows given in ``columns`` order."""

    def __init__(
        self, conn: Connection, table: Table, columns: Sequence[str], conflict: Sequence[str], set_: Any
    ):
        self.conn, self.table, self.columns = conn, table, list(columns)
        self.conflict, self.set_ = list(conflict), set_

    def run(self, rows: list[tuple[Any, ...]]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Drop what the statement needed (PostgreSQL's staging table)."""


class _SqliteValues:
    """One statement ``template`` (with ``{values}`` where its ``VALUES`` list goes) executed for many
    rows of ``group`` (one row's parenthesised placeholders), as many rows per statement as SQLite takes
    parameters: SQLite then inserts a whole chunk in one step, without Python's lock (so the next batch
    is read meanwhile), where ``executemany`` takes it back for every row."""

    def __init__(self, conn: Connection, template: str, group: str, width: int):
        raw = conn.connection.driver_connection
        limit = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) if raw is not None else 999
        self.conn, self.template, self.group = conn, template, group
        self.per_statement = max(1, min(limit, SQLITE_MAX_PARAMETERS) // width)
        self._sql: dict[int, str] = {}

    def _statement(self, n: int) -> str:
        if n not in self._sql:
            self._sql[n] = self.template.replace("{values}", ", ".join([self.group] * n))
        return self._sql[n]

    def run(self, rows: Sequence[tuple[Any, ...]]) -> None:
        cursor = self.conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        step = self.per_statement
        for start in range(0, len(rows), step):
            chunk = rows[start : start + step]
            cursor.execute(self._statement(len(chunk)), list(chain.from_iterable(chunk)))
        cursor.close()


class _SqliteUpsert(_Upsert):
    """Compiled once to positional SQL, executed per batch in statements of many rows each
    (:class:`_SqliteValues`). A row that exists is updated only when it differs, so importing the same
    file again rewrites nothing."""

    def __init__(self, *args: Any):
        super().__init__(*args)
        ins = sqlite.insert(self.table)
        changes = self.set_(ins.excluded, self.table.c)
        differs = tuple_(*(self.table.c[c] for c in changes)).is_distinct_from(tuple_(*changes.values()))
        stmt = ins.on_conflict_do_update(index_elements=self.conflict, set_=changes, where=differs)
        compiled = stmt.compile(dialect=pysqlite.dialect(), column_keys=self.columns)
        order = list(compiled.positiontup or ())
        assert sorted(order) == sorted(self.columns), (order, self.columns)
        # rows arrive in ``columns`` order; the SQL wants the table's order
        self.arrange = itemgetter(*(self.columns.index(c) for c in order))
        group = "(" + ", ".join(["?"] * len(order)) + ")"
        sql = str(compiled)
        assert sql.count(group) == 1, sql
        self.values = _SqliteValues(self.conn, sql.replace(group, "{values}"), group, len(order))

    def run(self, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            self.values.run(list(map(self.arrange, rows)))


class _PostgresUpsert(_Upsert):
    """``COPY`` the batch into a temporary staging table, then one ``INSERT ... SELECT ... ON CONFLICT DO
    UPDATE ... WHERE`` the row differs: a round trip per batch, not per row; each row's conflict check is
    an index probe, so the cost stays linear however large the table grows; unchanged rows are not
    rewritten."""

    def __init__(self, *args: Any):
        super().__init__(*args)
        table = self.table
        stage = self.stage = Table(
            f"stage_{table.name}_{uuid.uuid4().hex[:8]}",
            MetaData(),
            *(Column(c, table.c[c].type) for c in self.columns),
            prefixes=["TEMPORARY"],
            postgresql_on_commit="DROP",
        )
        stage.create(self.conn)
        ins = postgresql.insert(table).from_select(self.columns, select(*stage.c))
        changes = self.set_(ins.excluded, table.c)
        differs = tuple_(*(table.c[c] for c in changes)).is_distinct_from(tuple_(*changes.values()))
        self.upsert = ins.on_conflict_do_update(index_elements=self.conflict, set_=changes, where=differs)
        quote = self.conn.dialect.identifier_preparer.quote
        columns = ", ".join(quote(c) for c in self.columns)
        self.copy_sql = f"COPY {quote(stage.name)} ({columns}) FROM STDIN"
        self.truncate_sql = f"TRUNCATE {quote(stage.name)}"

    def run(self, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        raw = self.conn.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cursor, cursor.copy(self.copy_sql) as copy:
            for row in rows:
                copy.write_row(row)
        self.conn.execute(self.upsert)
        self.conn.exec_driver_sql(self.truncate_sql)

    def close(self) -> None:
        self.stage.drop(self.conn)


def _upsert(
    conn: Connection, table: Table, columns: Sequence[str], conflict: Sequence[str], set_: Any
) -> _Upsert:
    name = conn.dialect.name
    if name == "postgresql":
        return _PostgresUpsert(conn, table, columns, conflict, set_)
    if name == "sqlite":
        return _SqliteUpsert(conn, table, columns, conflict, set_)
    raise NotImplementedError(f"award import supports SQLite and PostgreSQL, not {name}")


_PART_SET = ("organisation_id", "role", "amount_minor")


def _participation_sql(rows: str, excluded: str) -> str:
    """Upsert participations given by ``rows`` (a ``VALUES`` list or a ``SELECT``)."""
    return (
        f"INSERT INTO award_participation ({', '.join(PARTICIPATION_FIELDS)}) {rows} "
        f"ON CONFLICT (activity_id, source_ref) DO UPDATE SET "
        + ", ".join(f"{c} = {excluded}.{c}" for c in _PART_SET)
        + f" WHERE ({', '.join(f'award_participation.{c}' for c in _PART_SET)}) "
        f"IS DISTINCT FROM ({', '.join(f'{excluded}.{c}' for c in _PART_SET)})"
    )


def _ids(source_id: int, activity_ref: str, org_key: str) -> tuple[str, str]:
    """The activity's id by its source id, the organisation's id by its key: found by the database (an
    index probe each), so that no ids travel back to Python."""
    return (
        f"(SELECT a.id FROM award_activity a WHERE a.source_id = {int(source_id)} "
        f"AND a.source_ref = {activity_ref})",
        f"(SELECT o.id FROM award_organisation o WHERE o.key = {org_key})",
    )


class _SqliteParticipations(_Upsert):
    """One row per execution (``executemany``): a ``VALUES`` list of thousands of rows, each with two
    subqueries, costs SQLite far more to prepare than it saves."""

    def __init__(self, conn: Connection, source_id: int):
        self.conn = conn
        activity, org = _ids(source_id, "?", "?")
        self.sql = _participation_sql(f"SELECT {activity}, ?, {org}, ?, ? WHERE true", "excluded")

    def run(self, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            self.conn.exec_driver_sql(self.sql, rows)


class _PostgresParticipations(_Upsert):
    def __init__(self, conn: Connection, source_id: int):
        self.conn = conn
        self.stage = f"stage_award_participation_{uuid.uuid4().hex[:8]}"
        conn.exec_driver_sql(
            f"CREATE TEMPORARY TABLE {self.stage} (activity_ref VARCHAR(100), source_ref VARCHAR(100), "
            "org_key VARCHAR(400), role VARCHAR(12), amount_minor BIGINT) ON COMMIT DROP"
        )
        activity, org = _ids(source_id, "s.activity_ref", "s.org_key")
        rows = f"SELECT {activity}, s.source_ref, {org}, s.role, s.amount_minor FROM {self.stage} s"
        self.sql = _participation_sql(rows, "EXCLUDED")
        self.copy_sql = f"COPY {self.stage} FROM STDIN"

    def run(self, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        raw = self.conn.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cursor, cursor.copy(self.copy_sql) as copy:
            for row in rows:
                copy.write_row(row)
        self.conn.exec_driver_sql(self.sql)
        self.conn.exec_driver_sql(f"TRUNCATE {self.stage}")

    def close(self) -> None:
        self.conn.exec_driver_sql(f"DROP TABLE {self.stage}")


def participation_writer(conn: Connection, source_id: int) -> _Upsert:
    if conn.dialect.name == "postgresql":
        return _PostgresParticipations(conn, source_id)
    return _SqliteParticipations(conn, source_id)


def _org_changes(names_organisations: bool) -> Any:
    def changes(ex: Any, t: Any) -> dict[str, Any]:
        if names_organisations:  # a register-quality name: published facts replace, gaps keep the old
            return {"name": ex.name, **{c: func.coalesce(ex[c], t[c]) for c in ORG_PUBLISHED}}
        return {c: func.coalesce(t[c], ex[c]) for c in ORG_PUBLISHED}  # Søknader: only fills gaps

    return changes


class BulkWriter:
    """Statements built once per import, executed once per batch."""

    def __init__(
        self, session: Session, source_id: int, names_organisations: bool, derived: Sequence[str] = ()
    ):
        """``derived``: activity columns computed after the import (not overwritten by a re-import)."""
        self.conn = session.connection()
        self.source_id = source_id
        self.org_keys: set[str] = set()  # organisations written by this import
        self._iso_dates = self.conn.dialect.name == "sqlite"
        self._cache_size: int | None = None
        if self._iso_dates:  # a larger page cache for the import only (the indexes grow by random keys)
            self._cache_size = int(self.conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
            self.conn.exec_driver_sql(f"PRAGMA cache_size = {-SQLITE_CACHE_KIB}")
        org_columns = (*ORG_FIELDS, "has_orgnumber", "source_id")
        self._org = _upsert(self.conn, ORG, org_columns, ["key"], _org_changes(names_organisations))
        skip = {"source_id", "source_ref", *derived}
        self._activity = _upsert(
            self.conn,
            ACTIVITY,
            (*ACTIVITY_FIELDS, "source_id", "instrument_id"),
            ["source_id", "source_ref"],
            lambda ex, t: {c: ex[c] for c in (*ACTIVITY_FIELDS, "instrument_id") if c not in skip},
        )
        self._participation = participation_writer(self.conn, source_id)
        self._date_positions = [n for n, f in enumerate(ACTIVITY_FIELDS) if f in DATE_FIELDS]

    def close(self) -> None:
        """Drop staging tables; give the connection its page cache size back."""
        for upsert in (self._org, self._activity, self._participation):
            upsert.close()
        if self._cache_size is not None:
            self.conn.exec_driver_sql(f"PRAGMA cache_size = {int(self._cache_size)}")

    def organisations(self, orgs: Iterable[OrgRecord]) -> None:
        """Upsert the organisations not yet seen in this import (the first row naming one defines it)."""
        new: dict[str, tuple[Any, ...]] = {}
        seen = self.org_keys
        for o in orgs:
            if o.key not in seen and o.key not in new:
                new[o.key] = (*_org_values(o), o.orgnr is not None, None if o.orgnr else self.source_id)
        if new:
            self._org.run(list(new.values()))
            seen.update(new)

    def _activity_row(self, rec: ActivityRecord, instrument_id: int | None) -> tuple[Any, ...]:
        values = list(_activity_values(rec))
        if self._iso_dates:  # stored as SQLAlchemy stores dates in SQLite
            for n in self._date_positions:
                if values[n] is not None:
                    values[n] = values[n].isoformat()
        return (*values, self.source_id, instrument_id)

    def activities(self, records: Sequence[tuple[ActivityRecord, int | None]]) -> None:
        """Upsert activities (the last row wins within a batch)."""
        rows = {rec.source_ref: self._activity_row(rec, iid) for rec, iid in records}
        self._activity.run(list(rows.values()))

    def participations(self, rows: Iterable[tuple[str, str, str, str, int | None]]) -> None:
        """Upsert participations given as (activity source id, participant ref, organisation key, role,
        amount); the database finds the activity's and the organisation's ids (the last row wins)."""
        unique = {(r[0], r[1]): r for r in rows}
        self._participation.run(list(unique.values()))


def count_rows(session: Session, source_id: int) -> tuple[int, int]:
    """(activities, participations) stored from one source."""
    activities = session.scalar(
        select(func.count()).select_from(ACTIVITY).where(ACTIVITY.c.source_id == source_id)
    )
    participations = session.scalar(
        select(func.count())
        .select_from(PARTICIPATION.join(ACTIVITY, ACTIVITY.c.id == PARTICIPATION.c.activity_id))
        .where(ACTIVITY.c.source_id == source_id)
    )
    return int(activities or 0), int(participations or 0)
