"""Queries and writes of user accounts, login sessions and login attempts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from catalogue.accounts.models import LoginAttempt, LoginSession, User


def user_by_email(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(func.lower(User.email) == email.strip().lower())).one_or_none()


def user_by_id(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def add_user(
    session: Session,
    *,
    email: str,
    password_hash: str,
    role: str,
    agency_code: str | None,
    working_group: bool = False,
) -> User:
    user = User(
        email=email.strip().lower(),
        password_hash=password_hash,
        role=role,
        agency_code=agency_code,
        active=True,
        working_group=working_group,
    )
    session.add(user)
    session.flush()
    return user


def add_login_session(
    session: Session, *, token_hash: str, user_id: int, now: dt.datetime, lifetime: dt.timedelta
) -> LoginSession:
    row = LoginSession(token_hash=token_hash, user_id=user_id, created_at=now, expires_at=now + lifetime)
    session.add(row)
    return row


def user_for_session(session: Session, token_hash: str, now: dt.datetime) -> User | None:
    row = session.get(LoginSession, token_hash)
    if row is None or _aware(row.expires_at) <= now:
        return None
    user = session.get(User, row.user_id)
    return user if user is not None and user.active else None


def end_login_session(session: Session, token_hash: str) -> None:
    session.execute(delete(LoginSession).where(LoginSession.token_hash == token_hash))


def add_login_attempt(session: Session, *, email: str, ip: str, now: dt.datetime) -> LoginAttempt:
    row = LoginAttempt(email=email, ip=ip, at=now)
    session.add(row)
    session.flush()
    return row


def login_attempts_since(
    session: Session, since: dt.datetime, *, email: str | None = None, ip: str | None = None
) -> int:
    """Attempts after ``since`` for this e-mail (from any address) or from this address (any e-mail)."""
    query = select(func.count()).select_from(LoginAttempt).where(LoginAttempt.at > since)
    if email is not None:
        query = query.where(LoginAttempt.email == email)
    if ip is not None:
        query = query.where(LoginAttempt.ip == ip)
    return session.scalar(query) or 0


def remove_login_attempt(session: Session, attempt_id: int) -> None:
    session.execute(delete(LoginAttempt).where(LoginAttempt.id == attempt_id))


def clear_failed_logins(session: Session, *, email: str, ip: str) -> None:
    """After a successful login: the failures of this account from this address."""
    session.execute(delete(LoginAttempt).where(LoginAttempt.email == email, LoginAttempt.ip == ip))


def prune_login_attempts(session: Session, before: dt.datetime) -> None:
    """Forget attempts older than the window. Rows another login is deleting right now are skipped
    (PostgreSQL ``SKIP LOCKED``), so concurrent logins never wait for, or deadlock on, each other here."""
    stale = select(LoginAttempt.id).where(LoginAttempt.at <= before).with_for_update(skip_locked=True)
    session.execute(delete(LoginAttempt).where(LoginAttempt.id.in_(stale.scalar_subquery())))


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; they were stored as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
