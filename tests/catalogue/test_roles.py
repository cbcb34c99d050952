"""Who may act for which county, agency and the working group (issue 18 roles)."""

from __future__ import annotations

from pathlib import Path

import pytest
from seeded_copy import sqlite_copy

from catalogue.accounts import service as accounts
from catalogue.accounts.roles import actor
from catalogue.db import engine_for, transaction
from catalogue.errors import InputError
from catalogue.instruments import repository

PASSWORD = "correct horse battery staple"


@pytest.fixture
def url(seeded_sqlite_url: str, tmp_path: Path) -> str:
    accounts.use_fast_hashing_for_tests()
    return sqlite_copy(seeded_sqlite_url, tmp_path)


def _create(url: str, email: str, role: str, agency: str | None, *, working_group: bool = False) -> None:
    with transaction(engine_for(url)) as session:
        known = {a.code for a in repository.list_agencies(session)}
        accounts.create_user(session, email, PASSWORD, role, agency, known, working_group=working_group)


def _actor(url: str, email: str):  # type: ignore[no-untyped-def]
    from catalogue.accounts.repository import user_by_email

    with transaction(engine_for(url)) as session:
        user = user_by_email(session, email)
        assert user is not None
        return actor(session, user)


def test_editor_of_a_county_authority_acts_for_that_county_only(url: str) -> None:
    _create(url, "vestland@example.no", "editor", "FK-46")
    who = _actor(url, "vestland@example.no")
    assert who is not None and who.county == "46"
    assert who.may_act_for_county("46") and not who.may_act_for_county("11")
    assert who.may_edit_agency("FK-46") and not who.may_edit_agency("IN")
    assert not who.in_working_group


def test_agency_editor_has_no_county(url: str) -> None:
    _create(url, "in@example.no", "editor", "IN", working_group=True)
    who = _actor(url, "in@example.no")
    assert who is not None and who.county is None and not who.may_act_for_county("46")
    assert who.in_working_group


def test_working_group_is_only_for_the_four_parties(url: str) -> None:
    with pytest.raises(InputError, match="working-group"):
        _create(url, "enova@example.no", "editor", "ENOVA", working_group=True)
    _create(url, "siva@example.no", "editor", "SIVA", working_group=True)
    _create(url, "county@example.no", "editor", "FK-03", working_group=True)
    assert all(_actor(url, e).in_working_group for e in ("siva@example.no", "county@example.no"))  # type: ignore[union-attr]


def test_admin_acts_for_every_county_and_an_inactive_user_for_none(url: str) -> None:
    _create(url, "admin@example.no", "admin", None)
    who = _actor(url, "admin@example.no")
    assert who is not None and who.may_act_for_county("56") and who.in_working_group
    from catalogue.accounts.repository import user_by_email

    with transaction(engine_for(url)) as session:
        user = user_by_email(session, "admin@example.no")
        assert user is not None
        user.active = False
        assert actor(session, user) is None
