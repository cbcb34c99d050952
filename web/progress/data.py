"""The one source of the progress figures for the dashboard, its JSON and CSV, and the CLI.

``progress_view(session, catalogue, as_of)`` reads the registers (a handful of rows, read on every call
so a new status record shows at once) and computes the report over the catalogue's missions and
counties. ``progress_context`` and ``county_context`` turn a view into what the pages show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from analyser.gaps.mission_tree import HierarchyNode, mission_tree
from analyser.progress.figures import (
    ProgressReport,
    compute_progress,
    symbiosis_county,
    targets_from_missions,
)
from analyser.progress.levers import county_levers
from catalogue.instruments.snapshot import CatalogueSnapshot
from catalogue.registers.loader import build_register_snapshot
from catalogue.registers.snapshot import RegisterSnapshot, status_as_of
from web.progress.charts import county_tiles, trend_chart

MISSIONS_START = 2022  # the year the seed document proposed the three limited missions


@dataclass(frozen=True)
class ProgressView:
    report: ProgressReport
    registers: RegisterSnapshot
    catalogue: CatalogueSnapshot

    @property
    def hierarchy(self) -> tuple[HierarchyNode, ...]:
        return mission_tree(self.catalogue.missions, self.registers)


def progress_view(
    session: Session, catalogue: CatalogueSnapshot, as_of: dt.date | None = None
) -> ProgressView:
    registers = build_register_snapshot(session)
    report = compute_progress(
        registers, catalogue.counties, targets_from_missions(catalogue.missions), as_of or dt.date.today()
    )
    return ProgressView(report=report, registers=registers, catalogue=catalogue)


def parse_as_of(value: str | None) -> dt.date | None:
    """``YYYY-MM-DD`` or empty; raises ValueError on anything else."""
    return dt.date.fromisoformat(value) if value else None


def _symbiosis_rows(view: ProgressView, county: str | None = None) -> list[dict[str, Any]]:
    areas = {a.slug: a for a in view.registers.areas}
    rows = []
    for s in view.registers.symbioses:
        place = symbiosis_county(s, areas)
        if county is not None and place != county:
            continue
        rows.append(
            {
                "s": s,
                "county": place,
                "current": status_as_of(s.statuses, view.report.as_of),
                "area": next((areas[x.area] for x in reversed(s.statuses) if x.area in areas), None),
            }
        )
    return sorted(rows, key=lambda r: (r["county"] or "", r["s"].name))


def _area_rows(view: ProgressView, county: str | None = None) -> list[dict[str, Any]]:
    return [
        {"a": a, "current": status_as_of(a.statuses, view.report.as_of)}
        for a in view.registers.areas
        if county is None or a.county == county
    ]


def progress_context(view: ProgressView) -> dict[str, Any]:
    r = view.report
    n_counties = len(r.counties)
    return {
        "report": r,
        "national": r.national,
        "grid": county_tiles(r),
        "symbiosis_chart": trend_chart(
            r.national.symbiosis_trend, r.targets.symbioses_per_county * n_counties, MISSIONS_START
        ),
        "area_chart": trend_chart(r.national.area_trend, r.targets.green_areas_total, MISSIONS_START),
        "national_symbiosis_target": r.targets.symbioses_per_county * n_counties,
        "hierarchy": view.hierarchy,
        "symbioses": _symbiosis_rows(view),
        "areas": _area_rows(view),
        "as_of_param": r.as_of.isoformat() if r.as_of != dt.date.today() else "",
    }


def county_context(view: ProgressView, code: str) -> dict[str, Any] | None:
    county = view.report.county(code)
    if county is None:
        return None
    return {
        "report": view.report,
        "c": county,
        "chart": trend_chart(county.trend, county.symbioses_target, MISSIONS_START),
        "levers": county_levers(view.catalogue.instruments, county),
        "symbioses": _symbiosis_rows(view, code),
        "areas": _area_rows(view, code),
        "as_of_param": view.report.as_of.isoformat() if view.report.as_of != dt.date.today() else "",
    }
