"""Import files that try to exhaust the machine are refused early, with a message naming file and row;
keys given twice are refused; a partial record changes only the fields it names.

Each bomb (``bench/import_bombs.py``) is made here, small on disk, and imported (dry run) in a child
process whose address space is capped, so that a regression fails the test instead of swapping the
machine. The child reports how much its peak memory grew (``resource.getrusage``); it must stay under
200 MB. Times are printed by ``python -m bench.import_bombs``; the timeout here only catches a hang.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from seeded_copy import sqlite_copy

from bench import import_bombs as bombs
from catalogue.db import engine_for, transaction
from catalogue.errors import InputError
from catalogue.instruments import repository
from catalogue.transfer.export import instrument_record
from catalogue.transfer.importing import import_file
from web.cli import main

GROWTH_LIMIT_MB = 200
HANG_SECONDS = 60
SLUG = "in-miljoteknologi"


def import_in_child(url: str, path: Path) -> dict[str, Any]:
    try:
        return bombs.import_in_child(url, path, timeout=HANG_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail(f"importing {path.name} was still running after {HANG_SECONDS} s")


@pytest.mark.parametrize("bomb", list(bombs.BOMBS))
def test_bombs_are_refused_early_naming_file_and_row(
    seeded_sqlite_url: str, tmp_path: Path, bomb: str
) -> None:
    name, make, why = bombs.BOMBS[bomb]
    path = tmp_path / name
    where = make(path)
    result = import_in_child(seeded_sqlite_url, path)
    message = result["outcome"]
    assert message.startswith(f"{path}: {where}"), message[:300]
    assert why in message, message[:300]
    assert result["length"] < 2000  # the message never repeats what it was given
    assert result["growth_mb"] < GROWTH_LIMIT_MB, result


def test_a_file_over_the_size_limit_is_not_read(
    seeded_sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VK_IMPORT_MAX_MB", "0.01")
    path = tmp_path / "big.json"
    path.write_text(json.dumps([{"slug": f"x-{n}"} for n in range(2000)]), encoding="utf-8")
    with pytest.raises(InputError) as err, transaction(engine_for(seeded_sqlite_url)) as session:
        import_file(session, path, dry_run=True)
    assert f"{path}: (file)" in str(err.value) and "at most 10 kB" in str(err.value)


def test_cli_reports_a_bomb_without_a_traceback(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    seeded_sqlite_url: str,
) -> None:
    monkeypatch.setenv("DATABASE_URL", seeded_sqlite_url)
    path = tmp_path / "deep.json"
    bombs.json_deep(path)
    assert main(["import", str(path), "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert f"{path}: record 1: field '(json)': nested deeper than" in err and "Traceback" not in err


# ---- keys given twice -----------------------------------------------------------------------------------


def test_duplicate_keys_in_json_are_refused_naming_key_and_record(
    seeded_sqlite_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "dupes.json"
    path.write_text(
        '[{"slug": "in-x", "agency": "IN", "name_nb": "Ei", "types": ["financial"]},'
        ' {"slug": "in-y", "agency": "IN", "name_nb": "To", "name_nb": "Tre", "types": ["financial"]}]',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err, transaction(engine_for(seeded_sqlite_url)) as session:
        import_file(session, path, dry_run=True)
    assert str(err.value) == (
        f"{path}: record 2: field 'name_nb': the key 'name_nb' is given more than once; keep one"
    )


def test_duplicate_keys_in_yaml_are_refused_naming_key_record_and_line(
    seeded_sqlite_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "dupes.yaml"
    path.write_text(
        "instruments:\n"
        "  - slug: in-x\n    agency: IN\n    name_nb: Ei\n    types: [financial]\n"
        "  - slug: in-y\n    agency: IN\n    types: [financial]\n    agency: SIVA\n    name_nb: To\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err, transaction(engine_for(seeded_sqlite_url)) as session:
        import_file(session, path, dry_run=True)
    assert str(err.value) == (
        f"{path}: record 2: field 'agency': the key 'agency' is given more than once (line 9); keep one"
    )


# ---- partial records ------------------------------------------------------------------------------------


def test_a_partial_record_changes_only_the_fields_it_names(seeded_sqlite_url: str, tmp_path: Path) -> None:
    url = sqlite_copy(seeded_sqlite_url, tmp_path)
    with transaction(engine_for(url)) as session:
        row = repository.instrument_by_slug(session, SLUG)
        assert row is not None
        before = instrument_record(row)
    known = [k for k, v in before.items() if v not in (None, [])]
    assert len(known) > 15  # the stored record has many facts the partial record leaves out
    path = tmp_path / "partial.yaml"
    path.write_text(f"- slug: {SLUG}\n  name_en: Renamed by a partial import\n", encoding="utf-8")
    with transaction(engine_for(url)) as session:
        plan = import_file(session, path)
    assert [(i.action, set(i.changes)) for i in plan.items] == [("update", {"name_en"})]
    with transaction(engine_for(url)) as session:
        row = repository.instrument_by_slug(session, SLUG)
        assert row is not None
        after = instrument_record(row)
    assert after == before | {"name_en": "Renamed by a partial import"}


def test_a_named_field_left_empty_is_cleared(seeded_sqlite_url: str, tmp_path: Path) -> None:
    with transaction(engine_for(seeded_sqlite_url)) as session:
        slug = next(r.slug for r in repository.list_instruments(session) if r.facts_note)
    path = tmp_path / "clear.csv"
    path.write_text(f"slug,facts_note\n{slug},\n", encoding="utf-8")
    with transaction(engine_for(seeded_sqlite_url)) as session:
        plan = import_file(session, path, dry_run=True)
    assert [(i.action, set(i.changes)) for i in plan.items] == [("update", {"facts_note"})]
