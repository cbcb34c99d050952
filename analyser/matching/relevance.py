"""Text relevance: TF-IDF over character n-grams, fitted once per snapshot (method in docs/analyser.md).

Character n-grams inside words (like scikit-learn's ``analyzer="char_wb"``) let nynorsk, bokmål and English
spellings meet: *verkemiddel*/*virkemiddel* share 7 of their 10 4-grams, *risikoavlasting* and
*risikoavlastning* nearly all. Text is lower-cased and accents are folded (é → e, ö → ø, ä → æ); æ, ø and å
stay letters; other characters are word boundaries.

Counting is vectorised with numpy instead of scikit-learn's per-document Python analyser, which is ~10×
slower on large catalogues: every character becomes a 6-bit symbol, an n-gram is the integer made of its
symbols (3-grams and shorter exactly, longer ones hashed into 2**20 buckets, as ``HashingVectorizer`` does),
and the counts go into a scipy CSR matrix. The default is 4-grams (``NGRAM_SIZES``). scikit-learn's
``TfidfTransformer`` (sublinear tf, smoothed idf, l2 rows) turns counts into TF-IDF. Large inputs are cut into
chunks of 2,000 texts (cache-friendly), counted on the caller's threads when it hands in an ``executor``
(``analyser.executor``; numpy and scipy release the GIL).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.preprocessing import normalize

from analyser.executor import Executor, map_all

NGRAM_SIZES = (4,)
HASH_BITS = 20
CHUNK = 2000
_SEP = 63  # document separator symbol
_MAXCP = 0x24F


def _symbol_table() -> np.ndarray:
    lut = np.zeros(_MAXCP + 1, dtype=np.uint8)
    for i, c in enumerate("abcdefghijklmnopqrstuvwxyzæøå0123456789", start=1):
        lut[ord(c)] = i
    folds = {
        "éèêë": "e",
        "áàâã": "a",
        "ä": "æ",
        "öœ": "ø",
        "óòôõ": "o",
        "üúùû": "u",
        "íìîï": "i",
        "ç": "c",
        "ñ": "n",
        "ß": "s",
        "ý": "y",
    }
    for sources, target in folds.items():
        for c in sources:
            lut[ord(c)] = lut[ord(target)]
    lut[1] = _SEP
    return lut


_LUT = _symbol_table()


def _symbols(texts: Sequence[str]) -> np.ndarray:
    """One symbol array for all texts: 0 = word boundary, _SEP between documents.

    Runs of boundaries need no collapsing: an n-gram with a boundary inside is dropped, so only the
    boundary next to a word starts or ends its n-grams, as in char_wb."""
    joined = " " + " \x01 ".join(t.replace("\x01", " ") for t in texts).lower() + " "
    codepoints = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    return _LUT[np.minimum(codepoints, _MAXCP)]


def _block_width(n: int, bits: int) -> int:
    """Columns of the n-gram block: exact codes up to 3-grams, hashed into 2**bits above."""
    return 1 << (6 * n) if n <= 3 else 1 << bits


def _width(sizes: tuple[int, ...], bits: int) -> int:
    return sum(_block_width(n, bits) for n in sizes)


def _dedupe(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Sum duplicate entries in linear time: CSR → CSC (a counting sort by column that leaves the rows of
    each column in order), sum duplicates there, and back. scipy's own CSR sum_duplicates sorts every row."""
    by_column = matrix.tocsc()
    by_column.sum_duplicates()
    return by_column.tocsr()


def _chunk_counts(texts: Sequence[str], sizes: tuple[int, ...], bits: int) -> sp.csr_matrix:
    sym = _symbols(texts)
    total = sym.shape[0]
    seps = np.flatnonzero(sym == _SEP)
    starts = np.concatenate(([0], seps + 1))
    ends = np.concatenate((seps, [total]))
    is_boundary = sym == 0
    is_sep = sym == _SEP
    s32 = sym.astype(np.uint32)
    width = _width(sizes, bits)
    out = None
    offset = 0
    for n in sizes:
        m = total - n + 1
        code = s32[:m].copy()
        bad = is_sep[:m].copy()
        for k in range(1, n):
            code <<= np.uint32(6)
            code |= s32[k : k + m]
            bad |= is_sep[k : k + m]
            if k < n - 1:  # a boundary inside the n-gram: it spans two words
                bad |= is_boundary[k : k + m]
        cols = code if n <= 3 else (code * np.uint32(0x9E3779B1)) >> np.uint32(32 - bits)
        valid = np.flatnonzero(~bad)
        per_doc = np.searchsorted(valid, ends) - np.searchsorted(valid, starts)
        indptr = np.concatenate(([0], np.cumsum(per_doc))).astype(np.int32)  # a chunk is far below 2**31
        indices = cols[valid].astype(np.int32) + np.int32(offset)
        part = _dedupe(
            sp.csr_matrix(
                (np.ones(indices.shape[0], dtype=np.float32), indices, indptr), shape=(len(texts), width)
            )
        )
        out = part if out is None else out + part
        offset += _block_width(n, bits)
    assert out is not None
    return out


