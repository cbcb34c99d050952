"""The 2026-12-05 corrections: each corrected instrument shows the new status and deadline, and its history
says what changed, who reviewed it, why and from which source; applying the file again changes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from catalogue.audit import repository as repository_audit
from catalogue.db import engine_for, transaction
from catalogue.errors import InputError
from catalogue.instruments import repository
from catalogue.instruments.corrections import apply_corrections
from catalogue.seeding import SEEDS_DIR

FILE = SEEDS_DIR / "corrections" / "2026-12-05.yaml"
EXPECTED = {
    "enova-hydrogen-maritim": ("closed", dt.date(2024, 9, 5)),
    "joint-gronn-plattform": ("active", dt.date(2025, 6, 4)),
    "joint-pilot-e": (None, dt.date(2022, 9, 21)),
}


def _apply(url: str, path: Path = FILE) -> dict[str, str]:
    with transaction(engine_for(url)) as session:
        return apply_corrections(session, path).done


def test_each_correction_shows_new_facts_with_an_audit_entry(seeded_url: str) -> None:
    assert _apply(seeded_url) == dict.fromkeys(EXPECTED, "recorded")  # the seeds hold the corrected values
    with transaction(engine_for(seeded_url)) as session:
        for slug, (status, deadline) in EXPECTED.items():
            row = repository.instrument_by_slug(session, slug)
            assert row is not None and (row.status, row.last_deadline) == (status, deadline)
            [entry] = [e for e in repository_audit.history(session, slug) if e.action == "correct"]
            assert entry.user_email == "fact-base review"
            assert "Source: https://" in (entry.note or "") and "2026-12-05.yaml" in (entry.note or "")
            assert entry.changes["last_deadline"] == [None, deadline.isoformat()]
    assert _apply(seeded_url) == dict.fromkeys(EXPECTED, "skipped")  # once only


def test_an_old_catalogue_is_changed_by_the_corrections(seeded_url: str) -> None:
    with transaction(engine_for(seeded_url)) as session:  # as it stood before the review
        row = repository.instrument_by_slug(session, "joint-pilot-e")
        assert row is not None
        row.status, row.last_deadline = "active", None
        version = row.version
    assert _apply(seeded_url)["joint-pilot-e"] == "applied"
    with transaction(engine_for(seeded_url)) as session:
        row = repository.instrument_by_slug(session, "joint-pilot-e")
        assert row is not None and row.status is None and row.last_deadline == dt.date(2022, 9, 21)
        assert row.version > version


def test_a_field_edited_since_stops_the_file(seeded_url: str, tmp_path: Path) -> None:
    with transaction(engine_for(seeded_url)) as session:
        row = repository.instrument_by_slug(session, "joint-gronn-plattform")
        assert row is not None
        row.status = "closed"  # an editor's later change: neither the "before" nor the "after" value
    with pytest.raises(InputError) as err:
        _apply(seeded_url)
    assert "2026-12-05.yaml: slug 'joint-gronn-plattform': field 'status'" in str(err.value)
    with transaction(engine_for(seeded_url)) as session:
        assert repository_audit.count_entries(session) == 0


def test_a_bad_file_names_the_field(seeded_sqlite_url: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "reviewed_on: 2026-12-05\nactor: review\ncorrections:\n"
        "- {slug: fr-ipn, reason: a reason long enough, source: https://x.example,"
        " changes: {colour: {after: 1}}}\n"
    )
    with pytest.raises(InputError) as err:
        apply_corrections_readonly(seeded_sqlite_url, path)
    assert "bad.yaml" in str(err.value) and "colour" in str(err.value)


def apply_corrections_readonly(url: str, path: Path) -> None:
    with transaction(engine_for(url)) as session:
        apply_corrections(session, path)
        session.rollback()
