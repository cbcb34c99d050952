"""A catalogue snapshot pre-indexed for the path finder: built once, reused for every consortium.

Instruments are sorted by slug; their consortium-independent facts (closed, deadline, county, value chains,
applicant-rule signature, ...) are numpy arrays indexed by ``Entry.idx``, and each stage keeps the array of
its instruments, so the checks of a step run vectorised (analyser/paths/scan.py). Value chains, counties and
needs are bit masks. Per rule set the index keeps the consortium-independent part of every instrument's fit
(:class:`RuleView`); exclusions that depend only on the instrument are built once and shared between paths.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from analyser.paths.model import Excluded
from analyser.paths.rules import CompiledRules, NeedRule
from analyser.text import N_, Msg, Term
from catalogue import vocabulary as v
from catalogue.instruments.snapshot import CatalogueSnapshot, InstrumentSnap

CHAIN_BIT = {c: 1 << i for i, c in enumerate(x for x in v.VALUE_CHAINS if x != "any")}
STAGE_BIT = {s: 1 << i for i, s in enumerate(v.STAGES)}
APPLICANT_BIT = {a: 1 << i for i, a in enumerate(v.APPLICANTS)}


def applicant_mask(kinds: Iterable[str]) -> int:
    return sum(APPLICANT_BIT.get(k, 0) for k in set(kinds))


# Why an instrument is left out, for reasons that depend on the instrument only.
REASONS = {
    "closed": N_("closed to new applications"),
    "deadline_passed": N_("the last known deadline (%(date)s) has passed; check for a new call"),
    "county": N_("only for %(counties)s"),
    "county_unknown": N_("only for %(counties)s; the consortium's county is not given"),
    "value_chain": N_("targets %(chains)s, none of the consortium's value chains"),
    "stage": N_("only for the stages %(stages)s, none on this path"),
    "stage_unknown": N_("stages not recorded"),
    "single_firms_only": N_(
        "only single firms (%(applicants)s) may apply, not a consortium, and no member can apply on its own"
    ),
    "no_funding": N_("advice or network offer without funding at this stage (see the tracks)"),
    "applicants": N_("applicants must be %(applicants)s; no member is one"),
}


def kinds_term(kinds: Iterable[str]) -> Term:
    return Term("applicant", tuple(k for k in v.APPLICANTS if k in set(kinds)), "or")


def chain_mask(chains: Iterable[str]) -> int:
    m = 0
    for c in chains:
        m |= CHAIN_BIT.get(c, 0)
    return m


class Entry:
    """One instrument with the facts the path finder needs, precomputed."""

    __slots__ = (
        "idx",
        "snap",
        "slug",
        "agency",
        "stages",
        "stage_mask",
        "chains",
        "chain_mask",
        "any_chain",
        "counties",
        "closed",
        "deadline",
        "applicants",
        "open",
        "min_partners",
        "lead",
        "needs_research",
        "forms",
        "sig",
        "app_mask",
        "_excluded",
    )

    def __init__(self, idx: int, snap: InstrumentSnap, sigs: dict[tuple[Any, ...], int]):
        self.idx = idx
        self.snap = snap
        self.slug = snap.slug
        self.agency = snap.agency
        self.stages = frozenset(snap.stages)
        self.stage_mask = sum(STAGE_BIT.get(x, 0) for x in self.stages)
        self.chains = frozenset(c for c in snap.value_chains if c != "any")
        self.chain_mask = chain_mask(self.chains)
        self.any_chain = "any" in snap.value_chains or not snap.value_chains
        counties = frozenset(snap.counties)
        if not counties and snap.agency.startswith("FK-"):
            counties = frozenset({snap.agency[3:]})  # a single county authority's own scheme
        self.counties = counties
        self.closed = snap.status == "closed"
        self.deadline = snap.next_deadline if snap.deadline_kind != "continuous" else None
        self.applicants = frozenset(snap.applicants)
        self.app_mask = applicant_mask(self.applicants)
        ce = snap.consortium_eligibility
        if ce in ("yes", "partial"):
            self.open: str | None = ce
        elif ce is None and "consortium" in self.applicants:
            self.open = "yes"
        elif ce is None and not self.applicants:
            self.open = "partial"  # applicant rules not recorded
        else:
            self.open = None
        self.min_partners = snap.consortium_min_partners
        self.lead = snap.consortium_lead
        self.needs_research = bool(snap.requires_research_partner)
        self.forms = frozenset(snap.funding_forms)
        # instruments with the same applicant rules get the same level for a consortium (cached per path)
        self.sig = sigs.setdefault((self.open, self.applicants, self.min_partners, self.lead), len(sigs))
        self._excluded: dict[str, Excluded] = {}

    def excluded(self, code: str, key: str, params: Callable[[], dict[str, Any]] | None = None) -> Excluded:
        """The exclusion for a reason that depends on the instrument only (built once).

        ``params`` gives the text's arguments; it is only called the first time.
        """
        hit = self._excluded.get(key)
        if hit is None:
            text = Msg(REASONS[key], tuple((params() if params else {}).items()))
            hit = self._excluded[key] = Excluded(self.slug, self.agency, code, text)
        return hit

    def value_chain_excluded(self) -> Excluded:
        return self._excluded.get("value_chain") or self.excluded(
            "value_chain",
            "value_chain",
            lambda: {"chains": Term("value_chain", tuple(c for c in v.VALUE_CHAINS if c in self.chains))},
        )

    def stage_excluded(self) -> Excluded:
        if not self.stages:
            return self.excluded("stage", "stage_unknown")
        return self._excluded.get("stage") or self.excluded(
            "stage",
            "stage",
            lambda: {"stages": Term("stage", tuple(s for s in v.STAGES if s in self.stages))},
        )


@dataclass(frozen=True)
class RuleView:
    """Per instrument (array position = ``Entry.idx``), what one rule set makes of it regardless of the
    consortium."""

    rules: CompiledRules
    static_step: np.ndarray  # funding form + status + confidence + stage focus
    static_track: np.ndarray  # funding form + status + confidence + type focus
    relevant: np.ndarray  # funds something (may take part in a stage step)
    need_mask: np.ndarray  # bit per need of rules.need_bits whose match_any the instrument meets


def _rule_view(entries: tuple[Entry, ...], rules: CompiledRules) -> RuleView:
    fit, forms = rules.fit, rules.form_scores
    base = [
        max((forms.get(f, 0) for f in e.forms), default=0)
        + (fit.get("status_active", 0) if e.snap.status == "active" else 0)
        + (fit.get("low_confidence", 0) if e.snap.confidence == "low" else 0)
        for e in entries
    ]
    stage_focus, track_focus = fit.get("stage_focus") or {}, fit.get("track_focus") or {}
    matchers = [(rules.need_bits[code], need.match) for code, need in rules.needs.items() if need.match]
    return RuleView(
        rules,
        np.array(
            [b + stage_focus.get(len(e.stages), 0) for b, e in zip(base, entries, strict=True)], np.int64
        ),
        np.array(
            [b + track_focus.get(len(e.snap.types), 0) for b, e in zip(base, entries, strict=True)], np.int64
        ),
        np.array([rules.step_relevant(e.snap) for e in entries], bool),
        np.array([sum(bit for bit, match in matchers if match(e.snap)) for e in entries], np.int64),
    )


@dataclass(frozen=True)
class Arrays:
    """Rule-independent facts of every instrument as arrays, for the vectorised checks (path_scan.py)."""

    closed: np.ndarray
    deadline: np.ndarray  # ordinal of the last known deadline; NO_DEADLINE when none or continuous
    county_mask: np.ndarray  # bits of PathIndex.county_bit; 0 = open to every county
    chain_mask: np.ndarray
    any_chain: np.ndarray
    sig: np.ndarray
    research: np.ndarray  # requires a research partner


NO_DEADLINE = 1 << 40


class PathIndex:
    """Instruments of a snapshot (sorted by slug) with their facts as arrays and grouped by stage."""

    def __init__(self, snapshot: CatalogueSnapshot, entries: tuple[Entry, ...], n_sigs: int):
        self.snapshot = snapshot
        self.entries = entries
        self.by_slug = {e.slug: e for e in entries}
        self.county_names = dict(snapshot.counties)
        stage_lists: dict[str, list[Entry]] = {}
        for e in entries:
            for stage in e.stages:
                stage_lists.setdefault(stage, []).append(e)
        self.by_stage = {s: tuple(x) for s, x in stage_lists.items()}
        self.stage_idx = {s: np.array([e.idx for e in x], np.int64) for s, x in stage_lists.items()}
        codes = sorted({c for e in entries for c in e.counties} | set(self.county_names))
        if len(codes) > 62:
            raise ValueError(f"{len(codes)} county codes; the path index handles at most 62")
        self.county_bit = {c: 1 << i for i, c in enumerate(codes)}
        self.sig_rep: dict[int, Entry] = {}
        for e in entries:
            self.sig_rep.setdefault(e.sig, e)
        self.n_sigs = n_sigs
        # per signature: what of the applicant rules does not depend on the consortium, and the applicants
        statics: dict[tuple[Any, ...], int] = {}
        reps = [self.sig_rep[s] for s in range(n_sigs)]
        self.sig_static = np.array(
            [
                statics.setdefault(
                    (e.open, e.min_partners, e.lead, "consortium" in e.applicants, not e.applicants),
                    len(statics),
                )
                for e in reps
            ],
            np.int64,
        )
        self.sig_apps = np.array([e.app_mask for e in reps], np.int64)
        self.arrays = Arrays(
            closed=np.array([e.closed for e in entries], bool),
            deadline=np.array(
                [e.deadline.toordinal() if e.deadline else NO_DEADLINE for e in entries], np.int64
            ),
            county_mask=np.array([self.county_mask(e.counties) for e in entries], np.int64),
            chain_mask=np.array([e.chain_mask for e in entries], np.int64),
            any_chain=np.array([e.any_chain for e in entries], bool),
            sig=np.array([e.sig for e in entries], np.int64),
            research=np.array([e.needs_research for e in entries], bool),
        )
        self._cache: dict[Any, Any] = {}

    @classmethod
    def build(cls, snapshot: CatalogueSnapshot) -> PathIndex:
        sigs: dict[tuple[Any, ...], int] = {}
        ordered = sorted(snapshot.instruments, key=lambda i: i.slug)
        entries = tuple(Entry(i, snap, sigs) for i, snap in enumerate(ordered))
        return cls(snapshot, entries, len(sigs))

    def county_mask(self, counties: Iterable[str | None]) -> int:
        return sum(self.county_bit.get(c, 0) for c in set(counties) if c)

    def rule_view(self, rules: CompiledRules) -> RuleView:
        return self._cached(("rules", id(rules)), rules, lambda: _rule_view(self.entries, rules))

    def track_idx(self, need: NeedRule) -> np.ndarray:
        """Indexes (slug order) of the instruments matching a track need."""

        def build() -> np.ndarray:
            match = need.match or (lambda s: True)
            return np.array([e.idx for e in self.entries if match(e.snap)], np.int64)

        return self._cached(("track", id(need)), need, build)

    def table(self, kind: str, default_kinds: Iterable[str] = ("single_firm",)) -> list[Excluded | None]:
        """One kind of exclusion for every instrument (built once; None where it cannot apply): closed,
        deadline_passed, value_chain, county, county_unknown, no_funding, applicants, single_firms_only."""
        default = frozenset(default_kinds)

        def one(e: Entry) -> Excluded | None:
            if kind == "closed":
                return e.excluded("closed", "closed")
            if kind == "deadline_passed":
                if e.deadline is None:
                    return None
                params: dict[str, Any] = {"date": e.deadline}
                return e.excluded(kind, kind, params.copy)
            if kind == "value_chain":
                return e.value_chain_excluded()
            if kind in ("county", "county_unknown"):
                return (
                    e.excluded("county", kind, lambda: {"counties": self.county_term(e.counties)})
                    if e.counties
                    else None
                )
            if kind == "no_funding":
                return e.excluded("not_relevant", "no_funding")
            code = "single_firms_only" if kind == "single_firms_only" else "not_relevant"
            return e.excluded(code, kind, lambda: {"applicants": kinds_term(e.applicants or default)})

        key = ("table", kind, default)
        return self._cached(key, None, lambda: [one(e) for e in self.entries])

    def county_term(self, codes: Iterable[str]) -> Term:
        return Term("county", tuple(sorted(codes, key=lambda c: self.county_names.get(c, c))))

    def outside(
        self, stages: frozenset[str], tracks: tuple[NeedRule, ...], rules: CompiledRules
    ) -> tuple[Excluded, ...]:
        """Instruments of no stage in ``stages`` and no track: left out with reason ``stage`` (cached)."""

        def build() -> tuple[Excluded, ...]:
            in_tracks = {int(i) for need in tracks for i in self.track_idx(need)}
            mask = sum(STAGE_BIT[s] for s in stages)
            return tuple(
                e.stage_excluded() for e in self.entries if not e.stage_mask & mask and e.idx not in in_tracks
            )

        key = ("outside", stages, tuple(n.code for n in tracks), id(rules))
        return self._cached(key, rules, build)

    def _cached(self, key: Any, owner: Any, build: Any) -> Any:
        hit = self._cache.get(key)
        if hit is None or hit[0] is not owner:
            if len(self._cache) > 256:
                self._cache.clear()
            hit = (owner, build())
            self._cache[key] = hit
        return hit[1]


def index_for(snapshot: CatalogueSnapshot | PathIndex) -> PathIndex:
    """The index of a snapshot (built here: pass a :class:`PathIndex` to reuse one; the web app keeps one
    per catalogue version in ``CatalogueState.cached``)."""
    return snapshot if isinstance(snapshot, PathIndex) else PathIndex.build(snapshot)
