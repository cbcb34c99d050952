"""Chart layouts (``web/reports/charts.py``) drawn as reportlab Drawings for the PDF."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Group, Rect, String
from reportlab.lib.colors import HexColor

from web.reports.charts import Chart


def drawing(chart: Chart, width: float, fonts: dict[str, str]) -> Drawing:
    """The chart scaled to ``width`` points; ``fonts`` maps regular/bold/italic to registered font names."""
    scale = min(1.0, width / chart.width) if chart.width else 1.0
    d = Drawing(chart.width * scale, chart.height * scale)
    g = Group()
    # Layout y runs downwards (SVG); reportlab's runs upwards: flip about the chart height.
    g.transform = (scale, 0, 0, -scale, 0, chart.height * scale)
    for b in chart.boxes:
        g.add(
            Rect(
                b.x,
                b.y,
                b.w,
                b.h,
                fillColor=None if b.fill == "none" else HexColor(b.fill),
                strokeColor=HexColor(b.stroke) if b.stroke else None,
                strokeWidth=b.stroke_width,
            )
        )
    for t in chart.texts:
        font = fonts["bold"] if t.bold else fonts["italic"] if t.italic else fonts["regular"]
        s = String(
            0,
            0,
            t.text,
            fontName=font,
            fontSize=t.size,
            fillColor=HexColor(t.fill),
            textAnchor={"start": "start", "middle": "middle", "end": "end"}[t.anchor],
        )
        label = Group(s)
        # Un-flip the text and rotate it counter-clockwise (as seen on the page) about its anchor.
        label.transform = (1, 0, 0, -1, t.x, t.y)
        if t.rotate:
            label.rotate(t.rotate)
        g.add(label)
    d.add(g)
    return d
