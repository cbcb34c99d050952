"""The words of a gap report in one language, shared by the HTML, Markdown and PDF renderers.

``ReportView(report, labels)`` turns the plain ``Report`` into headings, summary sentences, formatted
numbers and evidence lines; each renderer only decides the layout. Every string goes through the one gettext
catalogue (``web/locale``), every code through ``web.i18n.labels``, numbers and dates through Babel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from analyser.gaps.findings import HIGH, MEDIUM
from analyser.reports.model import Report, ReportGap
from analyser.text import N_
from catalogue.vocabulary import TYPES
from web.i18n.formatting import NARROW_NBSP, format_date, format_decimal, format_int, format_nok, quote
from web.i18n.labels import Labeller
from web.reports.charts import Chart, charts
from web.reports.evidence_wording import evidence_lines, source_header, source_rows

MAX_ACTIONS = 5
SHORT_NAME = 20
_TYPE_ORDER = {t: k for k, t in enumerate(TYPES)}
ACTION_CHARS = 260
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])")
_MODAL = re.compile(r"\b(bør|må|should|must)\b", re.IGNORECASE)
SECTION_IDS = ("summary", "gaps", "unfunded", "portfolio", "instruments", "about")
EVIDENCE_SECTIONS = ("summary", "gaps", "unfunded", "portfolio", "instruments", "evidence", "about")
SECTION_TITLES = {
    "summary": N_("Summary"),
    "gaps": N_("Gaps in order of priority"),
    "unfunded": N_("Consortium needs without funding"),
    "portfolio": N_("The portfolio in figures"),
    "instruments": N_("Instruments"),
    "evidence": N_("Evidence from funded projects"),
    "about": N_("About this report"),
}
EVIDENCE_TITLES = {
    "instruments": N_("Instruments"),
    "barriers": N_("Barriers"),
    "consortia": N_("Consortia"),
    "needs": N_("Needs it stands for"),
    "unfunded": N_("Unfunded needs"),
}


@dataclass(frozen=True)
class EvidenceBlock:
    key: str
    title: str
    items: tuple[str, ...]


def action(recommendation: str, limit: int = ACTION_CHARS) -> str:
    """The sentence of a recommendation that asks for something ("bør", "should", "må", "must"), else its
    first sentence, cut at a word boundary after ``limit`` characters (the gap section has it in full)."""
    sentences = _SENTENCE.split(recommendation.strip())
    chosen = next((s for s in sentences if _MODAL.search(s)), sentences[0])
    if len(chosen) <= limit:
        return chosen
    return chosen[:limit].rsplit(" ", 1)[0].rstrip(" ,;:–") + " …"


def _type_order(code: str) -> int:
    return _TYPE_ORDER.get(code, len(_TYPE_ORDER))


class ReportView:
    def __init__(self, report: Report, labels: Labeller, space: str = NARROW_NBSP) -> None:
        self.r = report
        self.labels = labels
        self._ = labels.t.gettext
        self.ngettext = labels.t.ngettext
        self.lang = report.lang
        self.space = space

    def text(self, value: object) -> str:
        """A gap title, recommendation or reason (a message, or text already in the language)."""
        return self.labels.text(value)

    def agency(self, code: str) -> str:
        return self.labels.value("agency", code)

    def need(self, code: str) -> str:
        return self.labels.value("need", code)

    # ---- headings and meta -------------------------------------------------------------------------

    @property
    def title(self) -> str:
        return self._("Gaps in the instrument system")

    @property
    def subtitle(self) -> str:
        return self.r.audience_name

    def section_title(self, key: str) -> str:
        return self._(SECTION_TITLES[key])

    @property
    def sections(self) -> tuple[str, ...]:
        """The sections in order: "evidence" only when the report has funded-project data."""
        return EVIDENCE_SECTIONS if self.r.evidence is not None else SECTION_IDS

    def numbered(self, key: str) -> str:
        return f"{self.sections.index(key) + 1}. {self.section_title(key)}"

    @property
    def evidence_lines(self) -> list[str]:
        return evidence_lines(self)

    @property
    def source_header(self) -> list[str]:
        return source_header(self)

    @property
    def source_rows(self) -> list[list[str]]:
        return source_rows(self)

    @property
    def date(self) -> str:
        return format_date(self.r.generated_on, self.lang)

    @property
    def meta(self) -> str:
        return self._(
            "Made on %(date)s from catalogue version %(version)s (%(count)s instruments).",
            date=self.date,
            version=self.r.catalogue_version,
            count=self.num(self.r.instrument_count),
        )

    def num(self, value: int) -> str:
        return format_int(value, self.lang, self.space)

    def nok(self, value: int | None) -> str:
        return format_nok(value, self.lang, space=self.space)

    def quote(self, value: str) -> str:
        return quote(value, self.lang)

    @property
    def audience_short(self) -> str:
        return self.r.audience

    # ---- summary -----------------------------------------------------------------------------------

    @cached_property
    def summary(self) -> list[str]:
        s, _, ngettext, who = self.r.summary, self._, self.ngettext, self.r.audience_name
        lines = [
            ngettext("%(num)s gap falls to %(who)s.", "%(num)s gaps fall to %(who)s.", s.gap_count, who=who)
        ]
        if s.gap_count:
            lines.append(
                ngettext(
                    "%(num)s of them has high priority.", "%(num)s of them have high priority.", s.high_count
                )
                if s.high_count
                else _("None of them has high priority.")
            )
            lines.append(
                _(
                    "The most important: %(titles)s.",
                    titles=self.join([self.quote(self.text(x)) for x in s.top_titles]),
                )
            )
            if s.direct_count < s.gap_count:
                lines.append(
                    _(
                        "%(direct)s name %(who)s directly; the others concern agencies it steers "
                        "(%(agencies)s).",
                        direct=self.num(s.direct_count),
                        who=self.r.audience,
                        agencies=self.join([self.agency(a) for a in self.via_agencies]),
                    )
                )
        lines.append(
            ngettext(
                "%(who)s has %(num)s instrument in the catalogue",
                "%(who)s has %(num)s instruments in the catalogue",
                s.instrument_count,
                who=self.r.audience,
            )
            + _(
                "; %(open)s are open to consortia and %(partly)s partly.",
                open=self.num(s.open_to_consortia),
                partly=self.num(s.partly_open_to_consortia),
            )
        )
        lines.append(
            _(
                "%(infra)s fund shared infrastructure and %(risk)s offer risk relief.",
                infra=self.num(s.shared_infrastructure),
                risk=self.num(s.risk_relief),
            )
        )
        if s.unfunded_count:
            lines.append(
                ngettext(
                    "%(num)s consortium need behind these gaps has no funding path.",
                    "%(num)s consortium needs behind these gaps have no funding path.",
                    s.unfunded_count,
                )
            )
        return lines

    @property
    def actions(self) -> list[str]:
        """The recommendations of the most important gaps, each pointing to its gap: "… (see 2)"."""
        grouped: dict[str, list[str]] = {}
        for gap in self.r.gaps:
            text = action(self.text(gap.recommendation)) if gap.recommendation else ""
            if text and (text in grouped or len(grouped) < MAX_ACTIONS):
                grouped.setdefault(text, []).append(str(gap.rank))
        return [
            text + " (" + self._("see gap %(rank)s", rank=self.join(ranks)) + ")"
            for text, ranks in grouped.items()
        ]

    @property
    def via_agencies(self) -> list[str]:
        seen: list[str] = []
        for gap in self.r.gaps:
            seen += [a for a in gap.via_agencies if a not in seen]
        return seen

    def join(self, items: list[str]) -> str:
        return self.labels.join(items)

    # ---- gaps --------------------------------------------------------------------------------------

    def severity(self, gap: ReportGap) -> str:
        return (
            self._("Priority") + f": {self.labels.value('severity', gap.severity_label)} "
            f"({format_decimal(gap.severity, self.lang, 2, self.space)})"
        )

    def relation(self, gap: ReportGap) -> str:
        if gap.relation == "direct":
            return self._("Falls to %(who)s directly.", who=self.r.audience)
        return self._(
            "Falls to %(who)s through %(agencies)s.",
            who=self.r.audience,
            agencies=self.join([self.agency(a) for a in gap.via_agencies]),
        )

    def evidence(self, gap: ReportGap) -> list[EvidenceBlock]:
        blocks = [
            EvidenceBlock(
                "instruments",
                self._(EVIDENCE_TITLES["instruments"]),
                tuple(
                    f"{r.label} ({self.agency(r.detail)})" if r.detail else r.label for r in gap.instruments
                ),
            ),
            EvidenceBlock(
                "barriers",
                self._(EVIDENCE_TITLES["barriers"]),
                tuple(f"{r.code}: {r.label}" for r in gap.barriers),
            ),
            EvidenceBlock(
                "consortia", self._(EVIDENCE_TITLES["consortia"]), tuple(r.label for r in gap.consortia)
            ),
            EvidenceBlock(
                "unfunded",
                self._(EVIDENCE_TITLES["unfunded"]),
                tuple(self.need_line(r.label, r.code, r.detail) for r in gap.needs if r.label),
            ),
            EvidenceBlock(
                "needs",
                self._(EVIDENCE_TITLES["needs"]),
                tuple(self.need_line("", r.code, r.detail) for r in gap.needs if not r.label),
            ),
        ]
        return [b for b in blocks if b.items]

    def need_line(self, consortium: str, need: str, stage: str | None) -> str:
        label = self.need(need)
        if stage:
            label += f" ({self.labels.value('stage', stage)})"
        return f"{consortium}: {label}" if consortium else label

    # ---- tables ------------------------------------------------------------------------------------

    @property
    def unfunded_header(self) -> list[str]:
        return [self._("Consortium"), self._("Need"), self._("Stage"), self._("Why")]

    @property
    def unfunded_rows(self) -> list[list[str]]:
        return [
            [
                u.consortium_name,
                self.need(u.need),
                self.labels.value("stage", u.stage) if u.stage else "–",
                self.text(u.reason) if u.reason else self.labels.value("need_coverage", u.status),
            ]
            for u in self.r.unfunded
        ]

    @property
    def budgets_known(self) -> list[int]:
        return [i.annual_budget_nok for i in self.r.instruments if i.annual_budget_nok]

    @property
    def portfolio_rows(self) -> list[tuple[str, str]]:
        s = self.r.summary
        budgets = self.budgets_known
        return [
            (self._("Instruments"), self.num(s.instrument_count)),
            (self._("Open to consortia"), self.num(s.open_to_consortia)),
            (self._("Open to consortia on conditions"), self.num(s.partly_open_to_consortia)),
            (self._("Fund shared infrastructure"), self.num(s.shared_infrastructure)),
            (self._("Offer risk relief"), self.num(s.risk_relief)),
            (
                self._("Known annual budgets, total"),
                self._(
                    "%(amount)s (%(known)s of %(count)s known)",
                    amount=self.nok(sum(budgets)),
                    known=self.num(len(budgets)),
                    count=self.num(s.instrument_count),
                )
                if budgets
                else self._("not known for any instrument"),
            ),
        ]

    @property
    def instrument_header(self) -> list[str]:
        """Name, agency, type, open to consortia, gaps citing it, and the annual budget if any is known."""
        header = [
            self._("Instrument"),
            self._("Agency"),
            self._("Type"),
            self._("Consortia may apply"),
            self._("Cited in gap"),
        ]
        return [*header, self._("Annual budget")] if self.budgets_known else header

    @property
    def instrument_numeric(self) -> tuple[int, ...]:
        """Columns of ``instrument_rows`` to align right."""
        return (4, 5) if self.budgets_known else (4,)

    @property
    def instrument_rows(self) -> list[list[str]]:
        cited: dict[str, list[str]] = {}
        for gap in self.r.gaps:
            for ref in gap.instruments:
                cited.setdefault(ref.code, []).append(str(gap.rank))
        rows = [
            [
                i.name,
                self.short_agency(i.agency),
                ", ".join(self.labels.value("type", x) for x in sorted(i.types, key=_type_order)),
                self.labels.value("consortium", i.consortium_eligibility or "unknown"),
                ", ".join(dict.fromkeys(cited.get(i.slug, []))) or "–",
            ]
            for i in self.r.instruments
        ]
        if self.budgets_known:
            for row, line in zip(rows, self.r.instruments, strict=True):
                row.append(self.nok(line.annual_budget_nok))
        return rows

    def short_agency(self, code: str) -> str:
        """The agency's name, or its code when the name would crowd a table column."""
        name = self.agency(code)
        return name if len(name) <= SHORT_NAME else code

    @cached_property
    def charts(self) -> list[Chart]:
        return charts(self.r.figures, self.labels, self.r.audience)

    @property
    def about(self) -> list[str]:
        _ = self._
        return [
            _(
                "This report lists the gaps in the public instrument system that fall to %(who)s, as found "
                "by "
                "the Verkemiddelkart gap analyser in the catalogue of instruments.",
                who=self.r.audience_name,
            ),
            _(
                "Priority runs from 0 to 1: how large the gap is, weighted by its kind, and raised when "
                "consortia cannot fund a need the gap stands for. High is %(high)s or more, medium "
                "%(medium)s "
                "or more, low below that.",
                high=format_decimal(HIGH, self.lang, 2, self.space),
                medium=format_decimal(MEDIUM, self.lang, 2, self.space),
            ),
            _(
                "The analyser looks for barriers no instrument answers or only a few do, barriers no "
                "instrument can remove, instruments closed to consortia, holes in the grid of type, mission, "
                "value chain and stage, broken stage pipelines, hand-offs between agencies and overlapping "
                "instruments."
            ),
            _(
                "Each report states its date and catalogue version. To see what changed since an earlier "
                "report, compare the two JSON versions: %(command)s.",
                command="verkemiddelkart report-diff old.json new.json",
            ),
        ]
