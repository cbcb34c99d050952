"""Accounts: users with a role (editor of one agency, or admin), login sessions and login attempts.

An editor of a county authority (an agency of kind ``county``, e.g. ``FK-46``) is the county editor of that
county. ``working_group`` marks a member of the four-party working group (people from IN, Siva, FR and the
county authorities), on top of the role. What each may do is decided in ``catalogue/accounts/roles.py``.

Sessions and failed login attempts live in the database so that every server worker sees the same
logins, logouts and rate limits.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, false, func
from sqlalchemy.orm import Mapped, mapped_column

from catalogue.instruments.models import Base

ROLES = ("editor", "admin")


class User(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))
    agency_code: Mapped[str | None] = mapped_column(ForeignKey("agency.code"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    working_group: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    def may_edit(self, agency_code: str) -> bool:
        """Admins edit everything; editors only their own agency's instruments."""
        return self.active and (self.role == "admin" or self.agency_code == agency_code)


class LoginSession(Base):
    __tablename__ = "login_session"
    # SHA-256 of the random token in the (signed) cookie; the token itself is never stored.
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class LoginAttempt(Base):
    """A login attempt, written before its password is checked and removed again when it succeeds: what
    stays are the failed and refused attempts (and, for a moment, the attempts in progress)."""

    __tablename__ = "login_attempt"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)  # lower case, as typed
    ip: Mapped[str] = mapped_column(String(64), index=True)  # the client address
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
