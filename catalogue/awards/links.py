"""Consortium members and registered symbioses linked to the award data by organisation number.

Pure functions over snapshots (no database): the catalogue's consortia (``ConsortiumSnap``), the slugs of
the registered symbioses (consortia with a status record) and an :class:`AwardSnapshot`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from catalogue.awards.snapshot import ActivitySnap, AwardSnapshot
from catalogue.instruments.snapshot import ConsortiumSnap


@dataclass(frozen=True, kw_only=True)
class MemberFunding:
    consortium: str  # slug
    member: str  # member name in the consortium
    orgnr: str
    registered_symbiosis: bool
    activities: tuple[ActivitySnap, ...]  # every activity the organisation takes part in

    @property
    def funders(self) -> frozenset[str]:
        return frozenset(a.funder for a in self.activities if a.funded)


def member_funding(
    consortia: Sequence[ConsortiumSnap], registered: Collection[str], awards: AwardSnapshot
) -> tuple[MemberFunding, ...]:
    """Each consortium member whose organisation number the award data knows, with its activities."""
    by_orgnr: dict[str, list[ActivitySnap]] = {}
    for a in awards.activities:
        for p in a.participations:
            org = awards.organisation(p.organisation)
            if org is not None and org.orgnr:
                by_orgnr.setdefault(org.orgnr, []).append(a)
    out = []
    for c in consortia:
        for m in c.members:
            if m.org_number and m.org_number in by_orgnr:
                out.append(
                    MemberFunding(
                        consortium=c.slug,
                        member=m.name,
                        orgnr=m.org_number,
                        registered_symbiosis=c.slug in registered,
                        activities=tuple(dict.fromkeys(by_orgnr[m.org_number])),
                    )
                )
    return tuple(out)
