"""A gap report as Markdown (GitHub-flavoured: headings, lists, tables; charts are left to HTML and PDF).

Every text put into the document goes through ``md`` (``catalogue.escaping.markdown_text``): names and
other data cannot add HTML, links or formatting."""

from __future__ import annotations

from catalogue.escaping import markdown_text as md
from web.reports.review_wording import ReviewWording
from web.reports.wording import ReportView


def _cell(text: str) -> str:
    """Text inside a heading, a table cell or emphasis (not at the start of a block)."""
    return md(text, block_start=False)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _gaps(v: ReportView) -> list[str]:
    lines: list[str] = [f"## {_cell(v.numbered('gaps'))}", ""]
    if not v.r.gaps:
        return [*lines, md(v._("No gaps fall to %(who)s.", who=v.r.audience_name)), ""]
    for gap in v.r.gaps:
        lines += [
            f"### {gap.rank}. {_cell(v.text(gap.title))}",
            "",
            f"*{_cell(v.severity(gap))}. {_cell(v.relation(gap))}*",
            "",
        ]
        if gap.recommendation:
            heading = _cell(v._("Recommendation"))
            lines += [f"**{heading}:** {_cell(v.text(gap.recommendation))}", ""]
        review_line = ReviewWording(v).gap_line(gap)
        if review_line:
            lines += [md(review_line), ""]
        for block in v.evidence(gap):
            lines += [f"**{_cell(block.title)}:**", ""] + [f"- {md(item)}" for item in block.items] + [""]
    return lines + _reviews(v)


def _reviews(v: ReportView) -> list[str]:
    """The agency reviews per gap and the review items of the agencies (when the report has them)."""
    rv = ReviewWording(v)
    if not rv.shown:
        return []
    lines = [f"### {_cell(rv.title)}", ""]
    if rv.status_rows:
        lines += [*_table(rv.status_header, rv.status_rows), ""]
    lines += [f"### {_cell(rv.items_title)}", ""]
    if rv.item_rows:
        return [*lines, *_table(rv.item_header, rv.item_rows), ""]
    return [*lines, md(rv.illustrative_note), ""]


def render_markdown(v: ReportView) -> str:
    lines = [
        f"# {_cell(v.title)}: {_cell(v.subtitle)}",
        "",
        f"*{_cell(v.meta)}*",
        "",
        f"## {_cell(v.numbered('summary'))}",
        "",
    ]
    lines += [f"- {md(line)}" for line in v.summary] + [""]
    if v.actions:
        heading = _cell(v._("Recommended actions"))
        lines += [f"**{heading}:**", ""]
        lines += [f"{n}. {md(action)}" for n, action in enumerate(v.actions, start=1)] + [""]
    lines += _gaps(v)
    lines += [f"## {_cell(v.numbered('unfunded'))}", ""]
    if v.unfunded_rows:
        lines += _table(v.unfunded_header, v.unfunded_rows)
    else:
        lines.append(md(v._("No unfunded needs are linked to these gaps.")))
    lines += ["", f"## {_cell(v.numbered('portfolio'))}", ""]
    lines += _table([v._("Figure"), v._("Value")], [list(row) for row in v.portfolio_rows])
    lines += [
        "",
        md(
            v._(
                "The charts (coverage heatmap, stage pipeline, instruments by type and applicant) are "
                "in the HTML and PDF versions of this report."
            )
        ),
        "",
    ]
    lines += [f"## {_cell(v.numbered('instruments'))}", ""]
    if v.instrument_rows:
        lines += _table(v.instrument_header, v.instrument_rows)
    else:
        lines.append(md(v._("No instruments.")))
    if v.r.evidence is not None:
        lines += ["", f"## {_cell(v.numbered('evidence'))}", ""]
        lines += [md(p) + "\n" for p in v.evidence_lines]
        lines += _table(v.source_header, v.source_rows)
    lines += ["", f"## {_cell(v.numbered('about'))}", ""]
    lines += [md(p) + "\n" for p in v.about]
    return "\n".join(lines).rstrip() + "\n"
