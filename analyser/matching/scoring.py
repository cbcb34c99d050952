"""One score per barrier × instrument, from the barrier's predicates and text relevance, with an explanation.

    score(b, i) = P(b, i) · ((1 − w_b) + w_b · R(b, i))

- P(b, i) in 0..1: degree of the barrier's predicate (``analyser.gaps.needs``); 1 when all it requires holds.
- R(b, i) in 0..1: text relevance. c = cosine between the instrument's TF-IDF vector and the barrier's query
  vector; R = clip((c − c_typ) / (c_top − c_typ), 0, 1) where c_typ is the median cosine of the barrier over
  the catalogue (0 for catalogues under ``MIN_FOR_BASELINE`` instruments) and c_top the 95th percentile (at
  least c_typ + ``MIN_SPREAD``). Character n-grams give every pair of texts some similarity; measuring
  from the typical instrument keeps that shared background out, and the top ~5 % count as fully relevant.
- w_b: the barrier's ``text_weight`` (seeds/barrier_needs.yaml).

An instrument *answers* a barrier when it is active (not closed), the barrier is answerable by instruments,
P = 1 and score ≥ the ``answer`` threshold. A barrier's query is its keywords and extra terms (weight 1), its
titles (0.6) and descriptions (0.4), each part normalised before they are added.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import numpy as np

from analyser.gaps.needs import BarrierRule, NeedsSpec
from analyser.matching.columns import Columns
from analyser.matching.term_match import matched_terms
from catalogue.instruments.snapshot import BarrierSnap, InstrumentSnap

if TYPE_CHECKING:  # scikit-learn is imported only when relevance is computed
    from analyser.matching.relevance import TextRelevance

MIN_FOR_BASELINE = 20
MIN_SPREAD = 0.05
QUERY_WEIGHTS = {"terms": 1.0, "titles": 0.6, "descriptions": 0.4}


@dataclass(frozen=True)
class Explanation:
    barrier: str
    instrument: str
    score: float
    predicate: float
    text: float
    cosine: float
    answers: bool
    held: tuple[str, ...]
    failed: tuple[str, ...]
    terms: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def barrier_terms(barrier: BarrierSnap, rule: BarrierRule | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*barrier.keywords, *(rule.terms if rule else ())]))


def barrier_query_parts(barrier: BarrierSnap, rule: BarrierRule | None) -> list[tuple[str, float]]:
    titles = " ".join(t for t in (barrier.title_nn, barrier.title_nb, barrier.title_en) if t)
    descriptions = " ".join(t for t in (barrier.description_nn, barrier.description_en) if t)
    return [
        (" ".join(barrier_terms(barrier, rule)), QUERY_WEIGHTS["terms"]),
        (titles, QUERY_WEIGHTS["titles"]),
        (descriptions, QUERY_WEIGHTS["descriptions"]),
    ]


def default_rule(barrier: BarrierSnap) -> BarrierRule:
    """A barrier the rules do not mention: text relevance only."""
    return BarrierRule(
        barrier=barrier.code,
        answerable=barrier.answerable_by_instruments,
        text_weight=1.0,
        owner_departments=barrier.owner_departments,
    )


class Scores:
    """Score, predicate degree and text relevance for every barrier (rows) × instrument (columns)."""

    def __init__(
        self,
        barriers: Sequence[BarrierSnap],
        instruments: Sequence[InstrumentSnap],
        spec: NeedsSpec,
        relevance: TextRelevance,
        cols: Columns,
    ):
        self.barriers = tuple(barriers)
        self.instruments = tuple(instruments)
        self.spec = spec
        self.relevance = relevance
        self.rules = tuple(spec.rule(b.code) or default_rule(b) for b in self.barriers)
        self.codes = tuple(b.code for b in self.barriers)
        self.slugs = tuple(i.slug for i in self.instruments)
        self._slug_index = {s: k for k, s in enumerate(self.slugs)}
        n, nb = len(self.instruments), len(self.barriers)
        self.active = ~cols.equals("status", ["closed"]) if n else np.zeros(0, dtype=bool)
        self.cosine = np.zeros((nb, n), dtype=np.float32)
        if n and nb:
            queries = [
                relevance.query(barrier_query_parts(b, r))
                for b, r in zip(self.barriers, self.rules, strict=True)
            ]
            import scipy.sparse as sp

            self.cosine = relevance.similarity(sp.vstack(queries, format="csr"))
        self.text = self._normalise(self.cosine)
        self.predicate = np.ones((nb, n), dtype=np.float32)
        weights = np.zeros((nb, 1), dtype=np.float32)
        answerable = np.zeros((nb, 1), dtype=bool)
        for k, rule in enumerate(self.rules):
            if rule.requires is not None and n:
                self.predicate[k] = rule.requires.evaluate(cols)
            weights[k] = rule.text_weight if rule.answerable else 1.0
            answerable[k] = rule.answerable
        self.score = self.predicate * ((1.0 - weights) + weights * self.text)
        self.answers = (
            answerable
            & self.active[None, :]
            & (self.predicate >= 1.0 - 1e-6)
            & (self.score >= spec.thresholds.answer)
        )

    @staticmethod
    def _normalise(cosine: np.ndarray) -> np.ndarray:
        if cosine.size == 0:
            return cosine.copy()
        n = cosine.shape[1]
        typical = (
            np.median(cosine, axis=1, keepdims=True)
            if n >= MIN_FOR_BASELINE
            else np.zeros((cosine.shape[0], 1), dtype=np.float32)
        )
        top = np.maximum(np.percentile(cosine, 95, axis=1, keepdims=True), typical + MIN_SPREAD)
        return np.clip((cosine - typical) / (top - typical), 0.0, 1.0).astype(np.float32)

    def row(self, barrier: str) -> int:
        return self.codes.index(barrier)

    def index(self, slug: str) -> int:
        return self._slug_index[slug]

    def rule(self, barrier: str) -> BarrierRule:
        return self.rules[self.row(barrier)]

    def answering(self, barrier: str) -> np.ndarray:
        """Instrument indices answering ``barrier``, best score first."""
        k = self.row(barrier)
        idx = np.flatnonzero(self.answers[k])
        return idx[np.argsort(-self.score[k, idx], kind="stable")]

    def partial(self, barrier: str, floor: float = 0.5) -> np.ndarray:
        """Active instruments meeting part of the barrier's predicate (0 < P < 1), score ≥ floor·answer."""
        k = self.row(barrier)
        mask = (
            self.active
            & ~self.answers[k]
            & (self.predicate[k] > 0)
            & (self.score[k] >= floor * self.spec.thresholds.answer)
        )
        idx = np.flatnonzero(mask)
        return idx[np.argsort(-self.score[k, idx], kind="stable")]

    def explain(self, barrier: str, slug: str) -> Explanation:
        k, i = self.row(barrier), self.index(slug)
        inst, rule = self.instruments[i], self.rules[k]
        held: list[str] = []
        failed: list[str] = []
        if rule.requires is not None:
            for text, degree in rule.requires.check(inst)[1]:
                shown = text if degree in (0.0, 1.0) else f"{text} ({degree:g})"
                (held if degree >= 1.0 else failed).append(shown)
        terms = matched_terms(barrier_terms(self.barriers[k], rule), inst.text())

        def r(x: np.floating) -> float:
            return round(float(x), 4)

        return Explanation(
            barrier=barrier,
            instrument=slug,
            score=r(self.score[k, i]),
            predicate=r(self.predicate[k, i]),
            text=r(self.text[k, i]),
            cosine=r(self.cosine[k, i]),
            answers=bool(self.answers[k, i]),
            held=tuple(held),
            failed=tuple(failed),
            terms=tuple(terms),
        )
