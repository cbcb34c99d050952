"""``backup`` and ``restore``: the whole catalogue, with its edits, history and funded projects, moves between
databases (SQLite → PostgreSQL → SQLite) and comes back the same; a bad file or a full database is refused
with nothing written."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from awards_support import EU_FILE, SOKNADER_FILE, new_database, run_import
from fastapi.testclient import TestClient
from sqlalchemy import (
    select,
)

from catalogue import migrate
from catalogue.accounts import repository as repository_accounts
from catalogue.audit.models import AuditEntry
from catalogue.awards.models import AwardActivity
from catalogue.consortia import service as consortia
from catalogue.db import engine_for, transaction
from catalogue.instruments import repository
from catalogue.instruments import service as editing
from catalogue.instruments.models import Base, Instrument
from catalogue.instruments.schemas import ConsortiumIn
from catalogue.seeding import load_seeds
from catalogue.transfer.backup import write_backup
from catalogue.transfer.backup_format import BackupError
from catalogue.transfer.backup_reader import BATCH_ROWS, BackupReader
from catalogue.transfer.export import export_catalogue, instrument_record
from catalogue.transfer.restore import restore_backup
from web.app import create_app
from web.cli import main

SLUG = "in-miljoteknologi"
HASH = "$argon2id$v=19$m=65536,t=3,p=4$not-a-real-hash-but-secret"


def _lines(path: Path) -> list[Any]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _without_time(path: Path) -> list[Any]:
    """The backup's lines with the header's timestamp left out: what must come back the same."""
    lines = _lines(path)
    assert "created_at" in lines[0]
    del lines[0]["created_at"]
    return lines


def _migrated(backend: str, tmp_path: Path, cleanups: list[Any]) -> str:
    url, drop = new_database(backend, tmp_path)
    cleanups.append(drop)
    migrate.upgrade(url)
    return url


@pytest.fixture
def cleanups() -> Any:
    done: list[Any] = []
    yield done
    for drop in done:
        drop()


def _catalogue_with_history(url: str) -> str:
    """The seed catalogue, with accounts, an edit (audit history), a new consortium and imported awards."""
    with transaction(engine_for(url)) as session:
        load_seeds(session)
        repository_accounts.add_user(
            session, email="in@example.no", password_hash=HASH, role="editor", agency_code="IN"
        )
    with transaction(engine_for(url)) as session:
        user = repository_accounts.user_by_email(session, "in@example.no")
        row = repository.instrument_by_slug(session, SLUG)
        assert row is not None
        changes = {"max_amount_nok": 12_345_678_901, "summary_nn": "Endra «med» æøå\nog ei ny line."}
        editing.update_instrument(session, SLUG, instrument_record(row) | changes, row.version, user)
        record = ConsortiumIn.model_validate(
            {"slug": "backup-test", "name": "Backup test", "budget_per_stage": {"pilot": 5, "idea": 1}}
        )
        consortia.create_consortium(session, record, user)
    run_import(url, EU_FILE, "fr-eu")
    run_import(url, SOKNADER_FILE, "fr-soknader")
    return url


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One SQLite catalogue with history for the module's tests, which only read it."""
    path = tmp_path_factory.mktemp("history") / "source.db"
    url = f"sqlite:///{path}"
    migrate.upgrade(url)
    return _catalogue_with_history(url)


@pytest.mark.postgres
def test_round_trip_sqlite_postgresql_sqlite(history: str, tmp_path: Path, cleanups: list[Any]) -> None:
    source = history
    postgres = _migrated("postgresql", tmp_path, cleanups)
    again = _migrated("sqlite", tmp_path, cleanups)
    first, second, third = (tmp_path / f"{n}.vkbackup.gz" for n in ("first", "second", "third"))

    write_backup(engine_for(source), first, with_accounts=True)
    restore_backup(engine_for(postgres), first)
    write_backup(engine_for(postgres), second, with_accounts=True)
    restore_backup(engine_for(again), second)
    write_backup(engine_for(again), third, with_accounts=True)

    assert _without_time(first) == _without_time(second) == _without_time(third)
    tables = {line["table"] for line in _lines(first) if isinstance(line, dict) and "table" in line}
    assert {"audit_entry", "consortium_audit", "status_audit", "award_participation", "app_user"} <= tables
    _assert_same_values(source, postgres)
    _assert_new_rows_get_fresh_ids(postgres)


