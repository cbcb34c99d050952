"""Imports validate every row, name what is wrong, write all or nothing, and never add a second copy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from seeded_copy import sqlite_copy

from catalogue.audit import repository as repository_audit
from catalogue.db import engine_for, transaction
from catalogue.errors import InputError
from catalogue.instruments import repository
from catalogue.transfer import bulkwrite, importing
from catalogue.transfer.export import export_catalogue
from catalogue.transfer.formats import COLUMNS, FORMATS, dump_records
from catalogue.transfer.importing import apply_plan, import_file, plan_import
from catalogue.transfer.reading import read_records
from web.cli import main

NEW = {
    "slug": "in-test-ny-ordning",
    "agency": "IN",
    "name_nb": "Heilt ny testordning for sjøvegen",
    "types": ["financial"],
    "applicants": ["sme"],
    "stages": ["pilot"],
    "funding_forms": ["grant"],
    "source_url": "https://example.org/ny-ordning",
    "verified_on": "2026-11-01",
    "summary_nn": "Ei ordning; med semikolon",
    "other_sources": ["https://a.example/x;y", "https://b.example"],
}


def _instruments(url: str) -> list[dict[str, Any]]:
    with transaction(engine_for(url)) as session:
        return export_catalogue(session)["instruments"]


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    fmt = path.suffix.lstrip(".")
    path.write_bytes(dump_records([_full(r) for r in records] if fmt in ("csv", "xlsx") else records, fmt))
    return path


def _full(rec: dict[str, Any]) -> dict[str, Any]:
    return {c: rec.get(c) for c in COLUMNS} | rec


def _import(url: str, path: Path, **kw: Any):  # type: ignore[no-untyped-def]
    with transaction(engine_for(url)) as session:
        return import_file(session, path, **kw)


def _delete_all(url: str) -> None:
    with transaction(engine_for(url)) as session:
        for row in repository.list_instruments(session):
            session.delete(row)


def test_export_then_import_gives_the_identical_catalogue(seeded_url: str, tmp_path: Path) -> None:
    original = _instruments(seeded_url)
    with transaction(engine_for(seeded_url)) as session:
        doc = export_catalogue(session)
    for fmt in FORMATS:
        path = tmp_path / f"catalogue.{fmt}"
        path.write_bytes(dump_records(doc["instruments"], fmt, document=doc))
        assert _import(seeded_url, path).counts()["unchanged"] == len(original), fmt
        _delete_all(seeded_url)
        assert _import(seeded_url, path).counts()["create"] == len(original), fmt
        assert _instruments(seeded_url) == original, fmt


def test_changed_rows_are_updated_and_versions_move(seeded_sqlite_url: str, tmp_path: Path) -> None:
    records = _instruments(seeded_sqlite_url)[:2]
    records[0] = records[0] | {"name_en": "Renamed by import", "stages": ["idea"]}
    path = _write(tmp_path / "two.csv", records)
    with transaction(engine_for(seeded_sqlite_url)) as session:
        plan = plan_import(session, path)
        assert plan.counts() == {"create": 0, "update": 1, "unchanged": 1, "merge": 0}
        assert set(plan.items[0].changes) == {"name_en", "stages"}
        before = repository.instrument_by_slug(session, records[0]["slug"]).version  # type: ignore[union-attr]
        apply_plan(session, plan)
        row = repository.instrument_by_slug(session, records[0]["slug"])
        assert row is not None and row.version == before + 1 and row.name_en == "Renamed by import"
        entry = repository_audit.history(session, row.slug)[0]
        assert entry.action == "import" and entry.changes["stages"][1] == ["idea"]
        session.rollback()


@pytest.mark.parametrize("fmt", FORMATS)
def test_bad_rows_are_named_by_file_row_and_column(seeded_sqlite_url: str, tmp_path: Path, fmt: str) -> None:
    good = NEW
    bad_type = NEW | {
        "slug": "in-test-b",
        "name_nb": "Noko anna heilt",
        "types": ["financial", "magic"],
        "source_url": None,
    }
    bad_agency = NEW | {"slug": "in-test-c", "name_nb": "Tredje", "agency": "NOPE", "source_url": None}
    path = _write(tmp_path / f"bad.{fmt}", [good, bad_type, bad_agency])
    before = _instruments(seeded_sqlite_url)
    with pytest.raises(InputError) as err:
        _import(seeded_sqlite_url, path)
    text = str(err.value)
    where = ("row 3", "row 4") if fmt in ("csv", "xlsx") else ("record 2", "record 3")
    col = "column 'types'" if fmt in ("csv", "xlsx") else "field 'types'"
    assert f"{path}: {where[0]} (slug 'in-test-b'): {col}" in text and "'magic'" in text
    assert f"{where[1]} (slug 'in-test-c')" in text and "unknown agency 'NOPE'" in text
    assert _instruments(seeded_sqlite_url) == before  # the good row was not written either


def test_bad_number_and_date_cells_are_named(seeded_sqlite_url: str, tmp_path: Path) -> None:
    path = _write(tmp_path / "cells.csv", [NEW | {"max_amount_nok": "lots", "verified_on": "yesterday"}])
    with pytest.raises(InputError) as err:
        _import(seeded_sqlite_url, path)
    assert "row 2 (slug 'in-test-ny-ordning'): column 'max_amount_nok'" in str(err.value)
    assert "column 'verified_on'" in str(err.value)


def test_unknown_column_and_duplicate_slug_are_refused(seeded_sqlite_url: str, tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text(json.dumps([NEW | {"colour": "red"}, NEW]), encoding="utf-8")
    with pytest.raises(InputError) as err:
        _import(seeded_sqlite_url, path)
    assert "record 1 (slug 'in-test-ny-ordning'): field 'colour': Extra inputs are not permitted" in str(
        err.value
    )
    assert "record 2 (slug 'in-test-ny-ordning'): field 'slug': slug also used in record 1" in str(err.value)


def test_a_failure_while_writing_rolls_back_everything(
    seeded_sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded_url = sqlite_copy(seeded_sqlite_url, tmp_path)
    before = _instruments(seeded_url)
    second = NEW | {"slug": "in-test-andre", "name_nb": "Ei anna ordning om kyllingar", "source_url": None}
    path = _write(tmp_path / "two.yaml", [NEW, second])
    real = bulkwrite.instrument_row

    def failing(rec):  # type: ignore[no-untyped-def]
        if rec.slug == "in-test-andre":
            raise RuntimeError("disk full")
        return real(rec)

    monkeypatch.setattr(importing, "BATCH", 1)  # the first record is written before the second fails
    monkeypatch.setattr(bulkwrite, "instrument_row", failing)
    with pytest.raises(RuntimeError):
        _import(seeded_url, path)
    assert _instruments(seeded_url) == before
    with transaction(engine_for(seeded_url)) as session:
        assert repository_audit.count_entries(session) == 0


def test_dry_run_writes_nothing(seeded_sqlite_url: str, tmp_path: Path) -> None:
    existing = _instruments(seeded_sqlite_url)[5] | {"name_en": "Dry run rename"}
    path = _write(tmp_path / "dry.xlsx", [NEW, existing])
    before = _instruments(seeded_sqlite_url)
    plan = _import(seeded_sqlite_url, path, dry_run=True)
    assert plan.counts() == {"create": 1, "update": 1, "unchanged": 0, "merge": 0}
    assert _instruments(seeded_sqlite_url) == before
    with transaction(engine_for(seeded_sqlite_url)) as session:
        assert repository_audit.count_entries(session) == 0


def _lookalike(url: str) -> tuple[dict[str, Any], dict[str, Any]]:
    original = next(i for i in _instruments(url) if i["agency"] == "IN")
    copy = original | {
        "slug": "in-second-copy",
        "name_nb": original["name_nb"] + " (ny)",
        "source_url": None,
        "name_en": "Edited in the copy",
    }
    return original, copy


def test_a_lookalike_is_proposed_as_a_merge_not_a_second_copy(seeded_sqlite_url: str, tmp_path: Path) -> None:
    seeded_url = sqlite_copy(seeded_sqlite_url, tmp_path)
    original, copy = _lookalike(seeded_url)
    path = _write(tmp_path / "dup.json", [copy])
    plan = _import(seeded_url, path, dry_run=True)
    assert [(i.action, i.merge_into) for i in plan.items] == [("merge", original["slug"])]
    assert "name similarity" in (plan.items[0].merge_reason or "")
    with pytest.raises(InputError) as err:
        _import(seeded_url, path)
    assert f"looks like existing instrument {original['slug']!r}" in str(err.value)
    assert "in-second-copy" not in {i["slug"] for i in _instruments(seeded_url)}

    _import(seeded_url, path, on_duplicate="merge")
    after = {i["slug"]: i for i in _instruments(seeded_url)}
    assert "in-second-copy" not in after
    assert after[original["slug"]]["name_en"] == "Edited in the copy"


def test_same_source_url_is_a_duplicate_and_keep_separate_adds_it(
    seeded_sqlite_url: str, tmp_path: Path
) -> None:
    original = next(i for i in _instruments(seeded_sqlite_url) if i["source_url"])
    other = NEW | {"agency": original["agency"], "source_url": original["source_url"]}
    path = _write(tmp_path / "url.csv", [other])
    plan = _import(seeded_sqlite_url, path, dry_run=True)
    assert plan.items[0].action == "merge" and plan.items[0].merge_into == original["slug"]
    assert "same source_url" in (plan.items[0].merge_reason or "")
    with transaction(engine_for(seeded_sqlite_url)) as session:
        counts = apply_plan(session, plan_import(session, path), on_duplicate="create")
        assert counts["create"] == 1 and repository.instrument_by_slug(session, NEW["slug"]) is not None
        session.rollback()


def test_different_agencies_are_not_duplicates(seeded_sqlite_url: str, tmp_path: Path) -> None:
    original, copy = _lookalike(seeded_sqlite_url)
    path = _write(tmp_path / "other.yaml", [copy | {"agency": "SIVA"}])
    assert _import(seeded_sqlite_url, path, dry_run=True).items[0].action == "create"


def test_csv_list_cells_keep_semicolons_inside_items(tmp_path: Path) -> None:
    path = _write(tmp_path / "semi.csv", [NEW])
    data = read_records(path)[0].data
    assert data["other_sources"] == ["https://a.example/x;y", "https://b.example"]
    assert data["summary_nn"] == "Ei ordning; med semikolon"
    assert data["max_amount_nok"] is None and data["counties"] == []


def test_xlsx_text_is_never_a_formula(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = _write(tmp_path / "f.xlsx", [NEW | {"summary_en": '=HYPERLINK("http://evil","x")'}])
    sheet = load_workbook(path).active
    col = COLUMNS.index("summary_en") + 1
    assert sheet.cell(row=2, column=col).data_type == "s"
    assert read_records(path)[0].data["summary_en"].startswith("=HYPERLINK")


def test_cli_import_dry_run_then_real(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["db", "upgrade"]) == 0 and main(["seed"]) == 0
    path = _write(tmp_path / "new.json", [NEW])
    assert main(["import", str(path), "--dry-run"]) == 0
    assert "dry run, nothing written: 1 create" in capsys.readouterr().out
    assert NEW["slug"] not in {i["slug"] for i in _instruments(url)}
    assert main(["import", str(path)]) == 0
    assert NEW["slug"] in {i["slug"] for i in _instruments(url)}
    bad = _write(tmp_path / "bad.json", [NEW | {"agency": "NOPE"}])
    assert main(["import", str(bad)]) == 2
    assert "unknown agency 'NOPE'" in capsys.readouterr().err
    out = tmp_path / "all.xlsx"
    assert main(["export-file", "-o", str(out)]) == 0
    assert main(["import", str(out), "--dry-run"]) == 0
    assert f"0 create, 0 update, {len(_instruments(url))} unchanged" in capsys.readouterr().out
