"""The same synthetic catalogue as a project database and as a flat Datasette database.

``project_db(instruments, path)`` migrates a new SQLite file, loads the reference data from ``seeds/``
(agencies, counties, ...), drops the seed instruments and bulk-inserts ``instruments`` into the real
schema (instrument, instrument_tag, instrument_partner, instrument_county, instrument_ministry), so the
web app starts from it exactly as in production.

``datasette_db(instruments, path)`` writes what a Datasette user would publish: one flat ``instruments``
table whose facet columns are plain strings (agency, consortium, deadline_kind) or JSON arrays (types,
value_chains), and an FTS5 index ``instruments_fts`` over the same text our index searches (names,
summaries, consortium condition, facts note, the English/Norwegian tag words).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import delete, insert

from analyser.search.text import tag_text
from catalogue import migrate
from catalogue.db import engine_for, transaction
from catalogue.instruments.models import (
    Instrument,
    InstrumentCounty,
    InstrumentMinistry,
    InstrumentPartner,
    InstrumentTag,
)
from catalogue.instruments.repository import INSTRUMENT_SCALARS, TAG_FIELDS
from catalogue.instruments.snapshot import InstrumentSnap
from catalogue.seeding import load_seeds

BATCH = 5000


def _chunks(rows: list[dict[str, object]]) -> Iterable[list[dict[str, object]]]:
    for k in range(0, len(rows), BATCH):
        yield rows[k : k + BATCH]


def project_db(instruments: list[InstrumentSnap], path: Path) -> str:
    path.unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    migrate.upgrade(url)
    engine = engine_for(url)
    with transaction(engine) as session:
        load_seeds(session)
    with transaction(engine) as session:
        session.execute(delete(Instrument))
    main, tags, partners, counties, ministries = [], [], [], [], []
    for i in instruments:
        main.append(
            {
                "id": i.id,
                "slug": i.slug,
                "agency_code": i.agency,
                "other_sources": [],
                "version": 1,
                **{k: getattr(i, k) for k in INSTRUMENT_SCALARS},
            }
        )
        tags += [
            {"instrument_id": i.id, "facet": facet, "value": v}
            for attr, facet in TAG_FIELDS.items()
            for v in dict.fromkeys(getattr(i, attr))
        ]
        partners += [{"instrument_id": i.id, "agency_code": a} for a in dict.fromkeys(i.partner_agencies)]
        counties += [{"instrument_id": i.id, "county_code": c} for c in dict.fromkeys(i.counties)]
        ministries += [{"instrument_id": i.id, "ministry_code": m} for m in dict.fromkeys(i.owner_ministries)]
    with engine.begin() as conn:
        for model, rows in (
            (Instrument, main),
            (InstrumentTag, tags),
            (InstrumentPartner, partners),
            (InstrumentCounty, counties),
            (InstrumentMinistry, ministries),
        ):
            for chunk in _chunks(rows):
                conn.execute(insert(model.__table__), chunk)  # type: ignore[attr-defined]
    return url


DATASETTE_COLUMNS = (
    "slug",
    "name_nb",
    "name_nn",
    "name_en",
    "agency",
    "types",
    "consortium",
    "value_chains",
    "deadline_kind",
    "funding_forms",
    "applicants",
    "stages",
    "missions",
    "geography",
    "counties",
    "status",
    "max_amount_nok",
    "aid_intensity_max_pct",
    "next_deadline",
    "summary_en",
    "summary_nn",
    "consortium_condition",
    "facts_note",
    "tags_text",
)
FTS_COLUMNS = (
    "name_nb",
    "name_nn",
    "name_en",
    "summary_en",
    "summary_nn",
    "consortium_condition",
    "facts_note",
    "tags_text",
)


def _flat(i: InstrumentSnap) -> tuple[object, ...]:
    arrays = {
        k: json.dumps(list(getattr(i, k)))
        for k in ("types", "value_chains", "funding_forms", "applicants", "stages", "missions", "counties")
    }
    values = {
        **{k: getattr(i, k, None) for k in DATASETTE_COLUMNS},
        **arrays,
        "agency": i.agency,
        "consortium": i.consortium_eligibility,
        "next_deadline": i.next_deadline.isoformat() if i.next_deadline else None,
        "tags_text": tag_text(i),
    }
    return tuple(values[k] for k in DATASETTE_COLUMNS)


def datasette_db(instruments: list[InstrumentSnap], path: Path) -> None:
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    cols = ", ".join(
        f"[{c}]" + (" INTEGER" if c.endswith(("_nok", "_pct")) else " TEXT") for c in DATASETTE_COLUMNS
    )
    con.execute(f"CREATE TABLE instruments (id INTEGER PRIMARY KEY, {cols})")
    marks = ", ".join("?" for _ in range(len(DATASETTE_COLUMNS) + 1))
    con.executemany(f"INSERT INTO instruments VALUES ({marks})", ((i.id, *_flat(i)) for i in instruments))
    for c in ("agency", "consortium", "deadline_kind"):
        con.execute(f"CREATE INDEX ix_instruments_{c} ON instruments ([{c}])")
    fts = ", ".join(f"[{c}]" for c in FTS_COLUMNS)
    con.execute(
        f'CREATE VIRTUAL TABLE instruments_fts USING fts5({fts}, content="instruments", content_rowid="id")'
    )  # content="..." is how Datasette detects the FTS table
    con.execute("INSERT INTO instruments_fts(instruments_fts) VALUES ('rebuild')")
    con.commit()
    con.execute("VACUUM")
    con.close()
