"""Overlaps: near-duplicate instruments of different agencies that do not already run a joint scheme.

Never all pairs. Candidate pairs come from two blocking passes whose cost grows about linearly with the
number of instruments n:

1. sorted neighbourhood on names: instruments sorted by their lower-cased name (bokmål and English, two
   orders); each is paired with the next ``NAME_WINDOW`` in the order;
2. MinHash LSH on text: for ``MINHASH_SLOTS`` random hash functions, each instrument's minimum hash over its
   rarer character n-grams (document frequency 2 … max(``RARE_MIN``, ``RARE_SHARE``·n)). Instruments are
   sorted by (slot value, next slot value) and paired with the next ``LSH_WINDOW`` instruments holding the
   same slot value: two texts share a slot value with probability equal to the Jaccard similarity of those
   n-gram sets.

Candidates of different agencies (no agency in common, lead or partner) are scored with rapidfuzz
``token_set_ratio`` on names (the better of bokmål and English). Above ``PREFILTER_ABOVE`` candidates they are
pre-filtered (at least half the MinHash slots equal, which near-duplicate texts nearly always have, or, for
pairs from the name pass, bokmål names with rapidfuzz ``ratio`` ≥ 0.9); the rest get the TF-IDF cosine of
their texts. The overlap similarity is
    s = 0.4 · name + 0.6 · text,
and a pair overlaps when s ≥ the ``overlap`` threshold and text ≥ ``overlap_text`` (seeds/barrier_needs.yaml).
Finding magnitude g = s, times 0.6 when the two agencies already run some joint scheme together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cpdist

from analyser.gaps.barriers import fold_agency
from analyser.gaps.findings import Directory, Finding, make
from analyser.text import Msg, Term, msg
from catalogue.instruments.snapshot import InstrumentSnap

if TYPE_CHECKING:  # scikit-learn is imported only when relevance is computed
    from analyser.matching.relevance import TextRelevance

NAME_WINDOW = 3
LSH_WINDOW = 3
MINHASH_SLOTS = 8
RARE_MIN = 5
RARE_SHARE = 0.02
NAME_WEIGHT = 0.4
PREFILTER_ABOVE = 5000


@dataclass(frozen=True)
class Overlap:
    a: str
    b: str
    name_similarity: float
    text_similarity: float
    similarity: float
    joint_scheme_exists: bool


def _name_pairs(keys: list[str], window: int) -> np.ndarray:
    order = np.array(sorted(range(len(keys)), key=keys.__getitem__), dtype=np.int64)
    parts = [np.stack([order[:-d], order[d:]], axis=1) for d in range(1, min(window, len(keys) - 1) + 1)]
    return np.concatenate(parts) if parts else np.zeros((0, 2), dtype=np.int64)


def minhash(relevance: TextRelevance, slots: int = MINHASH_SLOTS, seed: int = 7) -> np.ndarray:
    """(n, slots) minimum hashes over each row's rarer n-grams; rows without any get distinct sentinels."""
    matrix, n = relevance.matrix, relevance.matrix.shape[0]
    cap = max(RARE_MIN, int(RARE_SHARE * n))
    keep = (relevance.df >= 2) & (relevance.df <= cap)
    mask = keep[matrix.indices]
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(matrix.indptr))[mask]
    cols = matrix.indices[mask].astype(np.uint64)
    counts = np.bincount(rows, minlength=n)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    filled = counts > 0
    rng = np.random.default_rng(seed)
    out = np.empty((n, slots), dtype=np.uint64)
    for s in range(slots):
        a, b = (np.uint64(x | 1) for x in rng.integers(1, 1 << 62, size=2))
        hashed = cols * a  # multiply-xorshift mixing (wraps mod 2**64), one independent hash per slot
        hashed ^= hashed >> np.uint64(29)
        hashed *= b
        hashed ^= hashed >> np.uint64(32)
        out[:, s] = np.uint64(1 << 62) + np.arange(n, dtype=np.uint64)  # unique sentinels
        if filled.any():
            out[filled, s] = np.minimum.reduceat(hashed, starts[filled])
    return out


