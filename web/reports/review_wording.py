"""The sentences and tables of the agency-review part of a report (shared by HTML, Markdown and PDF).

Shown only when the report was built with the review items (``Report.reviews``): per gap a line saying
whether any review item answers it and how far it has come, with the listening-post cases bearing on it;
after the gaps, the status per gap as a table and the review items of the audience's agencies.
"""

from __future__ import annotations

from analyser.reports.model import ReportGap
from analyser.reports.reviews import GapReviewStatus, ReviewLine
from web.i18n.formatting import format_date
from web.reports.wording import ReportView
from web.reviews.view import ADJUSTMENT_LABELS, STATUS_LABELS


class ReviewWording:
    def __init__(self, v: ReportView) -> None:
        self.v = v
        self.section = v.r.reviews
        self._ = v._
        self.by_gap: dict[str, GapReviewStatus] = (
            {g.gap: g for g in self.section.gaps} if self.section else {}
        )

    @property
    def shown(self) -> bool:
        return self.section is not None

    def status(self, code: str) -> str:
        return self._(STATUS_LABELS.get(code, STATUS_LABELS["none"]))

    def counts(self, row: GapReviewStatus) -> str:
        return ", ".join(f"{n} {self.status(s).lower()}" for s, n in row.counts)

    def cases(self, n: int) -> str:
        return self.v.ngettext(
            "%(num)d listening-post case bears on this gap.",
            "%(num)d listening-post cases bear on this gap.",
            n,
        ) % {"num": n}

    def gap_line(self, gap: ReportGap) -> str:
        """One sentence under a gap: its review status and cases ('' when the report has no reviews)."""
        row = self.by_gap.get(gap.code)
        if row is None:
            return ""
        if row.progress == "none":
            text = self._("Agency reviews: no review item answers this gap yet.")
        else:
            text = self._(
                "Agency reviews: %(status)s (%(counts)s).",
                status=self.status(row.progress),
                counts=self.counts(row),
            )
        return f"{text} {self.cases(row.cases)}" if row.cases else text

    @property
    def title(self) -> str:
        return self._("Agency reviews per gap")

    @property
    def items_title(self) -> str:
        return self._("Review items of the agencies")

    @property
    def status_header(self) -> list[str]:
        return [self._("Gap"), self._("How far"), self._("Review items"), self._("Listening-post cases")]

    @property
    def status_rows(self) -> list[list[str]]:
        titles = {g.code: f"{g.rank}. {self.v.text(g.title)}" for g in self.v.r.gaps}
        return [
            [titles.get(row.gap, row.gap), self.status(row.progress), self.counts(row) or "–", str(row.cases)]
            for row in (self.section.gaps if self.section else ())
        ]

    @property
    def item_header(self) -> list[str]:
        return [
            self._("Instrument"),
            self._("Barriers"),
            self._("Proposed adjustment"),
            self._("Status"),
            self._("Date"),
        ]

    def _item(self, line: ReviewLine) -> list[str]:
        adjustments = "; ".join(
            self._(ADJUSTMENT_LABELS[a]) for a in line.adjustments if a in ADJUSTMENT_LABELS
        )
        if line.adjustment_text:
            adjustments = f"{adjustments}. {line.adjustment_text}" if adjustments else line.adjustment_text
        status = self.status(line.status) + (f": {line.reason}" if line.reason else "")
        agency = self.v.agency(line.agency)
        named = (
            line.instrument_name if agency in line.instrument_name else f"{line.instrument_name} ({agency})"
        )
        return [
            named,
            ", ".join(line.barriers) or "–",
            adjustments or "–",
            status,
            format_date(line.decided_on, self.v.lang),
        ]

    @property
    def item_rows(self) -> list[list[str]]:
        return [self._item(line) for line in (self.section.items if self.section else ())]

    @property
    def illustrative_note(self) -> str:
        return self._("No review items are recorded for these agencies yet.")
