"""The precedent index: award activities as columns and a sparse TF-IDF matrix (see
``analyser.paths.precedents`` for the method)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import scipy.sparse as sp

from analyser.paths.precedent_text import (
    CHAIN_WORDS,
    SEPARATOR,
    STEM,
    chain_bits,
    chunk_words,
    kept,
    words_of,
)
from analyser.paths.precedents import (
    OUTCOMES,
    WEIGHTS,
    Codes,
    SimilarProject,
    Strings,
    _ints,
    chain_mask,
    kind_mask,
    profile_kinds,
)
from catalogue.awards.snapshot import FUNDED_OUTCOMES, AwardRows, SourceSnap
from catalogue.instruments.snapshot import ConsortiumSnap

_FUNDED = np.array([o in FUNDED_OUTCOMES for o in OUTCOMES] + [False])  # last: outcome not known
_REJECTED = OUTCOMES.index("rejected")


class _Terms:
    """Words → term ids (a word's first ``STEM`` characters; -1 for stop words and short words) and
    value-chain bits, learnt as read. Word 0 is the separator between texts."""

    def __init__(self) -> None:
        self.word_id: dict[str, int] = {SEPARATOR: 0}
        self.word_term: list[int] = [-1]
        self.word_chains: list[int] = [0]
        self.term_id: dict[str, int] = {}

    def _add(self, word: str) -> int:
        wid = self.word_id[word] = len(self.word_term)
        if kept(word):
            self.word_term.append(self.term_id.setdefault(word[:STEM], len(self.term_id)))
            self.word_chains.append(chain_bits(word))
        else:
            self.word_term.append(-1)
            self.word_chains.append(0)
        return wid

    def read(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For ``texts``: (row pointer, term ids, value-chain mask per text)."""
        words = chunk_words(texts)
        get = self.word_id.get
        ids = [get(w, -1) for w in words]
        if -1 in ids:
            ids = [get(w, -1) if w in self.word_id else self._add(w) for w in words]
        arr = np.array(ids, np.int64)
        sep = arr == 0
        if int(sep.sum()) != len(texts):
            raise ValueError("a text holds the separator character \\x01")
        doc = np.cumsum(sep) - sep  # the text of each word
        terms_of = np.array(self.word_term, np.int32)[arr]
        keep = terms_of >= 0
        docs, terms = doc[keep], terms_of[keep]
        ptr = np.concatenate(([0], np.cumsum(np.bincount(docs, minlength=len(texts)))))
        masks = np.zeros(len(texts), np.int64)
        np.bitwise_or.at(masks, docs, np.array(self.word_chains, np.int64)[arr[keep]])
        return ptr, terms, masks

    def query_terms(self, text: str) -> np.ndarray:
        words = words_of([text])[0]
        return np.unique(
            np.array([self.term_id[w[:STEM]] for w in words if w[:STEM] in self.term_id], np.int32)
        )


class PrecedentIndex:
    """Columns of every activity read, and the TF-IDF matrix of their titles and texts."""

    def __init__(self, sources: tuple[SourceSnap, ...] = ()) -> None:
        self.sources = sources
        self.n = 0
        self.db_ids = np.zeros(0, np.int64)
        self.titles, self.refs = Strings(), Strings()
        self.source, self.funder, self.instrument = Codes(), Codes(), Codes()
        self.programme, self.programme_name, self.currency, self.county = Codes(), Codes(), Codes(), Codes()
        self.outcome = np.zeros(0, np.int8)
        self.year = np.zeros(0, np.int16)  # 0: unknown
        self.granted = np.zeros(0, np.int64)  # -1: not given
        self.applied = np.zeros(0, np.int64)
        self.chains = np.zeros(0, np.int64)
        self.kinds = np.zeros(0, np.int16)
        self.matrix = sp.csc_matrix((0, 0), dtype=np.float32)
        self.idf = np.zeros(0, np.float32)
        self.terms = _Terms()
        self.source_total = self.source_linked = np.zeros(0, np.int64)
        self.source_county = np.zeros((0, 1), np.int64)

    @classmethod
    def build(
        cls,
        chunks: Iterable[AwardRows],
        *,
        instrument_chains: Mapping[str, Iterable[str]] | None = None,
        sources: Iterable[SourceSnap] = (),
    ) -> PrecedentIndex:
        """Read ``chunks`` once. An activity whose words name no value chain takes those of its catalogue
        instrument (``instrument_chains``: slug → value chains) when that names at most two."""
        self = cls(tuple(sources))
        own = {s: chain_mask(c) for s, c in (instrument_chains or {}).items()}
        fallback = {s: m for s, m in own.items() if 0 < m.bit_count() <= 2}
        cols: dict[str, list[np.ndarray]] = {k: [] for k in ("ids", "out", "yr", "gr", "ap", "ch", "ki")}
        ptrs, term_chunks, offset = [np.zeros(1, np.int64)], [], 0
        for rows in chunks:
            ptr, terms, masks = self.terms.read(
                [f"{t or ''} {x or ''}" for t, x in zip(rows.titles, rows.texts, strict=True)]
            )
            empty = masks == 0
            if empty.any():
                masks[empty] = [
                    fallback.get(s or "", 0) for s, e in zip(rows.instruments, empty, strict=True) if e
                ]
            cols["ch"].append(masks)
            cols["ids"].append(np.array(rows.ids, np.int64))
            cols["out"].append(np.array([_outcome(o) for o in rows.outcomes], np.int8))
            cols["yr"].append(_ints(rows.years, 0, np.int16))
            cols["gr"].append(_ints(rows.granted, -1, np.int64))
            cols["ap"].append(_ints(rows.applied, -1, np.int64))
            cols["ki"].append(np.array([kind_mask(k) for k in rows.kinds], np.int16))
            for codes, values in self._coded(rows):
                codes.extend(values)
            self.titles.extend(rows.titles)
            self.refs.extend(rows.refs)
            ptrs.append(ptr[1:] + offset)
            term_chunks.append(terms)
            offset += len(terms)
        self._close(cols, ptrs, term_chunks)
        return self

    def _coded(self, rows: AwardRows) -> list[tuple[Codes, tuple[str | None, ...]]]:
        return [
            (self.source, rows.sources),
            (self.funder, rows.funders),
            (self.instrument, rows.instruments),
            (self.programme, rows.programme_codes),
            (self.programme_name, rows.programme_names),
            (self.currency, rows.currencies),
            (self.county, rows.counties),
        ]

    def _close(
        self, cols: dict[str, list[np.ndarray]], ptrs: list[np.ndarray], terms: list[np.ndarray]
    ) -> None:
        def cat(key: str, dtype: type) -> np.ndarray:
            return np.concatenate(cols[key]) if cols[key] else np.zeros(0, dtype)

        self.db_ids, self.outcome, self.year = cat("ids", np.int64), cat("out", np.int8), cat("yr", np.int16)
        self.granted, self.applied = cat("gr", np.int64), cat("ap", np.int64)
        self.chains, self.kinds = cat("ch", np.int64), cat("ki", np.int16)
        for c in (self.source, self.funder, self.instrument, self.programme, self.programme_name):
            c.close()
        self.currency.close()
        self.county.close()
        self.titles.close()
        self.refs.close()
        self.n = len(self.db_ids)
        indptr = np.concatenate(ptrs)
        indices = np.concatenate(terms) if terms else np.zeros(0, np.int32)
        n_terms = len(self.terms.term_id)
        counts = sp.csr_matrix((np.ones(len(indices), np.float32), indices, indptr), shape=(self.n, n_terms))
        del indices, indptr, ptrs[:], terms[:]
        counts.sum_duplicates()
        counts.data[:] = 1.0  # binary term frequency: titles are short
        df = np.bincount(counts.indices, minlength=n_terms)
        self.idf = (np.log((1 + self.n) / (1 + df)) + 1).astype(np.float32)
        counts.data = self.idf[counts.indices]
        starts, lengths = counts.indptr[:-1], np.diff(counts.indptr)
        squares = np.zeros(self.n, np.float32)
        filled = lengths > 0
        squares[filled] = np.add.reduceat(counts.data * counts.data, starts[filled])
        norms = np.sqrt(squares)
        norms[norms == 0] = 1
        for lo in range(0, self.n, 100_000):  # divide row by row, in blocks (no full-size temporary)
            a, b = counts.indptr[lo], counts.indptr[min(lo + 100_000, self.n)]
            counts.data[a:b] /= np.repeat(norms[lo : lo + 100_000], lengths[lo : lo + 100_000])
        self.matrix = counts.tocsc()
        del counts
        self._source_figures()

    def _source_figures(self) -> None:
        """Per source: projects, projects linked to an instrument, projects per county (for coverage)."""
        n_src, n_county = len(self.source.values), len(self.county.values) + 1  # last: no county
        codes = self.source.array
        self.source_total = np.bincount(codes, minlength=n_src)
        self.source_linked = np.bincount(codes[self.instrument.array >= 0], minlength=n_src)
        county = np.where(self.county.array >= 0, self.county.array, n_county - 1)
        flat = np.bincount(codes.astype(np.int64) * n_county + county, minlength=n_src * n_county)
        self.source_county = flat.reshape(n_src, n_county)

    # ---- queries -------------------------------------------------------------------------------------

    def profile_text(self, profile: ConsortiumSnap) -> str:
        """What a profile says about its work: name, descriptions and the words of its value chains."""
        chains = " ".join(" ".join(CHAIN_WORDS.get(c, ())) for c in profile.value_chains)
        parts = (profile.name, profile.description_nn, profile.description_en, chains)
        return " ".join(x for x in parts if x)

    def cosine(self, text: str) -> np.ndarray:
        """Cosine of ``text`` with every activity (float32, one per activity)."""
        terms = self.terms.query_terms(text)
        if not terms.size or not self.n:
            return np.zeros(self.n, np.float32)
        weights = self.idf[terms]
        weights /= np.sqrt(np.sum(weights * weights))
        return np.asarray(self.matrix[:, terms] @ weights, np.float32).ravel()

    def similar(self, profile: ConsortiumSnap, limit: int = 8) -> tuple[SimilarProject, ...]:
        """The ``limit`` activities most like the profile (sharing a term or a value chain with it)."""
        if not self.n:
            return ()
        cos = self.cosine(self.profile_text(profile))
        chain = (self.chains & chain_mask(profile.value_chains)) != 0
        inside = (cos > 0) | chain
        pool = np.flatnonzero(inside)
        small = pool.size * 4 < self.n  # few candidates: score only those, else whole columns (no copies)

        def pick(a: np.ndarray) -> np.ndarray:
            return a[pool] if small else a

        parts = {
            "text": pick(cos) > 0,
            "county": pick(self.county.array) == self.county.of(profile.county),
            "value_chain": pick(chain),
            "organisation_kind": (pick(self.kinds) & kind_mask(profile_kinds(profile))) != 0,
        }
        score = np.float32(WEIGHTS["text"]) * pick(cos)
        for key in ("county", "value_chain", "organisation_kind"):
            score += np.float32(WEIGHTS[key]) * parts[key]
        if not small:
            score[~inside] = -1
        top = np.argpartition(-score, limit - 1)[:limit] if score.size > limit else np.arange(score.size)
        top = top[score[top] >= 0]
        rows = pool[top] if small else top
        order = np.lexsort((self.db_ids[rows], -score[top]))
        return tuple(
            self._project(int(rows[k]), float(score[top[k]]), tuple(m for m in WEIGHTS if parts[m][top[k]]))
            for k in order
        )

    def _project(self, i: int, score: float, matches: tuple[str, ...]) -> SimilarProject:
        year = int(self.year[i])
        return SimilarProject(
            source=self.source.value(i) or "",
            ref=self.refs[i],
            title=self.titles[i],
            funder=self.funder.value(i) or "",
            programme_code=self.programme.value(i),
            programme_name=self.programme_name.value(i),
            instrument=self.instrument.value(i),
            outcome=OUTCOMES[self.outcome[i]] if self.outcome[i] < len(OUTCOMES) else "unknown",
            currency=self.currency.value(i) or "",
            granted_minor=int(self.granted[i]) if self.granted[i] >= 0 else None,
            applied_minor=int(self.applied[i]) if self.applied[i] >= 0 else None,
            year=year or None,
            county=self.county.value(i),
            score=round(score, 4),
            matches=matches,
        )

    def counts(self, profile: ConsortiumSnap, since: int) -> tuple[dict[str, int], dict[str, int]]:
        """Instrument slug → funded activities, and → rejected ones, in the profile's county (if given) and
        value chains (if any), from ``since``."""
        where = self.year >= since
        if profile.county:
            where &= self.county.array == self.county.of(profile.county)
        if profile.value_chains:
            where &= (self.chains & chain_mask(profile.value_chains)) != 0
        where &= self.instrument.array >= 0
        n_codes = len(self.instrument.values)
        funded = np.bincount(self.instrument.array[where & _FUNDED[self.outcome]], minlength=n_codes)
        rejected = np.bincount(self.instrument.array[where & (self.outcome == _REJECTED)], minlength=n_codes)
        names = self.instrument.values
        return (
            {names[c]: int(n) for c, n in enumerate(funded.tolist()) if n},
            {names[c]: int(n) for c, n in enumerate(rejected.tolist()) if n},
        )


def _outcome(value: str) -> int:
    return OUTCOMES.index(value) if value in OUTCOMES else OUTCOMES.index("unknown")
