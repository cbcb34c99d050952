"""Gap reports for departments and agencies: HTML, PDF, Markdown and JSON (issue 6).

    report = make_report(snapshot, "KD", kind="department", lang="nn")   # web/reports/build.py
    data = render(report, "pdf", snapshot)                                # bytes

The report itself is plain data (``analyser/reports/model.py``); this package only words and lays it out.
"""

from __future__ import annotations

from analyser.reports.model import Report
from catalogue.instruments.snapshot import CatalogueSnapshot
from web.i18n.labels import Labeller

FORMATS: dict[str, str] = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
}


def render(
    report: Report,
    fmt: str,
    snapshot: CatalogueSnapshot | None = None,
    *,
    downloads: dict[str, str] | None = None,
) -> bytes:
    """The report in ``fmt`` (html, pdf, md, json) as bytes (text formats are UTF-8)."""
    from web.reports.wording import ReportView

    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r} (choose from {', '.join(FORMATS)})")
    labels = Labeller(snapshot or CatalogueSnapshot(instruments=()), report.lang)
    if fmt == "json":
        from web.reports.jsonout import render_json

        return render_json(report, labels).encode("utf-8")
    if fmt == "pdf":
        from web.reports.pdf import fonts, render_pdf

        return render_pdf(ReportView(report, labels, space=fonts()["space"]))
    view = ReportView(report, labels)
    if fmt == "md":
        from web.reports.markdown import render_markdown

        return render_markdown(view).encode("utf-8")
    from web.reports.html import render_html

    return render_html(view, downloads=downloads).encode("utf-8")


def filename(report: Report, fmt: str) -> str:
    return f"rapport-{report.audience}-{report.lang}-{report.generated_on.isoformat()}.{fmt}"
