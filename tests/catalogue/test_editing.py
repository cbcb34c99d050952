"""Editing: permissions, optimistic locking (no lost update), audit history and revert."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from seeded_copy import sqlite_copy
from sqlalchemy.exc import OperationalError

from catalogue.accounts import repository as repository_accounts
from catalogue.db import engine_for, session_factory, transaction
from catalogue.errors import InputError
from catalogue.instruments import repository
from catalogue.instruments import service as editing
from catalogue.transfer.export import instrument_record

SLUG = "in-miljoteknologi"


def _add_users(url: str) -> str:
    with transaction(engine_for(url)) as session:
        for email, role, agency in (
            ("in@example.no", "editor", "IN"),
            ("siva@example.no", "editor", "SIVA"),
            ("admin@example.no", "admin", None),
        ):
            repository_accounts.add_user(
                session, email=email, password_hash="(no login in these tests)", role=role, agency_code=agency
            )
    return url


@pytest.fixture
def users(seeded_url: str) -> str:
    """Both backends: for what depends on the database's locking."""
    return _add_users(seeded_url)


@pytest.fixture
def sqlite_users(seeded_sqlite_url: str, tmp_path: Path) -> str:
    return _add_users(sqlite_copy(seeded_sqlite_url, tmp_path))


def _user(session, email: str):  # type: ignore[no-untyped-def]
    return repository_accounts.user_by_email(session, email)


def _record(url: str, slug: str = SLUG) -> tuple[dict[str, Any], int]:
    with transaction(engine_for(url)) as session:
        row = repository.instrument_by_slug(session, slug)
        assert row is not None
        return instrument_record(row), row.version


def _update(url: str, email: str, changes: dict[str, Any], version: int, slug: str = SLUG) -> None:
    record, _ = _record(url, slug)
    with transaction(engine_for(url)) as session:
        editing.update_instrument(session, slug, record | changes, version, _user(session, email))


def test_second_editor_gets_a_conflict_with_both_versions(users: str) -> None:
    record, version = _record(users)
    _update(users, "in@example.no", {"name_en": "First editor's name"}, version)
    with pytest.raises(editing.ConflictError) as err:
        _update(users, "admin@example.no", {"name_en": "Second editor's name"}, version)
    assert err.value.mine["name_en"] == "Second editor's name"
    assert err.value.theirs is not None and err.value.theirs["name_en"] == "First editor's name"
    assert err.value.current_version == version + 1
    assert _record(users)[0]["name_en"] == "First editor's name"


