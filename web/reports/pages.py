"""What the report pages of the web app show (``/rapportar``): context functions over ``CatalogueState``.

The analyser runs once per catalogue version (``state.cached``); a rendered report is cached per
audience, language, format and day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from analyser.reports.model import Report
from web.analysis import catalogue_analysis, state_awards
from web.i18n.wording import ministries
from web.records import current_records
from web.reports import FORMATS, filename, render
from web.reports.build import Audience, audiences, make_report, resolve
from web.state import CatalogueState

FORMAT_NAMES = {"html": "HTML", "pdf": "PDF", "md": "Markdown", "json": "JSON"}


@dataclass(frozen=True)
class ReportLink:
    audience: Audience
    name: str
    gap_count: int
    top_gap: str
    links: tuple[tuple[str, str], ...]  # (format name, URL)


def report_for(state: CatalogueState, audience: Audience, lang: str, today: dt.date | None = None) -> Report:
    today = today or dt.date.today()
    run = catalogue_analysis(state, today)
    analysis = (run.analysis, run.unfunded)
    stamp, awards = state_awards(state)
    records = current_records(state)
    snapshot = state.snapshot
    return state.cached(
        ("report", audience, lang, today, stamp, records.stamp),
        lambda: make_report(
            snapshot, audience, lang, today=today, analysis=analysis, awards=awards, records=records
        ),
    )


def report_file(state: CatalogueState, code: str, fmt: str, lang: str) -> tuple[bytes, str, str]:
    """(content, media type, file name) of one report; raises LookupError for an unknown audience/format."""
    if fmt not in FORMATS:
        raise LookupError(f"unknown format {fmt!r}")
    audience = resolve(state.snapshot, code)
    report = report_for(state, audience, lang)
    downloads = {f: url(audience, f, lang) for f in FORMATS if f != "html"}
    content = state.cached(
        ("report-file", audience, lang, fmt, report.generated_on, id(report), current_records(state).stamp),
        lambda: render(report, fmt, state.snapshot, downloads=downloads),
    )
    return content, FORMATS[fmt], filename(report, fmt)


def url(audience: Audience, fmt: str, lang: str) -> str:
    return f"/rapportar/{audience.code}.{fmt}?lang={lang}"


def reports_index_context(state: CatalogueState, lang: str) -> dict[str, Any]:
    names = ministries()
    labels = state.labeller(lang)
    rows: dict[str, list[ReportLink]] = {"department": [], "agency": []}
    for audience in audiences(state.snapshot):
        report = report_for(state, audience, lang)
        if audience.kind == "department":
            name = names.get(audience.code, {}).get(f"name_{lang}") or audience.code
        else:
            agency = state.snapshot.agency(audience.code)
            name = agency.name(lang) if agency else audience.code
        rows[audience.kind].append(
            ReportLink(
                audience,
                name,
                len(report.gaps),
                labels.text(report.gaps[0].title) if report.gaps else "",
                tuple((FORMAT_NAMES[f], url(audience, f, lang)) for f in FORMATS),
            )
        )
    sample = next(iter(rows["department"]), None)
    version = report_for(state, sample.audience, lang).catalogue_version if sample else ""
    return {
        "departments": rows["department"],
        "agencies": rows["agency"],
        "catalogue_version": version,
    }
