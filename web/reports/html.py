"""A gap report as one self-contained HTML page (inline CSS and SVG charts; prints on A4)."""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from web.reports.charts import TEMPLATES_DIR, render_svg
from web.reports.wording import SECTION_IDS, ReportView

_env = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.globals["zip"] = zip


def render_html(v: ReportView, *, downloads: dict[str, str] | None = None) -> str:
    """``downloads`` maps format → URL for the links at the top (the web app passes them)."""
    svgs = [(chart, Markup(render_svg(chart))) for chart in v.charts]
    return _env.get_template("report.html").render(
        v=v, r=v.r, _=v._, svgs=svgs, sections=SECTION_IDS, downloads=downloads or {}
    )
