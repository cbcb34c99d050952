"""A gap report as PDF (reportlab): A4, table of contents, "Side x av y", embedded charts.

Text is set in DejaVu Sans when ``fonts-dejavu-core`` is installed (/usr/share/fonts/truetype/dejavu/),
otherwise in Helvetica; both carry æ, ø, å, « » and the no-break spaces used in numbers. The table of
contents needs two passes (``multiBuild``); page totals are filled in when the document is saved.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from web.i18n.formatting import NARROW_NBSP, NBSP
from web.reports.pdf_charts import drawing
from web.reports.review_wording import ReviewWording
from web.reports.wording import ReportView

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
ACCENT = colors.HexColor("#0b4f8a")
MUTED = colors.HexColor("#5b5b57")
LINE = colors.HexColor("#d6d6d0")
SEVERITY_COLOURS = {"high": "#b3261e", "medium": "#b26a00", "low": "#3d6b35"}
MARGIN = 18 * mm
TOC_CHARS = 95


@lru_cache(maxsize=1)
def fonts() -> dict[str, str]:
    """Registered font names: DejaVu Sans if installed, else the built-in Helvetica."""
    files = {
        "regular": "DejaVuSans.ttf",
        "bold": "DejaVuSans-Bold.ttf",
        "italic": "DejaVuSans-Oblique.ttf",
        "bolditalic": "DejaVuSans-BoldOblique.ttf",
    }
    try:
        for name in files.values():
            pdfmetrics.registerFont(TTFont(name.removesuffix(".ttf"), str(FONT_DIR / name)))
    except Exception:  # noqa: BLE001 - any font problem means: use the built-in font
        return {
            "regular": "Helvetica",
            "bold": "Helvetica-Bold",
            "italic": "Helvetica-Oblique",
            "bolditalic": "Helvetica-BoldOblique",
            "space": NBSP,
        }
    names = {k: v.removesuffix(".ttf") for k, v in files.items()}
    pdfmetrics.registerFontFamily(
        names["regular"],
        normal=names["regular"],
        bold=names["bold"],
        italic=names["italic"],
        boldItalic=names["bolditalic"],
    )
    return {**names, "space": NARROW_NBSP}


def styles() -> dict[str, ParagraphStyle]:
    f = fonts()
    base = ParagraphStyle("body", fontName=f["regular"], fontSize=9.5, leading=13.5, spaceAfter=4)
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontName=f["bold"], fontSize=22, leading=27, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=15, leading=20, textColor=ACCENT, spaceAfter=8),
        "meta": ParagraphStyle("meta", base, fontSize=8.5, textColor=MUTED, spaceAfter=14),
        "h1": ParagraphStyle(
            "h1",
            base,
            fontName=f["bold"],
            fontSize=14,
            leading=18,
            textColor=ACCENT,
            spaceBefore=14,
            spaceAfter=6,
        ),
        "h2": ParagraphStyle(
            "h2", base, fontName=f["bold"], fontSize=11, leading=14.5, spaceBefore=10, spaceAfter=2
        ),
        "small": ParagraphStyle("small", base, fontSize=8.5, leading=11.5, textColor=MUTED, spaceAfter=3),
        "h3": ParagraphStyle(
            "h3", base, fontName=f["bold"], fontSize=8.5, leading=11, spaceBefore=4, spaceAfter=1
        ),
        "bullet": ParagraphStyle("bullet", base, fontSize=8.5, leading=11.5, spaceAfter=0),
        "recommend": ParagraphStyle(
            "recommend",
            base,
            backColor=colors.HexColor("#eef4fa"),
            borderPadding=5,
            spaceBefore=6,
            spaceAfter=8,
        ),
        "cell": ParagraphStyle("cell", base, fontSize=8, leading=10, spaceAfter=0),
        "cellnum": ParagraphStyle("cellnum", base, fontSize=8, leading=10, spaceAfter=0, alignment=TA_RIGHT),
        "toc0": ParagraphStyle(
            "toc0",
            base,
            fontName=f["bold"],
            fontSize=10,
            leading=14,
            leftIndent=0,
            rightIndent=24,
            spaceBefore=5,
        ),
        "toc1": ParagraphStyle(
            "toc1", base, fontSize=8.5, leading=11.5, leftIndent=14, rightIndent=24, firstLineIndent=0
        ),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


class _Heading(Paragraph):
    """A heading that enters the table of contents (shortened to ``TOC_CHARS``) and the PDF outline."""

    def __init__(self, text: str, style: ParagraphStyle, level: int, key: str) -> None:
        super().__init__(escape(text), style)
        short = text if len(text) <= TOC_CHARS else text[:TOC_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:(–") + " …"
        self.toc = (level, short, key)


class _Doc(BaseDocTemplate):
    def __init__(self, buf: io.BytesIO, view: ReportView) -> None:
        super().__init__(
            buf,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + 4 * mm,
            bottomMargin=MARGIN + 2 * mm,
            title=f"{view.title}: {view.subtitle}",
            author="Verkemiddelkart",
            subject=view.meta,
            lang=view.lang,
            creator="Verkemiddelkart",
        )
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab hook
        if isinstance(flowable, _Heading):
            level, text, key = flowable.toc
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)
            self.notify("TOCEntry", (level, text, self.page, key))


def _canvas_class(view: ReportView) -> type[Canvas]:
    f = fonts()
    page_of = view._("Page %(page)s of %(pages)s", page="{page}", pages="{pages}")
    running = f"{view.title}: {view.subtitle}"

    class NumberedCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self._pages: list[dict[str, object]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab API
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, _ = A4
            self.setFont(f["regular"], 8)
            self.setFillColor(MUTED)
            self.drawCentredString(width / 2, 10 * mm, page_of.format(page=self._pageNumber, pages=total))
            self.drawString(MARGIN, 10 * mm, f"Verkemiddelkart · {view.r.catalogue_version}")
            self.drawRightString(width - MARGIN, 10 * mm, view.date)
            if self._pageNumber > 1:
                self.drawString(MARGIN, A4[1] - 12 * mm, running)
                self.setStrokeColor(LINE)
                self.line(MARGIN, A4[1] - 13.5 * mm, width - MARGIN, A4[1] - 13.5 * mm)

    return NumberedCanvas


def _bullets(items: list[str], style: ParagraphStyle) -> ListFlowable:
    return ListFlowable(
        [ListItem(_p(i, style), leftIndent=10, value="•") for i in items],
        bulletType="bullet",
        start="•",
        leftIndent=10,
        bulletFontSize=7,
        spaceBefore=0,
        spaceAfter=2,
    )


def _table(
    header: list[str],
    rows: list[list[str]],
    widths: list[float],
    st: dict[str, ParagraphStyle],
    numeric: tuple[int, ...] = (),
) -> Table:
    bold = ParagraphStyle("th", st["cell"], fontName=fonts()["bold"])
    data = [[_p(h, bold) for h in header]] if header else []
    data += [
        [_p(c, st["cellnum"] if j in numeric else st["cell"]) for j, c in enumerate(row)] for row in rows
    ]
    table = Table(data, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, LINE),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT)
                if header
                else ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _gap_flowables(view: ReportView, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = []
    for gap in view.r.gaps:
        colour = SEVERITY_COLOURS.get(gap.severity_label, "#5b5b57")
        head: list[Flowable] = [
            _Heading(f"{gap.rank}. {view.text(gap.title)}", st["h2"], 1, f"gap-{gap.code}"),
            Paragraph(
                f'<font color="{colour}">■</font> {escape(view.severity(gap))}. {escape(view.relation(gap))}',
                st["small"],
            ),
        ]
        if gap.recommendation:
            head.append(
                Paragraph(
                    "<b>"
                    + escape(view._("Recommendation"))
                    + f":</b> {escape(view.text(gap.recommendation))}",
                    st["recommend"],
                )
            )
        review_line = ReviewWording(view).gap_line(gap)
        if review_line:
            head.append(_p(review_line, st["small"]))
        evidence: list[Flowable] = []
        for block in view.evidence(gap):
            evidence += [_p(block.title, st["h3"]), _bullets(list(block.items), st["bullet"])]
        story += [CondPageBreak(45 * mm), KeepTogether(head), *evidence, Spacer(1, 4)]
    if not view.r.gaps:
        story.append(_p(view._("No gaps fall to %(who)s.", who=view.r.audience_name), st["body"]))
    return story


def _reviews(view: ReportView, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    """The agency reviews per gap and the agencies' review items (when the report has them)."""
    rv = ReviewWording(view)
    if not rv.shown:
        return []
    story: list[Flowable] = [CondPageBreak(50 * mm), _p(rv.title, st["h2"])]
    if rv.status_rows:
        story.append(
            _table(rv.status_header, rv.status_rows, [w * width for w in (0.46, 0.15, 0.22, 0.17)], st, (3,))
        )
    story.append(_p(rv.items_title, st["h2"]))
    if not rv.item_rows:
        return [*story, _p(rv.illustrative_note, st["body"])]
    widths = [w * width for w in (0.26, 0.12, 0.34, 0.16, 0.12)]
    return [*story, _table(rv.item_header, rv.item_rows, widths, st)]


