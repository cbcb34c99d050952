"""A county's time and resource plan against today's date: which milestones are done, which are overdue.

Pure: ``today`` is an argument (the pages pass the date of the request, tests any date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from catalogue.initiatives.snapshot import MilestoneSnap


@dataclass(frozen=True, kw_only=True)
class PlanRow:
    milestone: MilestoneSnap
    overdue: bool
    days_late: int  # 0 unless overdue


@dataclass(frozen=True, kw_only=True)
class PlanSummary:
    county: str
    today: dt.date
    rows: tuple[PlanRow, ...]

    @property
    def overdue(self) -> tuple[PlanRow, ...]:
        return tuple(r for r in self.rows if r.overdue)

    @property
    def done(self) -> int:
        return sum(1 for r in self.rows if r.milestone.done_on is not None)


def plan_summary(county: str, milestones: Iterable[MilestoneSnap], today: dt.date) -> PlanSummary:
    """The county's milestones by date, each flagged overdue when not done and its date has passed."""
    mine = sorted((m for m in milestones if m.county == county), key=lambda m: (m.due_on, m.id))
    rows = tuple(
        PlanRow(
            milestone=m,
            overdue=m.overdue(today),
            days_late=(today - m.due_on).days if m.overdue(today) else 0,
        )
        for m in mine
    )
    return PlanSummary(county=county, today=today, rows=rows)
