"""The briefing note of the initiatives proposed to the minister, in Markdown and as PDF, in the interface
language (nynorsk, bokmål or English). The catalogue's own text (titles, challenges) stays as written."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
from sqlalchemy.orm import Session

from catalogue.escaping import markdown_text as md
from catalogue.initiatives import loader
from catalogue.initiatives.snapshot import InitiativeSnap
from web.i18n.formatting import formatter
from web.reports.pdf import styles
from web.templating import N_

TITLE = N_("Proposed initiatives to the minister")
INTRO = N_(
    "The working group of the four-party cooperation (the county authorities, Innovation Norway, Siva and "
    "the Research Council) proposes these initiatives, refined from the counties' submissions."
)


def proposals(session: Session) -> list[InitiativeSnap]:
    everything = loader.load_initiatives(session)
    return sorted(
        (i for i in everything if i.status == "proposed"), key=lambda i: (i.proposed_on or dt.date.min, i.id)
    )


def _sections(i: InitiativeSnap, labels: Any, t: Any) -> list[tuple[str, str]]:
    """(heading, text) of one proposal; empty facts left out."""
    partners = ", ".join(p.name + (f" ({p.org_number})" if p.org_number else "") for p in i.partners)
    place = ", ".join(dict.fromkeys(x for x in (i.region, *i.municipalities) if x))
    rows = [
        (t.gettext("County"), labels.value("county", i.county)),
        (t.gettext("Proposed on"), formatter(t.lang).date(i.proposed_on)),
        (t.gettext("Societal challenge"), i.challenge),
        (t.gettext("Value creation in an international market"), i.market_potential),
        (t.gettext("Value chains"), ", ".join(labels.values("value_chain", i.value_chains))),
        (t.gettext("Missions"), ", ".join(labels.values("mission", i.missions))),
        (t.gettext("Region and municipalities"), place),
        (t.gettext("Partners"), partners),
        (t.gettext("Attachments (links)"), ", ".join(x.url for x in i.links)),
    ]
    return [(h, text) for h, text in rows if text]


def markdown(items: list[InitiativeSnap], labels: Any, t: Any, today: dt.date) -> str:
    title = t.gettext(TITLE)
    out = [
        f"# {title}",
        "",
        t.gettext(INTRO),
        "",
        t.gettext("As of %(date)s.", date=formatter(t.lang).date(today)),
        "",
    ]
    if not items:
        out += [t.gettext("No initiative has been proposed yet."), ""]
    for n, i in enumerate(items, 1):
        out += [f"## {n}. {md(i.title, block_start=False)}", ""]
        out += [f"- **{h}:** {md(text, block_start=False)}" for h, text in _sections(i, labels, t)]
        out.append("")
    return "\n".join(out)


def pdf(items: list[InitiativeSnap], labels: Any, t: Any, today: dt.date) -> bytes:
    st = styles()
    story: list[Any] = [
        Paragraph(escape(t.gettext(TITLE)), st["title"]),
        Paragraph(escape(t.gettext("As of %(date)s.", date=formatter(t.lang).date(today))), st["meta"]),
        Paragraph(escape(t.gettext(INTRO)), st["body"]),
    ]
    if not items:
        story.append(Paragraph(escape(t.gettext("No initiative has been proposed yet.")), st["body"]))
    for n, i in enumerate(items, 1):
        story.append(Paragraph(escape(f"{n}. {i.title}"), st["h1"]))
        for heading, text in _sections(i, labels, t):
            story.append(Paragraph(f"<b>{escape(heading)}:</b> {escape(text)}", st["body"]))
        story.append(Spacer(1, 4 * mm))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, title=t.gettext(TITLE), leftMargin=18 * mm, rightMargin=18 * mm
    )
    doc.build(story)
    return buffer.getvalue()
