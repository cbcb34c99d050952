"""The "Funded projects like yours" part of ``verkemiddelkart path`` (readable form)."""

from __future__ import annotations

from analyser.paths.precedent_path import PathPrecedents
from analyser.paths.precedents import SimilarProject
from web.i18n.formatting import formatter
from web.i18n.labels import Labeller
from web.paths.precedents import outcome_text


def _project(p: SimilarProject, w: Labeller) -> list[str]:
    _, fmt = w.t.gettext, formatter(w.lang)
    funder = _("the EU framework programme") if p.funder == "EU" else w.value("agency", p.funder)
    programme = p.programme_name or p.programme_code
    instrument = w.name("instrument", p.instrument) if p.instrument else _("no instrument in the catalogue")
    minor = p.applied_minor if p.rejected else p.granted_minor
    amount = f"{fmt.number(minor / 100, 0)} {p.currency}" if minor is not None else "–"
    if p.rejected and minor is not None:
        amount = _("applied for %(amount)s", amount=amount)
    where = ", ".join(x for x in (str(p.year or ""), w.value("county", p.county) if p.county else "") if x)
    return [
        f"  - {p.title}" + (f" ({where})" if where else ""),
        f"    {funder}"
        + (f": {programme}" if programme else "")
        + f" · {instrument} · {amount} · "
        + outcome_text(p.outcome, w.t.gettext),
    ]


def precedent_lines(found: PathPrecedents, w: Labeller) -> list[str]:
    _ = w.t.gettext
    lines = ["", _("Funded projects like yours"), "  " + w.text(found.summary)]
    for p in found.similar:
        lines += _project(p, w)
    if not found.similar:
        lines.append("  " + _("No funded project in the data resembles this consortium."))
    lines += ["", _("Where the data comes from:")]
    for s in found.coverage:
        years = f", {s.year_from}–{s.year_to}" if s.year_from else ""
        notes = f" ({w.text(s.notes)})" if s.notes else ""
        count = w.t.ngettext("%(num)d project", "%(num)d projects", s.projects)
        lines.append(f"  {s.name}{years}: {count}{notes}")
    return lines
