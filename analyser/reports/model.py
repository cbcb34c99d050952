"""The gap summary for one department or agency, as plain data (pure: no web, no database).

``build_report(analysis, snapshot, audience)`` selects the findings that fall to the audience, orders them by
priority, resolves their evidence to names in the report language and adds the portfolio figures and chart
data. Renderers (HTML, PDF, Markdown, JSON in ``web/reports``) only lay this out.

Which findings fall to an audience:
- a department: findings that name it in ``departments`` ("direct"), or name an agency it steers
  (``AgencySnap.ministry``) in ``agencies`` ("via agency");
- an agency: findings that name it in ``agencies``.

Catalogue-derived text (instrument names, barrier titles) is resolved in the report language here; gap
titles and recommendations stay messages (``analyser.text``) and vocabulary codes (needs, stages, types,
applicants) stay codes: the renderers word them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from analyser.reports import figures as report_figures
from analyser.reports.evidence import EvidenceSection, evidence_section
from analyser.reports.reviews import ReviewSection, review_section
from analyser.text import Local, Msg, plain, to_data
from catalogue.awards.snapshot import AwardEvidence
from catalogue.instruments.snapshot import CatalogueSnapshot, InstrumentSnap

DEPARTMENTS = ("NFD", "KLD", "KD", "KDD", "ED")
LANGS = ("nn", "nb", "en")
REPORT_SCHEMA = 1
_SLUG = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+)+\b")
Text = str | Msg | Local  # a message the renderers word, or text already in the report language


@dataclass(frozen=True)
class Ref:
    """One piece of evidence (instrument, barrier, consortium or need), named in the report language."""

    kind: str
    code: str
    label: str
    detail: str = ""


@dataclass(frozen=True)
class ReportGap:
    rank: int
    code: str
    kind: str
    title: Text
    severity: float
    severity_label: str
    recommendation: Text
    relation: str  # "direct" or "via_agency"
    via_agencies: tuple[str, ...]
    departments: tuple[str, ...]
    agencies: tuple[str, ...]
    instruments: tuple[Ref, ...] = ()
    barriers: tuple[Ref, ...] = ()
    consortia: tuple[Ref, ...] = ()
    needs: tuple[Ref, ...] = ()


@dataclass(frozen=True)
class UnfundedNeed:
    consortium: str
    consortium_name: str
    need: str
    stage: str | None = None
    reason: Text = ""
    status: str = "none"  # none | weak (as in analyser.paths.model.NeedCoverage)


@dataclass(frozen=True)
class InstrumentLine:
    slug: str
    name: str
    agency: str
    types: tuple[str, ...]
    applicants: tuple[str, ...]
    stages: tuple[str, ...]
    consortium_eligibility: str | None
    funds_shared_infrastructure: bool | None
    risk_relief: bool | None
    annual_budget_nok: int | None
    source_url: str | None
    version: int


@dataclass(frozen=True)
class Summary:
    gap_count: int
    high_count: int
    direct_count: int
    top_titles: tuple[Text, ...]
    instrument_count: int
    open_to_consortia: int
    partly_open_to_consortia: int
    shared_infrastructure: int
    risk_relief: int
    unfunded_count: int


@dataclass(frozen=True)
class Report:
    schema: int
    audience: str
    audience_kind: str  # "department" or "agency"
    audience_name: str
    lang: str
    generated_on: dt.date
    catalogue_version: str
    instrument_count: int
    agencies: tuple[str, ...]  # the agencies steered by a department, or the agency itself
    summary: Summary
    gaps: tuple[ReportGap, ...]
    unfunded: tuple[UnfundedNeed, ...]
    instruments: tuple[InstrumentLine, ...]
    figures: dict[str, Any] = field(default_factory=dict)
    catalogue_instruments: dict[str, int] = field(default_factory=dict)  # slug -> version, whole catalogue
    evidence: EvidenceSection | None = None  # "Evidence from funded projects", when award data exists
    # The agency reviews answering each gap and the listening-post cases bearing on it (None: not loaded)
    reviews: ReviewSection | None = None

    def to_dict(self, text: Callable[[Any], Any] = plain) -> dict[str, Any]:
        """JSON-ready data; ``text`` words the gap titles, recommendations and reasons (the web layer passes
        its wording in the report language; default: message ids and arguments). Without award data there
        is no ``evidence`` key (the JSON is as before)."""
        data: dict[str, Any] = to_data(self, text)
        if data.get("evidence") is None:
            data.pop("evidence", None)
        return data


# ---------------------------------------------------------------- catalogue version


def catalogue_version(snapshot: CatalogueSnapshot) -> str:
    """``<instrument count>-<12 hex>``: a hash of every instrument's slug and version, order-independent."""
    pairs = sorted(f"{i.slug}@{i.version}" for i in snapshot.instruments)
    digest = hashlib.sha256("\n".join(pairs).encode("utf-8")).hexdigest()[:12]
    return f"{len(pairs)}-{digest}"