def _values(url: str) -> dict[str, Any]:
    with transaction(engine_for(url)) as session:
        row = session.scalars(select(Instrument).where(Instrument.slug == SLUG)).one()
        audit = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        award = session.scalars(select(AwardActivity).where(AwardActivity.granted_minor.is_not(None))).first()
        assert audit is not None and award is not None
        return {
            "updated_at": row.updated_at.replace(tzinfo=row.updated_at.tzinfo or None),
            "verified_on": row.verified_on,
            "amount": row.max_amount_nok,
            "summary": row.summary_nn,
            "flags": (row.consortium_without_legal_personality, row.risk_relief),
            "other_sources": row.other_sources,
            "audit": (audit.at.timestamp(), audit.user_email, audit.changes, audit.user_id is not None),
            "award": (award.granted_minor, award.currency, award.applied_on, award.title),
            "hash": repository_accounts.user_by_email(session, "in@example.no").password_hash,  # type: ignore[union-attr]
        }


def _assert_same_values(source: str, restored: str) -> None:
    a, b = _values(source), _values(restored)
    # SQLite hands back naive UTC, PostgreSQL aware: the same instant
    assert a.pop("updated_at").timestamp() == pytest.approx(b.pop("updated_at").timestamp(), abs=1e-6)
    assert a == b
    assert a["amount"] == 12_345_678_901 and a["hash"] == HASH


def _assert_new_rows_get_fresh_ids(url: str) -> None:
    """After a restore on PostgreSQL the id sequences are past the restored ids: new edits are stored."""
    with transaction(engine_for(url)) as session:
        row = repository.instrument_by_slug(session, SLUG)
        assert row is not None
        user = repository_accounts.user_by_email(session, "in@example.no")
        changed = instrument_record(row) | {"summary_nn": "Etter gjenoppretting."}
        editing.update_instrument(session, SLUG, changed, row.version, user)
        consortia.create_consortium(session, ConsortiumIn.model_validate({"slug": "ny", "name": "Ny"}), user)


def test_without_accounts_no_password_and_history_keeps_who(
    history: str, tmp_path: Path, cleanups: list[Any]
) -> None:
    source = history
    target = _migrated("sqlite", tmp_path, cleanups)
    path = tmp_path / "plain.vkbackup.gz"
    write_backup(engine_for(source), path)
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    assert HASH not in text and "app_user" not in text
    restore_backup(engine_for(target), path)
    with transaction(engine_for(target)) as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.instrument_slug == SLUG)).one()
        assert entry.user_email == "in@example.no" and entry.user_id is None
    # the plain export never holds accounts or password hashes either
    with transaction(engine_for(source)) as session:
        assert HASH not in json.dumps(export_catalogue(session), ensure_ascii=False)


def _same_instants(answer: Any) -> Any:
    """``updated_at`` as an instant: the API writes it without an offset on SQLite and with ``+00:00`` on
    PostgreSQL (the same time, in UTC)."""
    if isinstance(answer, dict):
        return {
            k: dt.datetime.fromisoformat(v).replace(tzinfo=dt.UTC).timestamp()
            if k == "updated_at" and isinstance(v, str)
            else _same_instants(v)
            for k, v in answer.items()
        }
    if isinstance(answer, list):
        return [_same_instants(v) for v in answer]
    return answer


