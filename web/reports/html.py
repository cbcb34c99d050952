"""A gap report as one self-contained HTML page (inline CSS and SVG charts; prints on A4).

The styles live in ``templates/report.css`` and are inlined; ``REPORT_CSP`` is the Content-Security-Policy
the web app serves the page with: it allows that one ``<style>`` by its hash and no other inline code."""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from web.reports.charts import TEMPLATES_DIR, render_svg
from web.reports.review_wording import ReviewWording
from web.reports.wording import ReportView
from web.security.headers import csp_with_style

_env = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.globals["zip"] = zip
CSS = (TEMPLATES_DIR / "report.css").read_text(encoding="utf-8")
REPORT_CSP = csp_with_style(CSS)


def render_html(v: ReportView, *, downloads: dict[str, str] | None = None) -> str:
    """``downloads`` maps format → URL for the links at the top (the web app passes them)."""
    svgs = [(chart, Markup(render_svg(chart))) for chart in v.charts]
    return _env.get_template("report.html").render(
        v=v,
        rv=ReviewWording(v),
        r=v.r,
        _=v._,
        svgs=svgs,
        sections=v.sections,
        downloads=downloads or {},
        css=Markup(CSS),
    )