# ---------------------------------------------------------------- audiences


def audience_agencies(snapshot: CatalogueSnapshot, audience: str, kind: str) -> tuple[str, ...]:
    if kind == "agency":
        return (audience,)
    return tuple(sorted(a.code for a in snapshot.agencies if a.ministry == audience))


def review_agencies(
    snapshot: CatalogueSnapshot,
    audience: str,
    kind: str,
    audiences: Mapping[str, Sequence[str]] | None = None,
) -> tuple[str, ...]:
    """The agencies whose review items ``audience`` follows: a department's from ``audiences``
    (``seeds/review_audiences.yaml``), else the agencies it steers; an agency its own."""
    if kind == "department" and audiences and audience in audiences:
        return tuple(sorted(audiences[audience]))
    return audience_agencies(snapshot, audience, kind)


def audience_name(
    snapshot: CatalogueSnapshot,
    audience: str,
    kind: str,
    lang: str,
    ministries: dict[str, dict[str, str]] | None = None,
) -> str:
    if kind == "department":
        names = (ministries or {}).get(audience, {})
        return names.get(f"name_{lang}") or names.get("name_nn") or audience
    agency = snapshot.agency(audience)
    return agency.name(lang) if agency else audience


def report_agencies(snapshot: CatalogueSnapshot) -> tuple[str, ...]:
    """Agencies that get their own report: state agencies and county authorities owning or co-running an
    instrument, except codes that are also departments (their instruments are in the department's report)."""
    used = {code for i in snapshot.instruments for code in i.all_agencies}
    return tuple(
        a.code
        for a in snapshot.agencies
        if a.code in used and a.code not in DEPARTMENTS and a.kind in ("state_agency", "county")
    )


def audience_instruments(snapshot: CatalogueSnapshot, audience: str, kind: str) -> tuple[InstrumentSnap, ...]:
    if kind == "agency":
        return tuple(i for i in snapshot.instruments if audience in i.all_agencies)
    steered = set(audience_agencies(snapshot, audience, kind))
    return tuple(
        i
        for i in snapshot.instruments
        if audience in i.owner_ministries or (not i.owner_ministries and i.agency in steered)
    )


# ---------------------------------------------------------------- findings


def _text(obj: Any, stem: str, lang: str) -> Text:
    """A finding's message (``title``, ``recommendation``), or its text in ``lang`` (``title_nn``, ...)."""
    message = getattr(obj, stem, None)
    if isinstance(message, Msg | Local):
        return message
    for candidate in (lang, "nn" if lang == "nb" else "en", "en", "nn"):
        value = getattr(obj, f"{stem}_{candidate}", None)
        if value:
            return str(value)
    return ""


def _relation(
    finding: Any, audience: str, kind: str, steered: set[str]
) -> tuple[str, tuple[str, ...]] | None:
    agencies = tuple(getattr(finding, "agencies", ()) or ())
    if kind == "agency":
        return ("direct", ()) if audience in agencies else None
    if audience in (getattr(finding, "departments", ()) or ()):
        return "direct", ()
    via = tuple(a for a in agencies if a in steered)
    return ("via_agency", via) if via else None


def _evidence(finding: Any) -> dict[str, list[Any]]:
    evidence = getattr(finding, "evidence", None) or {}
    if not isinstance(evidence, dict):
        evidence = {k: getattr(evidence, k, ()) for k in ("instruments", "barriers", "consortia", "needs")}
    return {k: list(evidence.get(k) or ()) for k in ("instruments", "barriers", "consortia", "needs")}


def _need_parts(item: Any) -> tuple[str | None, str, str | None]:
    """(consortium slug, need code, stage) from the several shapes a need reference can take."""
    if isinstance(item, dict):
        return item.get("consortium"), str(item.get("need") or item.get("code") or ""), item.get("stage")
    if isinstance(item, (tuple, list)):
        parts = [*item, None, None]
        return parts[0], str(parts[1]), parts[2]
    if isinstance(item, str):
        if ":" in item:
            consortium, need = item.split(":", 1)
            return consortium, need, None
        return None, item, None
    return getattr(item, "consortium", None), str(getattr(item, "need", item)), getattr(item, "stage", None)


