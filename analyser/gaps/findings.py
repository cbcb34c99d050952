"""The Finding record every gap check produces, and the one severity formula they share.

    severity = 1 − (1 − w_kind · g) · (1 − ½ · u)

- g in 0..1: the gap's magnitude, defined by each check (docs/analyser.md lists them).
- w_kind: how much a gap of that kind weighs (``KIND_WEIGHTS``).
- u in 0..1: pressure from consortia: the share of the catalogue's consortia (those concerned by the gap)
  that cannot fund a need the gap stands for, from the funding-path finder's ``unfunded`` mapping. With no
  unfunded need u = 0 and severity = w_kind · g; a need every concerned consortium lacks moves severity
  halfway to 1.

Labels follow the report bands: high ≥ 0.67, medium ≥ 0.34, else low.

Titles and recommendations are messages (``analyser.text``): the web layer words them in the reader's
language; a recommendation the rule file gives in each language is a ``Local``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from analyser.text import Local, Msg, plain
from catalogue.instruments.snapshot import AgencySnap, BarrierSnap, CatalogueSnapshot, InstrumentSnap

KIND_WEIGHTS = {
    "barrier-uncovered": 1.0,
    "barrier-weak": 0.8,
    "pipeline-gap": 0.8,
    "barrier-unanswerable": 0.7,
    "consortium-miss": 0.6,
    "grid-hole": 0.6,
    "overlap": 0.5,
    "handoff": 0.4,
    "stale-data": 0.3,
    # from funded-project data (analyser.gaps.awards, analyser.gaps.award_holes)
    "consortia-in-practice": 0.7,
    "catalogue-error": 0.6,
    "hole-confirmed": 0.6,
    "business-rejected": 0.6,
    "unmapped-money": 0.5,
    "uncoordinated-funding": 0.4,
    "not-measurable": 0.2,
}
PRESSURE_WEIGHT = 0.5
HIGH, MEDIUM = 0.67, 0.34
Text = Msg | Local


def severity(kind: str, magnitude: float, pressure: float = 0.0) -> float:
    g = 1.0 if magnitude > 1.0 else 0.0 if magnitude < 0.0 else float(magnitude)
    u = 1.0 if pressure > 1.0 else 0.0 if pressure < 0.0 else float(pressure)
    return round(1.0 - (1.0 - KIND_WEIGHTS[kind] * g) * (1.0 - PRESSURE_WEIGHT * u), 4)


def severity_label(value: float) -> str:
    return "high" if value >= HIGH else "medium" if value >= MEDIUM else "low"


@dataclass(frozen=True)
class Finding:
    kind: str
    code: str
    title: Text
    severity: float
    severity_label: str
    evidence: dict[str, Any]
    departments: tuple[str, ...]
    agencies: tuple[str, ...]
    recommendation: Text
    magnitude: float = 0.0
    pressure: float = 0.0

    def __hash__(self) -> int:  # evidence is a dict: hash the stable code
        return hash(self.code)

    @property
    def id(self) -> str:
        return self.code

    def as_dict(self, text: Callable[[Any], Any] = plain) -> dict[str, Any]:
        """JSON-ready data; ``text`` words the title and recommendation (default: message and arguments)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["title"], data["recommendation"] = text(self.title), text(self.recommendation)
        return data


@dataclass
class Pressure:
    """Unfunded consortium needs (need code → consortium slugs) and how many consortia there are."""

    unfunded: Mapping[str, Sequence[str]] = field(default_factory=dict)
    consortia: int = 0

    @classmethod
    def of(cls, snapshot: CatalogueSnapshot, unfunded: Mapping[str, Sequence[str]] | None) -> Pressure:
        unfunded = {str(k): tuple(v) for k, v in (unfunded or {}).items()}
        known = len(snapshot.consortia) or len({c for v in unfunded.values() for c in v})
        return cls(unfunded, known)

    def of_needs(
        self, needs: Iterable[str], among: Iterable[str] | None = None
    ) -> tuple[float, list[dict[str, str]]]:
        """(u, [{consortium, need}]) for ``needs``; ``among`` limits the consortia concerned (None = all).

        u = consortia concerned that cannot fund one of the needs / consortia concerned."""
        allowed = set(among) if among is not None else None
        pairs = [
            {"consortium": c, "need": n}
            for n in dict.fromkeys(needs)
            for c in self.unfunded.get(n, ())
            if allowed is None or c in allowed
        ]
        if not pairs:
            return 0.0, pairs
        base = len(allowed) if allowed is not None else self.consortia
        return min(1.0, len({p["consortium"] for p in pairs}) / max(base, 1)), pairs


def make(
    kind: str,
    key: str,
    magnitude: float,
    title: Text,
    recommendation: Text,
    *,
    pressure: float = 0.0,
    instruments: Sequence[str] = (),
    barriers: Sequence[str] = (),
    needs: Sequence[str] = (),
    unfunded_pairs: Sequence[dict[str, str]] = (),
    departments: Iterable[str] = (),
    agencies: Iterable[str] = (),
    extra: Mapping[str, Any] | None = None,
) -> Finding:
    """A Finding with its severity; evidence lists needs as {need, consortium} (consortium None: the need)."""
    value = severity(kind, magnitude, pressure)
    if unfunded_pairs:
        pair_needs = {p["need"] for p in unfunded_pairs}
        need_refs = [{"need": n, "consortium": None} for n in dict.fromkeys(needs) if n not in pair_needs]
        need_refs += [{"need": p["need"], "consortium": p["consortium"]} for p in unfunded_pairs]
        consortia = sorted({p["consortium"] for p in unfunded_pairs})
    else:
        need_refs = [{"need": n, "consortium": None} for n in dict.fromkeys(needs)]
        consortia = []
    evidence: dict[str, Any] = {
        "instruments": list(dict.fromkeys(instruments)),
        "barriers": list(dict.fromkeys(barriers)),
        "consortia": consortia,
        "needs": need_refs,
    }
    if extra:
        evidence.update(extra)
    return Finding(
        kind=kind,
        code=f"{kind}:{key}",
        title=title,
        severity=value,
        severity_label=severity_label(value),
        evidence=evidence,
        departments=tuple(sorted(set(departments) - {""})),
        agencies=tuple(sorted(set(agencies) - {""})),
        recommendation=recommendation,
        magnitude=round(float(magnitude), 4),
        pressure=round(float(pressure), 4),
    )


class Directory:
    """Look-ups the checks share: agencies by code (with their ministry) and barriers by code."""

    def __init__(self, snapshot: CatalogueSnapshot):
        self.snapshot = snapshot
        self.agencies: dict[str, AgencySnap] = {a.code: a for a in snapshot.agencies}
        self.barriers: dict[str, BarrierSnap] = {b.code: b for b in snapshot.barriers}
        self.memo: dict[Any, Any] = {}  # results the checks reuse within one analysis

    def ministry(self, agency: str, fallback: Sequence[str] = ()) -> tuple[str, ...]:
        """The department responsible for an agency (AgencySnap.ministry); ``fallback`` when it has none."""
        found = self.agencies.get(agency)
        if found is not None and found.ministry:
            return (found.ministry,)
        return tuple(fallback)

    def departments(self, instruments: Iterable[InstrumentSnap]) -> set[str]:
        out: set[str] = set()
        for inst in instruments:
            for code in inst.all_agencies:
                out.update(self.ministry(code, inst.owner_ministries))
        return out
