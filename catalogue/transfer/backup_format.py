"""The backup file format, shared by ``backup`` and ``restore``: which tables, and how each value is written.

A backup is gzip'd JSON Lines (UTF-8), read and written one line at a time:

1. a header object: ``format``, ``format_version``, ``alembic_revision``, ``created_at`` (the only line
   that differs between two backups of the same catalogue), ``with_accounts`` and ``tables`` (in order);
2. per table, in foreign-key order: ``{"table": name, "columns": [...]}``, then one JSON array per row in
   primary-key order (byte order of UTF-8 for text keys, the same on SQLite and PostgreSQL), then
   ``{"end": name, "rows": count}``;
3. a trailer ``{"end_of_backup": true, "rows": total, "sha256": ...}``: the SHA-256 of every line after
   the header, so a truncated or altered file is refused before anything is written.

The tables are every table of ``Base.metadata`` except those in ``EXCLUDED``; the account tables only
with ``--with-accounts``. Without them, columns that point into a table left out are written as NULL
(the audit history keeps the e-mail address of who made each change).
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
    Time,
)

from catalogue import models_all  # noqa: F401  (every model module, so the metadata holds every table)
from catalogue.instruments.models import Base

FORMAT = "verkemiddelkart-backup"
FORMAT_VERSION = 1

# Tables never backed up, and why. A table missing from both the backup and this list fails a test.
EXCLUDED: dict[str, str] = {
    # a login lasts hours; restoring it would let an old cookie in on another machine
    "login_session": "login sessions are short-lived secrets",
    # failed logins per address/account for the rate limit: no part of the catalogue
    "login_attempt": "the login rate limit's working data",
}
# Tables backed up only with ``--with-accounts`` (they hold e-mail addresses and password hashes).
ACCOUNT_TABLES = frozenset({"app_user"})


class BackupError(Exception):
    """The backup cannot be written or restored; the message says why (and nothing was written)."""


def backup_tables(with_accounts: bool) -> list[Table]:
    """The tables a backup holds, parents before children."""
    left_out = set(EXCLUDED) | (set() if with_accounts else set(ACCOUNT_TABLES))
    return [t for t in Base.metadata.sorted_tables if t.name not in left_out]


def table_named(name: str) -> Table:
    table = Base.metadata.tables.get(name)
    if table is None:
        raise BackupError(f"the backup holds a table this version does not know: {name!r}")
    return table


def columns_to_null(table: Table, included: set[str]) -> set[str]:
    """Columns pointing into a table the backup leaves out (e.g. ``audit_entry.user_id`` without accounts)."""
    return {fk.parent.name for fk in table.foreign_keys if fk.column.table.name not in included}


def self_references(table: Table) -> set[str]:
    """Columns pointing into their own table (``mission.parent_code``): restored after the table's rows."""
    return {fk.parent.name for fk in table.foreign_keys if fk.column.table is table}


def current_revision(conn: Connection) -> str | None:
    """The database's Alembic revision (heads joined by "+"), or None if it was never migrated."""
    heads = MigrationContext.configure(conn).get_current_heads()
    return "+".join(sorted(heads)) if heads else None


@dataclass(frozen=True)
class Codec:
    encode: Callable[[Any], Any]
    decode: Callable[[Any], Any]
    plain: bool = False  # the database's value is already what the file holds (``encode`` changes nothing)
    kinds: tuple[type, ...] = ()  # for a plain codec: the types ``decode`` lets through unchanged (() = any)


def _same(value: Any) -> Any:
    return value


def _encode_datetime_tz(value: dt.datetime) -> str:
    # SQLite hands back naive datetimes; the app stores UTC, so naive means UTC
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat()


def _decode_datetime(value: Any) -> dt.datetime:
    if not isinstance(value, str):
        raise ValueError("not a date and time")
    return dt.datetime.fromisoformat(value)


def _decode_date(value: Any) -> dt.date:
    if not isinstance(value, str):
        raise ValueError("not a date")
    return dt.date.fromisoformat(value)


def _decode_time(value: Any) -> dt.time:
    if not isinstance(value, str):
        raise ValueError("not a time")
    return dt.time.fromisoformat(value)


def _decode_decimal(value: Any) -> decimal.Decimal:
    if not isinstance(value, str):
        raise ValueError("not a decimal number written as text")
    return decimal.Decimal(value)


def _decode_bytes(value: Any) -> bytes:
    if not isinstance(value, str):
        raise ValueError("not base64 text")
    return base64.b64decode(value, validate=True)


def _checked(kind: type | tuple[type, ...], label: str) -> Callable[[Any], Any]:
    def decode(value: Any) -> Any:
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise ValueError(f"not {label}")
        return value

    return decode


def _decode_float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("not a number")
    return float(value)


def _codec(column: Column[Any]) -> Codec:
    kind = column.type
    if isinstance(kind, DateTime):
        if kind.timezone:
            return Codec(_encode_datetime_tz, _decode_datetime)
        return Codec(lambda v: v.isoformat(), _decode_datetime)
    if isinstance(kind, Date):
        return Codec(lambda v: v.isoformat(), _decode_date)
    if isinstance(kind, Time):
        return Codec(lambda v: v.isoformat(), _decode_time)
    if isinstance(kind, Float):
        return Codec(float, _decode_float, plain=True, kinds=(float,))
    if isinstance(kind, Numeric):  # exact decimals travel as text: no binary rounding
        return Codec(lambda v: str(decimal.Decimal(v)), _decode_decimal)
    if isinstance(kind, Boolean):
        return Codec(bool, _checked(bool, "true or false"), plain=True, kinds=(bool,))
    if isinstance(kind, Integer):  # Integer, BigInteger, SmallInteger
        return Codec(int, _checked(int, "a whole number"), plain=True, kinds=(int,))
    if isinstance(kind, String):  # String, Text, Unicode, Enum
        return Codec(str, _checked(str, "text"), plain=True, kinds=(str,))
    if isinstance(kind, JSON):
        return Codec(_same, _same, plain=True)
    if isinstance(kind, LargeBinary):
        return Codec(lambda v: base64.b64encode(v).decode("ascii"), _decode_bytes)
    raise BackupError(f"no backup format for {column.table.name}.{column.name} ({kind!r})")


def codecs(table: Table) -> list[Codec]:
    """One codec per column, in column order; a NULL is always written as ``null``."""
    return [_codec(c) for c in table.columns]