def _stack(mats: list[sp.csr_matrix]) -> sp.csr_matrix:
    """Row-wise concatenation of canonical CSR chunks (plain array concatenation, no re-checking)."""
    offsets = np.cumsum([0] + [m.nnz for m in mats[:-1]])
    index_type = np.int32 if sum(m.nnz for m in mats) < 2**31 - 1 else np.int64  # one dtype: no upcast copy
    indptr = np.concatenate(
        [np.zeros(1, dtype=index_type)]
        + [m.indptr[1:].astype(index_type) + index_type(o) for m, o in zip(mats, offsets, strict=True)]
    )
    data = np.concatenate([m.data for m in mats])
    indices = np.concatenate([m.indices for m in mats]).astype(index_type, copy=False)
    out = sp.csr_matrix((data, indices, indptr), shape=(sum(m.shape[0] for m in mats), mats[0].shape[1]))
    out.has_canonical_format = True
    return out


class CharNgramCounter(BaseEstimator, TransformerMixin):
    """Counts of within-word character n-grams (stateless, like ``HashingVectorizer``); sklearn-compatible."""

    def __init__(
        self,
        ngram_sizes: tuple[int, ...] = NGRAM_SIZES,
        hash_bits: int = HASH_BITS,
        chunk_size: int = CHUNK,
        executor: Executor | None = None,
    ):
        self.ngram_sizes = ngram_sizes
        self.hash_bits = hash_bits
        self.chunk_size = chunk_size
        self.executor = executor

    def fit(self, X: Sequence[str], y: object = None) -> CharNgramCounter:  # noqa: N803 (sklearn API)
        return self

    def transform(self, X: Sequence[str]) -> sp.csr_matrix:  # noqa: N803 (sklearn API)
        texts = [str(t or "") for t in X]
        sizes = tuple(sorted(set(self.ngram_sizes)))
        if not sizes or sizes[0] < 2 or sizes[-1] > 5:
            raise ValueError(f"n-gram sizes must lie in 2..5, got {self.ngram_sizes!r}")
        if not texts:
            return sp.csr_matrix((0, _width(sizes, self.hash_bits)), dtype=np.float32)
        parts = [texts[i : i + self.chunk_size] for i in range(0, len(texts), self.chunk_size)]
        executor = self.executor if len(parts) > 1 else None
        mats = map_all(executor, lambda p: _chunk_counts(p, sizes, self.hash_bits), parts)
        return mats[0] if len(mats) == 1 else _stack(mats)


class TextRelevance:
    """TF-IDF model of one snapshot's instrument texts; ``matrix`` rows are l2-normalised. ``executor``
    counts the corpus in chunks on the caller's threads; it is not kept (queries are counted here)."""

    def __init__(
        self,
        texts: Sequence[str],
        *,
        ngram_sizes: tuple[int, ...] = NGRAM_SIZES,
        executor: Executor | None = None,
    ):
        self.counter = CharNgramCounter(ngram_sizes=ngram_sizes)
        self.tfidf = TfidfTransformer(sublinear_tf=True, smooth_idf=True, norm="l2")
        counts = CharNgramCounter(ngram_sizes=ngram_sizes, executor=executor).transform(texts)  # float32 CSR
        self.df = np.bincount(counts.indices, minlength=counts.shape[1])
        if counts.shape[0]:
            self.tfidf.fit(counts)
            weighted = self.tfidf.transform(counts, copy=False)
            self.matrix: sp.csr_matrix = weighted.astype(np.float32, copy=False)
        else:  # an empty catalogue: fit on one blank row so queries can still be vectorised
            self.tfidf.fit(sp.csr_matrix((1, counts.shape[1]), dtype=np.float32))
            self.matrix = counts
        self.n_docs = len(texts)

    def vectorise(self, texts: Sequence[str], weights: Sequence[float] | None = None) -> sp.csr_matrix:
        """TF-IDF rows for new texts (idf of the fitted corpus)."""
        rows = self.tfidf.transform(self.counter.transform(texts), copy=False).astype(np.float32, copy=False)
        if weights is not None:
            rows = sp.diags(np.asarray(weights, dtype=np.float32)) @ rows
        return rows.tocsr()

    def query(self, parts: Sequence[tuple[str, float]]) -> sp.csr_matrix:
        """One l2-normalised query vector from weighted text parts (each part normalised first)."""
        parts = [(t, w) for t, w in parts if t and t.strip()]
        if not parts:
            return sp.csr_matrix((1, self.matrix.shape[1]), dtype=np.float32)
        rows = self.vectorise([t for t, _ in parts], [w for _, w in parts])
        summed = sp.csr_matrix(np.ones((1, rows.shape[0]), dtype=np.float32)) @ rows  # stays sparse
        return normalize(summed, norm="l2")

    def similarity(self, queries: sp.csr_matrix) -> np.ndarray:
        """Cosine of every query (rows) with every instrument: array (n_queries, n_docs)."""
        dense = np.asarray(queries.T.toarray(), dtype=np.float32)  # few queries: sparse × dense is fastest
        return np.ascontiguousarray(np.asarray(self.matrix @ dense, dtype=np.float32).T)

    def pair_cosine(self, a: np.ndarray, b: np.ndarray, batch: int = 20000) -> np.ndarray:
        """Cosine of instrument rows a[k] and b[k] for every k."""
        out = np.empty(len(a), dtype=np.float32)
        for lo in range(0, len(a), batch):
            rows_a = self.matrix[a[lo : lo + batch]]
            rows_b = self.matrix[b[lo : lo + batch]]
            out[lo : lo + batch] = np.asarray(rows_a.multiply(rows_b).sum(axis=1)).ravel()
        return out
