"""Accounts service: argon2 password hashes, login with a rate limit, and server-side login sessions.

Login attempts are counted in the database (so every server worker shares the count), per account and
per client address: an attempt is written and committed *before* its password is checked, then the
attempts are counted, so concurrent attempts cannot all slip under the limit. More than
``MAX_ACCOUNT_FAILURES`` attempts for one e-mail (from any address), or more than
``MAX_ADDRESS_FAILURES`` from one address (over all e-mails), within ``FAILURE_WINDOW`` are refused,
even with the right password, until the window has passed. A refused attempt counts too (a burst
locks the account as surely as a slow series). A success removes its own attempt and the account's
failures from that address.

Argon2 costs 64 MiB of memory per check: at most ``ARGON2_CONCURRENCY`` checks (setting
``VK_ARGON2_CONCURRENCY``, default 2) run at once in a worker; one that waits longer than
``ARGON2_WAIT`` is refused with ``Busy``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from catalogue.accounts import repository as repo
from catalogue.accounts.models import ROLES, User
from catalogue.accounts.roles import may_join_working_group
from catalogue.errors import InputError, Problem
from catalogue.instruments.models import Agency

MAX_ACCOUNT_FAILURES = 5
MAX_ADDRESS_FAILURES = 20
FAILURE_WINDOW = dt.timedelta(minutes=15)
SESSION_LIFETIME = dt.timedelta(hours=12)
MIN_PASSWORD_LENGTH = 12
_hasher = PasswordHasher()
_dummy_hash: str | None = None
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


ARGON2_CONCURRENCY = max(1, int(os.environ.get("VK_ARGON2_CONCURRENCY", "2")))
ARGON2_WAIT = 10.0  # seconds
_argon2_slots = threading.BoundedSemaphore(ARGON2_CONCURRENCY)


class RateLimited(Exception):
    """Too many recent login attempts for this account or from this address."""


class Busy(Exception):
    """Too many password checks at once; try again in a few seconds."""


@contextmanager
def _argon2_slot() -> Iterator[None]:
    if not _argon2_slots.acquire(timeout=ARGON2_WAIT):
        raise Busy()
    try:
        yield
    finally:
        _argon2_slots.release()


def hash_password(password: str) -> str:
    with _argon2_slot():
        return _hasher.hash(password)


def _dummy() -> str:
    """A real hash to verify against when the e-mail is unknown, so both cases take the same time."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash(secrets.token_hex(16))
    return _dummy_hash


def use_fast_hashing_for_tests() -> None:
    """Cheap argon2 parameters (tests only: real hashes cost about half a second each here)."""
    global _hasher, _dummy_hash
    _hasher, _dummy_hash = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1), None


def _verify(password_hash: str, password: str) -> bool:
    with _argon2_slot():
        try:
            return _hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False


def create_user(
    session: Session,
    email: str,
    password: str,
    role: str,
    agency_code: str | None,
    known_agencies: set[str],
    *,
    working_group: bool = False,
) -> User:
    problems = []
    where = ("(create-user)", email)
    if not _EMAIL.match(email.strip()):
        problems.append(Problem(*where, "email", "not an e-mail address"))
    elif repo.user_by_email(session, email) is not None:
        problems.append(Problem(*where, "email", "a user with this e-mail already exists"))
    if role not in ROLES:
        problems.append(Problem(*where, "role", f"must be one of {', '.join(ROLES)}"))
    if role == "editor" and not agency_code:
        problems.append(Problem(*where, "agency", "an editor needs an agency"))
    if agency_code and agency_code not in known_agencies:
        problems.append(Problem(*where, "agency", f"unknown agency {agency_code!r}"))
    if (
        working_group
        and role != "admin"
        and not may_join_working_group(session.get(Agency, agency_code) if agency_code else None)
    ):
        problems.append(
            Problem(*where, "working-group", "only people from IN, Siva, FR or a county authority")
        )
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(Problem(*where, "password", f"must be at least {MIN_PASSWORD_LENGTH} characters"))
    if problems:
        raise InputError(problems)
    return repo.add_user(
        session,
        email=email,
        password_hash=hash_password(password),
        role=role,
        agency_code=agency_code or None,
        working_group=working_group,
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def authenticate(session: Session, email: str, password: str, ip: str) -> User | None:
    """The user if the password is right, else None (a failure, already committed).

    Raises ``RateLimited`` after too many recent attempts and ``Busy`` when the password checks are all
    taken. Commits the session (the attempt must be visible to every worker before it is checked)."""
    email, password = email.replace("\x00", "").strip().lower()[:254], password.replace("\x00", "")
    ip, now = ip[:64], _now()
    since = now - FAILURE_WINDOW
    attempt = repo.add_login_attempt(session, email=email, ip=ip, now=now)
    repo.prune_login_attempts(session, since)
    session.commit()
    if (
        repo.login_attempts_since(session, since, email=email) > MAX_ACCOUNT_FAILURES
        or repo.login_attempts_since(session, since, ip=ip) > MAX_ADDRESS_FAILURES
    ):
        raise RateLimited(email)
    user = repo.user_by_email(session, email)
    try:
        ok = _verify(user.password_hash if user else _dummy(), password)
    except Busy:
        _withdraw(session, attempt.id)
        raise
    if not ok or user is None or not user.active:
        return None
    repo.remove_login_attempt(session, attempt.id)
    repo.clear_failed_logins(session, email=email, ip=ip)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def _withdraw(session: Session, attempt_id: int) -> None:
    """Remove an attempt whose password was never checked."""
    repo.remove_login_attempt(session, attempt_id)
    session.commit()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, user: User) -> str:
    """Create a login session; return the random token to put (signed) in the cookie."""
    token = secrets.token_urlsafe(32)
    repo.add_login_session(
        session, token_hash=_token_hash(token), user_id=user.id, now=_now(), lifetime=SESSION_LIFETIME
    )
    return token


def session_user(session: Session, token: str) -> User | None:
    return repo.user_for_session(session, _token_hash(token), _now())


def end_session(session: Session, token: str) -> None:
    repo.end_login_session(session, _token_hash(token))
