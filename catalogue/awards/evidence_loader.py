"""Fill the aggregate evidence snapshot (``catalogue.awards.snapshot.AwardEvidence``) from the database.

Counts and sums are grouped in SQL (``catalogue.awards.evidence_queries``); the example awards are fetched
by capped queries, so the snapshot's size does not grow with the number of activities. The value chain and
stage of a funded activity come from ``seeds/award_evidence.yaml`` (passed in as ``rules``), applied to the
grouped (funder, programme, application type, variant) keys, never to single rows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from catalogue.awards import evidence_queries as q
from catalogue.awards import repository
from catalogue.awards.loader import source_snap
from catalogue.awards.snapshot import (
    AwardEvidence,
    AwardRowSnap,
    CellFundingSnap,
    DecisionSnap,
    FunderShareSnap,
    FunderTotalSnap,
    InstrumentPartnersSnap,
    OrganisationFundersSnap,
    ProgrammeTotalSnap,
    SymbiosisFundersSnap,
)

ROWS = 10  # example awards per finding
CELL_ROWS = 5
MAX_PROGRAMMES = 100  # unmapped programmes kept
MAX_ORGANISATIONS = 200  # organisations funded by several funders, examined


class Classifier:
    """(funder, programme, type, variant) → value chains and stage, by ``seeds/award_evidence.yaml``."""

    def __init__(self, rules: Mapping[str, Any] | None) -> None:
        rules = rules or {}
        self.chains: dict[tuple[str, str], tuple[str, ...]] = {
            (str(r["funder"]), str(r["programme"])): tuple(r["value_chains"])
            for r in rules.get("value_chains") or ()
        }
        self.stages: list[dict[str, str]] = [
            {k: str(v) for k, v in r.items()} for r in rules.get("stages") or ()
        ]

    @property
    def known_chains(self) -> frozenset[str]:
        return frozenset(c for chains in self.chains.values() for c in chains)

    def stage(self, key: q.GroupKey) -> str | None:
        funder, programme, kind, variant = key
        fields = {"programme": programme, "application_type": kind, "application_variant": variant}
        for rule in self.stages:
            if rule["funder"] == funder and all(rule.get(f, v) == v for f, v in fields.items()):
                return rule["stage"]
        return None

    def cells(self, key: q.GroupKey) -> list[tuple[str, str]]:
        stage = self.stage(key)
        if stage is None:
            return []
        return [(chain, stage) for chain in self.chains.get((key[0], key[1]), ())]


def award_rows(session: Session, rows: Sequence[Any]) -> tuple[AwardRowSnap, ...]:
    names = q.participant_names(session, [r[0].id for r in rows])
    return tuple(
        AwardRowSnap(
            source=source,
            ref=a.source_ref,
            funder=a.funder_code,
            outcome=a.outcome,
            currency=a.currency,
            programme_code=a.programme_code,
            title=a.title,
            year=a.year,
            county=a.county_code or a.county_name,
            granted_minor=a.granted_minor,
            organisations=tuple(names.get(a.id, [])[:3]),
            organisation_count=len(names.get(a.id, [])),
        )
        for a, source in rows
    )


def _partners(session: Session, shows: Mapping[str, bool]) -> tuple[InstrumentPartnersSnap, ...]:
    out = []
    for slug, source, funded, multi in q.partner_counts(session):
        rows = award_rows(session, q.single_rows(session, slug, source, ROWS)) if shows.get(source) else ()
        out.append(
            InstrumentPartnersSnap(
                instrument=slug, source=source, funded=int(funded), multi=int(multi), single_rows=rows
            )
        )
    return tuple(out)


def _funders(session: Session) -> tuple[FunderTotalSnap, ...]:
    out = []
    for funder, currency, funded, granted, u_funded, u_granted in q.funder_totals(session):
        rows = award_rows(session, q.unmapped_rows(session, funder, currency, ROWS)) if u_funded else ()
        out.append(
            FunderTotalSnap(
                funder=funder,
                currency=currency,
                funded=int(funded),
                granted_minor=int(granted),
                unmapped_funded=int(u_funded),
                unmapped_minor=int(u_granted),
                unmapped_rows=rows,
            )
        )
    return tuple(out)


def _unmapped(session: Session) -> tuple[tuple[ProgrammeTotalSnap, ...], int]:
    rows = repository.programme_totals(session, unmapped_only=True)
    kept = [
        ProgrammeTotalSnap(
            funder=r.funder_code,
            programme_code=r.programme_code,
            programme_name=r.programme_name,
            currency=r.currency,
            activities=int(r.activities),
            funded=int(r.funded),
            granted_minor=int(r.granted_minor or 0),
        )
        for r in rows[:MAX_PROGRAMMES]
    ]
    return tuple(kept), max(0, len(rows) - MAX_PROGRAMMES)


def _decisions(session: Session) -> tuple[DecisionSnap, ...]:
    merged: dict[tuple[str, str, str | None, str], list[int]] = {}
    for slug, funder, programme, source, business, decided, rejected in q.decision_counts(session):
        counts = merged.setdefault((slug, funder, programme, source), [0, 0, 0, 0])
        at = 0 if business else 2
        counts[at] += int(decided)
        counts[at + 1] += int(rejected)
    return tuple(
        DecisionSnap(
            instrument=k[0],
            funder=k[1],
            programme_code=k[2],
            source=k[3],
            business_decided=c[0],
            business_rejected=c[1],
            other_decided=c[2],
            other_rejected=c[3],
        )
        for k, c in merged.items()
    )


def _cells(session: Session, classify: Classifier) -> tuple[CellFundingSnap, ...]:
    funded: Counter[tuple[str, str]] = Counter()
    counties: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    programmes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    sources: dict[tuple[str, str], set[str]] = defaultdict(set)
    groups: dict[tuple[str, str], set[q.GroupKey]] = defaultdict(set)
    for funder, programme, kind, variant, county, source, n in q.group_counts(
        session, sorted(classify.chains)
    ):
        key: q.GroupKey = (funder, programme, kind, variant)
        for cell in classify.cells(key):
            funded[cell] += int(n)
            counties[cell][county] += int(n)
            programmes[cell][f"{funder}:{programme}"] += int(n)
            sources[cell].add(source)
            groups[cell].add(key)
    return tuple(
        CellFundingSnap(
            value_chain=cell[0],
            stage=cell[1],
            funded=n,
            counties=tuple(counties[cell].most_common()),
            programmes=tuple(p for p, _ in programmes[cell].most_common(ROWS)),
            sources=tuple(sorted(sources[cell])),
            rows=award_rows(session, q.group_rows(session, sorted(groups[cell]), CELL_ROWS)),
        )
        for cell, n in sorted(funded.items())
    )


def _organisations(session: Session, classify: Classifier) -> tuple[tuple[OrganisationFundersSnap, ...], int]:
    orgs, total = q.multi_funder_organisations(session, sorted(classify.chains), MAX_ORGANISATIONS)
    if not orgs:
        return (), total
    by_chain: dict[tuple[int, str], dict[tuple[str, str], list[int]]] = defaultdict(dict)
    for org_id, funder, programme, _kind, _variant, currency, n, money in q.organisation_groups(
        session, [o.id for o in orgs]
    ):
        for chain in classify.chains.get((funder, programme), ()):
            share = by_chain[(org_id, chain)].setdefault((funder, currency), [0, 0])
            share[0] += int(n)
            share[1] += int(money or 0)
    names = {o.id: o for o in orgs}
    out = [
        OrganisationFundersSnap(
            key=names[org_id].key,
            name=names[org_id].name,
            orgnr=names[org_id].orgnr,
            value_chain=chain,
            funders=tuple(
                FunderShareSnap(funder=f, currency=c, activities=v[0], granted_minor=v[1])
                for (f, c), v in sorted(shares.items())
            ),
        )
        for (org_id, chain), shares in sorted(by_chain.items(), key=lambda x: (x[0][1], names[x[0][0]].key))
        if len({f for f, _ in shares}) >= 2
    ]
    return tuple(out), max(0, total - len(orgs))


def _symbioses(session: Session) -> tuple[SymbiosisFundersSnap, ...]:
    grouped: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for slug, name, funder, currency, members, activities, money in q.symbiosis_funding(session):
        grouped[(slug, name)].append((funder, currency, int(members), int(activities), int(money or 0)))
    return tuple(
        SymbiosisFundersSnap(
            slug=slug,
            name=name,
            members=max(r[2] for r in rows),
            funders=tuple(
                FunderShareSnap(funder=f, currency=c, activities=n, granted_minor=m) for f, c, _, n, m in rows
            ),
        )
        for (slug, name), rows in sorted(grouped.items())
    )


def build_evidence_snapshot(session: Session, rules: Mapping[str, Any] | None = None) -> AwardEvidence:
    """The aggregate evidence the gap analyser weighs; ``rules``: ``seeds/award_evidence.yaml``. Without
    any imported activity: an empty ``AwardEvidence`` (the analysis is then unchanged)."""
    sources = tuple(source_snap(s) for s in repository.list_sources(session))
    if not any(s.activity_count for s in sources):
        return AwardEvidence(sources=sources)
    classify = Classifier(rules)
    unmapped, unmapped_more = _unmapped(session)
    organisations, organisations_more = _organisations(session, classify)
    return AwardEvidence(
        sources=sources,
        partners=_partners(session, {s.key: s.shows_partners for s in sources}),
        funders=_funders(session),
        unmapped=unmapped,
        unmapped_more=unmapped_more,
        decisions=_decisions(session),
        rejecting_sources=frozenset(q.rejecting_sources(session)),
        cells=_cells(session, classify),
        classified_chains=classify.known_chains,
        organisations=organisations,
        organisations_more=organisations_more,
        symbioses=_symbioses(session),
    )
