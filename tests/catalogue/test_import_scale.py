"""Large imports: one bad row still rejects the whole file, the terminal is not flooded, duplicate detection
by blocks still finds the look-alike, and a second import of the same file changes nothing."""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

import pytest
from rapidfuzz import fuzz, process
from seeded_copy import sqlite_copy

from catalogue.audit import repository as repository_audit
from catalogue.db import engine_for, transaction
from catalogue.instruments import repository
from catalogue.instruments.schemas import InstrumentIn
from catalogue.transfer.duplicates import MAX_BLOCK, MERGE_THRESHOLD, DuplicateIndex
from catalogue.transfer.importing import run_import
from web.cli import main

HEADER = ["slug", "agency", "name_nb", "types", "stages"]


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def _rows(n: int, prefix: str = "skala") -> list[list[str]]:
    agencies = ("IN", "FR", "SIVA", "ENOVA")
    return [
        [f"{prefix}-{k:05d}", agencies[k % 4], f"Skalaordning {k} for {prefix}", "financial", "pilot;rnd"]
        for k in range(n)
    ]


def _counts(url: str) -> tuple[int, int]:
    with transaction(engine_for(url)) as session:
        return len(repository.list_instruments(session)), repository_audit.count_entries(session)


def test_a_bad_row_in_a_50000_row_file_rejects_the_whole_file(
    seeded_sqlite_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = sqlite_copy(seeded_sqlite_url, tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("VK_IMPORT_MAX_RECORDS", "50000")
    rows = _rows(50_000)
    # in the third batch: two batches are written (and rolled back), the rest is still checked
    rows[4_321][3] = "financial;magic"  # file row 4 323 (the header is row 1)
    rows[-1][1] = "NOPE"  # and the last row
    path = _write_csv(tmp_path / "big.csv", rows)
    before = _counts(url)
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "import rejected, nothing was changed" in err
    assert f"{path}: row 4323 (slug 'skala-04321'): column 'types'" in err and "'magic'" in err
    assert f"{path}: row 50001 (slug 'skala-49999'): column 'agency': unknown agency 'NOPE'" in err
    assert err.count("\n") < 10  # the two problems, not a line per row
    assert _counts(url) == before  # the 49 998 good rows were not written either


def test_a_dry_run_names_the_bad_row_too(
    seeded_sqlite_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", seeded_sqlite_url)
    rows = _rows(5_000)
    rows[4_321][1] = "NOPE"
    path = _write_csv(tmp_path / "dry.csv", rows)
    assert main(["import", str(path), "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert f"{path}: row 4323 (slug 'skala-04321'): column 'agency': unknown agency 'NOPE'" in err


def test_progress_is_reported_per_batch_and_lines_only_with_verbose(
    seeded_sqlite_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = sqlite_copy(seeded_sqlite_url, tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    path = _write_csv(tmp_path / "many.csv", _rows(300))
    assert main(["import", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].startswith("dry run, nothing written: 300 create, 0 update")
    assert main(["import", str(path), "--dry-run", "--verbose"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 301 and out[0].startswith("create   row 2 (slug 'skala-00000')")

    reports: list[tuple[int, int, int]] = []
    with transaction(engine_for(url)) as session:
        run_import(session, path, dry_run=True, batch_size=100, progress=lambda *r: reports.append(r))
    assert [records for _, _, records in reports] == [100, 200, 300]  # once a batch, not once a row
    assert reports[-1][0] == reports[-1][1] == path.stat().st_size  # CSV progress in bytes, to the end


def test_reimport_reports_unchanged_and_writes_no_audit_entry(
    seeded_sqlite_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = sqlite_copy(seeded_sqlite_url, tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    path = _write_csv(tmp_path / "new.csv", _rows(250))
    instruments, entries = _counts(url)
    assert main(["import", str(path)]) == 0
    assert "imported: 250 create, 0 update, 0 unchanged" in capsys.readouterr().out
    assert _counts(url) == (instruments + 250, entries + 250)  # one audit entry per instrument
    with transaction(engine_for(url)) as session:
        entry = repository_audit.history(session, "skala-00007")[0]
        assert (entry.action, entry.version, entry.note) == ("import", 1, f"import of {path}")
        assert entry.changes["stages"] == [None, ["pilot", "rnd"]]
        assert repository.instrument_by_slug(session, "skala-00007").version == 1  # type: ignore[union-attr]

    assert main(["import", str(path)]) == 0
    assert "imported: 0 create, 0 update, 250 unchanged" in capsys.readouterr().out
    assert _counts(url) == (instruments + 250, entries + 250)

    rows = _rows(250)
    rows[7][2] = "Omdøypt skalaordning"
    assert main(["import", str(_write_csv(tmp_path / "changed.csv", rows))]) == 0
    assert "imported: 0 create, 1 update, 249 unchanged" in capsys.readouterr().out
    with transaction(engine_for(url)) as session:
        entry = repository_audit.history(session, "skala-00007")[0]
        assert entry.version == 2 and entry.changes == {"name_nb": ["Skalaordning 7 for skala", rows[7][2]]}
        assert repository.instrument_by_slug(session, "skala-00007").version == 2  # type: ignore[union-attr]


# ---- duplicate detection by blocks ----------------------------------------------------------------------

WORDS = ("tilskudd", "til", "for", "programmet", "støtte", "innovasjon", "grønn", "omstilling", "næring")


def _catalogue(rng: random.Random, n: int) -> list[tuple[str, str, str, None, None, None]]:
    """``n`` instruments of two agencies whose names mostly share common words (blocks over MAX_BLOCK)."""
    rows = []
    for k in range(n):
        brand = "".join(rng.choice("bcdfghklmnprstv") + rng.choice("aeiouyø") for _ in range(4))
        words = rng.sample(WORDS, 3)
        rows.append(
            (f"inst-{k:05d}", "IN" if k % 5 else "FR", f"{' '.join(words)} {brand}", None, None, None)
        )
    return rows


def _brute_force(rows: list[tuple[Any, ...]], rec: InstrumentIn) -> str | None:
    """Every instrument of the agency compared, as before blocking (first in slug order among equals)."""
    same = [(slug, nb.casefold()) for slug, agency, nb, *_ in rows if agency == rec.agency]
    scored = process.extract(
        rec.name_nb.casefold(),
        [name for _, name in same],
        scorer=fuzz.token_set_ratio,
        score_cutoff=MERGE_THRESHOLD,
        limit=None,
    )
    best = max(scored, key=lambda hit: (hit[1], -hit[2]), default=None)
    return same[best[2]][0] if best else None


def _edited(rng: random.Random, name: str) -> str:
    words = name.split(" ")
    k = rng.randrange(len(words))
    word = words[k]
    words[k] = word[:-1] + ("x" if word[-1] != "x" else "y")  # a typo in one word
    return " ".join(words)


def test_blocking_finds_the_near_duplicates_that_comparing_with_every_instrument_finds() -> None:
    rng = random.Random(17)
    rows = _catalogue(rng, 4 * MAX_BLOCK)
    index = DuplicateIndex(sorted(rows))
    assert max(len(b) for b in index.blocks.values()) > MAX_BLOCK  # common words are skipped
    found = 0
    for slug, agency, name, *_ in rng.sample(rows, 150):
        name = _edited(rng, name) + " (ny)"
        rec = InstrumentIn(slug="new-one", agency=agency, name_nb=name, types=["financial"])
        got = index.find(rec)
        assert (got[0] if got else None) == _brute_force(rows, rec), name
        found += got is not None and got[0] == slug
    assert found >= 75  # the test is not empty: many edited copies are close enough to their original


def test_a_typo_in_the_only_distinctive_word_is_still_found() -> None:
    rows = _catalogue(random.Random(3), 2 * MAX_BLOCK)
    rows.append(("in-miljoteknologi", "IN", "Miljøteknologiordninga", None, None, None))
    index = DuplicateIndex(sorted(rows))
    rec = InstrumentIn(slug="in-ny", agency="IN", name_nb="Miljoteknologiordninga", types=["financial"])
    assert index.find(rec) == ("in-miljoteknologi", "name similarity 95 within agency IN")
    assert index.find(rec.model_copy(update={"agency": "FR"})) is None
    assert index.find(rec, exclude={"in-miljoteknologi"}) is None