def _answers(url: str) -> list[Any]:
    with TestClient(create_app(url)) as client:
        out: list[Any] = []
        for query in ("", "?agency=IN", "?q=hydrogen&lang=en", "?page=2&per_page=20&sort=name"):
            response = client.get("/api/v1/instruments" + query)
            assert response.status_code == 200
            out.append(_same_instants(response.json()))
        page = client.get(f"/instrumenter/{SLUG}?lang=nn")
        assert page.status_code == 200 and "Endra «med» æøå" in page.text
        out.append(re.sub(r'(nonce|value|content)="[^"]{20,}"', "", page.text))
        out.append(_same_instants(client.get(f"/api/v1/instruments/{SLUG}").json()))
        return out


def test_restored_catalogue_serves_the_same_answers(history: str, db_url: str, tmp_path: Path) -> None:
    """Restored into an empty database (both backends), the catalogue answers as the source did."""
    source = history
    target = db_url
    path = tmp_path / "serve.vkbackup.gz"
    write_backup(engine_for(source), path)
    restore_backup(engine_for(target), path)
    assert _answers(target) == _answers(source)


def _row_counts(url: str) -> dict[str, int]:
    with transaction(engine_for(url)) as session:
        return {t.name: len(session.execute(select(t)).all()) for t in Base.metadata.sorted_tables}


def test_restore_into_a_full_database_refuses_unless_replacing(
    seeded_url: str, tmp_path: Path, cleanups: list[Any]
) -> None:
    """Both backends: the refusal writes nothing; ``replace`` swaps the catalogue in one transaction."""
    other = _migrated("sqlite", tmp_path, cleanups)
    with transaction(engine_for(other)) as session:
        load_seeds(session)
        admin = repository_accounts.add_user(
            session, email="a@example.no", password_hash=HASH, role="admin", agency_code=None
        )
        row = repository.instrument_by_slug(session, SLUG)
        assert row is not None
        editing.update_instrument(session, SLUG, instrument_record(row) | {"summary_nn": "Anna."}, 1, admin)
    path = tmp_path / "other.vkbackup.gz"
    write_backup(engine_for(other), path)
    before = _row_counts(seeded_url)
    with pytest.raises(BackupError, match="not empty.*--replace"):
        restore_backup(engine_for(seeded_url), path)
    assert _row_counts(seeded_url) == before

    restore_backup(engine_for(seeded_url), path, replace=True)
    again = tmp_path / "again.vkbackup.gz"
    write_backup(engine_for(seeded_url), again)
    assert _without_time(again) == _without_time(path)


def _signed(lines: list[str]) -> bytes:
    """A backup file from its lines, with the trailer's checksum made to match (a careful forgery)."""
    body = "".join(lines[1:-1])
    trailer = json.loads(lines[-1]) | {"sha256": hashlib.sha256(body.encode()).hexdigest()}
    return gzip.compress((lines[0] + body + json.dumps(trailer) + "\n").encode())


