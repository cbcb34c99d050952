"""The words of a report's "Evidence from funded projects" section (``analyser.reports.evidence``), shared
by the HTML, Markdown and PDF renderers like the rest of ``web.reports.wording``."""

from __future__ import annotations

from typing import Any

from web.i18n.formatting import format_date, format_money

ReportView = Any  # web.reports.wording.ReportView (not imported: it imports this module)


def years(year_from: int | None, year_to: int | None) -> str:
    if year_from is None:
        return "–"
    return str(year_from) if year_to in (None, year_from) else f"{year_from}–{year_to}"


def evidence_lines(v: ReportView) -> list[str]:
    """Sentences on what the data covers for the audience and which gaps rest on it."""
    e = v.r.evidence
    if e is None:
        return []
    _, ngettext = v._, v.ngettext
    lines = [
        _(
            "The gaps from funded-project data rest on the award data the funders named in the table "
            "publish: what they really funded (and, where published, rejected), not what the instruments "
            "say on paper."
        ),
        ngettext(
            "%(with)s of %(who)s's %(num)s instrument has funded projects linked in the data "
            "(%(funded)s funded projects).",
            "%(with)s of %(who)s's %(num)s instruments have funded projects linked in the data "
            "(%(funded)s funded projects).",
            e.instruments,
            who=v.r.audience,
            funded=v.num(e.funded_linked),
            **{"with": v.num(e.instruments_with_data)},
        ),
    ]
    if e.gap_ranks:
        lines.append(
            _(
                "Gaps from funded-project data in this report: %(ranks)s.",
                ranks=v.join([str(r) for r in e.gap_ranks]),
            )
        )
    else:
        lines.append(_("No gap in this report comes from funded-project data."))
    if any(not s.shows_partners for s in e.sources):
        lines.append(
            _(
                "A source that names only the responsible organisation cannot show whether a project was a "
                "consortium: such questions are reported as not measurable, never as zero."
            )
        )
    for f in e.funders:
        lines.append(
            _(
                "%(funder)s in the data: %(funded)s funded projects, %(money)s; of it %(unmapped)s "
                "(%(count)s projects) through programmes the catalogue does not list.",
                funder=v.agency(f.funder),
                funded=v.num(f.funded),
                money=format_money(f.granted_minor, f.currency, v.lang, v.space),
                unmapped=format_money(f.unmapped_minor, f.currency, v.lang, v.space),
                count=v.num(f.unmapped_funded),
            )
        )
    return lines


def source_header(v: ReportView) -> list[str]:
    return [v._("Source"), v._("Years"), v._("Fetched"), v._("Projects"), v._("Names every partner")]


def source_rows(v: ReportView) -> list[list[str]]:
    e = v.r.evidence
    if e is None:
        return []
    return [
        [
            s.name,
            years(s.year_from, s.year_to),
            format_date(s.fetched_on, v.lang) if s.fetched_on else "–",
            v.num(s.activities),
            v.labels.value("bool", s.shows_partners),
        ]
        for s in e.sources
    ]
