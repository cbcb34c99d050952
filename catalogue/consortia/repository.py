"""Writes and queries of saved consortia (the funding-path form and the seeds). Reads every page needs
(``list_consortia``, ``consortium_by_slug``) stay in ``catalogue.instruments.repository``."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue.instruments.models import Consortium, ConsortiumMember, ResourceFlow
from catalogue.instruments.repository import consortium_by_slug
from catalogue.instruments.schemas import ConsortiumIn


def upsert_consortium(session: Session, c: ConsortiumIn) -> Consortium:
    """Seeding: the consortium with ``c.slug``, created or brought up to date."""
    row = consortium_by_slug(session, c.slug)
    if row is None:
        return add_consortium(session, c)
    apply_consortium(row, c)
    return row


def add_consortium(session: Session, c: ConsortiumIn) -> Consortium:
    """A new row (never an existing one: saving a new consortium must not merge into another)."""
    row = Consortium(slug=c.slug, version=1)
    session.add(row)
    apply_consortium(row, c)
    return row


def apply_consortium(row: Consortium, c: ConsortiumIn) -> bool:
    """Write the record onto the row (every field, slug aside); True when something changed. A change of a
    stored row adds one to its version, members and flows included."""
    changed = _set_all(
        row,
        {
            "name": c.name,
            "description_nn": c.description_nn,
            "description_en": c.description_en,
            "current_stage": c.current_stage,
            "target_stage": c.target_stage,
            "in_operation": c.in_operation,
            "source": c.source,
            "county_code": c.county,
            "value_chains": list(c.value_chains),
            "needs": list(c.needs),
            "budget_per_stage": dict(c.budget_per_stage),
        },
    )
    members = [
        (m.name, m.org_number, m.size_class, m.sector_nace, m.role, m.county, m.in_assisted_area)
        for m in c.members
    ]
    if members != [
        (m.name, m.org_number, m.size_class, m.sector_nace, m.role, m.county_code, m.in_assisted_area)
        for m in row.members
    ]:
        changed = True
        row.members = [
            ConsortiumMember(
                position=n,
                name=m[0],
                org_number=m[1],
                size_class=m[2],
                sector_nace=m[3],
                role=m[4],
                county_code=m[5],
                in_assisted_area=m[6],
            )
            for n, m in enumerate(members)
        ]
    flows = [(f.source, f.resource, f.target) for f in c.resource_flows]
    if flows != [(f.source, f.resource, f.target) for f in row.flows]:
        changed = True
        row.flows = [
            ResourceFlow(position=n, source=f[0], resource=f[1], target=f[2]) for n, f in enumerate(flows)
        ]
    if changed and row.id is not None:
        row.version += 1
    return changed


def _set_all(obj: object, values: dict[str, object]) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


# ---- reads


def consortium_slugs_from(session: Session, base: str) -> set[str]:
    """The slugs in use that are ``base`` or start with ``base-`` (the candidates for a new consortium)."""
    pattern = base + "-%"  # slugs hold only a-z, 0-9 and "-": nothing to escape
    found = session.scalars(
        select(Consortium.slug).where((Consortium.slug == base) | Consortium.slug.like(pattern))
    )
    return set(found)


def consortium_version(session: Session, slug: str) -> int | None:
    """The stored version, read afresh (not from the session's copy of the row)."""
    return session.scalar(select(Consortium.version).where(Consortium.slug == slug))