def _damaged(good: Path) -> list[tuple[str, bytes, str]]:
    """(what, file contents, the error it must give)."""
    data = good.read_bytes()
    text = gzip.decompress(data).decode("utf-8")
    lines = text.splitlines(keepends=True)
    date_at = next(i for i, line in enumerate(lines) if re.search(r'"20\d\d-\d\d-\d\d"', line))
    bad_date = re.sub(r'"20\d\d-\d\d-\d\d"', '"2026-13-45"', lines[date_at], count=1)
    row_at = next(i for i, line in enumerate(lines) if line.startswith("[") and f'"{SLUG}"' in line)
    orphan = lines[row_at].replace('"IN"', '"NO-SUCH-AGENCY"', 1)
    short = json.dumps(json.loads(lines[row_at])[:-1]) + "\n"
    return [
        ("cut short", data[: len(data) * 2 // 3], "cut short"),
        ("not gzip", b"slug,name\nx,y\n", "damaged"),
        ("value changed", gzip.compress(text.replace("Endra", "Endre", 1).encode()), "checksum"),
        ("last lines lost", gzip.compress("".join(lines[:-40]).encode()), "end of the backup"),
        ("bad json", _signed(lines[:5] + ["[1, 2,\n"] + lines[5:]), "line 6: not valid JSON"),
        (
            "bad date",
            _signed(lines[:date_at] + [bad_date] + lines[date_at + 1 :]),
            rf"line {date_at + 1}: \w+\.",
        ),
        (
            "short row",
            _signed(lines[:row_at] + [short] + lines[row_at + 1 :]),
            f"line {row_at + 1}: expected a row",
        ),
        # written after the tables before it: the transaction takes them back
        (
            "unknown agency",
            _signed(lines[:row_at] + [orphan] + lines[row_at + 1 :]),
            "refused a row of 'instrument'",
        ),
    ]


def test_a_damaged_file_is_refused_and_nothing_is_written(history: str, db_url: str, tmp_path: Path) -> None:
    """Both backends: a damaged or forged file is refused, naming the line, and leaves the database empty."""
    source = history
    target = db_url
    good = tmp_path / "good.vkbackup.gz"
    write_backup(engine_for(source), good)
    empty = _row_counts(target)
    bad = tmp_path / "bad.vkbackup.gz"
    for what, content, message in _damaged(good):
        bad.write_bytes(content)
        with pytest.raises(BackupError, match=message):
            restore_backup(engine_for(target), bad)
        assert _row_counts(target) == empty, what
    restore_backup(engine_for(target), good)
    assert _row_counts(target) == _row_counts(source) | {"app_user": 0}


def test_a_backup_of_another_revision_is_refused(tmp_path: Path, cleanups: list[Any]) -> None:
    source = _migrated("sqlite", tmp_path, cleanups)
    path = tmp_path / "empty.vkbackup.gz"
    write_backup(engine_for(source), path)
    lines = gzip.decompress(path.read_bytes()).decode("utf-8").splitlines(keepends=True)
    header = json.loads(lines[0]) | {"alembic_revision": "0123abcd"}
    path.write_bytes(gzip.compress((json.dumps(header) + "\n" + "".join(lines[1:])).encode()))
    with pytest.raises(BackupError, match="revision 0123abcd, this database is at"):
        restore_backup(engine_for(_migrated("sqlite", tmp_path, cleanups)), path)


def test_cli_backup_and_restore(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As a user runs it: back up a seeded catalogue, restore it into a new database, refuse a second time."""
    source, target = (f"sqlite:///{tmp_path / name}" for name in ("source.db", "target.db"))
    path = tmp_path / "catalogue.vkbackup.gz"
    monkeypatch.setenv("DATABASE_URL", source)
    assert main(["db", "upgrade"]) == 0 and main(["seed"]) == 0
    assert main(["backup", str(path), "--with-accounts"]) == 0
    assert "with accounts" in capsys.readouterr().out
    monkeypatch.setenv("DATABASE_URL", target)
    assert main(["restore", str(path)]) == 2
    assert "run `verkemiddelkart db upgrade`" in capsys.readouterr().err
    assert main(["db", "upgrade"]) == 0
    assert main(["restore", str(path)]) == 0
    assert "restored" in capsys.readouterr().out
    assert main(["restore", str(path)]) == 2
    assert "--replace" in capsys.readouterr().err
    assert main(["restore", str(path), "--replace"]) == 0
    path.write_bytes(path.read_bytes()[:-100])
    assert main(["restore", str(path), "--replace"]) == 2
    assert "nothing was changed" in capsys.readouterr().err


def test_rows_are_read_in_batches(history: str, tmp_path: Path) -> None:
    """A large table (the award activities) is handed to the database a batch at a time, never whole."""
    source = history
    path = tmp_path / "batches.vkbackup.gz"
    write_backup(engine_for(source), path)
    with BackupReader(path) as reader:
        sizes = [(b.table.name, len(b.rows)) for b in reader.batches()]
    assert max(n for _, n in sizes) == BATCH_ROWS
    assert sum(1 for name, _ in sizes if name == "award_participation") > 1
