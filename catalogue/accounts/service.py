"""Accounts service: argon2 password hashes, login with a rate limit, and server-side login sessions.

Failed logins are counted per ``ip|email`` in the database (so every server worker shares the count):
after ``MAX_FAILURES`` failures within ``FAILURE_WINDOW`` further attempts are refused, even with the
right password, until the window has passed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from catalogue.accounts import repository as repo
from catalogue.accounts.models import ROLES, User
from catalogue.errors import InputError, Problem

MAX_FAILURES = 5
FAILURE_WINDOW = dt.timedelta(minutes=15)
SESSION_LIFETIME = dt.timedelta(hours=12)
MIN_PASSWORD_LENGTH = 12
_hasher = PasswordHasher()
_dummy_hash: str | None = None
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class RateLimited(Exception):
    pass


def hash_password(password: str) -> str:
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
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def create_user(
    session: Session, email: str, password: str, role: str, agency_code: str | None, known_agencies: set[str]
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
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def rate_key(ip: str, email: str) -> str:
    return f"{ip}|{email.strip().lower()}"[:320]


def authenticate(session: Session, email: str, password: str, ip: str) -> User | None:
    """The user if the password is right. Raises RateLimited after too many recent failures.

    The caller must commit even when None is returned, so that the failure is counted."""
    email, password = email.replace("\x00", ""), password.replace("\x00", "")
    key = rate_key(ip, email)
    now = _now()
    if repo.failed_logins_since(session, key, now - FAILURE_WINDOW) >= MAX_FAILURES:
        raise RateLimited(key)
    user = repo.user_by_email(session, email)
    ok = _verify(user.password_hash if user else _dummy(), password)
    if not ok or user is None or not user.active:
        repo.record_failed_login(session, key, now)
        return None
    repo.clear_failed_logins(session, key)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


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
