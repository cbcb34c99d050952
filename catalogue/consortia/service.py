"""Saving consortia (the funding-path form): new ones under a free address, changes with optimistic locking,
curated consortia for administrators only, and one audit entry per change.

- ``create_consortium`` inserts a new row under the wanted slug or the first free one of ``slug-2``,
  ``slug-3``, ... Two visitors saving the same name at once: the loser's insert fails on the unique slug,
  is rolled back to its SAVEPOINT and tried under the next suffix, so each gets a row of its own with
  exactly its own members (never a merge into the other's row, never an error).
- ``update_consortium`` changes the consortium only if it is still at the version the editor read
  (``ConsortiumConflict`` otherwise). Its ``source`` never changes: a curated consortium (the seed
  document's, evidence for the gap analysis) stays curated, and only administrators may change it.

Functions only flush; the caller (a web request or a CLI command) owns the transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from catalogue.accounts.models import User
from catalogue.audit import repository as repository_audit
from catalogue.audit.models import ConsortiumAudit
from catalogue.consortia import repository
from catalogue.errors import Conflict, Forbidden, InputError, NotFound, problems_from_validation
from catalogue.instruments.models import Consortium
from catalogue.instruments.repository import consortium_by_slug
from catalogue.instruments.schemas import ConsortiumIn
from catalogue.instruments.service import diff_records
from catalogue.transfer.export import consortium_record

# The source of consortia typed into the public form; every other source is curated (the gap analysis
# leaves web-form consortia out: analyser.gaps.analysis.NOT_EVIDENCE_SOURCES).
WEB_FORM = "web form"
MAX_ATTEMPTS = 50  # slugs tried by one save before it gives up (each attempt re-reads the slugs in use)


class ConsortiumConflict(Conflict):
    """Someone saved the consortium after the editor opened it; nothing was written."""

    def __init__(self, slug: str, expected_version: int, current_version: int | None) -> None:
        self.slug = slug
        self.expected_version = expected_version
        self.current_version = current_version
        super().__init__(
            "Someone else saved this consortium after you opened it (you opened version %(expected)s; "
            "it is now at version %(current)s). Your changes are not saved: open the consortium again "
            "to see the saved version, then make your changes there.",
            expected=expected_version,
            current=current_version if current_version is not None else "–",
        )

    def details(self) -> dict[str, Any]:
        return {"expected_version": self.expected_version, "current_version": self.current_version}


def is_curated(source: str | None) -> bool:
    return source != WEB_FORM


def may_update(user: User | None, source: str | None) -> bool:
    """Logged-in users may change consortia typed into the form; curated ones only administrators."""
    if user is None or not user.active:
        return False
    return user.role == "admin" or not is_curated(source)


def free_slug(base: str, taken: Collection[str]) -> str:
    """``base``, else the first of ``base-2``, ``base-3``, ... not in ``taken``."""
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_consortium(session: Session, record: ConsortiumIn, user: User | None) -> Consortium:
    """A new consortium under ``record.slug`` or the first free ``record.slug-N``; returns the row."""
    base = record.slug
    for _ in range(MAX_ATTEMPTS):
        slug = free_slug(base, repository.consortium_slugs_from(session, base))
        try:
            with session.begin_nested():
                row = repository.add_consortium(session, record.model_copy(update={"slug": slug}))
                session.flush()
        except IntegrityError:
            if slug not in repository.consortium_slugs_from(session, base):
                raise  # not the slug: a real fault
            continue  # saved by someone else since we looked: try the next one
        _audit(session, row, "create", diff_records(None, consortium_record(row)), user)
        return row
    raise Conflict("No free address was found for the consortium. Try again.")


def update_consortium(
    session: Session,
    slug: str,
    record: ConsortiumIn,
    expected_version: int,
    user: User | None,
    *,
    fields: Collection[str] | None = None,
) -> Consortium:
    """Change the consortium ``slug`` if it is still at ``expected_version``. Only ``fields`` of the record
    are taken (default: all); the rest, and always the source, stay as stored."""
    row = consortium_by_slug(session, slug)
    if row is None:
        raise NotFound("consortium not found")
    _check_may_update(user, row.source)
    if row.version != expected_version:
        raise ConsortiumConflict(slug, expected_version, row.version)
    before = consortium_record(row)
    given = record.model_dump(mode="json")
    chosen = {k: given[k] for k in (fields if fields is not None else given)}
    merged = _validated({**before, **chosen, "slug": slug, "source": row.source})
    try:
        with session.begin_nested():  # (changes made before it would be flushed outside it)
            changed = repository.apply_consortium(row, merged)
            session.flush()
    except StaleDataError as exc:  # saved by someone else between our read and our write
        raise ConsortiumConflict(
            slug, expected_version, repository.consortium_version(session, slug)
        ) from exc
    if changed:
        _audit(session, row, "update", diff_records(before, consortium_record(row)), user)
    return row


def history(session: Session, slug: str) -> Sequence[ConsortiumAudit]:
    """The recorded changes of a consortium, newest first."""
    entries = repository_audit.consortium_history(session, slug)
    if not entries and consortium_by_slug(session, slug) is None:
        raise NotFound("consortium not found")
    return entries


def _check_may_update(user: User | None, source: str | None) -> None:
    if user is None:
        raise Forbidden("Log in to change a saved consortium.")
    if not may_update(user, source):
        raise Forbidden(
            "Only an administrator may change a consortium from the seed document. You can save your "
            "changes as a new consortium."
        )


def _validated(data: dict[str, Any]) -> ConsortiumIn:
    try:
        return ConsortiumIn.model_validate(data)
    except ValidationError as exc:
        raise InputError(problems_from_validation("(form)", "(consortium)", exc)) from exc


def _audit(
    session: Session, row: Consortium, action: str, changes: dict[str, Any], user: User | None
) -> None:
    repository_audit.add_consortium_entry(
        session,
        slug=row.slug,
        action=action,
        changes=changes,
        version=row.version,
        user_id=user.id if user else None,
        user_email=user.email if user else None,
    )