def _refs(
    snapshot: CatalogueSnapshot, evidence: dict[str, list[Any]], lang: str
) -> dict[str, tuple[Ref, ...]]:
    consortia = {c.slug: c for c in snapshot.consortia}
    barriers = {b.code: b for b in snapshot.barriers}
    instruments = []
    for slug in evidence["instruments"]:
        inst = snapshot.instrument(str(slug))
        instruments.append(
            Ref("instrument", str(slug), inst.name(lang) if inst else str(slug), inst.agency if inst else "")
        )
    needs = []
    for item in evidence["needs"]:
        consortium, need, stage = _need_parts(item)
        c = consortia.get(consortium or "")
        needs.append(Ref("need", need, c.name if c else (consortium or ""), stage or ""))
    return {
        "instruments": tuple(instruments),
        "barriers": tuple(
            Ref("barrier", str(c), barriers[c].title(lang) if c in barriers else str(c))
            for c in evidence["barriers"]
        ),
        "consortia": tuple(
            Ref("consortium", str(s), consortia[s].name if s in consortia else str(s))
            for s in evidence["consortia"]
        ),
        "needs": tuple(needs),
    }


def select_gaps(
    findings: Sequence[Any], snapshot: CatalogueSnapshot, audience: str, kind: str, lang: str
) -> tuple[ReportGap, ...]:
    steered = set(audience_agencies(snapshot, audience, kind))
    chosen = []
    for index, finding in enumerate(findings):
        found = _relation(finding, audience, kind, steered)
        if found is not None:
            chosen.append((-float(finding.severity), found[0] != "direct", index, finding, found))
    chosen.sort(key=lambda row: row[:3])
    gaps = []
    for rank, (_, _, _, finding, (relation, via)) in enumerate(chosen, start=1):
        refs = _refs(snapshot, _evidence(finding), lang)
        gaps.append(
            ReportGap(
                rank=rank,
                code=str(finding.code),
                kind=str(getattr(finding, "kind", "")),
                title=_text(finding, "title", lang),
                severity=round(float(finding.severity), 3),
                severity_label=str(getattr(finding, "severity_label", "") or severity_band(finding.severity)),
                recommendation=_text(finding, "recommendation", lang),
                relation=relation,
                via_agencies=via,
                departments=tuple(getattr(finding, "departments", ()) or ()),
                agencies=tuple(getattr(finding, "agencies", ()) or ()),
                **refs,
            )
        )
    return tuple(gaps)


def severity_band(severity: float) -> str:
    return "high" if severity >= 0.67 else "medium" if severity >= 0.34 else "low"


# ---------------------------------------------------------------- unfunded needs, instruments, summary


def _unfunded_items(unfunded: Iterable[Any] | dict[str, Any] | None) -> list[Any]:
    """``analyser.paths.finder.unfunded_needs`` gives {need: [consortium slugs]}; richer rows carry
    attributes."""
    if isinstance(unfunded, dict):
        return [(slug, need, None) for need, slugs in unfunded.items() for slug in slugs]
    return list(unfunded or ())


def _cited(gaps: Sequence[ReportGap], snapshot: CatalogueSnapshot) -> set[tuple[str, str]]:
    """The (consortium slug, need) pairs the gaps cite as unfunded."""
    slugs = {c.name: c.slug for c in snapshot.consortia}
    return {(slugs.get(ref.label, ref.label), ref.code) for gap in gaps for ref in gap.needs if ref.label}


def select_unfunded(
    unfunded: Iterable[Any] | dict[str, Any] | None,
    snapshot: CatalogueSnapshot,
    gaps: Sequence[ReportGap],
    lang: str = "nn",
) -> tuple[UnfundedNeed, ...]:
    """The unfunded consortium needs that the audience's gaps cite as evidence.

    Findings cite an unfunded need as {need, consortium}; a need without a consortium is a need the gap
    stands for, not evidence that a consortium lacks it, so it selects nothing here.
    """
    names = {c.slug: c.name for c in snapshot.consortia}
    pairs = _cited(gaps, snapshot)
    rows = []
    for item in _unfunded_items(unfunded):
        consortium, need, stage = _need_parts(item)
        consortium = consortium or ""
        if (consortium, need) not in pairs:
            continue
        given = _field(item, "reason") or ""
        reason = given if isinstance(given, Msg | Local) else _named(str(given), snapshot, lang)
        rows.append(
            UnfundedNeed(
                consortium,
                names.get(consortium, consortium),
                need,
                stage,
                reason,
                str(_field(item, "status") or "none"),
            )
        )
    return tuple(sorted(set(rows), key=lambda u: (u.consortium_name, u.need)))


