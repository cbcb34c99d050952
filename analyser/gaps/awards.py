"""Gap findings from funded-project data: what the funders really funded, as evidence (issue 15, item 4).

Pure functions over ``catalogue.awards.snapshot.AwardEvidence`` (counts grouped in SQL plus capped example
awards). Every finding names the sources and years it rests on (``evidence["sources"]``) and shows at most
``ROWS`` example awards, largest granted amount first, with the count of the rest. Where a source cannot
show a fact the finding says so (kind ``not-measurable``): it never counts the fact as zero. Kinds,
thresholds and formulas: docs/analyser.md, "Evidence from funded projects".

- ``consortia-in-practice``: an instrument open to consortia on paper (eligibility yes or partial) whose
  funded activities, in the sources that name every participant, had two or more organisations in fewer
  than ``MAX_MULTI_SHARE`` of cases (at least ``MIN_FUNDED`` of them); g = 1 − share.
- ``unmapped-money``: per funder and currency, money granted through programmes no catalogue instrument
  stands for; g = unmapped money / all money the funder granted in that currency.
- ``business-rejected``: in a programme of an instrument serving a mission, businesses rejected more often
  than other applicants: at least ``MIN_DECIDED`` decided applications of each, a difference of at least
  ``MIN_DIFFERENCE`` and a one-sided Fisher's exact test p < ``ALPHA``; g = the difference of the rates.
- ``not-measurable``: one finding per question the sources cannot answer, listing what it could not
  measure and why; g = 1 (weight 0.2: low).

Holes in the mission grid and coordination between funders: ``analyser.gaps.award_holes``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from analyser.gaps.findings import Directory, Finding, make
from analyser.text import Term, msg, nmsg
from catalogue.awards.snapshot import AwardEvidence, AwardRowSnap, DecisionSnap
from catalogue.instruments.snapshot import CatalogueSnapshot, InstrumentSnap

ROWS = 10
MIN_FUNDED = 5
MAX_MULTI_SHARE = 0.2
MIN_DECIDED = 5
MIN_DIFFERENCE = 0.15
ALPHA = 0.05
OPEN = ("yes", "partial")


def sources_of(evidence: AwardEvidence, keys: Iterable[str]) -> list[dict[str, Any]]:
    """The sources a finding rests on: key, name, years, whether it names partners, fetched date."""
    out = []
    for key in sorted(set(keys)):
        s = evidence.source(key)
        if s is not None:
            out.append(
                {
                    "source": s.key,
                    "name": s.name,
                    "year_from": s.year_from,
                    "year_to": s.year_to,
                    "shows_partners": s.shows_partners,
                    "fetched_on": s.fetched_on.isoformat() if s.fetched_on else None,
                }
            )
    return out


def award_rows(rows: Sequence[AwardRowSnap], total: int | None = None) -> dict[str, Any]:
    """``awards``: at most ROWS example awards, largest first; ``awards_more``: how many are left off."""
    ordered = sorted(rows, key=lambda r: (-(r.granted_minor or 0), r.source, r.ref))[:ROWS]
    more = max(0, (len(rows) if total is None else total) - len(ordered))
    return {"awards": [r.as_dict() for r in ordered], "awards_more": more}


def _agency_departments(directory: Directory, agencies: Iterable[str]) -> list[str]:
    return [d for a in agencies for d in directory.ministry(a)]


# ---- consortia in practice -------------------------------------------------------------------------


def consortia_findings(
    evidence: AwardEvidence, snapshot: CatalogueSnapshot, directory: Directory
) -> tuple[list[Finding], list[dict[str, Any]]]:
    """(findings, instruments not measurable) for instruments open to consortia on paper."""
    instruments = {i.slug: i for i in snapshot.instruments if i.consortium_eligibility in OPEN}
    by_slug: dict[str, list[Any]] = {}
    for p in evidence.partners:
        if p.instrument in instruments:
            by_slug.setdefault(p.instrument, []).append(p)
    out, unmeasured = [], []
    for slug, parts in sorted(by_slug.items()):
        shown = [p for p in parts if (s := evidence.source(p.source)) is not None and s.shows_partners]
        hidden = [p for p in parts if p not in shown]
        funded, multi = sum(p.funded for p in shown), sum(p.multi for p in shown)
        if funded < MIN_FUNDED:
            unmeasured.append(
                {
                    "instrument": slug,
                    "funded": sum(p.funded for p in parts),
                    "reason": "too-few" if shown else "no-partners",
                    "sources": sorted({p.source for p in parts}),
                }
            )
            continue
        share = multi / funded
        if share < MAX_MULTI_SHARE:
            out.append(
                _consortia_finding(instruments[slug], shown, hidden, funded, multi, evidence, directory)
            )
    return out, unmeasured


def _consortia_finding(
    inst: InstrumentSnap,
    shown: Sequence[Any],
    hidden: Sequence[Any],
    funded: int,
    multi: int,
    evidence: AwardEvidence,
    directory: Directory,
) -> Finding:
    share = multi / funded
    rows = [r for p in shown for r in p.single_rows]
    return make(
        "consortia-in-practice",
        inst.slug,
        1.0 - share,
        msg(
            "%(instrument)s is open to consortia, but %(single)s of %(funded)s funded projects had a single "
            "organisation",
            instrument=Term("instrument", (inst.slug,)),
            single=funded - multi,
            funded=funded,
        ),
        msg(
            "%(agency)s should find out why consortia do not get funding from %(instrument)s (calls, "
            "assessment, ceilings) and say so in the call texts, or stop presenting it as open to consortia.",
            agency=Term("agency", (inst.agency,)),
            instrument=Term("instrument", (inst.slug,)),
        ),
        instruments=[inst.slug],
        agencies=inst.all_agencies,
        departments=directory.departments([inst]),
        extra={
            "consortium_eligibility": inst.consortium_eligibility,
            "funded": funded,
            "multi_organisation": multi,
            "share_multi": round(share, 4),
            "sources": sources_of(evidence, [p.source for p in shown]),
            "not_measurable_sources": sources_of(evidence, [p.source for p in hidden]),
            **award_rows(rows, funded - multi),
        },
    )


# ---- money outside the catalogue -------------------------------------------------------------------


def unmapped_findings(evidence: AwardEvidence, directory: Directory) -> list[Finding]:
    out = []
    for f in evidence.funders:
        if not f.unmapped_funded or not f.granted_minor:
            continue
        programmes = [
            p for p in evidence.unmapped if p.funder == f.funder and p.currency == f.currency and p.funded
        ]
        share = f.unmapped_minor / f.granted_minor
        agencies = [f.funder] if f.funder in directory.agencies else []
        keys = {r.source for r in f.unmapped_rows} or {s.key for s in evidence.sources if s.activity_count}
        out.append(
            make(
                "unmapped-money",
                f"{f.funder}:{f.currency}",
                share,
                nmsg(
                    "%(funder)s: %(share)s per cent of the money granted went through %(num)s programme the "
                    "catalogue does not list",
                    "%(funder)s: %(share)s per cent of the money granted went through %(num)s programmes "
                    "the catalogue does not list",
                    len(programmes),
                    funder=Term("agency", (f.funder,)),
                    share=round(100 * share),
                ),
                msg(
                    "Add the programmes that serve the missions to the catalogue as instruments, or record "
                    "in the mapping of programmes to instruments which instrument they belong to; programmes "
                    "outside the catalogue's scope can stay out."
                ),
                agencies=agencies,
                departments=_agency_departments(directory, agencies),
                extra={
                    "currency": f.currency,
                    "granted_minor": f.granted_minor,
                    "unmapped_minor": f.unmapped_minor,
                    "unmapped_funded": f.unmapped_funded,
                    "share_unmapped": round(share, 4),
                    "programmes": [
                        {
                            "programme": p.programme_code or "",
                            "name": p.programme_name or "",
                            "funded": p.funded,
                            "activities": p.activities,
                            "granted_minor": p.granted_minor,
                            "currency": p.currency,
                        }
                        for p in programmes[:ROWS]
                    ],
                    "programmes_more": max(0, len(programmes) - ROWS),
                    "sources": sources_of(evidence, keys),
                    **award_rows(f.unmapped_rows, f.unmapped_funded),
                },
            )
        )
    return out


# ---- business rejected -----------------------------------------------------------------------------


def fisher_greater(a: int, b: int, c: int, d: int) -> float:
    """One-sided Fisher's exact test p for the 2×2 table [[a, b], [c, d]] (a: business rejected, b:
    business funded, c: others rejected, d: others funded): odds of rejection higher for business."""
    from scipy.stats import fisher_exact

    return float(fisher_exact([[a, b], [c, d]], alternative="greater")[1])


def rejection_findings(
    evidence: AwardEvidence, snapshot: CatalogueSnapshot, directory: Directory
) -> tuple[list[Finding], list[dict[str, Any]]]:
    """(findings, programmes not measurable) for programmes of instruments that serve a mission."""
    instruments = {i.slug: i for i in snapshot.instruments if i.missions}
    grouped: dict[tuple[str, str, str | None], list[DecisionSnap]] = {}
    for d in evidence.decisions:
        if d.instrument in instruments:
            grouped.setdefault((d.instrument, d.funder, d.programme_code), []).append(d)
    out, unmeasured = [], []
    for (slug, funder, programme), rows in sorted(grouped.items(), key=lambda x: (x[0][0], x[0][2] or "")):
        shown = [d for d in rows if d.source in evidence.rejecting_sources]
        b_dec, b_rej = sum(d.business_decided for d in shown), sum(d.business_rejected for d in shown)
        o_dec, o_rej = sum(d.other_decided for d in shown), sum(d.other_rejected for d in shown)
        base: dict[str, Any] = {"instrument": slug, "programme": f"{funder}:{programme or ''}"}
        if not shown:
            unmeasured.append(
                {**base, "reason": "no-rejections", "sources": sorted({d.source for d in rows})}
            )
            continue
        if b_dec < MIN_DECIDED or o_dec < MIN_DECIDED:
            unmeasured.append(
                {
                    **base,
                    "reason": "too-few",
                    "business_decided": b_dec,
                    "other_decided": o_dec,
                    "sources": sorted({d.source for d in shown}),
                }
            )
            continue
        difference = b_rej / b_dec - o_rej / o_dec
        if difference < MIN_DIFFERENCE:
            continue
        p = fisher_greater(b_rej, b_dec - b_rej, o_rej, o_dec - o_rej)
        if p < ALPHA:
            counts = (b_rej, b_dec, o_rej, o_dec)
            out.append(
                _rejection_finding(
                    instruments[slug], funder, programme, counts, p, shown, evidence, directory
                )
            )
    return out, unmeasured


def _rejection_finding(
    inst: InstrumentSnap,
    funder: str,
    programme: str | None,
    counts: tuple[int, int, int, int],
    p: float,
    shown: Sequence[DecisionSnap],
    evidence: AwardEvidence,
    directory: Directory,
) -> Finding:
    b_rej, b_dec, o_rej, o_dec = counts
    return make(
        "business-rejected",
        f"{inst.slug}:{funder}:{programme or ''}",
        b_rej / b_dec - o_rej / o_dec,
        msg(
            "%(programme)s (%(instrument)s): businesses rejected in %(b_rej)s of %(b_dec)s decided "
            "applications, other applicants in %(o_rej)s of %(o_dec)s",
            programme=programme or funder,
            instrument=Term("instrument", (inst.slug,)),
            b_rej=b_rej,
            b_dec=b_dec,
            o_rej=o_rej,
            o_dec=o_dec,
        ),
        msg(
            "%(agency)s should look into why business applicants fail more often in this programme "
            "(criteria, advice before applying, the share of the call open to firms) and report what it "
            "finds.",
            agency=Term("agency", (inst.agency,)),
        ),
        instruments=[inst.slug],
        agencies=inst.all_agencies,
        departments=directory.departments([inst]),
        extra={
            "programme": f"{funder}:{programme or ''}",
            "business_rejected": b_rej,
            "business_decided": b_dec,
            "other_rejected": o_rej,
            "other_decided": o_dec,
            "rejection_difference": round(b_rej / b_dec - o_rej / o_dec, 4),
            "p_value": round(p, 6),
            "sources": sources_of(evidence, [d.source for d in shown]),
        },
    )


# ---- not measurable ----------------------------------------------------------------------------------


def not_measurable_finding(
    question: str,
    items: Sequence[dict[str, Any]],
    evidence: AwardEvidence,
    directory: Directory,
    snapshot: CatalogueSnapshot,
) -> Finding | None:
    """One finding naming what the sources cannot show for ``question`` (consortia, rejections, holes)."""
    if not items:
        return None
    slugs = [str(i["instrument"]) for i in items if "instrument" in i]
    found = [i for i in snapshot.instruments if i.slug in set(slugs)]
    keys = {s for i in items for s in i.get("sources", ())} or {s.key for s in evidence.sources}
    titles = {
        "consortia": nmsg(
            "Whether %(num)s instrument open to consortia funds consortia is not measurable from these "
            "sources",
            "Whether %(num)s instruments open to consortia fund consortia is not measurable from these "
            "sources",
            len(items),
        ),
        "rejections": nmsg(
            "Whether businesses are rejected more often is not measurable from these sources for %(num)s "
            "programme serving the missions",
            "Whether businesses are rejected more often is not measurable from these sources for %(num)s "
            "programmes serving the missions",
            len(items),
        ),
        "holes": nmsg(
            "%(num)s hole in the mission grid cannot be checked against funded projects from these sources",
            "%(num)s holes in the mission grid cannot be checked against funded projects from these sources",
            len(items),
        ),
    }
    return make(
        "not-measurable",
        question,
        1.0,
        titles[question],
        msg(
            "Ask the funders to publish every participant and every decision (granted and rejected) of "
            "the projects, or import a source that does; until then, these questions stay open."
        ),
        instruments=slugs,
        agencies=[a for i in found for a in i.all_agencies],
        departments=directory.departments(found),
        extra={"not_measurable": list(items), "sources": sources_of(evidence, keys)},
    )
