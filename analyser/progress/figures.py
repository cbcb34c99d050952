"""Mission progress per county against the 2030 targets: pure arithmetic over a register snapshot.

Definitions (see docs/progress.md for the reasoning):

- A symbiosis is *realised* when the status in force on the as-of date is ``in_operation``.
- A county *has data* when at least one symbiosis placed in it has a status record dated on or before the
  as-of date. A county without any is ``None`` ("no data"), never 0.
- A *green area* is an industrial area whose emissions status in force is ``net_zero``.
- A *share* counts only records that state the fact: unknown stays unknown, and a share nobody stated is
  ``None``. Shares are taken over symbioses that have not ended and over all registered areas.
- The *trend* has one point per observation year (a year with at least one record in scope): the count in
  force at the end of that year (at the as-of date in its own year).
- The *projection* is the ordinary least-squares line through the trend points evaluated at the target
  year, floored at 0. With fewer than two observation years there is no projection.
- A county is ``met`` at or above the target, ``on_track`` when the projection reaches it, ``off_track``
  when the projection falls short or no projection is possible, and ``no_data`` without records.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from catalogue.instruments.snapshot import MissionSnap
from catalogue.registers.snapshot import (
    AreaSnap,
    AreaStatusSnap,
    RegisterSnapshot,
    SymbiosisSnap,
    SymbiosisStatusSnap,
    status_as_of,
)
from catalogue.vocabulary import INFRASTRUCTURE_KINDS, SYMBIOSIS_STATUSES


@dataclass(frozen=True)
class Targets:
    symbioses_per_county: float = 2.0
    green_areas_total: float = 100.0
    year: int = 2030


def targets_from_missions(missions: Iterable[MissionSnap]) -> Targets:
    """Read the targets from the mission data (metrics ``symbioses_per_county`` and ``green_areas_total``);
    a metric the missions do not carry keeps the seed document's value."""
    found = {t.metric: t for m in missions for t in m.targets if t.metric}
    default = Targets()
    sym, areas = found.get("symbioses_per_county"), found.get("green_areas_total")
    return Targets(
        symbioses_per_county=sym.target_value
        if sym and sym.target_value is not None
        else default.symbioses_per_county,
        green_areas_total=areas.target_value
        if areas and areas.target_value is not None
        else default.green_areas_total,
        year=(sym.year if sym and sym.year else default.year),
    )


@dataclass(frozen=True)
class Share:
    yes: int = 0
    stated: int = 0  # records that state the fact, true or false
    total: int = 0  # records in scope

    @property
    def value(self) -> float | None:
        return self.yes / self.stated if self.stated else None

    @property
    def unknown(self) -> int:
        return self.total - self.stated


def share_of(values: Iterable[bool | None]) -> Share:
    vals = list(values)
    return Share(
        yes=sum(1 for x in vals if x is True), stated=sum(1 for x in vals if x is not None), total=len(vals)
    )


@dataclass(frozen=True)
class Trend:
    target_year: int
    points: tuple[tuple[int, int], ...] = ()  # (observation year, count in force at its end)
    slope: float | None = None  # change per year
    projection: float | None = None  # value of the line in target_year, floored at 0
    no_projection_reason: str | None = None  # "no_data" | "one_year"