def _named(text: str, snapshot: CatalogueSnapshot, lang: str) -> str:
    """``text`` with the instrument slugs it cites (funding-path notes do) replaced by instrument names."""

    def name(match: re.Match[str]) -> str:
        inst = snapshot.instrument(match.group(0))
        return inst.name(lang) if inst else match.group(0)

    return _SLUG.sub(name, text)


def _field(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


def instrument_lines(instruments: Iterable[InstrumentSnap], lang: str) -> tuple[InstrumentLine, ...]:
    lines = [
        InstrumentLine(
            i.slug,
            i.name(lang),
            i.agency,
            i.types,
            i.applicants,
            i.stages,
            i.consortium_eligibility,
            i.funds_shared_infrastructure,
            i.risk_relief,
            i.annual_budget_nok,
            i.source_url,
            i.version,
        )
        for i in instruments
    ]
    return tuple(sorted(lines, key=lambda line: (line.agency, line.name.casefold())))


def summarise(
    gaps: Sequence[ReportGap], lines: Sequence[InstrumentLine], unfunded: Sequence[UnfundedNeed]
) -> Summary:
    return Summary(
        gap_count=len(gaps),
        high_count=sum(1 for g in gaps if g.severity >= 0.67),
        direct_count=sum(1 for g in gaps if g.relation == "direct"),
        top_titles=tuple(g.title for g in gaps[:3]),
        instrument_count=len(lines),
        open_to_consortia=sum(1 for i in lines if i.consortium_eligibility == "yes"),
        partly_open_to_consortia=sum(1 for i in lines if i.consortium_eligibility == "partial"),
        shared_infrastructure=sum(1 for i in lines if i.funds_shared_infrastructure),
        risk_relief=sum(1 for i in lines if i.risk_relief),
        unfunded_count=len(unfunded),
    )


# ---------------------------------------------------------------- the report


def build_report(
    analysis: Any,
    snapshot: CatalogueSnapshot,
    audience: str,
    *,
    kind: str = "department",
    lang: str = "nn",
    generated_on: dt.date | None = None,
    unfunded: Iterable[Any] | None = None,
    ministries: dict[str, dict[str, str]] | None = None,
    figures: dict[str, Any] | None = None,
    awards: AwardEvidence | None = None,
    records: tuple[Sequence[Any], Sequence[Any]] | None = None,
    review_audiences: Mapping[str, Sequence[str]] | None = None,
) -> Report:
    """The report for ``audience`` (a department code when ``kind="department"``, else an agency code).

    ``analysis`` is an ``analyser.gaps.analyse.Analysis`` (anything with a ``findings`` sequence);
    ``unfunded`` the
    result of ``analyser.paths.finder.unfunded_needs``; ``ministries`` maps ministry code → ``name_nn/nb/en``;
    ``figures`` overrides the chart data computed by ``analyser.reports.figures.figures``; ``awards`` (the
    funded-project evidence) adds the section ``evidence`` (``analyser.reports.evidence``); ``records``
    (review items, listening-post cases) adds the review status per gap (``analyser.reports.reviews``),
    listing the items of the agencies ``review_audiences`` names for a department (``review_agencies``).
    """
    if kind not in ("department", "agency"):
        raise ValueError(f"unknown audience kind {kind!r}")
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}")
    findings = tuple(getattr(analysis, "findings", analysis) or ())
    gaps = select_gaps(findings, snapshot, audience, kind, lang)
    if unfunded is None:
        unfunded = getattr(analysis, "unfunded", None)
    needs = select_unfunded(unfunded, snapshot, gaps, lang)
    own = audience_instruments(snapshot, audience, kind)
    lines = instrument_lines(own, lang)
    steered = audience_agencies(snapshot, audience, kind)
    return Report(
        schema=REPORT_SCHEMA,
        audience=audience,
        audience_kind=kind,
        audience_name=audience_name(snapshot, audience, kind, lang, ministries),
        lang=lang,
        generated_on=generated_on or dt.date.today(),
        catalogue_version=catalogue_version(snapshot),
        instrument_count=len(snapshot.instruments),
        agencies=steered,
        summary=summarise(gaps, lines, needs),
        gaps=gaps,
        unfunded=needs,
        instruments=lines,
        figures=figures
        if figures is not None
        else report_figures.figures(snapshot, own, steered, lang, analysis),
        catalogue_instruments={i.slug: i.version for i in sorted(snapshot.instruments, key=lambda i: i.slug)},
        evidence=evidence_section(awards, own, steered, gaps),
        reviews=None
        if records is None
        else review_section(
            gaps,
            findings,
            records[0],
            records[1],
            review_agencies(snapshot, audience, kind, review_audiences),
            snapshot,
            lang,
        ),
    )
