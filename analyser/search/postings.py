"""Token postings of the search index, and the expansion of a query term over the token vocabulary.

Postings live in two segments: a *main* segment in compressed-sparse-row form (one numpy slice of slots and
weighted term frequencies per token), built in bulk at start-up, and a small *delta* segment (plain dicts)
for instruments added or edited since. A slot that is edited or removed is masked out of the main
segment (``main_valid``) and, if still present, re-added to the delta. When the delta grows past
``MERGE_AT`` documents (or 5 % of the index) it is folded into a new main segment, so the cost of
edits is amortised and no request ever rebuilds anything.

Query-term expansion (cached per term until the vocabulary gains a token):

- the exact token, weight 1.0;
- tokens the term is a prefix of (terms of 4+ characters), weight ``PREFIX_WEIGHT`` (the
  ``PREFIX_LIMIT`` most frequent when there are more);
- tokens within Levenshtein distance 1 (terms of 5–8 characters) or 2 (9+ characters), computed with
  rapidfuzz over the vocabulary tokens of nearby length only, weight ``FUZZY_WEIGHT[distance]``.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from analyser.search.text import TF_UNIT

PREFIX_WEIGHT = 0.7
PREFIX_LIMIT = 64
FUZZY_WEIGHT = {1: 0.6, 2: 0.4}
MERGE_AT = 2000


def max_distance(term: str) -> int:
    return 0 if len(term) < 5 else 1 if len(term) < 9 else 2


class Postings:
    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.tokens: list[str] = []
        self.sorted_tokens: list[str] = []
        self.by_length: dict[int, list[str]] = {}
        self.df = np.zeros(0, np.int32)
        self.offsets = np.zeros(1, np.int64)
        self.main_slots = np.zeros(0, np.int32)
        self.main_tf = np.zeros(0, np.float32)
        self.main_valid = np.zeros(0, np.bool_)
        self.delta: dict[int, dict[int, float]] = {}
        self.delta_docs: dict[int, dict[int, float]] = {}  # slot -> {tid: tf}
        self.generation = 0
        self._expansions: dict[str, list[tuple[int, float, int]]] = {}

    # ---- vocabulary -------------------------------------------------------------------------------

    def tid(self, token: str, keep_sorted: bool = True) -> int:
        t = self.vocab.get(token)
        if t is None:
            t = len(self.tokens)
            self.vocab[token] = t
            self.tokens.append(token)
            if keep_sorted:
                bisect.insort(self.sorted_tokens, token)
            self.by_length.setdefault(len(token), []).append(token)
            if t >= len(self.df):
                self.df = np.concatenate([self.df, np.zeros(max(1024, len(self.df)), np.int32)])
            self.generation += 1
            self._expansions.clear()
        return t

    def grow(self, capacity: int) -> None:
        valid = np.zeros(capacity, np.bool_)
        valid[: len(self.main_valid)] = self.main_valid
        self.main_valid = valid

    # ---- bulk build and merge ---------------------------------------------------------------------

    def load(
        self, batches: list[tuple[np.ndarray, np.ndarray, np.ndarray]], n_docs: int, capacity: int
    ) -> None:
        """Build the main segment from ``analyser.search.bulk.count_terms`` batches (tokens were added with
        ``tid(..., keep_sorted=False)``): a counting sort that writes each posting straight to its place."""
        self.sorted_tokens = sorted(self.tokens)
        counts = np.zeros(len(self.tokens), np.int64)
        for tids, _, _ in batches:
            counts += np.bincount(tids, minlength=len(self.tokens))
        self.offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self.main_slots = np.empty(int(self.offsets[-1]), np.int32)
        self.main_tf = np.empty(int(self.offsets[-1]), np.float32)
        cursor = self.offsets[:-1].copy()
        for tids, slots, tfs in batches:
            if not len(tids):
                continue
            first = np.ones(len(tids), np.bool_)
            first[1:] = tids[1:] != tids[:-1]
            starts = np.flatnonzero(first)
            rank = np.arange(len(tids)) - starts[np.cumsum(first) - 1]
            at = cursor[tids] + rank
            self.main_slots[at] = slots
            self.main_tf[at] = tfs * np.float32(TF_UNIT)
            cursor[tids[starts]] += np.diff(np.append(starts, len(tids)))
        self.main_valid = np.zeros(capacity, np.bool_)
        self.main_valid[:n_docs] = True
        self.df[: len(self.tokens)] = counts

    def _set_main(self, tids: np.ndarray, slots: np.ndarray, tfs: np.ndarray, capacity: int) -> None:
        order = _stable_order(tids)
        self.main_slots, self.main_tf = slots[order], tfs[order]
        counts = np.bincount(tids, minlength=len(self.tokens))
        self.offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self.main_valid = np.zeros(capacity, np.bool_)

    def merge(self, capacity: int) -> None:
        """Fold the delta into a fresh main segment (valid main postings + delta postings)."""
        tid_of = np.repeat(np.arange(len(self.offsets) - 1, dtype=np.int32), np.diff(self.offsets))
        keep = self.main_valid[self.main_slots]
        pairs = [(t, slot, f) for slot, tf in self.delta_docs.items() for t, f in tf.items()]
        d_tids = np.array([p[0] for p in pairs], np.int32)
        d_slots = np.array([p[1] for p in pairs], np.int32)
        d_tfs = np.array([p[2] for p in pairs], np.float32)
        valid_slots = np.flatnonzero(self.main_valid)
        self._set_main(
            np.concatenate([tid_of[keep], d_tids]),
            np.concatenate([self.main_slots[keep], d_slots]),
            np.concatenate([self.main_tf[keep], d_tfs]),
            capacity,
        )
        self.main_valid[valid_slots] = True
        self.main_valid[list(self.delta_docs)] = True
        self.delta.clear()
        self.delta_docs.clear()

    # ---- incremental ------------------------------------------------------------------------------

    def add(self, slot: int, tf: Mapping[str, int]) -> None:
        doc = {self.tid(tok): f * TF_UNIT for tok, f in tf.items()}
        self.delta_docs[slot] = doc
        for t, f in doc.items():
            self.delta.setdefault(t, {})[slot] = f
            self.df[t] += 1

    def drop(self, slot: int) -> None:
        """Forget a slot's postings (main ones are masked, delta ones deleted); df is kept exact."""
        if slot < len(self.main_valid) and self.main_valid[slot]:
            self.main_valid[slot] = False
            for t in self._main_tids(slot):
                self.df[t] -= 1
        doc = self.delta_docs.pop(slot, None)
        for t in doc or ():
            del self.delta[t][slot]
            self.df[t] -= 1

    def _main_tids(self, slot: int) -> np.ndarray:
        hits = np.flatnonzero(self.main_slots == slot)
        return np.searchsorted(self.offsets, hits, side="right") - 1

    # ---- lookup -----------------------------------------------------------------------------------

    def postings(self, t: int) -> tuple[np.ndarray, np.ndarray]:
        """(slots, weighted tf) of a token over both segments, edited/removed slots excluded."""
        slots = (
            self.main_slots[self.offsets[t] : self.offsets[t + 1]]
            if t + 1 < len(self.offsets)
            else self.main_slots[:0]
        )
        tfs = (
            self.main_tf[self.offsets[t] : self.offsets[t + 1]]
            if t + 1 < len(self.offsets)
            else self.main_tf[:0]
        )
        if len(slots):
            ok = self.main_valid[slots]
            if not ok.all():
                slots, tfs = slots[ok], tfs[ok]
        d = self.delta.get(t)
        if d:
            slots = np.concatenate([slots, np.fromiter(d.keys(), np.int32, len(d))])
            tfs = np.concatenate([tfs, np.fromiter(d.values(), np.float32, len(d))])
        return slots, tfs

    def expand(self, term: str) -> list[tuple[int, float, int]]:
        """(token id, weight, edit distance) of the vocabulary tokens a query term stands for."""
        hit = self._expansions.get(term)
        if hit is None:
            hit = self._expand(term)
            if len(self._expansions) > 4096:
                self._expansions.clear()
            self._expansions[term] = hit
        return hit

    def _expand(self, term: str) -> list[tuple[int, float, int]]:
        out: dict[int, tuple[float, int]] = {}
        if term in self.vocab:
            out[self.vocab[term]] = (1.0, 0)
        if len(term) >= 4:
            lo = bisect.bisect_left(self.sorted_tokens, term)
            hi = bisect.bisect_left(self.sorted_tokens, term + "\uffff")
            extended = [self.vocab[t] for t in self.sorted_tokens[lo:hi] if t != term]
            if len(extended) > PREFIX_LIMIT:
                extended.sort(key=lambda t: -int(self.df[t]))
                extended = extended[:PREFIX_LIMIT]
            for t in extended:
                out.setdefault(t, (PREFIX_WEIGHT, 0))
        d = max_distance(term)
        if d:
            for length in range(len(term) - d, len(term) + d + 1):
                cands = self.by_length.get(length)
                if not cands:
                    continue
                for tok, dist, _ in process.extract(
                    term, cands, scorer=Levenshtein.distance, score_cutoff=d, limit=None
                ):
                    t = self.vocab[tok]
                    if t not in out and dist:
                        out[t] = (FUZZY_WEIGHT[int(dist)], int(dist))
        return [(t, w, dist) for t, (w, dist) in out.items()]


def _stable_order(keys: np.ndarray) -> np.ndarray:
    """Stable argsort of non-negative int32 keys in two 16-bit passes (numpy radix-sorts 16-bit keys)."""
    low = np.argsort((keys & 0xFFFF).astype(np.uint16), kind="stable")
    if not len(keys) or int(keys.max()) < 0x10000:
        return low
    high = np.argsort((keys[low] >> 16).astype(np.uint16), kind="stable")
    return low[high]