def linear_projection(points: Sequence[tuple[int, int]], year: int) -> tuple[float, float] | None:
    """(slope per year, value in ``year``) of the least-squares line through the points, value floored at 0;
    None with fewer than two distinct years. Exact arithmetic, so 2.0 stays 2.0."""
    if len({x for x, _ in points}) < 2:
        return None
    n = len(points)
    mx = Fraction(sum(x for x, _ in points), n)
    my = Fraction(sum(y for _, y in points), n)
    sxy = sum((x - mx) * (y - my) for x, y in points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    slope = sxy / sxx
    return float(slope), float(max(Fraction(0), my + slope * (year - mx)))


def yearly_counts(
    histories: Sequence[Sequence[Any]], counts: Callable[[Any], bool], as_of: dt.date
) -> tuple[tuple[int, int], ...]:
    """For each year with a record (up to ``as_of``): how many histories are counted at that year's end."""
    years = sorted({s.recorded_on.year for h in histories for s in h if s.recorded_on <= as_of})
    points = []
    for year in years:
        cutoff = min(dt.date(year, 12, 31), as_of)
        current = (status_as_of(h, cutoff) for h in histories)
        points.append((year, sum(1 for s in current if s is not None and counts(s))))
    return tuple(points)


def trend_of(
    histories: Sequence[Sequence[Any]], counts: Callable[[Any], bool], as_of: dt.date, target_year: int
) -> Trend:
    points = yearly_counts(histories, counts, as_of)
    fit = linear_projection(points, target_year)
    if fit is None:
        return Trend(target_year, points, no_projection_reason="one_year" if points else "no_data")
    return Trend(target_year, points, slope=fit[0], projection=fit[1])


def classify(current: int | None, target: float, trend: Trend) -> tuple[str, tuple[str, ...]]:
    """(status, reasons) of one count against its target."""
    if current is None:
        return "no_data", ("no_data",)
    if current >= target:
        return "met", ()
    if trend.projection is None:
        return "off_track", ("cannot_project",)
    if trend.projection >= target:
        return "on_track", ()
    return "off_track", ("projection_below_target",)


def _is_operating(s: SymbiosisStatusSnap) -> bool:
    return s.status == "in_operation"


def _is_net_zero(s: AreaStatusSnap) -> bool:
    return s.emissions_status == "net_zero"


@dataclass(frozen=True)
class Scope:
    """What one county (or the whole country) holds on the as-of date."""

    symbioses: tuple[SymbiosisStatusSnap, ...]  # status in force per symbiosis with a record
    symbiosis_histories: tuple[tuple[SymbiosisStatusSnap, ...], ...]
    areas: tuple[AreaStatusSnap, ...]  # status in force per area with a record
    area_histories: tuple[tuple[AreaStatusSnap, ...], ...]

    @property
    def active(self) -> tuple[SymbiosisStatusSnap, ...]:
        return tuple(s for s in self.symbioses if s.status != "ended")


def build_scope(symbioses: Sequence[SymbiosisSnap], areas: Sequence[AreaSnap], as_of: dt.date) -> Scope:
    sym_hist = tuple(s.statuses for s in symbioses)
    area_hist = tuple(a.statuses for a in areas)
    return Scope(
        symbioses=tuple(x for x in (status_as_of(h, as_of) for h in sym_hist) if x is not None),
        symbiosis_histories=sym_hist,
        areas=tuple(x for x in (status_as_of(h, as_of) for h in area_hist) if x is not None),
        area_histories=area_hist,
    )


@dataclass(frozen=True)
class AccessShares:
    symbiosis_infrastructure: Share = Share()
    symbiosis_competence: Share = Share()
    area_infrastructure: Share = Share()
    area_competence: Share = Share()
    symbiosis_by_kind: dict[str, Share] = field(default_factory=dict)
    area_by_kind: dict[str, Share] = field(default_factory=dict)


def access_shares(scope: Scope) -> AccessShares:
    active, areas = scope.active, scope.areas
    return AccessShares(
        symbiosis_infrastructure=share_of(s.infrastructure_access for s in active),
        symbiosis_competence=share_of(s.competence_access for s in active),
        area_infrastructure=share_of(a.infrastructure_access for a in areas),
        area_competence=share_of(a.competence_access for a in areas),
        symbiosis_by_kind={k: share_of(getattr(s, k) for s in active) for k in INFRASTRUCTURE_KINDS},
        area_by_kind={k: share_of(getattr(a, k) for a in areas) for k in INFRASTRUCTURE_KINDS},
    )


def status_counts(scope: Scope) -> dict[str, int]:
    counted = Counter(s.status for s in scope.symbioses)
    return {k: counted.get(k, 0) for k in SYMBIOSIS_STATUSES}


def symbiosis_county(sym: SymbiosisSnap, areas: dict[str, AreaSnap]) -> str | None:
    """The county a symbiosis counts for: its own, else that of the area its records name."""
    if sym.county:
        return sym.county
    for s in reversed(sym.statuses):
        if s.area and s.area in areas:
            return areas[s.area].county
    return None


def split_by_county(
    registers: RegisterSnapshot,
) -> tuple[dict[str, list[SymbiosisSnap]], dict[str, list[AreaSnap]]]:
    areas = {a.slug: a for a in registers.areas}
    sym: dict[str, list[SymbiosisSnap]] = {}
    for s in registers.symbioses:
        sym.setdefault(symbiosis_county(s, areas) or "", []).append(s)
    by_area: dict[str, list[AreaSnap]] = {}
    for a in registers.areas:
        by_area.setdefault(a.county, []).append(a)
    return sym, by_area


@dataclass(frozen=True)
class CountyProgress:
    code: str
    name: str
    symbioses_in_operation: int | None  # None = no data
    symbioses_by_status: dict[str, int]  # status in force, all zero when there is no data
    symbioses_target: float
    areas_registered: int | None  # None = no area with a record in the county
    areas_net_zero: int | None
    areas_emissions_unknown: int | None
    shares: AccessShares
    trend: Trend  # symbioses in operation per observation year
    status: str  # met / on_track / off_track / no_data
    reasons: tuple[str, ...] = ()

    @property
    def has_data(self) -> bool:
        return self.symbioses_in_operation is not None

    @property
    def off_track(self) -> bool:
        return self.status in ("off_track", "no_data")

    @property
    def symbioses_gap(self) -> float | None:
        if self.symbioses_in_operation is None:
            return None
        return max(0.0, self.symbioses_target - self.symbioses_in_operation)


@dataclass(frozen=True)
class NationalProgress:
    counties_total: int
    counties_with_data: int
    counties_met: int
    counties_off_track: int  # off track or without data
    symbioses_in_operation: int | None
    symbioses_by_status: dict[str, int]
    symbiosis_trend: Trend
    areas_target: float
    areas_registered: int | None
    areas_net_zero: int | None
    areas_emissions_unknown: int | None
    area_trend: Trend  # green (net-zero) areas per observation year
    area_status: str
    area_reasons: tuple[str, ...]
    shares: AccessShares


@dataclass(frozen=True)
class ProgressReport:
    as_of: dt.date
    targets: Targets
    counties: tuple[CountyProgress, ...]
    national: NationalProgress

    def county(self, code: str) -> CountyProgress | None:
        return next((c for c in self.counties if c.code == code), None)


def _area_counts(scope: Scope) -> tuple[int | None, int | None, int | None]:
    if not scope.areas:
        return None, None, None
    return (
        len(scope.areas),
        sum(1 for a in scope.areas if _is_net_zero(a)),
        sum(1 for a in scope.areas if a.emissions_status is None),
    )


def county_progress(code: str, name: str, scope: Scope, targets: Targets, as_of: dt.date) -> CountyProgress:
    operating = sum(1 for s in scope.symbioses if _is_operating(s)) if scope.symbioses else None
    trend = trend_of(scope.symbiosis_histories, _is_operating, as_of, targets.year)
    status, reasons = classify(operating, targets.symbioses_per_county, trend)
    registered, net_zero, unknown = _area_counts(scope)
    return CountyProgress(
        code=code,
        name=name,
        symbioses_in_operation=operating,
        symbioses_by_status=status_counts(scope),
        symbioses_target=targets.symbioses_per_county,
        areas_registered=registered,
        areas_net_zero=net_zero,
        areas_emissions_unknown=unknown,
        shares=access_shares(scope),
        trend=trend,
        status=status,
        reasons=reasons,
    )


def national_progress(
    counties: Sequence[CountyProgress], scope: Scope, targets: Targets, as_of: dt.date
) -> NationalProgress:
    registered, net_zero, unknown = _area_counts(scope)
    area_trend = trend_of(scope.area_histories, _is_net_zero, as_of, targets.year)
    area_status, area_reasons = classify(net_zero, targets.green_areas_total, area_trend)
    return NationalProgress(
        counties_total=len(counties),
        counties_with_data=sum(1 for c in counties if c.has_data),
        counties_met=sum(1 for c in counties if c.status == "met"),
        counties_off_track=sum(1 for c in counties if c.off_track),
        symbioses_in_operation=(
            sum(1 for s in scope.symbioses if _is_operating(s)) if scope.symbioses else None
        ),
        symbioses_by_status=status_counts(scope),
        symbiosis_trend=trend_of(scope.symbiosis_histories, _is_operating, as_of, targets.year),
        areas_target=targets.green_areas_total,
        areas_registered=registered,
        areas_net_zero=net_zero,
        areas_emissions_unknown=unknown,
        area_trend=area_trend,
        area_status=area_status,
        area_reasons=area_reasons,
        shares=access_shares(scope),
    )


def compute_progress(
    registers: RegisterSnapshot, counties: Sequence[tuple[str, str]], targets: Targets, as_of: dt.date
) -> ProgressReport:
    """Progress of every county in ``counties`` ((code, name) pairs) and of the whole country on ``as_of``."""
    sym_by_county, areas_by_county = split_by_county(registers)
    rows = tuple(
        county_progress(
            code,
            name,
            build_scope(sym_by_county.get(code, ()), areas_by_county.get(code, ()), as_of),
            targets,
            as_of,
        )
        for code, name in counties
    )
    everything = build_scope(registers.symbioses, registers.areas, as_of)
    national = national_progress(rows, everything, targets, as_of)
    return ProgressReport(as_of=as_of, targets=targets, counties=rows, national=national)
