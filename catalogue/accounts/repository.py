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


def add_user(session: Session, *, email: str, password_hash: str, role: str, agency_code: str | None) -> User:
    user = User(
        email=email.strip().lower(),
        password_hash=password_hash,
        role=role,
        agency_code=agency_code,
        active=True,
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


def record_failed_login(session: Session, key: str, now: dt.datetime) -> None:
    session.add(LoginAttempt(key=key, at=now))


def failed_logins_since(session: Session, key: str, since: dt.datetime) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(LoginAttempt)
            .where(LoginAttempt.key == key, LoginAttempt.at > since)
        )
        or 0
    )


def clear_failed_logins(session: Session, key: str) -> None:
    session.execute(delete(LoginAttempt).where(LoginAttempt.key == key))


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; they were stored as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
