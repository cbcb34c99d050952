"""The "Evidence from funded projects" section of a department or agency report (pure data).

Built from the aggregate award evidence (``catalogue.awards.snapshot.AwardEvidence``) only when award data
has been imported; a report without it has no such section (and is as before). It names the sources the
findings rest on (name, years, fetch date, what they hold), the coverage of the audience's instruments by
the data (how many have funded projects linked, how many funded projects), the audience's agencies'
money in the data, and which of the report's gaps come from funded-project data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from catalogue.awards.snapshot import AwardEvidence
from catalogue.instruments.snapshot import InstrumentSnap

AWARD_KINDS = frozenset(
    {
        "consortia-in-practice",
        "unmapped-money",
        "hole-confirmed",
        "catalogue-error",
        "business-rejected",
        "uncoordinated-funding",
        "not-measurable",
    }
)


@dataclass(frozen=True)
class EvidenceSource:
    key: str
    name: str
    url: str | None
    year_from: int | None
    year_to: int | None
    fetched_on: dt.date | None
    activities: int
    participations: int
    shows_partners: bool


@dataclass(frozen=True)
class FunderLine:
    funder: str
    currency: str
    funded: int
    granted_minor: int
    unmapped_funded: int
    unmapped_minor: int


@dataclass(frozen=True)
class EvidenceSection:
    sources: tuple[EvidenceSource, ...]
    instruments: int  # the audience's instruments
    instruments_with_data: int  # of them with funded projects linked in the data
    funded_linked: int  # funded projects linked to the audience's instruments
    funders: tuple[FunderLine, ...]  # the audience's agencies as funders in the data
    gap_ranks: tuple[int, ...]  # the report's gaps that come from funded-project data


def evidence_section(
    awards: AwardEvidence | None,
    own: Sequence[InstrumentSnap],
    agencies: Sequence[str],
    gaps: Sequence[Any],  # the report's ReportGap rows (rank, kind)
) -> EvidenceSection | None:
    if awards is None or awards.empty:
        return None
    slugs = {i.slug for i in own}
    linked: dict[str, int] = {}
    for p in awards.partners:
        if p.instrument in slugs:
            linked[p.instrument] = linked.get(p.instrument, 0) + p.funded
    return EvidenceSection(
        sources=tuple(
            EvidenceSource(
                key=s.key,
                name=s.name,
                url=s.url,
                year_from=s.year_from,
                year_to=s.year_to,
                fetched_on=s.fetched_on,
                activities=s.activity_count,
                participations=s.participation_count,
                shows_partners=s.shows_partners,
            )
            for s in awards.sources
            if s.activity_count
        ),
        instruments=len(slugs),
        instruments_with_data=sum(1 for n in linked.values() if n),
        funded_linked=sum(linked.values()),
        funders=tuple(
            FunderLine(
                funder=f.funder,
                currency=f.currency,
                funded=f.funded,
                granted_minor=f.granted_minor,
                unmapped_funded=f.unmapped_funded,
                unmapped_minor=f.unmapped_minor,
            )
            for f in awards.funders
            if f.funder in set(agencies)
        ),
        gap_ranks=tuple(g.rank for g in gaps if g.kind in AWARD_KINDS),
    )
