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

from analyser.executor import Executor
from analyser.gaps.analyse import KIND_ORDER, Analysis, analyse
from analyser.gaps.findings import Finding, severity, severity_label
from analyser.gaps.freshness import Freshness, freshness
from analyser.gaps.needs import NeedsSpec
from analyser.paths.finder import find_path, unfunded_needs
from analyser.paths.index import PathIndex, index_for
from analyser.paths.rules import CompiledRules, compile_rules
from analyser.text import Term, msg, nmsg
from catalogue.awards.snapshot import AwardEvidence
from catalogue.instruments.snapshot import CatalogueSnapshot, ConsortiumSnap

NOT_EVIDENCE_SOURCES = frozenset({"web form"})
AGENCY_STALE_SHARE = 0.5
AGENCY_MIN_INSTRUMENTS = 5


def evidence_consortia(snapshot: CatalogueSnapshot) -> tuple[ConsortiumSnap, ...]:
    return tuple(c for c in snapshot.consortia if c.source not in NOT_EVIDENCE_SOURCES)


def analyse_catalogue(
    snapshot: CatalogueSnapshot,
    needs: Mapping[str, Any] | NeedsSpec,
    path_rules: Mapping[str, Any] | CompiledRules,
    *,
    today: dt.date,
    index: PathIndex | None = None,
    executor: Executor | None = None,
    awards: AwardEvidence | None = None,
) -> tuple[Analysis, list[Any]]:
    """(analysis, funding paths of the evidence consortia); ``executor``, ``awards``: see ``analyse``."""
    consortia = evidence_consortia(snapshot)
    path_index = index or index_for(snapshot)
    compiled = compile_rules(path_rules)
    paths = [find_path(path_index, c, compiled, today=today) for c in consortia]
    evidence = dataclasses.replace(snapshot, consortia=consortia)
    analysis = analyse(evidence, needs, unfunded=unfunded_needs(paths), executor=executor, awards=awards)
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
        title=nmsg(
            "%(num)s instrument not verified against its source for 12 months",
            "%(num)s instruments not verified against their source for 12 months",
            n,
        ),
        evidence={
            "instruments": list(fresh.stale),
            "never_verified": list(fresh.never_verified),
            "by_agency": dict(fresh.by_agency),
        },
        departments=departments,
        agencies=agencies,
        recommendation=msg(
            "Ask the agencies named to check these instruments against their sources and record the date; "
            "until then, treat their facts with care."
        ),
        magnitude=share,
    )


def agency_stale_findings(fresh: Freshness, snapshot: CatalogueSnapshot) -> list[Finding]:
    """One finding per agency whose share of stale facts is high (see the module docstring)."""
    out = []
    for code, total in sorted(fresh.totals.items()):
        share = fresh.share(code)
        if total < AGENCY_MIN_INSTRUMENTS or share < AGENCY_STALE_SHARE:
            continue
        n, value = fresh.by_agency.get(code, 0), severity("stale-data", share)
        agency = snapshot.agency(code)
        out.append(
            Finding(
                kind="stale-data",
                code=f"stale-data-{code}",
                severity=value,
                severity_label=severity_label(value),
                title=msg(
                    "%(agency)s: %(num)s of %(total)s instruments not verified against their sources",
                    agency=Term("agency", (code,)),
                    num=n,
                    total=total,
                ),
                evidence={
                    "agency": code,
                    "stale": n,
                    "total": total,
                    "share": round(share, 4),
                    "queue": f"/kontroll?agency={code}",
                },
                departments=tuple(m for m in (agency.ministry if agency else None,) if m),
                agencies=(code,),
                recommendation=msg(
                    "Work through the agency's review queue: check each source, most relied-on instruments "
                    "first, and record the check."
                ),
                magnitude=share,
            )
        )
    return out
