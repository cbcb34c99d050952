"""Accounts for browser tests."""

from __future__ import annotations

from catalogue import accounts, repository, repository_accounts
from catalogue.db import engine_for, transaction


def editor_account(db_url: str, email: str, password: str, agency: str) -> str:
    """An editor account in the live server's database (created once; the database is shared)."""
    with transaction(engine_for(db_url)) as session:
        if repository_accounts.user_by_email(session, email) is None:
            known = {a.code for a in repository.list_agencies(session)}
            accounts.create_user(session, email, password, "editor", agency, known)
    return email