def test_concurrent_writers_never_lose_an_update(users: str) -> None:
    """Both writers read the same version and write at once: exactly one wins, the other is told."""
    _, version = _record(users)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def write(name: str) -> None:
        session = session_factory(engine_for(users))()
        try:
            row = repository.instrument_by_slug(session, SLUG)
            assert row is not None
            record = instrument_record(row) | {"name_en": name}
            barrier.wait()
            editing.update_instrument(session, SLUG, record, version, _user(session, "admin@example.no"))
            session.commit()
            outcomes.append("saved")
        except editing.ConflictError:
            session.rollback()
            outcomes.append("conflict")
        except OperationalError as exc:  # SQLite only: the loser may meet the winner's write lock
            session.rollback()
            outcomes.append(f"locked: {type(exc).__name__}")
        finally:
            session.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in ("writer A", "writer B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("saved") == 1, outcomes
    if users.startswith("postgresql"):
        assert sorted(outcomes) == ["conflict", "saved"]
    record, new_version = _record(users)
    assert new_version == version + 1 and record["name_en"] in ("writer A", "writer B")


def test_changing_only_tags_moves_the_version(users: str) -> None:
    _, version = _record(users)
    _update(users, "in@example.no", {"stages": ["idea"]}, version)
    assert _record(users)[1] == version + 1
    with pytest.raises(editing.ConflictError):
        _update(users, "in@example.no", {"stages": ["pilot"]}, version)


def test_editors_change_only_their_own_agency(sqlite_users: str) -> None:
    _, version = _record(sqlite_users)
    with pytest.raises(editing.PermissionDenied):
        _update(sqlite_users, "siva@example.no", {"name_en": "x"}, version)
    with pytest.raises(editing.PermissionDenied):  # nor move their instrument to another agency
        _update(sqlite_users, "in@example.no", {"agency": "SIVA"}, version)
    with pytest.raises(editing.PermissionDenied), transaction(engine_for(sqlite_users)) as session:
        editing.update_instrument(session, SLUG, _record(sqlite_users)[0], version, None)  # not logged in
    _update(sqlite_users, "admin@example.no", {"agency": "SIVA"}, version)
    assert _record(sqlite_users)[0]["agency"] == "SIVA"


def test_invalid_edits_name_the_field_and_write_nothing(sqlite_users: str) -> None:
    before, version = _record(sqlite_users)
    with pytest.raises(InputError) as err:
        _update(
            sqlite_users,
            "in@example.no",
            {
                "aid_intensity_min_pct": 90,
                "aid_intensity_max_pct": 10,
                "counties": ["99"],
                "stip_code": "nope",
            },
            version,
        )
    assert {p.field for p in err.value.problems} >= {"stip_code"}
    assert _record(sqlite_users) == (before, version)


def test_every_change_is_audited_field_by_field_and_can_be_reverted(sqlite_users: str) -> None:
    before, version = _record(sqlite_users)
    changes = {"name_en": "Changed", "stages": ["idea"], "max_amount_nok": 1000}
    _update(sqlite_users, "in@example.no", changes, version)
    with transaction(engine_for(sqlite_users)) as session:
        entry = editing.history(session, SLUG)[0]
        assert entry.action == "update" and entry.user_email == "in@example.no"
        assert entry.changes == {
            "name_en": [before["name_en"], "Changed"],
            "stages": [before["stages"], ["idea"]],
            "max_amount_nok": [before["max_amount_nok"], 1000],
        }
        assert entry.version == version + 1
        entry_id = entry.id
    with transaction(engine_for(sqlite_users)) as session:
        editing.revert(session, entry_id, _user(session, "in@example.no"))
    after, new_version = _record(sqlite_users)
    assert after == before and new_version == version + 2
    with transaction(engine_for(sqlite_users)) as session:
        latest = editing.history(session, SLUG)[0]
        assert latest.action == "revert" and latest.note == f"revert of change {entry_id}"


def test_revert_refuses_when_a_later_change_touched_the_field(sqlite_users: str) -> None:
    _, version = _record(sqlite_users)
    _update(sqlite_users, "in@example.no", {"name_en": "One"}, version)
    _update(sqlite_users, "in@example.no", {"name_en": "Two"}, version + 1)
    with transaction(engine_for(sqlite_users)) as session:
        first = editing.history(session, SLUG)[1]
    with pytest.raises(InputError) as err, transaction(engine_for(sqlite_users)) as session:
        editing.revert(session, first.id, _user(session, "in@example.no"))
    assert "name_en" in str(err.value) and "changed again later" in str(err.value)


def test_create_delete_and_their_reverts(sqlite_users: str) -> None:
    record, _ = _record(sqlite_users)
    new = record | {"slug": "in-brand-new", "name_nb": "Ny ordning"}
    with transaction(engine_for(sqlite_users)) as session:
        editing.create_instrument(session, new, _user(session, "in@example.no"))
    with pytest.raises(InputError), transaction(engine_for(sqlite_users)) as session:
        editing.create_instrument(session, new, _user(session, "in@example.no"))  # slug taken
    _, version = _record(sqlite_users, "in-brand-new")
    with transaction(engine_for(sqlite_users)) as session:
        editing.delete_instrument(session, "in-brand-new", version, _user(session, "in@example.no"))
        deleted = editing.history(session, "in-brand-new")
    assert [e.action for e in deleted] == ["delete", "create"]
    with transaction(engine_for(sqlite_users)) as session:
        editing.revert(session, deleted[0].id, _user(session, "in@example.no"))
    assert _record(sqlite_users, "in-brand-new")[0] == new
