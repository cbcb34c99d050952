"""Chart layouts for gap reports: the geometry of every chart, computed once in Python.

A ``Chart`` is a list of boxes and texts in a ``width`` × ``height`` coordinate space (y downwards, as in
SVG). ``render_svg`` fills the Jinja2 templates in ``web/reports/templates/charts/``; the PDF renderer draws
the same layout with reportlab (``web/reports/pdf_charts.py``). All three charts are labelled grids:

- ``heatmap``: barriers × agencies, cell = instruments addressing the barrier; red = no instrument,
  grey = a barrier no instrument can remove (regulation, power); the audience's agencies are outlined;
- ``pipeline``: value chains × stages, cell = instruments in the whole catalogue, red = a break in the
  pipeline, an orange strip = the audience's share;
- ``type_applicant``: applicant groups × instrument types, over the audience's own instruments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from reportlab.pdfbase.pdfmetrics import stringWidth

from web.i18n.labels import Labeller

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
WIDTH = 480.0
FONT_SIZE = 8.0
ROW_H = 17.0
GAP_FILL = "#f4c7c3"
NA_FILL = "#e6e6e6"
EMPTY_FILL = "#f4f4f4"
EMPTY_EDGE = "#c8c8c8"
HIGHLIGHT = "#d95f02"
CLOSED = "#e6ab02"
_BLUES = ((0xDE, 0xEB, 0xF7), (0x08, 0x45, 0x94))


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: str
    stroke: str | None = None
    stroke_width: float = 0.0
    title: str = ""


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    size: float = FONT_SIZE
    anchor: str = "start"  # start | middle | end
    fill: str = "#222222"
    bold: bool = False
    italic: bool = False
    rotate: float = 0.0  # degrees, counter-clockwise about (x, y)


@dataclass
class Chart:
    key: str
    title: str
    description: str
    width: float
    height: float = 0.0
    boxes: list[Box] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)


def text_width(text: str, size: float = FONT_SIZE, bold: bool = False) -> float:
    """Width estimate (Helvetica metrics plus 10 % for DejaVu Sans, which runs wider)."""
    return stringWidth(text, "Helvetica-Bold" if bold else "Helvetica", size) * 1.1


def fit(text: str, width: float, size: float = FONT_SIZE) -> str:
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text.rstrip(" ,–-") + "…"


def blue(value: int, top: int) -> tuple[str, str]:
    """(fill, text colour) on a light-to-dark blue scale."""
    t = 0.15 + 0.85 * value / top if top else 1.0
    rgb = tuple(round(a + (b - a) * t) for a, b in zip(*_BLUES, strict=True))
    return "#{:02x}{:02x}{:02x}".format(*rgb), ("#ffffff" if t > 0.55 else "#10243e")


def _grid(
    chart: Chart,
    rows: Sequence[tuple[str, str]],
    columns: Sequence[tuple[str, bool]],
    label_w: float,
    cell_w: float,
    rotate: bool,
) -> tuple[float, float]:
    """Row and column labels; returns the (x, y) of the first cell.

    rows: (label, style) with style "", "bold" or "muted"; columns: (label, bold)."""
    head = max((text_width(c, FONT_SIZE, b) for c, b in columns), default=0) * (0.72 if rotate else 0) + 18
    x0, y0 = label_w + 6, head
    for j, (label, bold) in enumerate(columns):
        cx = x0 + j * cell_w + cell_w / 2
        if rotate:
            chart.texts.append(Text(cx + 3, y0 - 5, label, anchor="start", bold=bold, rotate=45))
            chart.width = max(chart.width, cx + 3 + text_width(label, FONT_SIZE, bold) * 0.71 + 4)
        else:
            chart.texts.append(Text(cx, y0 - 6, label, anchor="middle", bold=bold))
    for i, (label, style) in enumerate(rows):
        chart.texts.append(
            Text(
                0,
                y0 + i * ROW_H + ROW_H / 2 + 3,
                fit(label, label_w - 4),
                bold=style == "bold",
                italic=style == "muted",
                fill="#666666" if style == "muted" else "#222222",
            )
        )
    return x0, y0


def _legend(chart: Chart, y: float, items: Sequence[tuple[str, str | None, str]]) -> None:
    """Swatches with labels in one or more lines below the grid: (fill, stroke, label)."""
    x = 0.0
    for fill, stroke, label in items:
        width = 14 + text_width(label) + 14
        if x + width > chart.width:
            x, y = 0.0, y + 14
        line = 0.0 if not stroke else 0.75 if stroke == EMPTY_EDGE else 1.5
        chart.boxes.append(Box(x, y, 10, 10, fill, stroke, line))
        chart.texts.append(Text(x + 14, y + 8.5, label))
        x += width
    chart.height = y + 16


def heatmap(data: dict[str, Any], labels: Labeller, audience: str) -> Chart:
    _ = labels.t.gettext
    chart = Chart(
        "heatmap",
        _("Coverage: barriers × agencies"),
        _("Number of instruments from each agency that address each barrier."),
        WIDTH,
    )
    columns = data["columns"]
    label_w = max(190.0, WIDTH - 26 * len(columns) - 40)
    outlined = (
        audience if data["highlight"] == [audience] else _("agencies under %(audience)s", audience=audience)
    )
    cell_w = min(34.0, (WIDTH - label_w - 40) / max(len(columns), 1))
    rows = [(f"{r['code']}  {r['label']}", "" if r["answerable"] else "muted") for r in data["rows"]]
    x0, y0 = _grid(chart, rows, [(c, c in data["highlight"]) for c in columns], label_w, cell_w, True)
    for i, row in enumerate(data["rows"]):
        for j, value in enumerate(row["values"]):
            empty = GAP_FILL if row["answerable"] else NA_FILL
            fill, ink = blue(value, data["max"]) if value else (empty, "#333")
            tip = f"{row['code']} × {labels.value('agency', columns[j])}: {value}"
            chart.boxes.append(Box(x0 + j * cell_w, y0 + i * ROW_H, cell_w - 1, ROW_H - 1, fill, title=tip))
            if value:
                chart.texts.append(
                    Text(
                        x0 + j * cell_w + cell_w / 2,
                        y0 + i * ROW_H + ROW_H / 2 + 3,
                        str(value),
                        anchor="middle",
                        fill=ink,
                    )
                )
    bottom = y0 + len(rows) * ROW_H
    for j, code in enumerate(columns):
        if code in data["highlight"]:
            chart.boxes.append(
                Box(x0 + j * cell_w - 1, y0 - 1, cell_w + 1, bottom - y0 + 1, "none", HIGHLIGHT, 1.5)
            )
    _legend(
        chart,
        bottom + 10,
        [
            (GAP_FILL, None, _("no instrument")),
            (NA_FILL, None, _("not solvable by instruments")),
            ("#ffffff", HIGHLIGHT, outlined),
        ],
    )
    return chart


def pipeline(data: dict[str, Any], labels: Labeller, audience: str) -> Chart:
    _ = labels.t.gettext
    chart = Chart(
        "pipeline",
        _("Stage pipeline per value chain"),
        _(
            "Instruments in the whole catalogue aimed at each value chain and step; the first row "
            "counts those open to every value chain."
        ),
        WIDTH,
    )
    label_w = 120.0
    cell_w = min(90.0, (WIDTH - label_w - 60) / len(data["stages"]))
    stages = [(labels.value("stage", s), False) for s in data["stages"]]
    chains = [
        (labels.value("value_chain", r["chain"]), "bold" if r["chain"] == "any" else "") for r in data["rows"]
    ]
    generic = next((r["total"] for r in data["rows"] if r["chain"] == "any"), [0] * len(stages))
    rotate = any(text_width(label) > cell_w - 4 for label, _ in stages)
    x0, y0 = _grid(chart, chains, stages, label_w, cell_w, rotate)
    for i, row in enumerate(data["rows"]):
        y = y0 + i * ROW_H + (4 if i else 0)
        for j, (total, own) in enumerate(zip(row["total"], row["own"], strict=True)):
            _pipeline_cell(
                chart,
                x0 + j * cell_w,
                y,
                cell_w,
                total,
                own,
                data["max"],
                row.get("closed", [False] * len(stages))[j],
                generic[j],
                f"{chains[i][0]} · {stages[j][0]}: {total} ({audience}: {own})",
            )
    for k in range(len(stages) + 1, len(stages) + len(chains)):  # rows below "any" sit 4 units lower
        chart.texts[k] = replace(chart.texts[k], y=chart.texts[k].y + 4)
    bottom = y0 + len(chains) * ROW_H + 4
    _legend(
        chart,
        bottom + 10,
        [
            (EMPTY_FILL, EMPTY_EDGE, _("only general instruments")),
            (GAP_FILL, None, _("gap: no instrument")),
            ("#ffffff", CLOSED, _("none open to consortia")),
            (HIGHLIGHT, None, _("share from %(audience)s", audience=audience)),
        ],
    )
    return chart


def _pipeline_cell(
    chart: Chart,
    x: float,
    y: float,
    w: float,
    total: int,
    own: int,
    top: int,
    closed: bool,
    generic: int,
    tip: str,
) -> None:
    if total:
        fill, ink = blue(total, max(top, total))
    else:
        fill, ink = (EMPTY_FILL if generic else GAP_FILL), "#333"
    chart.boxes.append(Box(x, y, w - 1, ROW_H - 1, fill, title=tip))
    if closed:
        chart.boxes.append(Box(x + 0.75, y + 0.75, w - 2.5, ROW_H - 2.5, "none", CLOSED, 1.5))
    if own:
        chart.boxes.append(Box(x, y + ROW_H - 4, (w - 1) * own / total, 3, HIGHLIGHT, title=tip))
    if total:
        chart.texts.append(Text(x + w / 2, y + ROW_H / 2 + 2, str(total), anchor="middle", fill=ink))


def type_applicant(data: dict[str, Any], labels: Labeller, audience: str) -> Chart:
    _ = labels.t.gettext
    chart = Chart(
        "type_applicant",
        _("Instruments by type and applicant"),
        _("The instruments of %(audience)s by type and by who may apply.", audience=audience),
        WIDTH,
    )
    label_w = 170.0
    cell_w = 80.0
    types = [(labels.value("type", r["type"]), False) for r in data["rows"]]
    applicants = [
        (labels.value("applicant", a), "bold" if a == "consortium" else "") for a in data["applicants"]
    ]
    x0, y0 = _grid(chart, applicants, types, label_w, cell_w, False)
    for j, row in enumerate(data["rows"]):
        for i, value in enumerate(row["values"]):
            fill, ink = blue(value, data["max"]) if value else (EMPTY_FILL, "#999999")
            chart.boxes.append(
                Box(
                    x0 + j * cell_w,
                    y0 + i * ROW_H,
                    cell_w - 1,
                    ROW_H - 1,
                    fill,
                    title=f"{types[j][0]} · {applicants[i][0]}: {value}",
                )
            )
            chart.texts.append(
                Text(
                    x0 + j * cell_w + cell_w / 2,
                    y0 + i * ROW_H + ROW_H / 2 + 3,
                    str(value),
                    anchor="middle",
                    fill=ink,
                )
            )
    chart.height = y0 + max(len(applicants), 1) * ROW_H + 6
    if not applicants:
        chart.texts.append(Text(x0, y0 + 12, _("No instruments.")))
    return chart


def charts(figures: dict[str, Any], labels: Labeller, audience: str) -> list[Chart]:
    return [
        heatmap(figures["heatmap"], labels, audience),
        pipeline(figures["pipeline"], labels, audience),
        type_applicant(figures["type_applicant"], labels, audience),
    ]


_env = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR / "charts"),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_svg(chart: Chart) -> str:
    return _env.get_template(f"{chart.key}.svg").render(chart=chart)
