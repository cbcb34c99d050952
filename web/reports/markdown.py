"""A gap report as Markdown (GitHub-flavoured: headings, lists, tables; charts are left to HTML and PDF)."""

from __future__ import annotations

from web.reports.wording import ReportView


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _gaps(v: ReportView) -> list[str]:
    lines: list[str] = [f"## {v.numbered('gaps')}", ""]
    if not v.r.gaps:
        return [*lines, v._("No gaps fall to %(who)s.", who=v.r.audience_name), ""]
    for gap in v.r.gaps:
        lines += [f"### {gap.rank}. {v.text(gap.title)}", "", f"*{v.severity(gap)}. {v.relation(gap)}*", ""]
        if gap.recommendation:
            lines += ["**" + v._("Recommendation") + f":** {v.text(gap.recommendation)}", ""]
        for block in v.evidence(gap):
            lines += [f"**{block.title}:**", ""] + [f"- {item}" for item in block.items] + [""]
    return lines


def render_markdown(v: ReportView) -> str:
    lines = [f"# {v.title}: {v.subtitle}", "", f"*{v.meta}*", "", f"## {v.numbered('summary')}", ""]
    lines += [f"- {line}" for line in v.summary] + [""]
    if v.actions:
        lines += ["**" + v._("Recommended actions") + ":**", ""]
        lines += [f"{n}. {action}" for n, action in enumerate(v.actions, start=1)] + [""]
    lines += _gaps(v)
    lines += [f"## {v.numbered('unfunded')}", ""]
    if v.unfunded_rows:
        lines += _table(v.unfunded_header, v.unfunded_rows)
    else:
        lines.append(v._("No unfunded needs are linked to these gaps."))
    lines += ["", f"## {v.numbered('portfolio')}", ""]
    lines += _table([v._("Figure"), v._("Value")], [list(row) for row in v.portfolio_rows])
    lines += [
        "",
        v._(
            "The charts (coverage heatmap, stage pipeline, instruments by type and applicant) are "
            "in the HTML and PDF versions of this report."
        ),
        "",
    ]
    lines += [f"## {v.numbered('instruments')}", ""]
    if v.instrument_rows:
        lines += _table(v.instrument_header, v.instrument_rows)
    else:
        lines.append(v._("No instruments."))
    lines += ["", f"## {v.numbered('about')}", ""]
    lines += [p + "\n" for p in v.about]
    return "\n".join(lines).rstrip() + "\n"