def _lsh_pairs(signatures: np.ndarray, window: int) -> np.ndarray:
    n, slots = signatures.shape
    parts = []
    for s in range(slots):
        primary, secondary = signatures[:, s], signatures[:, (s + 1) % slots]
        order = np.lexsort((secondary, primary))
        for d in range(1, min(window, n - 1) + 1):
            a, b = order[:-d], order[d:]
            same = primary[a] == primary[b]
            parts.append(np.stack([a[same], b[same]], axis=1))
    return np.concatenate(parts) if parts else np.zeros((0, 2), dtype=np.int64)


def _unique_pairs(pairs: np.ndarray, n: int) -> np.ndarray:
    """Sorted unique rows (i < j) of an (m, 2) pair array (sort-based: numpy's hash unique is slow here)."""
    if not len(pairs):
        return np.zeros((0, 2), dtype=np.int64)
    lo, hi = np.minimum(pairs[:, 0], pairs[:, 1]), np.maximum(pairs[:, 0], pairs[:, 1])
    key = (lo * n + hi)[lo != hi]
    key.sort()
    key = key[np.concatenate(([True], key[1:] != key[:-1]))] if len(key) else key
    return np.stack([key // n, key % n], axis=1)


def name_pairs(instruments: list[InstrumentSnap] | tuple[InstrumentSnap, ...]) -> np.ndarray:
    nb = [(i.name_nb or "").lower() for i in instruments]
    en = [(i.name_en or i.name_nb or "").lower() for i in instruments]
    both = np.concatenate([_name_pairs(nb, NAME_WINDOW), _name_pairs(en, NAME_WINDOW)]).astype(np.int64)
    return _unique_pairs(both, len(instruments))


def candidate_pairs(
    instruments: list[InstrumentSnap] | tuple[InstrumentSnap, ...], signatures: np.ndarray
) -> np.ndarray:
    """Unique (i, j) index pairs, i < j, from the two blocking passes."""
    pairs = np.concatenate([name_pairs(instruments), _lsh_pairs(signatures, LSH_WINDOW).astype(np.int64)])
    return _unique_pairs(pairs, len(instruments))


def find_overlaps(
    instruments: tuple[InstrumentSnap, ...],
    relevance: TextRelevance,
    active: np.ndarray,
    threshold: float,
    min_text: float = 0.4,
) -> list[Overlap]:
    n = len(instruments)
    if n < 2:
        return []
    signatures = minhash(relevance)
    by_name = name_pairs(instruments)
    pairs = _unique_pairs(np.concatenate([by_name, _lsh_pairs(signatures, LSH_WINDOW).astype(np.int64)]), n)
    from_names = np.isin(pairs[:, 0] * n + pairs[:, 1], by_name[:, 0] * n + by_name[:, 1], assume_unique=True)
    lead = np.array([fold_agency(i.agency) for i in instruments], dtype=object)
    a, b = pairs[:, 0], pairs[:, 1]
    keep = active[a] & active[b] & (lead[a] != lead[b])
    a, b, from_names = a[keep], b[keep], from_names[keep]
    partners = np.fromiter((bool(i.partner_agencies) for i in instruments), dtype=bool, count=n)
    shared = np.zeros(len(a), dtype=bool)
    for k in np.flatnonzero(partners[a] | partners[b]):
        x, y = instruments[a[k]], instruments[b[k]]
        shared[k] = bool({fold_agency(c) for c in x.all_agencies} & {fold_agency(c) for c in y.all_agencies})
    a, b, from_names = a[~shared], b[~shared], from_names[~shared]
    if len(a) > PREFILTER_ABOVE:
        pre = (signatures[a] == signatures[b]).mean(axis=1) >= 0.5
        named = np.flatnonzero(from_names & ~pre)
        pre[named] = _plain_name_similarity(instruments, a[named], b[named]) >= 0.9
        a, b = a[pre], b[pre]
    if not len(a):
        return []
    name = _name_similarity(instruments, a, b)
    text = relevance.pair_cosine(a, b)
    sim = NAME_WEIGHT * name + (1 - NAME_WEIGHT) * text
    hit = (sim >= threshold) & (text >= min_text)
    joint = _joint_agency_pairs(instruments)
    out = []
    for i, j, ns, ts, s in zip(a[hit], b[hit], name[hit], text[hit], sim[hit], strict=True):
        pair = frozenset((lead[i], lead[j]))
        out.append(
            Overlap(
                instruments[i].slug,
                instruments[j].slug,
                round(float(ns), 4),
                round(float(ts), 4),
                round(float(s), 4),
                pair in joint,
            )
        )
    return sorted(out, key=lambda o: (-o.similarity, o.a, o.b))


def _name_similarity(instruments: tuple[InstrumentSnap, ...], a: np.ndarray, b: np.ndarray) -> np.ndarray:
    nb = [(i.name_nb or "").lower() for i in instruments]
    en = [(i.name_en or i.name_nb or "").lower() for i in instruments]
    first = cpdist([nb[i] for i in a], [nb[j] for j in b], scorer=fuzz.token_set_ratio, workers=-1)
    second = cpdist([en[i] for i in a], [en[j] for j in b], scorer=fuzz.token_set_ratio, workers=-1)
    return np.maximum(first, second).astype(np.float32) / 100.0


def _plain_name_similarity(
    instruments: tuple[InstrumentSnap, ...], a: np.ndarray, b: np.ndarray
) -> np.ndarray:
    nb = [(i.name_nb or "").lower() for i in instruments]
    found = cpdist([nb[i] for i in a], [nb[j] for j in b], scorer=fuzz.ratio, workers=-1)
    return found.astype(np.float32) / 100


def _joint_agency_pairs(instruments: tuple[InstrumentSnap, ...]) -> set[frozenset[str]]:
    pairs: set[frozenset[str]] = set()
    for inst in instruments:
        if inst.partner_agencies:
            codes = sorted({fold_agency(c) for c in inst.all_agencies})
            pairs.update(frozenset((x, y)) for x in codes for y in codes if x < y)
    return pairs


def overlap_findings(
    overlaps: list[Overlap], by_slug: dict[str, InstrumentSnap], directory: Directory
) -> list[Finding]:
    out = []
    for o in overlaps:
        x, y = by_slug[o.a], by_slug[o.b]
        g = o.similarity * (0.6 if o.joint_scheme_exists else 1.0)
        agencies = [*x.all_agencies, *y.all_agencies]
        departments = [
            d
            for inst in (x, y)
            for c in inst.all_agencies
            for d in directory.ministry(c, inst.owner_ministries)
        ]
        out.append(
            make(
                "overlap",
                f"{o.a}+{o.b}",
                g,
                *_texts(x, y),
                instruments=[o.a, o.b],
                agencies=agencies,
                departments=departments,
                extra={
                    "name_similarity": o.name_similarity,
                    "text_similarity": o.text_similarity,
                    "similarity": o.similarity,
                    "joint_scheme_exists": o.joint_scheme_exists,
                },
            )
        )
    return out


def _texts(x: InstrumentSnap, y: InstrumentSnap) -> tuple[Msg, Msg]:
    ax, ay = Term("agency", (x.agency,)), Term("agency", (y.agency,))
    title = msg(
        "Overlap: %(first)s (%(first_agency)s) and %(second)s (%(second_agency)s)",
        first=Term("instrument", (x.slug,)),
        first_agency=ax,
        second=Term("instrument", (y.slug,)),
        second_agency=ay,
    )
    rec = msg(
        "%(first_agency)s and %(second_agency)s should run these as one joint scheme with a common entry "
        "point, "
        "or make the difference clear in the call texts.",
        first_agency=ax,
        second_agency=ay,
    )
    return title, rec
