"""Write a batch of imported instruments with a few statements: new instruments in one multi-row INSERT,
changed ones in one executemany UPDATE (guarded by their version, like the ORM's optimistic lock), their
link rows (tags, partners, counties, ministries) deleted and inserted per table in bulk, and one
``import`` audit entry per created or changed instrument in one INSERT.

Everything runs in the caller's transaction; the ORM session is flushed first and its objects expired
after (``finish``), so that what it shows afterwards is what was written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, Table, and_, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from catalogue.accounts.models import User
from catalogue.audit.models import AuditEntry
from catalogue.errors import Conflict
from catalogue.instruments.repository import INSTRUMENT_SCALARS, TAG_FIELDS
from catalogue.instruments.schemas import InstrumentIn
from catalogue.transfer.stored import INSTRUMENT, LINKS, TAG, Stored

AUDIT = cast(Table, AuditEntry.__table__)
TAG_LINKED = frozenset(TAG_FIELDS)
ALL_LINKED = TAG_LINKED | frozenset(LINKS)


@dataclass(frozen=True)
class Write:
    rec: InstrumentIn  # the record to store (its slug is the instrument's)
    stored: Stored | None  # None: a new instrument
    changes: dict[str, list[Any]]  # stored record → new record (export.instrument_record shape)


def instrument_row(rec: InstrumentIn) -> dict[str, Any]:
    """The instrument table's columns for ``rec`` (not id, version, updated_at)."""
    row = {k: getattr(rec, k) for k in INSTRUMENT_SCALARS}
    row |= {"slug": rec.slug, "agency_code": rec.agency, "other_sources": list(rec.other_sources)}
    return row


def _link_rows(iid: int, rec: InstrumentIn, fields: frozenset[str]) -> dict[str, list[tuple[Any, ...]]]:
    """Link rows as tuples in the order of ``_LINK_COLUMNS``, for the fields named."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    if fields & TAG_LINKED:
        out["tags"] = [
            (iid, facet, value) for fld, facet in TAG_FIELDS.items() for value in set(getattr(rec, fld))
        ]
    for fld in LINKS:
        if fld in fields:
            out[fld] = [(iid, c) for c in dict.fromkeys(getattr(rec, fld))]
    return out


_LINK_COLUMNS = {"tags": ("instrument_id", "facet", "value")} | {
    fld: ("instrument_id", code) for fld, (_, code) in LINKS.items()
}


def _plain_insert(
    conn: Connection, table: Table, columns: tuple[str, ...]
) -> Callable[[list[tuple[Any, ...]]], None]:
    """An INSERT of plain values (ints, strings) compiled once for the connection's dialect and run as the
    driver's own executemany: no per-row parameter processing."""
    compiled = insert(table).compile(dialect=conn.dialect, column_keys=list(columns))
    sql = str(compiled)
    order = [columns.index(c) for c in compiled.positiontup or ()]

    def run(rows: list[tuple[Any, ...]]) -> None:
        if compiled.positional:
            conn.exec_driver_sql(sql, [tuple(r[k] for k in order) for r in rows])
        else:
            conn.exec_driver_sql(sql, [dict(zip(columns, r, strict=True)) for r in rows])

    return run


class InstrumentWriter:
    """Writes batches of :class:`Write` for one import (``note`` and ``user`` go into every entry)."""

    def __init__(self, session: Session, note: str, user: User | None = None):
        session.flush()
        self.session, self.conn = session, session.connection()
        self.note = note
        self._inserts: dict[str, Callable[[list[tuple[Any, ...]]], None]] = {}
        self.user_id: int | None = user.id if user else None
        self.user_email: str | None = user.email if user else None
        self.update_sql = (
            update(INSTRUMENT)
            .where(and_(INSTRUMENT.c.id == bindparam("_id"), INSTRUMENT.c.version == bindparam("_version")))
            .values(version=bindparam("_new_version"), updated_at=bindparam("_at"))
        )

    def write(self, batch: list[Write]) -> None:
        now = dt.datetime.now(dt.UTC)
        new = [w for w in batch if w.stored is None]
        changed = [w for w in batch if w.stored is not None and w.changes]
        versions = self._create(new) | self._update(changed, now)
        entries = [
            {
                "instrument_slug": w.rec.slug,
                "user_id": self.user_id,
                "user_email": self.user_email,
                "at": now,
                "action": "import",
                "changes": w.changes,
                "version": versions[w.rec.slug],
                "note": self.note,
            }
            for w in (*new, *changed)
        ]
        if entries:
            self.conn.execute(insert(AUDIT), entries)

    def finish(self) -> None:
        """Let the session's objects show what was written."""
        self.session.expire_all()

    def _create(self, new: list[Write]) -> dict[str, int]:
        if not new:
            return {}
        self.conn.execute(insert(INSTRUMENT), [instrument_row(w.rec) | {"version": 1} for w in new])
        slugs = [w.rec.slug for w in new]
        query = select(INSTRUMENT.c.slug, INSTRUMENT.c.id).where(INSTRUMENT.c.slug.in_(slugs))
        ids = {slug: iid for slug, iid in self.conn.execute(query)}
        self._links([(ids[w.rec.slug], w.rec, ALL_LINKED) for w in new], replace=False)
        return dict.fromkeys(slugs, 1)

    def _update(self, changed: list[Write], now: dt.datetime) -> dict[str, int]:
        if not changed:
            return {}
        rows = []
        for w in changed:
            assert w.stored is not None
            v = w.stored.version
            rows.append(
                instrument_row(w.rec) | {"_id": w.stored.id, "_version": v, "_new_version": v + 1, "_at": now}
            )
        done = self.conn.execute(
            self.update_sql.values(**{k: bindparam(k) for k in rows[0] if not k.startswith("_")}), rows
        )
        if done.rowcount not in (-1, len(rows)):
            raise Conflict("instruments were changed by someone else during the import; nothing was written")
        self._links([(w.stored.id, w.rec, frozenset(w.changes)) for w in changed if w.stored], replace=True)
        return {w.rec.slug: w.stored.version + 1 for w in changed if w.stored}

    def _links(self, items: list[tuple[int, InstrumentIn, frozenset[str]]], *, replace: bool) -> None:
        tables = {"tags": TAG} | {fld: table for fld, (table, _) in LINKS.items()}
        wanted: dict[str, list[tuple[Any, ...]]] = {name: [] for name in tables}
        touched: dict[str, list[int]] = {name: [] for name in tables}
        for iid, rec, fields in items:
            for name, rows in _link_rows(iid, rec, fields).items():
                wanted[name] += rows
                touched[name].append(iid)
        for name, table in tables.items():
            if replace and touched[name]:
                self.conn.execute(delete(table).where(table.c.instrument_id.in_(touched[name])))
            if wanted[name]:
                if name not in self._inserts:
                    self._inserts[name] = _plain_insert(self.conn, table, _LINK_COLUMNS[name])
                self._inserts[name](wanted[name])
