"""In-memory search and facet index over the catalogue (the instrument list, the JSON API, the analyser
and the path finder all query it).

Built once from a snapshot at start-up (``SearchIndex.build``) and kept current with ``upsert`` /
``remove`` whenever an instrument is created, edited, imported or deleted; no request rebuilds it.

Filtering: every facet value has a packed bitset (``analyser.search.facets``); a query ORs the bitsets of
the chosen values within a facet and ANDs across facets, then ANDs the numeric conditions and the text
match. Facet counts are popcounts of (filter AND value bitset), i.e. exactly what SQL ``GROUP BY`` gives
under the same WHERE (``catalogue.instruments.repository.facet_counts_sql``). The ``agency`` facet counts an
instrument under its lead agency and under each partner agency.

Text search (``analyser.search.text`` for tokens, ``analyser.search.postings`` for term expansion):
a document matches when every query term matches at least one of its expansions (exact, prefix, fuzzy);
when no document matches all terms, documents matching any term are returned instead. Its score is

    score(d) = Σ_terms max_{(t, w) ∈ expansions(term)} w · idf(t) · tf·(k1+1) / (tf + k1·(1−b+b·dl/avgdl))

where tf = tf(t, d), dl = dl(d), idf(t) = ln(1 + (N − df(t) + 0.5)/(df(t) + 0.5)), k1 = 1.2, b = 0.75,
tf and dl weighted by field (names ×3, tag labels ×2, the rest ×1; ``FIELD_WEIGHTS``), w = 1 exact,
0.7 prefix, 0.6 / 0.4 fuzzy at edit distance 1 / 2.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np

from analyser.lists import FacetBits, all_of, facet_counts, pack, unpack
from analyser.search.bulk import Tail, count_terms
from analyser.search.facets import FACETS, facet_column, facet_values
from analyser.search.postings import MERGE_AT, Postings
from analyser.search.ranking import SORTS, name_order, page_in_order, page_slots
from analyser.search.text import surface_words, tokens, weighted_terms
from catalogue.instruments.snapshot import InstrumentSnap

__all__ = ["FACETS", "SORTS", "SearchIndex", "SearchQuery", "SearchResult"]

K1, B = 1.2, 0.75
NA = -1
LANGS = ("nn", "nb", "en")


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    filters: Mapping[str, frozenset[str]] = field(default_factory=dict)
    min_amount: int | None = None
    max_amount: int | None = None
    # The amount filter uses the agencies' own figures; a third party's figure (a consultancy's) counts only
    # when this is set, and the list then says that it includes unofficial figures.
    unofficial_amounts: bool = False
    min_intensity: int | None = None
    deadline_before: dt.date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 50
    lang: str = "nn"
    open_facets: bool = False  # count a filtered facet without its own filter (``analyser.lists``)


@dataclass
class SearchResult:
    total: int
    items: list[tuple[InstrumentSnap, float]]
    facets: dict[str, list[tuple[str, int]]]
    suggestions: list[str]


class SearchIndex:
    """``lock``: held by every read and write (the web app passes a ``threading.RLock``, since requests
    search while an edit upserts; the default does no locking, for single-threaded use)."""

    def __init__(self, lock: AbstractContextManager[Any] | None = None) -> None:
        self._lock = lock if lock is not None else nullcontext()
        self._snaps: list[InstrumentSnap | None] = []
        self._slot: dict[str, int] = {}
        self._cap = 0
        self._alive = np.zeros(0, np.uint64)
        self._bits = FacetBits(FACETS)
        self._text = Postings()
        self._amount = np.zeros(0, np.int64)
        self._unofficial = np.zeros(0, np.bool_)  # max_amount_nok is a third party's figure
        self._intensity = np.zeros(0, np.int16)
        self._deadline = np.zeros(0, np.int32)
        self._continuous = np.zeros(0, np.bool_)
        self._dl = np.zeros(0, np.float32)
        self._total_dl = 0.0
        self._ranks: dict[str, np.ndarray] = {}
        self._orders: dict[tuple[str, str], np.ndarray] = {}

    # ---- building and updating --------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        instruments: Iterable[InstrumentSnap],
        tail: Tail | None = None,
        *,
        lock: AbstractContextManager[Any] | None = None,
    ) -> SearchIndex:
        """The index of ``instruments``; ``tail``: the terms of the last ones, being counted elsewhere
        (``analyser.search.bulk.count_terms``; ``web.startup.build_search_index`` forks for it)."""
        snaps = list({i.slug: i for i in instruments}.values())
        n = len(snaps)
        index = cls(lock)
        index._grow(n)
        index._snaps = cast("list[InstrumentSnap | None]", snaps)
        index._slot = {s.slug: k for k, s in enumerate(snaps)}

        def facets_and_numbers() -> None:  # done while a child process counts half of the terms
            for facet in FACETS:
                index._bits.load(facet, facet_column(facet, snaps))
            alive = np.zeros(index._cap, np.bool_)
            alive[:n] = True
            index._alive = pack(alive)
            index._amount[:n] = [NA if s.max_amount_nok is None else s.max_amount_nok for s in snaps]
            index._unofficial[:n] = [s.amount_unofficial for s in snaps]
            index._intensity[:n] = [
                NA if s.aid_intensity_max_pct is None else s.aid_intensity_max_pct for s in snaps
            ]
            index._deadline[:n] = [
                NA if s.next_deadline is None else s.next_deadline.toordinal() for s in snaps
            ]
            index._continuous[:n] = [s.deadline_kind == "continuous" for s in snaps]

        batches, dl = count_terms(
            snaps,
            lambda tok: index._text.tid(tok, keep_sorted=False),
            meanwhile=facets_and_numbers,
            tail=tail,
        )
        index._dl[:n] = dl
        index._total_dl = float(dl.sum(dtype=np.float64))
        index._text.load(batches, n, index._cap)
        return index

    def upsert(self, instrument: InstrumentSnap) -> None:
        with self._lock:
            slot = self._slot.get(instrument.slug)
            old = None if slot is None else self._snaps[slot]
            if slot is None:
                slot = len(self._snaps)
                self._grow(slot + 1)
                self._snaps.append(None)
                self._slot[instrument.slug] = slot
            else:
                self._clear(slot)
            self._snaps[slot] = instrument
            self._bits.set(slot, facet_values(instrument), on=True)
            self._alive[slot >> 6] |= np.uint64(1 << (slot & 63))
            tf, dl = weighted_terms(instrument)
            self._set_scalars(slot, instrument, dl)
            self._text.add(slot, tf)
            if old is None or _sort_fields(old) != _sort_fields(instrument):
                self._ranks.clear()  # recomputed on next use (~0.15 s at 100 000 instruments)
                self._orders.clear()
            if len(self._text.delta_docs) > max(MERGE_AT, len(self._slot) // 20):
                self._text.merge(self._cap)

    def remove(self, slug: str) -> None:
        with self._lock:
            slot = self._slot.pop(slug, None)
            if slot is not None:
                self._clear(slot)
                self._snaps[slot] = None
                # name ranks and sort orders stay valid: every query starts from the live slots

    def _clear(self, slot: int) -> None:
        old = self._snaps[slot]
        if old is not None:
            self._bits.set(slot, facet_values(old), on=False)
        self._alive[slot >> 6] &= ~np.uint64(1 << (slot & 63))
        self._text.drop(slot)
        self._total_dl -= float(self._dl[slot])
        self._dl[slot] = 0.0

    def _set_scalars(self, slot: int, s: InstrumentSnap, dl: float) -> None:
        self._amount[slot] = NA if s.max_amount_nok is None else s.max_amount_nok
        self._unofficial[slot] = s.amount_unofficial
        self._intensity[slot] = NA if s.aid_intensity_max_pct is None else s.aid_intensity_max_pct
        self._deadline[slot] = NA if s.next_deadline is None else s.next_deadline.toordinal()
        self._continuous[slot] = s.deadline_kind == "continuous"
        self._dl[slot] = dl
        self._total_dl += dl

    def _grow(self, needed: int) -> None:
        if needed <= self._cap:
            return
        cap = max(64, -(-max(needed, int(self._cap * 1.5)) // 64) * 64)

        def widen(a: np.ndarray, size: int, fill: int | float = 0) -> np.ndarray:
            out = np.full(size, fill, a.dtype)
            out[: len(a)] = a
            return out

        self._alive = widen(self._alive, cap // 64)
        self._amount = widen(self._amount, cap, NA)
        self._unofficial = widen(self._unofficial, cap)
        self._intensity = widen(self._intensity, cap, NA)
        self._deadline = widen(self._deadline, cap, NA)
        self._continuous = widen(self._continuous, cap)
        self._dl = widen(self._dl, cap)
        self._bits.grow(cap // 64)
        self._text.grow(cap)
        self._cap = cap

    # ---- reading ----------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._slot)

    def get(self, slug: str) -> InstrumentSnap | None:
        slot = self._slot.get(slug)
        return None if slot is None else self._snaps[slot]

    def search(self, query: SearchQuery) -> SearchResult:
        if query.sort not in SORTS:
            raise ValueError(f"unknown sort {query.sort!r}; allowed: {', '.join(SORTS)}")
        unknown = set(query.filters) - set(FACETS)
        if unknown:
            raise ValueError(f"unknown facet {sorted(unknown)!r}; allowed: {', '.join(FACETS)}")
        with self._lock:
            base = self._number_mask(query)
            masks = self._bits.masks(query.filters)
            mask = all_of(base, masks)
            text: TextMatch | None = None
            suggestions: list[str] = []
            terms = tokens(query.text)
            if terms:
                text, suggestions = self._text_match(terms)
                mask = text.within(mask)
            scores = None if text is None else text.scores
            total = int(np.bitwise_count(mask).sum())
            narrow = None if text is None else text.within
            facets = facet_counts(self._bits, base, masks, own_open=query.open_facets, narrow=narrow)
            if scores is not None and query.sort == "relevance":
                slots = page_slots(
                    np.flatnonzero(unpack(mask)), -scores, self._rank(query.lang), query.page, query.per_page
                )
            else:
                slots = page_in_order(
                    self._order(query.sort, query.lang), unpack(mask), query.page, query.per_page
                )
            items = [
                (self._snaps[s], round(float(scores[s]), 4) if scores is not None else 0.0)
                for s in slots.tolist()
            ]
            return SearchResult(total, items, facets, suggestions)

    def _number_mask(self, q: SearchQuery) -> np.ndarray:
        """The live slots that meet the amount, intensity and deadline conditions (facets apart)."""
        mask = self._alive.copy()
        dense = None
        if q.min_amount is not None or q.max_amount is not None:
            dense = self._amount != NA
            if not q.unofficial_amounts:
                dense &= ~self._unofficial  # never silently: see SearchQuery.unofficial_amounts
            if q.min_amount is not None:
                dense &= self._amount >= q.min_amount
            if q.max_amount is not None:
                dense &= self._amount <= q.max_amount
        if q.min_intensity is not None:
            cond = (self._intensity != NA) & (self._intensity >= q.min_intensity)
            dense = cond if dense is None else dense & cond
        if q.deadline_before is not None:
            dl = self._deadline
            cond = self._continuous | ((dl != NA) & (dl <= q.deadline_before.toordinal()))
            dense = cond if dense is None else dense & cond
        if dense is not None:
            mask &= pack(dense)
        return mask

    def _text_match(self, terms: list[str]) -> tuple[TextMatch, list[str]]:
        n = max(len(self._slot), 1)
        avgdl = max(self._total_dl / n, 1e-9)
        total = np.zeros(self._cap, np.float32)
        every = np.ones(self._cap, np.bool_)
        suggestions: list[str] = []
        for term in dict.fromkeys(terms):
            expansions = self._text.expand(term)
            per_term = np.zeros(self._cap, np.float32)
            for t, w, _ in expansions:
                slots, tfs = self._text.postings(t)
                if not len(slots):
                    continue
                df = float(self._text.df[t])
                idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
                norm = tfs * (K1 + 1) / (tfs + K1 * (1 - B + B * self._dl[slots] / avgdl))
                per_term[slots] = np.maximum(per_term[slots], (w * idf) * norm)
            if term not in self._text.vocab:
                suggestions += self._suggest(expansions)
            total += per_term
            every &= per_term > 0
        return TextMatch(total, pack(every)), list(dict.fromkeys(suggestions))

    def _suggest(self, expansions: list[tuple[int, float, int]]) -> list[str]:
        """Up to three vocabulary words an unknown term was expanded to, as written in the catalogue."""
        ranked = sorted((d, -w, -int(self._text.df[t]), t) for t, w, d in expansions)
        return [self._surface(t) for _, _, minus_df, t in ranked[:3] if minus_df]

    def _surface(self, t: int) -> str:
        token = self._text.tokens[t]
        slots, _ = self._text.postings(t)
        snap = self._snaps[int(slots[0])] if len(slots) else None
        if snap is not None:
            for tok, word in surface_words(" ".join(x for x in (snap.text(), snap.facts_note) if x)):
                if tok == token:
                    return word
        return token

    def _rank(self, lang: str) -> np.ndarray:
        """Position of every slot in name order for a language (recomputed on first use after an edit
        that moves an instrument)."""
        lang = lang if lang in LANGS else "nn"
        rank = self._ranks.get(lang)
        if rank is None:
            slots = list(self._slot.values())
            names = [self._snaps[s].name(lang) for s in slots]  # type: ignore[union-attr]
            order = [slots[k] for k in name_order(names)]
            rank = np.zeros(self._cap, np.int64)
            rank[order] = np.arange(len(order))
            self._ranks[lang] = rank
        return rank

    def _order(self, sort: str, lang: str) -> np.ndarray:
        """Every live slot in the order of a non-text sort, ties by name (recomputed after an edit that
        moves an instrument)."""
        key = (sort if sort in ("deadline", "amount") else "name", lang if lang in LANGS else "nn")
        order = self._orders.get(key)
        if order is None:
            rank = self._rank(key[1])
            live = np.flatnonzero(unpack(self._alive))
            if key[0] == "deadline":
                far = dt.date.max.toordinal()
                undated = np.where(self._continuous, far, far + 1)
                primary = np.where(self._deadline != NA, self._deadline, undated)
            elif key[0] == "amount":
                primary = np.where(self._amount != NA, -self._amount, 1)
            else:
                primary = np.zeros(self._cap, np.int64)
            order = live[np.lexsort((rank[live], primary[live]))]
            self._orders[key] = order
        return order


class TextMatch:
    """The BM25 scores of a search text and the slots it matches under a filter: those matching every
    term, or, when the filter leaves none of them, those matching any term."""

    def __init__(self, scores: np.ndarray, every: np.ndarray) -> None:
        self.scores = scores
        self.every = every
        self._some: np.ndarray | None = None

    def within(self, mask: np.ndarray) -> np.ndarray:
        if np.bitwise_count(self.every & mask).any():
            matched: np.ndarray = mask & self.every
            return matched
        if self._some is None:
            self._some = pack(self.scores > 0)
        matched = mask & self._some
        return matched


def _sort_fields(s: InstrumentSnap) -> tuple[object, ...]:
    """What the name ranks and the sort orders depend on: an edit that leaves these alone keeps them."""
    return (s.name_nb, s.name_nn, s.name_en, s.max_amount_nok, s.next_deadline, s.deadline_kind)
