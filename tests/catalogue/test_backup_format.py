"""The backup format: every table is backed up or excluded for a reason, and every kind of value comes back
exactly as it was written."""

from __future__ import annotations

import datetime as dt
import decimal
import json

import pytest
from sqlalchemy import (
    ARRAY,
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    Table,
    Text,
    inspect,
)

from catalogue.db import engine_for
from catalogue.instruments.models import Base
from catalogue.transfer.backup_format import ACCOUNT_TABLES, EXCLUDED, BackupError, backup_tables, codecs


def test_every_table_is_backed_up_or_excluded_for_a_reason(db_url: str) -> None:
    """A table added by a migration or a model is in the backup unless it is listed, with a reason, in
    ``EXCLUDED``; every column has a written form."""
    in_database = set(inspect(engine_for(db_url)).get_table_names()) - {"alembic_version"}
    backed_up = {t.name for t in backup_tables(with_accounts=True)}
    assert in_database == set(Base.metadata.tables)
    assert in_database - backed_up == set(EXCLUDED)
    assert all(reason for reason in EXCLUDED.values())
    assert {t.name for t in backup_tables(with_accounts=False)} == backed_up - ACCOUNT_TABLES
    for table in backup_tables(with_accounts=True):
        assert len(codecs(table)) == len(table.columns)


def test_every_kind_of_value_comes_back_exactly() -> None:
    """Dates, times with a zone (as the same instant in UTC), exact decimals, big minor units, booleans,
    JSON, bytes and floats survive being written to a line and read back; an unknown type is refused."""
    meta = MetaData()
    table = Table(
        "kinds",
        meta,
        Column("id", Integer, primary_key=True),
        Column("at", DateTime(timezone=True)),
        Column("naive", DateTime),
        Column("day", Date),
        Column("price", Numeric(12, 2)),
        Column("minor", BigInteger),
        Column("flag", Boolean),
        Column("doc", JSON),
        Column("blob", LargeBinary),
        Column("ratio", Float),
        Column("name", Text),
    )
    oslo = dt.timezone(dt.timedelta(hours=1))
    row = [
        7,
        dt.datetime(2026, 12, 5, 16, 30, 1, 250, tzinfo=oslo),
        dt.datetime(2026, 1, 2, 3, 4, 5),
        dt.date(2024, 2, 29),
        decimal.Decimal("1234567890.10"),
        9_007_199_254_740_993,  # above 2**53: a float would round it
        False,
        {"b": [1, None, "æ"], "a": {"x": 1.5}},
        b"\x00\xff binary",
        0.1,
        "line\nbreak «quoted» \\ slash",
    ]
    coders = codecs(table)
    line = json.dumps([c.encode(v) for c, v in zip(coders, row, strict=True)])
    back = [c.decode(v) for c, v in zip(coders, json.loads(line), strict=True)]
    assert back == row
    assert back[1].tzinfo == dt.UTC and str(back[4]) == "1234567890.10"
    assert list(back[7]) == ["b", "a"]  # keys keep their order
    with pytest.raises(BackupError, match=r"kinds\.odd"):
        codecs(Table("kinds", meta, Column("odd", ARRAY(Integer)), extend_existing=True))
