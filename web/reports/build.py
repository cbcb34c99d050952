"""From a catalogue snapshot to a ``Report``: the one catalogue analysis (``web.analysis.run_analysis``:
gap analyser and funding-path finder) and the audience it is written for.

The CLI (``verkemiddelkart report``) and the web routes (``/rapportar``) both come through here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from analyser.gaps.analysis import evidence_consortia
from analyser.reports.model import DEPARTMENTS, Report, build_report, report_agencies
from catalogue.awards.snapshot import AwardEvidence
from catalogue.instruments.snapshot import CatalogueSnapshot
from catalogue.reviews.audiences import review_audiences
from web.analysis import UnfundedRow, run_analysis
from web.i18n.wording import ministries

__all__ = ["Audience", "UnfundedRow", "UnknownAudience", "analyse", "audiences", "make_report", "resolve"]


class UnknownAudience(LookupError):
    """No department or agency with that code."""


@dataclass(frozen=True)
class Audience:
    code: str
    kind: str  # department | agency


def resolve(snapshot: CatalogueSnapshot, code: str, kind: str | None = None) -> Audience:
    """The audience named ``code``; a code that is both (KD) is the department unless ``kind="agency"``."""
    code = code.strip().upper()
    if kind in (None, "department") and code in ministries():
        return Audience(code, "department")
    if kind in (None, "agency") and snapshot.agency(code) is not None:
        return Audience(code, "agency")
    raise UnknownAudience(f"no {kind or 'department or agency'} with code {code!r}")


def audiences(snapshot: CatalogueSnapshot) -> list[Audience]:
    """Everyone who gets a report: the five departments, then the agencies with instruments."""
    return [
        *(Audience(c, "department") for c in DEPARTMENTS),
        *(Audience(c, "agency") for c in report_agencies(snapshot)),
    ]


def analyse(
    snapshot: CatalogueSnapshot, today: dt.date | None = None, awards: AwardEvidence | None = None
) -> tuple[Any, list[UnfundedRow]]:
    """(analysis, unfunded rows): the one catalogue analysis (paths, gaps, freshness; with ``awards`` the
    findings from funded-project data) and, for the report, each need of each evidence consortium that its
    funding path leaves uncovered."""
    run = run_analysis(snapshot, today=today or dt.date.today(), awards=awards)
    return run.analysis, run.unfunded


def make_report(
    snapshot: CatalogueSnapshot,
    audience: Audience,
    lang: str = "nn",
    *,
    today: dt.date | None = None,
    analysis: tuple[Any, Any] | None = None,
    awards: AwardEvidence | None = None,
    records: Any | None = None,
) -> Report:
    """The report for ``audience``; pass ``analysis`` (from ``analyse``) to reuse one analyser run. Like
    the analysis, it weighs the evidence consortia only: profiles typed into the public form do not move
    a report (and saving one keeps the cached reports). ``awards``: the funded-project evidence.
    ``records``: the review items and listening-post cases (``web.records.Records``: ``.reviews``,
    ``.cases``), whose status per gap the report shows."""
    found, unfunded = analysis if analysis is not None else analyse(snapshot, today, awards)
    evidence = dataclasses.replace(snapshot, consortia=evidence_consortia(snapshot))
    return build_report(
        found,
        evidence,
        audience.code,
        kind=audience.kind,
        lang=lang,
        generated_on=today,
        unfunded=unfunded,
        ministries=ministries(),
        awards=awards,
        records=None if records is None else (records.reviews.reviews, records.cases.cases),
        review_audiences=review_audiences(),
    )
