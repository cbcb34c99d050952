"""Tag suggestion: a scikit-learn model that proposes types and value chains for an instrument from its text.

Model, one per facet: ``TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2)``
over the instrument's names, summaries and consortium condition, then one-vs-rest logistic regression
(liblinear, C = 10, ``class_weight="balanced"``) per label. A label is suggested when its probability is ≥ the
facet's threshold (``THRESHOLDS``: types 0.5; value chains 0.3, chosen by cross-validation on the seed
catalogue because rare chains rarely reach 0.5); the most probable label is always suggested (every
instrument has at least one type and one value chain).
Labels with fewer than ``MIN_EXAMPLES`` instruments are left out: they cannot be learned or evaluated.

``evaluate(instruments, facet)`` reports the cross-validated macro-F1 (``KFold``, 5 folds, shuffled, fixed
seed; the vectoriser is fitted inside each fold) — the command ``verkemiddelkart tags-eval`` prints it.

The model is trained on records handed in (``TagModel.fit``); the edit form trains one on the seed
catalogue (``catalogue.rules.seed_instrument_records``) once per process: ``web.editing.form.tag_model``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import KFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import MultiLabelBinarizer

from catalogue.instruments.snapshot import InstrumentSnap

FACETS = ("types", "value_chains")
MIN_EXAMPLES = 3
THRESHOLDS = {"types": 0.5, "value_chains": 0.3}
FOLDS = 5
TEXT_FIELDS = ("name_nb", "name_nn", "name_en", "summary_nn", "summary_en", "consortium_condition")


class Suggestion(NamedTuple):
    value: str
    probability: float


@dataclass(frozen=True)
class Evaluation:
    facet: str
    macro_f1: float
    labels: tuple[str, ...]
    per_label_f1: dict[str, float]
    instruments: int
    folds: int


def record_text(record: Any) -> str:
    """The text the model reads, from an InstrumentSnap or a mapping with the same field names."""

    def get(key: str) -> Any:
        return record.get(key) if isinstance(record, Mapping) else getattr(record, key, None)

    return " ".join(str(get(k)) for k in TEXT_FIELDS if get(k))


def _labels(record: Any, facet: str) -> tuple[str, ...]:
    value = record.get(facet) if isinstance(record, Mapping) else getattr(record, facet)
    return tuple(value or ())


def _pipeline(seed: int = 0) -> Pipeline:
    return make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2),
        OneVsRestClassifier(
            LogisticRegression(C=10.0, class_weight="balanced", solver="liblinear", random_state=seed)
        ),
    )


def _kept_labels(label_sets: Sequence[tuple[str, ...]]) -> list[str]:
    counts: dict[str, int] = {}
    for labels in label_sets:
        for label in labels:
            counts[label] = counts.get(label, 0) + 1
    return sorted(label for label, n in counts.items() if n >= MIN_EXAMPLES)


def _decide(proba: np.ndarray, facet: str) -> np.ndarray:
    chosen = proba >= THRESHOLDS.get(facet, 0.5)
    chosen[np.arange(len(proba)), proba.argmax(axis=1)] = True
    return chosen


class TagModel:
    """One fitted pipeline per facet."""

    def __init__(self, models: dict[str, tuple[Pipeline, MultiLabelBinarizer]]):
        self.models = models

    @classmethod
    def fit(cls, records: Iterable[Any], facets: Sequence[str] = FACETS) -> TagModel:
        records = list(records)
        texts = [record_text(r) for r in records]
        models = {}
        for facet in facets:
            label_sets = [_labels(r, facet) for r in records]
            kept = _kept_labels(label_sets)
            if len(kept) < 2:
                continue
            binarizer = MultiLabelBinarizer(classes=kept)
            y = binarizer.fit_transform([[x for x in s if x in kept] for s in label_sets])
            models[facet] = (_pipeline().fit(texts, y), binarizer)
        return cls(models)

    def suggest(self, text: str, top: int = 3) -> dict[str, list[Suggestion]]:
        out = {}
        for facet, (model, binarizer) in self.models.items():
            proba = model.predict_proba([text])
            chosen = _decide(proba, facet)[0]
            ranked = sorted(
                ((binarizer.classes_[k], float(proba[0, k])) for k in np.flatnonzero(chosen)),
                key=lambda x: -x[1],
            )
            out[facet] = [Suggestion(v, round(p, 3)) for v, p in ranked[:top]]
        return out


def evaluate(records: Iterable[Any], facet: str, *, folds: int = FOLDS, seed: int = 0) -> Evaluation:
    """Cross-validated macro-F1 of the model for ``facet`` on ``records`` (labels with ≥ MIN_EXAMPLES)."""
    records = list(records)
    texts = np.array([record_text(r) for r in records], dtype=object)
    label_sets = [_labels(r, facet) for r in records]
    kept = _kept_labels(label_sets)
    y = MultiLabelBinarizer(classes=kept).fit_transform([[x for x in s if x in kept] for s in label_sets])
    proba = np.zeros(y.shape, dtype=np.float64)
    for train, test in KFold(n_splits=folds, shuffle=True, random_state=seed).split(texts):
        usable = y[train].sum(axis=0)
        model = _pipeline(seed)
        columns = np.flatnonzero((usable > 0) & (usable < len(train)))  # a label needs both classes to train
        model.fit(list(texts[train]), y[train][:, columns])
        proba[np.ix_(test, columns)] = model.predict_proba(list(texts[test]))
    predicted = _decide(proba, facet).astype(int)
    per_label = f1_score(y, predicted, average=None, zero_division=0)
    macro = float(f1_score(y, predicted, average="macro", zero_division=0))
    return Evaluation(
        facet=facet,
        macro_f1=round(macro, 4),
        labels=tuple(kept),
        per_label_f1={k: round(float(f), 4) for k, f in zip(kept, per_label, strict=True)},
        instruments=len(records),
        folds=folds,
    )


def suggest_tags(text: str, model: TagModel, top: int = 3) -> dict[str, list[Suggestion]]:
    """Suggested types and value chains for a text ({"types": [...], "value_chains": [...]})."""
    return model.suggest(text, top=top)


def suggest_for(instrument: InstrumentSnap, model: TagModel) -> dict[str, list[Suggestion]]:
    return suggest_tags(record_text(instrument), model)
