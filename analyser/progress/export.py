"""The progress report as JSON-ready data and as CSV rows: the same figures the dashboard shows.

Unknown stays unknown: a county without data has ``null`` counts in JSON and empty cells in CSV, and its
``status`` is ``no_data``; a share nobody stated is ``null``/empty.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from analyser.progress.figures import (
    AccessShares,
    CountyProgress,
    NationalProgress,
    ProgressReport,
    Share,
    Trend,
)
from catalogue.escaping import csv_cell

DEFINITIONS_URL = "docs/progress.md"


def share_dict(s: Share) -> dict[str, Any]:
    return {
        "yes": s.yes,
        "stated": s.stated,
        "unknown": s.unknown,
        "total": s.total,
        "share": None if s.value is None else round(s.value, 4),
    }


def shares_dict(s: AccessShares) -> dict[str, Any]:
    return {
        "symbiosis_infrastructure": share_dict(s.symbiosis_infrastructure),
        "symbiosis_competence": share_dict(s.symbiosis_competence),
        "area_infrastructure": share_dict(s.area_infrastructure),
        "area_competence": share_dict(s.area_competence),
        "symbiosis_infrastructure_by_kind": {k: share_dict(v) for k, v in s.symbiosis_by_kind.items()},
        "area_infrastructure_by_kind": {k: share_dict(v) for k, v in s.area_by_kind.items()},
    }


def trend_dict(t: Trend) -> dict[str, Any]:
    return {
        "points": [{"year": y, "count": n} for y, n in t.points],
        "slope_per_year": None if t.slope is None else round(t.slope, 4),
        "projection_year": t.target_year,
        "projection": None if t.projection is None else round(t.projection, 2),
        "no_projection_reason": t.no_projection_reason,
    }


def county_dict(c: CountyProgress) -> dict[str, Any]:
    return {
        "code": c.code,
        "name": c.name,
        "status": c.status,
        "off_track": c.off_track,
        "reasons": list(c.reasons),
        "has_data": c.has_data,
        "symbioses": {
            "in_operation": c.symbioses_in_operation,
            "target": c.symbioses_target,
            "gap": c.symbioses_gap,
            "by_status": dict(c.symbioses_by_status) if c.has_data else None,
        },
        "areas": {
            "registered": c.areas_registered,
            "net_zero": c.areas_net_zero,
            "emissions_unknown": c.areas_emissions_unknown,
        },
        "shares": shares_dict(c.shares),
        "trend": trend_dict(c.trend),
    }


def national_dict(n: NationalProgress) -> dict[str, Any]:
    return {
        "counties": {
            "total": n.counties_total,
            "with_data": n.counties_with_data,
            "met": n.counties_met,
            "off_track_or_no_data": n.counties_off_track,
        },
        "symbioses": {
            "in_operation": n.symbioses_in_operation,
            "by_status": dict(n.symbioses_by_status) if n.symbioses_in_operation is not None else None,
            "trend": trend_dict(n.symbiosis_trend),
        },
        "green_areas": {
            "target": n.areas_target,
            "registered": n.areas_registered,
            "net_zero": n.areas_net_zero,
            "emissions_unknown": n.areas_emissions_unknown,
            "status": n.area_status,
            "reasons": list(n.area_reasons),
            "trend": trend_dict(n.area_trend),
        },
        "shares": shares_dict(n.shares),
    }


def report_dict(r: ProgressReport) -> dict[str, Any]:
    return {
        "as_of": r.as_of.isoformat(),
        "targets": {
            "symbioses_per_county": r.targets.symbioses_per_county,
            "green_areas_total": r.targets.green_areas_total,
            "year": r.targets.year,
        },
        "definitions": DEFINITIONS_URL,
        "national": national_dict(r.national),
        "counties": [county_dict(c) for c in r.counties],
    }


CSV_COLUMNS = (
    "county_code",
    "county_name",
    "measure",
    "status",
    "off_track",
    "reasons",
    "symbioses_in_operation",
    "symbioses_target",
    "symbioses_gap",
    "planned",
    "in_development",
    "ended",
    "areas_registered",
    "areas_net_zero",
    "areas_emissions_unknown",
    "symbiosis_infrastructure_share",
    "symbiosis_infrastructure_stated",
    "symbiosis_competence_share",
    "symbiosis_competence_stated",
    "area_infrastructure_share",
    "area_competence_share",
    "trend",
    "projection_year",
    "projection",
    "no_projection_reason",
)


def _cell(x: object) -> object:
    if x is None:
        return ""
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, float):
        return int(x) if x.is_integer() else round(x, 4)
    return x


def csv_row(c: CountyProgress) -> list[object]:
    s, t, by = c.shares, c.trend, c.symbioses_by_status
    values: list[object] = [
        c.code,
        c.name,
        "symbioses",
        c.status,
        c.off_track,
        " ".join(c.reasons),
        c.symbioses_in_operation,
        c.symbioses_target,
        c.symbioses_gap,
        *((by.get(k) if c.has_data else None) for k in ("planned", "in_development", "ended")),
        c.areas_registered,
        c.areas_net_zero,
        c.areas_emissions_unknown,
        s.symbiosis_infrastructure.value,
        s.symbiosis_infrastructure.stated,
        s.symbiosis_competence.value,
        s.symbiosis_competence.stated,
        s.area_infrastructure.value,
        s.area_competence.value,
        " ".join(f"{y}:{n}" for y, n in t.points),
        t.target_year,
        t.projection,
        t.no_projection_reason,
    ]
    return [csv_cell(_cell(v)) for v in values]


def report_csv(r: ProgressReport) -> str:
    """One row per county (status, trend and projection of symbioses in operation against the county
    target), then one for the whole country (county_code ``NO``, measure ``green_areas``: status, trend and
    projection of net-zero areas against the national target)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for c in r.counties:
        w.writerow(csv_row(c))
    n = r.national
    national = {
        "county_code": "NO",
        "county_name": "Noreg",
        "measure": "green_areas",
        "status": n.area_status,
        "off_track": n.area_status in ("off_track", "no_data"),
        "reasons": " ".join(n.area_reasons),
        "symbioses_in_operation": n.symbioses_in_operation,
        "symbioses_target": r.targets.symbioses_per_county * len(r.counties),
        "areas_registered": n.areas_registered,
        "areas_net_zero": n.areas_net_zero,
        "areas_emissions_unknown": n.areas_emissions_unknown,
        "area_infrastructure_share": n.shares.area_infrastructure.value,
        "area_competence_share": n.shares.area_competence.value,
        "trend": " ".join(f"{y}:{k}" for y, k in n.area_trend.points),
        "projection_year": n.area_trend.target_year,
        "projection": n.area_trend.projection,
        "no_projection_reason": n.area_trend.no_projection_reason,
    }
    w.writerow([csv_cell(_cell(national.get(col))) for col in CSV_COLUMNS])
    return out.getvalue()
