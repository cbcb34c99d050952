"""Review items and cases through the services on SQLite and PostgreSQL: a lost race is a conflict and
writes nothing, every write leaves one audit row, and the loaders give the analyser what was stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from catalogue.accounts import service as accounts
from catalogue.accounts.repository import user_by_email
from catalogue.accounts.roles import Actor, actor
from catalogue.audit.records import RecordAudit, RecordConflict
from catalogue.cases.loader import load_cases
from catalogue.cases.service import create_case
from catalogue.db import engine_for, transaction
from catalogue.errors import Forbidden
from catalogue.instruments import repository
from catalogue.reviews.loader import load_reviews
from catalogue.reviews.service import create_review, update_review

REVIEW = {
    "instrument": "enova-fjernvarme",
    "relevance": {"I": "high"},
    "barriers": ["B2"],
    "adjustments": ["open_to_consortia"],
    "status": "proposed",
    "decided_on": "2026-11-20",
}
CASE = {
    "county": "46",
    "met_on": "2026-10-02",
    "stage": "pilot",
    "barriers": ["B2"],
    "attempts": [{"instrument": None, "outcome": "between_schemes"}],
    "consent": True,
    "org_numbers": ["986399445"],
}


def _actor(url: str, email: str, agency: str) -> Actor:
    accounts.use_fast_hashing_for_tests()
    with transaction(engine_for(url)) as session:
        known = {a.code for a in repository.list_agencies(session)}
        accounts.create_user(session, email, "correct horse battery staple", "editor", agency, known)
    with transaction(engine_for(url)) as session:
        user = user_by_email(session, email)
        assert user is not None
        found = actor(session, user)
        assert found is not None
        return found


def test_records_on_both_backends(seeded_url: str) -> None:
    enova = _actor(seeded_url, "enova@example.no", "ENOVA")
    vestland = _actor(seeded_url, "vestland@example.no", "FK-46")
    engine = engine_for(seeded_url)
    with transaction(engine) as session:
        review_id = create_review(session, REVIEW, enova).id
        create_case(session, CASE, vestland)
    with transaction(engine) as session:
        update_review(session, review_id, {**REVIEW, "status": "agreed"}, 1, enova)
    with pytest.raises(RecordConflict), transaction(engine) as session:
        update_review(session, review_id, {**REVIEW, "status": "implemented"}, 1, enova)
    with pytest.raises(Forbidden), transaction(engine) as session:
        create_case(session, {**CASE, "county": "11"}, vestland)
    with transaction(engine) as session:
        reviews, cases = load_reviews(session).reviews, load_cases(session).cases
        audits = session.scalar(select(func.count()).select_from(RecordAudit))
    assert [(r.status, r.version, r.barriers) for r in reviews] == [("agreed", 2, ("B2",))]
    assert [(c.county, c.agency, c.org_numbers, c.outcomes) for c in cases] == [
        ("46", "FK-46", ("986399445",), frozenset({"between_schemes"}))
    ]
    assert audits == 3  # review created, review changed, case created
