"""One full analysis of the catalogue, shared by the web pages, the CLI and the department reports.

1. Funding paths for the *evidence consortia*: every consortium of the catalogue except profiles typed
   into the public funding-path form (``source == "web form"``), so anonymous visitors cannot move the
   severity of a gap.
2. The gap checks (``analyser.gaps.analyse.analyse``), with the needs those paths leave unfunded as pressure.
3. Freshness: instruments not verified against their source for 12 months become one ``stale-data``
   finding, addressed to the agencies that own them and their ministries; and an agency with at least
   ``AGENCY_MIN_INSTRUMENTS`` instruments of which at least ``AGENCY_STALE_SHARE`` are stale gets a
   ``stale-data-<agency>`` finding of its own (its queue is at /kontroll?agency=<agency>).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from analyser.gaps.analyse import KIND_ORDER, Analysis, analyse
from analyser.gaps.findings import Finding, severity, severity_label
from analyser.gaps.freshness import Freshness, freshness
from analyser.gaps.needs import NeedsSpec
from analyser.paths.finder import find_path, unfunded_needs
from analyser.paths.index import PathIndex, index_for
from catalogue.instruments.snapshot import CatalogueSnapshot, ConsortiumSnap

NOT_EVIDENCE_SOURCES = frozenset({"web form"})
AGENCY_STALE_SHARE = 0.5
AGENCY_MIN_INSTRUMENTS = 5


def evidence_consortia(snapshot: CatalogueSnapshot) -> tuple[ConsortiumSnap, ...]:
    return tuple(c for c in snapshot.consortia if c.source not in NOT_EVIDENCE_SOURCES)


def analyse_catalogue(
    snapshot: CatalogueSnapshot,
    needs: Mapping[str, Any] | NeedsSpec,
    path_rules: Mapping[str, Any],
    *,
    today: dt.date,
    index: PathIndex | None = None,
    lang: str = "en",
) -> tuple[Analysis, list[Any]]:
    """(analysis, funding paths of the evidence consortia)."""
    consortia = evidence_consortia(snapshot)
    path_index = index or index_for(snapshot)
    paths = [find_path(path_index, c, dict(path_rules), today=today, lang=lang) for c in consortia]
    evidence = dataclasses.replace(snapshot, consortia=consortia)
    analysis = analyse(evidence, needs, unfunded=unfunded_needs(paths))
    fresh = freshness(snapshot, today)
    stale = stale_finding(fresh, snapshot)
    if stale is not None:
        findings = sorted(
            (*analysis.findings, stale, *agency_stale_findings(fresh, snapshot)),
            key=lambda f: (-f.severity, KIND_ORDER.get(f.kind, 99), f.code),
        )
        analysis = dataclasses.replace(analysis, findings=tuple(findings))
    return analysis, paths


def stale_finding(fresh: Freshness, snapshot: CatalogueSnapshot) -> Finding | None:
    """One finding listing the instruments whose facts are more than a year old (None when all are fresh)."""
    if not fresh.count:
        return None
    share = fresh.count / max(fresh.total, 1)
    value = severity("stale-data", share)
    agencies = tuple(fresh.by_agency)
    ministries = {a.code: a.ministry for a in snapshot.agencies}
    departments = tuple(dict.fromkeys(m for a in agencies if (m := ministries.get(a))))
    n = fresh.count
    return Finding(
        kind="stale-data",
        code="stale-data",
        severity=value,
        severity_label=severity_label(value),
        title_en=f"{n} instruments not verified against their source for 12 months",
        title_nn=f"{n} verkemiddel er ikkje stadfesta mot kjelda si på 12 månader",
        title_nb=f"{n} virkemidler er ikke bekreftet mot kilden sin på 12 måneder",
        evidence={
            "instruments": list(fresh.stale),
            "never_verified": list(fresh.never_verified),
            "by_agency": dict(fresh.by_agency),
        },
        departments=departments,
        agencies=agencies,
        recommendation_en="Ask the agencies named to check these instruments against their sources and "
        "record the date; until then, treat their facts with care.",
        recommendation_nn="Be aktørane som er nemnde om å kontrollere desse verkemidla mot kjeldene og "
        "registrere datoen; til då bør fakta om dei brukast med varsemd.",
        recommendation_nb="Be aktørene som er nevnt om å kontrollere disse virkemidlene mot kildene og "
        "registrere datoen; inntil da bør fakta om dem brukes med varsomhet.",
        magnitude=share,
    )


def agency_stale_findings(fresh: Freshness, snapshot: CatalogueSnapshot) -> list[Finding]:
    """One finding per agency whose share of stale facts is high (see the module docstring)."""
    out = []
    for code, total in sorted(fresh.totals.items()):
        share = fresh.share(code)
        if total < AGENCY_MIN_INSTRUMENTS or share < AGENCY_STALE_SHARE:
            continue
        agency = snapshot.agency(code)
        names = {lang: agency.name(lang) if agency else code for lang in ("nn", "nb", "en")}
        n, value = fresh.by_agency.get(code, 0), severity("stale-data", share)
        out.append(
            Finding(
                kind="stale-data",
                code=f"stale-data-{code}",
                severity=value,
                severity_label=severity_label(value),
                title_en=f"{names['en']}: {n} of {total} instruments not verified against their sources",
                title_nn=f"{names['nn']}: {n} av {total} verkemiddel er ikkje kontrollerte mot kjeldene",
                title_nb=f"{names['nb']}: {n} av {total} virkemidler er ikke kontrollert mot kildene",
                evidence={
                    "agency": code,
                    "stale": n,
                    "total": total,
                    "share": round(share, 4),
                    "queue": f"/kontroll?agency={code}",
                },
                departments=tuple(m for m in (agency.ministry if agency else None,) if m),
                agencies=(code,),
                recommendation_en="Work through the agency's review queue: check each source, most relied-on "
                "instruments first, and record the check.",
                recommendation_nn="Gå gjennom kontrollkøen til aktøren: sjekk kvar kjelde, dei verkemidla "
                "analysen lener seg mest på først, og registrer kontrollen.",
                recommendation_nb="Gå gjennom kontrollkøen til aktøren: sjekk hver kilde, de virkemidlene "
                "analysen lener seg mest på først, og registrer kontrollen.",
                magnitude=share,
            )
        )
    return out