def _actions(view: ReportView, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    if not view.actions:
        return []
    items = [ListItem(_p(a, st["body"]), leftIndent=14) for a in view.actions]
    return [
        _p(view._("Recommended actions"), st["h2"]),
        ListFlowable(items, bulletType="1", bulletFormat="%s.", leftIndent=14, bulletFontSize=9.5),
    ]


def _story(view: ReportView, width: float) -> list[Flowable]:
    st = styles()
    toc = TableOfContents(levelStyles=[st["toc0"], st["toc1"]], dotsMinLevel=0)
    h = {key: _Heading(view.numbered(key), st["h1"], 0, key) for key in view.sections}
    story: list[Flowable] = [
        _p(view.title, st["title"]),
        _p(view.subtitle, st["subtitle"]),
        _p(view.meta, st["meta"]),
        h["summary"],
        _bullets(view.summary, st["body"]),
        *_actions(view, st),
        PageBreak(),
        _p(view._("Contents"), st["h1"]),
        toc,
        PageBreak(),
        h["gaps"],
        *_gap_flowables(view, st),
        *_reviews(view, st, width),
        CondPageBreak(60 * mm),
        h["unfunded"],
    ]
    if view.unfunded_rows:
        story.append(
            _table(
                view.unfunded_header, view.unfunded_rows, [w * width for w in (0.22, 0.22, 0.14, 0.42)], st
            )
        )
    else:
        story.append(_p(view._("No unfunded needs are linked to these gaps."), st["body"]))
    story += [
        CondPageBreak(90 * mm),
        h["portfolio"],
        _table([], [list(r) for r in view.portfolio_rows], [0.6 * width, 0.4 * width], st, (1,)),
    ]
    for chart in view.charts:
        story.append(
            KeepTogether(
                [
                    Spacer(1, 8),
                    _p(chart.title, st["h2"]),
                    _p(chart.description, st["small"]),
                    drawing(chart, width, fonts()),
                ]
            )
        )
    story += [CondPageBreak(70 * mm), h["instruments"]]
    if view.instrument_rows:
        budget = len(view.instrument_header) == 6
        widths = (0.36, 0.14, 0.14, 0.13, 0.10, 0.13) if budget else (0.42, 0.16, 0.16, 0.14, 0.12)
        story.append(
            _table(
                view.instrument_header,
                view.instrument_rows,
                [w * width for w in widths],
                st,
                view.instrument_numeric,
            )
        )
    else:
        story.append(_p(view._("No instruments."), st["body"]))
    if view.r.evidence is not None:
        story += [CondPageBreak(60 * mm), h["evidence"], *[_p(p, st["body"]) for p in view.evidence_lines]]
        widths = (0.38, 0.14, 0.18, 0.12, 0.18)
        story.append(_table(view.source_header, view.source_rows, [w * width for w in widths], st, (3,)))
    story += [CondPageBreak(40 * mm), h["about"], *[_p(p, st["body"]) for p in view.about]]
    return story


def render_pdf(view: ReportView) -> bytes:
    """The report as PDF bytes. ``view`` should be built with ``space=fonts()['space']``."""
    buf = io.BytesIO()
    doc = _Doc(buf, view)
    doc.multiBuild(_story(view, doc.width), canvasmaker=_canvas_class(view))
    return buf.getvalue()
