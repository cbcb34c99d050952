"""What changed between two gap reports (their JSON form, ``Report.to_dict()``): pure.

Gaps are matched by their finding ``code``: a code only in the old report is a gap closed, one only in the
new report a new gap, and one in both whose severity moved by at least ``SEVERITY_STEP`` a severity change.
Instruments are compared over the whole catalogue each report was made from (slug → version): added,
removed, and updated (version raised); ``audience`` marks those that belong to the report's audience.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

SEVERITY_STEP = 0.01


@dataclass(frozen=True)
class GapChange:
    code: str
    title: str
    old_severity: float | None = None
    new_severity: float | None = None


@dataclass(frozen=True)
class InstrumentChange:
    slug: str
    name: str
    audience: bool
    old_version: int | None = None
    new_version: int | None = None


@dataclass(frozen=True)
class ReportDiff:
    audience: str
    old_date: str
    new_date: str
    old_version: str
    new_version: str
    gaps_closed: tuple[GapChange, ...]
    gaps_new: tuple[GapChange, ...]
    severity_changes: tuple[GapChange, ...]
    instruments_added: tuple[InstrumentChange, ...]
    instruments_removed: tuple[InstrumentChange, ...]
    instruments_updated: tuple[InstrumentChange, ...]

    @property
    def unchanged(self) -> bool:
        return not (
            self.gaps_closed
            or self.gaps_new
            or self.severity_changes
            or self.instruments_added
            or self.instruments_removed
            or self.instruments_updated
        )

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "unchanged": self.unchanged}


class DiffError(ValueError):
    """The two documents cannot be compared (not reports, or for different audiences)."""


def _check(report: dict[str, Any], which: str) -> None:
    required = ("audience", "gaps", "catalogue_version", "catalogue_instruments")
    missing = [k for k in required if k not in report]
    if missing:
        raise DiffError(f"{which} report is not a gap report in JSON form (missing {', '.join(missing)})")


def _names(report: dict[str, Any]) -> dict[str, str]:
    names = {slug: slug for slug in report.get("catalogue_instruments", {})}
    names.update({line["slug"]: line["name"] for line in report.get("instruments", ())})
    for gap in report.get("gaps", ()):
        names.update({ref["code"]: ref["label"] for ref in gap.get("instruments", ())})
    return names


def compare(old: dict[str, Any], new: dict[str, Any]) -> ReportDiff:
    """Changes from ``old`` to ``new``; both must be reports for the same audience."""
    _check(old, "old")
    _check(new, "new")
    if (old["audience"], old.get("audience_kind")) != (new["audience"], new.get("audience_kind")):
        raise DiffError(f"the reports are for different audiences ({old['audience']} and {new['audience']})")
    old_gaps = {g["code"]: g for g in old["gaps"]}
    new_gaps = {g["code"]: g for g in new["gaps"]}
    closed = tuple(
        GapChange(c, g["title"], old_severity=g["severity"]) for c, g in old_gaps.items() if c not in new_gaps
    )
    opened = tuple(
        GapChange(c, g["title"], new_severity=g["severity"]) for c, g in new_gaps.items() if c not in old_gaps
    )
    moved = [
        GapChange(c, g["title"], old_gaps[c]["severity"], g["severity"])
        for c, g in new_gaps.items()
        if c in old_gaps and abs(g["severity"] - old_gaps[c]["severity"]) >= SEVERITY_STEP
    ]
    moved.sort(key=lambda g: -abs((g.new_severity or 0) - (g.old_severity or 0)))
    old_cat, new_cat = old["catalogue_instruments"], new["catalogue_instruments"]
    names = {**_names(old), **_names(new)}
    own = {line["slug"] for line in (*old.get("instruments", ()), *new.get("instruments", ()))}

    def change(slug: str) -> InstrumentChange:
        return InstrumentChange(
            slug, names.get(slug, slug), slug in own, old_cat.get(slug), new_cat.get(slug)
        )

    return ReportDiff(
        audience=new["audience"],
        old_date=old.get("generated_on", ""),
        new_date=new.get("generated_on", ""),
        old_version=old["catalogue_version"],
        new_version=new["catalogue_version"],
        gaps_closed=closed,
        gaps_new=opened,
        severity_changes=tuple(moved),
        instruments_added=tuple(change(s) for s in sorted(new_cat) if s not in old_cat),
        instruments_removed=tuple(change(s) for s in sorted(old_cat) if s not in new_cat),
        instruments_updated=tuple(
            change(s) for s in sorted(new_cat) if s in old_cat and new_cat[s] != old_cat[s]
        ),
    )
