"""The words of a gap report in one language, shared by the HTML, Markdown and PDF renderers.

``ReportView(report, text)`` turns the plain ``Report`` into headings, summary sentences, formatted
numbers and evidence lines; each renderer only decides the layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from analyser.gaps.findings import HIGH, MEDIUM
from analyser.reports.model import Report, ReportGap
from catalogue.vocabulary import TYPES
from web.reports.charts import Chart, charts
from web.reports.translate import RN_, ReportText
from web.reports.typography import NARROW_NBSP, format_date, format_decimal, format_int, format_nok, quote

MAX_ACTIONS = 5
SHORT_NAME = 20
_TYPE_ORDER = {t: k for k, t in enumerate(TYPES)}
ACTION_CHARS = 260
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])")
_MODAL = re.compile(r"\b(bør|må|should|must)\b", re.IGNORECASE)
SECTION_IDS = ("summary", "gaps", "unfunded", "portfolio", "instruments", "about")
SECTION_TITLES = {
    "summary": RN_("Summary"),
    "gaps": RN_("Gaps in order of priority"),
    "unfunded": RN_("Consortium needs without funding"),
    "portfolio": RN_("The portfolio in figures"),
    "instruments": RN_("Instruments"),
    "about": RN_("About this report"),
}
EVIDENCE_TITLES = {
    "instruments": RN_("Instruments"),
    "barriers": RN_("Barriers"),
    "consortia": RN_("Consortia"),
    "needs": RN_("Needs it stands for"),
    "unfunded": RN_("Unfunded needs"),
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
    def __init__(self, report: Report, text: ReportText, space: str = NARROW_NBSP) -> None:
        self.r = report
        self.t = text
        self.lang = report.lang
        self.space = space

    # ---- headings and meta -------------------------------------------------------------------------

    @property
    def title(self) -> str:
        return self.t("Gaps in the instrument system")

    @property
    def subtitle(self) -> str:
        return self.r.audience_name

    def section_title(self, key: str) -> str:
        return self.t(SECTION_TITLES[key])

    def numbered(self, key: str) -> str:
        return f"{SECTION_IDS.index(key) + 1}. {self.section_title(key)}"

    @property
    def date(self) -> str:
        return format_date(self.r.generated_on, self.lang)

    @property
    def meta(self) -> str:
        return self.t(
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
        s, t, who = self.r.summary, self.t, self.r.audience_name
        lines = [
            t.ngettext("%(num)s gap falls to %(who)s.", "%(num)s gaps fall to %(who)s.", s.gap_count, who=who)
        ]
        if s.gap_count:
            lines.append(
                t.ngettext(
                    "%(num)s of them has high priority.", "%(num)s of them have high priority.", s.high_count
                )
                if s.high_count
                else t("None of them has high priority.")
            )
            lines.append(
                t("The most important: %(titles)s.", titles=self.join([self.quote(x) for x in s.top_titles]))
            )
            if s.direct_count < s.gap_count:
                lines.append(
                    t(
                        "%(direct)s name %(who)s directly; the others concern agencies it steers "
                        "(%(agencies)s).",
                        direct=self.num(s.direct_count),
                        who=self.r.audience,
                        agencies=self.join([self.t.agency(a) for a in self.via_agencies]),
                    )
                )
        lines.append(
            t.ngettext(
                "%(who)s has %(num)s instrument in the catalogue",
                "%(who)s has %(num)s instruments in the catalogue",
                s.instrument_count,
                who=self.r.audience,
            )
            + t(
                "; %(open)s are open to consortia and %(partly)s partly.",
                open=self.num(s.open_to_consortia),
                partly=self.num(s.partly_open_to_consortia),
            )
        )
        lines.append(
            t(
                "%(infra)s fund shared infrastructure and %(risk)s offer risk relief.",
                infra=self.num(s.shared_infrastructure),
                risk=self.num(s.risk_relief),
            )
        )
        if s.unfunded_count:
            lines.append(
                t.ngettext(
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
            text = action(gap.recommendation) if gap.recommendation else ""
            if text and (text in grouped or len(grouped) < MAX_ACTIONS):
                grouped.setdefault(text, []).append(str(gap.rank))
        return [
            f"{text} ({self.t('see gap %(rank)s', rank=self.join(ranks))})" for text, ranks in grouped.items()
        ]

    @property
    def via_agencies(self) -> list[str]:
        seen: list[str] = []
        for gap in self.r.gaps:
            seen += [a for a in gap.via_agencies if a not in seen]
        return seen

    def join(self, items: list[str]) -> str:
        if len(items) <= 1:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self.t('and')} {items[-1]}"

    # ---- gaps --------------------------------------------------------------------------------------

    def severity(self, gap: ReportGap) -> str:
        return (
            f"{self.t('Priority')}: {self.t.severity(gap.severity_label)} "
            f"({format_decimal(gap.severity, self.lang, 2, self.space)})"
        )

    def relation(self, gap: ReportGap) -> str:
        if gap.relation == "direct":
            return self.t("Falls to %(who)s directly.", who=self.r.audience)
        return self.t(
            "Falls to %(who)s through %(agencies)s.",
            who=self.r.audience,
            agencies=self.join([self.t.agency(a) for a in gap.via_agencies]),
        )

    def evidence(self, gap: ReportGap) -> list[EvidenceBlock]:
        blocks = [
            EvidenceBlock(
                "instruments",
                self.t(EVIDENCE_TITLES["instruments"]),
                tuple(
                    f"{r.label} ({self.t.agency(r.detail)})" if r.detail else r.label for r in gap.instruments
                ),
            ),
            EvidenceBlock(
                "barriers",
                self.t(EVIDENCE_TITLES["barriers"]),
                tuple(f"{r.code}: {r.label}" for r in gap.barriers),
            ),
            EvidenceBlock(
                "consortia", self.t(EVIDENCE_TITLES["consortia"]), tuple(r.label for r in gap.consortia)
            ),
            EvidenceBlock(
                "unfunded",
                self.t(EVIDENCE_TITLES["unfunded"]),
                tuple(self.need_line(r.label, r.code, r.detail) for r in gap.needs if r.label),
            ),
            EvidenceBlock(
                "needs",
                self.t(EVIDENCE_TITLES["needs"]),
                tuple(self.need_line("", r.code, r.detail) for r in gap.needs if not r.label),
            ),
        ]
        return [b for b in blocks if b.items]

    def need_line(self, consortium: str, need: str, stage: str | None) -> str:
        label = self.t.need(need)
        if stage:
            label += f" ({self.t.value('stage', stage)})"
        return f"{consortium}: {label}" if consortium else label

    # ---- tables ------------------------------------------------------------------------------------

    @property
    def unfunded_header(self) -> list[str]:
        return [self.t("Consortium"), self.t("Need"), self.t("Stage"), self.t("Why")]

    @property
    def unfunded_rows(self) -> list[list[str]]:
        return [
            [
                u.consortium_name,
                self.t.need(u.need),
                self.t.value("stage", u.stage) if u.stage else "–",
                u.reason or self.t.coverage(u.status),
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
            (self.t("Instruments"), self.num(s.instrument_count)),
            (self.t("Open to consortia"), self.num(s.open_to_consortia)),
            (self.t("Open to consortia on conditions"), self.num(s.partly_open_to_consortia)),
            (self.t("Fund shared infrastructure"), self.num(s.shared_infrastructure)),
            (self.t("Offer risk relief"), self.num(s.risk_relief)),
            (
                self.t("Known annual budgets, total"),
                self.t(
                    "%(amount)s (%(known)s of %(count)s known)",
                    amount=self.nok(sum(budgets)),
                    known=self.num(len(budgets)),
                    count=self.num(s.instrument_count),
                )
                if budgets
                else self.t("not known for any instrument"),
            ),
        ]

    @property
    def instrument_header(self) -> list[str]:
        """Name, agency, type, open to consortia, gaps citing it, and the annual budget if any is known."""
        header = [
            self.t("Instrument"),
            self.t("Agency"),
            self.t("Type"),
            self.t("Consortia may apply"),
            self.t("Cited in gap"),
        ]
        return [*header, self.t("Annual budget")] if self.budgets_known else header

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
                ", ".join(self.t.value("type", x) for x in sorted(i.types, key=_type_order)),
                self.t.value("consortium", i.consortium_eligibility or "unknown"),
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
        name = self.t.agency(code)
        return name if len(name) <= SHORT_NAME else code

    @cached_property
    def charts(self) -> list[Chart]:
        return charts(self.r.figures, self.t, self.r.audience)

    @property
    def about(self) -> list[str]:
        t = self.t
        return [
            t(
                "This report lists the gaps in the public instrument system that fall to %(who)s, as found by "
                "the Verkemiddelkart gap analyser in the catalogue of instruments.",
                who=self.r.audience_name,
            ),
            t(
                "Priority runs from 0 to 1: how large the gap is, weighted by its kind, and raised when "
                "consortia cannot fund a need the gap stands for. High is %(high)s or more, medium %(medium)s "
                "or more, low below that.",
                high=format_decimal(HIGH, self.lang, 2, self.space),
                medium=format_decimal(MEDIUM, self.lang, 2, self.space),
            ),
            t(
                "The analyser looks for barriers no instrument answers or only a few do, barriers no "
                "instrument can remove, instruments closed to consortia, holes in the grid of type, mission, "
                "value chain and stage, broken stage pipelines, hand-offs between agencies and overlapping "
                "instruments."
            ),
            t(
                "Each report states its date and catalogue version. To see what changed since an earlier "
                "report, compare the two JSON versions: %(command)s.",
                command="verkemiddelkart report-diff old.json new.json",
            ),
        ]
