"""Accounts for browser tests, and logging in with them."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from catalogue.accounts import repository as repository_accounts
from catalogue.accounts import service as accounts
from catalogue.db import engine_for, transaction
from catalogue.instruments import repository

LOGIN_TIMEOUT_MS = 20_000  # the live server shares two cores with the browser and the test process


def editor_account(db_url: str, email: str, password: str, agency: str) -> str:
    """An editor account in the live server's database (created once; the database is shared). Its hash
    uses cheap argon2 parameters (a verify reads them from the hash), so logging in costs milliseconds
    rather than the half second of a real hash."""
    accounts.use_fast_hashing_for_tests()
    with transaction(engine_for(db_url)) as session:
        if repository_accounts.user_by_email(session, email) is None:
            known = {a.code for a in repository.list_agencies(session)}
            accounts.create_user(session, email, password, "editor", agency, known)
    return email


def log_in(page: Any, email: str, password: str, lands_on: str) -> None:
    """Fill in the login page the browser is on, submit, and wait until it lands on ``lands_on``."""
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")
    expect(page).to_have_url(lands_on, timeout=LOGIN_TIMEOUT_MS)
