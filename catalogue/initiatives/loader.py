"""Fill the snapshots of ``catalogue.initiatives.snapshot`` from the database (read per request: a handful
of rows, so a write shows at once)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.orm import Session

from catalogue.initiatives import repository
from catalogue.initiatives.models import Initiative, InitiativeAudit, Milestone
from catalogue.initiatives.snapshot import (
    AuditSnap,
    CommentSnap,
    InitiativeSnap,
    LinkSnap,
    MilestoneSnap,
    PartnerSnap,
)


def _initiative(
    row: Initiative, comments: tuple[CommentSnap, ...], merged_from: tuple[int, ...]
) -> InitiativeSnap:
    return InitiativeSnap(
        id=row.id,
        county=row.county_code,
        title=row.title,
        challenge=row.challenge,
        market_potential=row.market_potential,
        value_chains=tuple(row.value_chains or ()),
        missions=tuple(row.missions or ()),
        region=row.region,
        municipalities=tuple(row.municipalities or ()),
        partners=tuple(
            PartnerSnap(name=p["name"], org_number=p.get("org_number")) for p in row.partners or ()
        ),
        links=tuple(LinkSnap(url=x["url"], title=x.get("title")) for x in row.links or ()),
        status=row.status,
        merged_into=row.merged_into_id,
        merged_from=merged_from,
        proposed_on=row.proposed_on,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
        comments=comments,
    )


def load_initiatives(session: Session, county: str | None = None) -> tuple[InitiativeSnap, ...]:
    rows = repository.list_initiatives(session)
    merged_from: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        if row.merged_into_id is not None:
            merged_from[row.merged_into_id].append(row.id)
    shown = [r for r in rows if county is None or r.county_code == county]
    comments: dict[int, list[CommentSnap]] = defaultdict(list)
    for c in repository.list_comments(session, [r.id for r in shown]):
        comments[c.initiative_id].append(CommentSnap(id=c.id, at=c.at, author=c.user_email, text=c.text))
    return tuple(_initiative(r, tuple(comments[r.id]), tuple(merged_from[r.id])) for r in shown)


def load_initiative(session: Session, initiative_id: int) -> InitiativeSnap | None:
    return next((i for i in load_initiatives(session) if i.id == initiative_id), None)


def milestone_snap(row: Milestone) -> MilestoneSnap:
    return MilestoneSnap(
        id=row.id,
        county=row.county_code,
        kind=row.kind,
        title=row.title,
        owner=row.owner,
        due_on=row.due_on,
        resources=row.resources,
        done_on=row.done_on,
        version=row.version,
    )


def load_milestones(session: Session, county: str | None = None) -> tuple[MilestoneSnap, ...]:
    return tuple(milestone_snap(r) for r in repository.list_milestones(session, county))


def audit_snap(e: InitiativeAudit) -> AuditSnap:
    return AuditSnap(
        id=e.id,
        subject=e.subject,
        subject_id=e.subject_id,
        county=e.county_code,
        at=e.at,
        action=e.action,
        user_email=e.user_email,
        changes=dict(e.changes or {}),
        version=e.version,
        note=e.note,
    )


def load_history(session: Session, subject: str, subject_id: int) -> tuple[AuditSnap, ...]:
    return tuple(audit_snap(e) for e in repository.history(session, subject, subject_id))
