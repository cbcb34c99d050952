"""The list component every faceted list shares (the instrument list, the gap findings): packed bitsets per
facet value, the facet counting rule, and page arithmetic.

- ``FacetBits``: per facet, one packed bitset per value (row = value, bit = item position). Filtering ORs
  the rows of the chosen values within a facet and ANDs across facets; counting a facet under a filter is
  one AND plus one popcount over its matrix. The search index (``analyser.search.index``) keeps one for the
  instruments and updates it in place; ``FacetIndex`` builds one over any fixed list of items.
- ``facet_counts``: counts per facet value. With ``own_open`` a facet with chosen values is counted without
  its own filter, so its other values stay visible with the number they would add (values within a facet
  are OR-ed), as the list pages show them.
- ``Page``: which slice of the matches one page shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Generic, TypeVar

import numpy as np

T = TypeVar("T")
FacetValues = Mapping[str, Sequence[str]]  # facet → the values one item counts under
Counts = dict[str, list[tuple[str, int]]]  # facet → (value, count), most frequent first
MAX_PAGE_SIZE = 100_000


class FacetBits:
    """Per facet, a matrix of packed bitsets: row = facet value, bit = item position (slot)."""

    def __init__(self, facets: Sequence[str], words: int = 0) -> None:
        self.facets = tuple(facets)
        self.words = words
        self.values: dict[str, list[str]] = {f: [] for f in self.facets}
        self.rows: dict[str, dict[str, int]] = {f: {} for f in self.facets}
        self.bits: dict[str, np.ndarray] = {f: np.zeros((0, words), np.uint64) for f in self.facets}

    def grow(self, words: int) -> None:
        for f, m in self.bits.items():
            grown = np.zeros((m.shape[0], words), np.uint64)
            grown[:, : m.shape[1]] = m
            self.bits[f] = grown
        self.words = words

    def _row(self, facet: str, value: str) -> int:
        row = self.rows[facet].get(value)
        if row is None:
            row = len(self.values[facet])
            self.values[facet].append(value)
            self.rows[facet][value] = row
            self.bits[facet] = np.vstack([self.bits[facet], np.zeros((1, self.words), np.uint64)])
        return row

    def set(self, slot: int, values: FacetValues, on: bool) -> None:
        word, bit = slot >> 6, np.uint64(1 << (slot & 63))
        for facet, vals in values.items():
            for v in vals:
                if on:
                    r = self._row(facet, v)
                    self.bits[facet][r, word] |= bit
                else:
                    self.bits[facet][self.rows[facet][v], word] &= ~bit

    def load(self, facet: str, column: Sequence[Sequence[str]]) -> None:
        """Bulk-set the bitsets of one facet from its column of values (slot k = column[k])."""
        flat = list(chain.from_iterable(column))
        for value in sorted(set(flat) - self.rows[facet].keys()):
            self._row(facet, value)
        rows = np.fromiter(map(self.rows[facet].__getitem__, flat), np.int64, len(flat))
        slots = np.repeat(np.arange(len(column)), np.fromiter(map(len, column), np.int64, len(column)))
        dense = np.zeros((len(self.values[facet]), self.words * 64), np.bool_)
        dense[rows, slots] = True
        self.bits[facet] |= pack(dense)

    def any_of(self, facet: str, values: frozenset[str]) -> np.ndarray:
        rows = [self.rows[facet][v] for v in values if v in self.rows[facet]]
        if not rows:
            return np.zeros(self.words, np.uint64)
        hit: np.ndarray = np.bitwise_or.reduce(self.bits[facet][rows], axis=0)
        return hit

    def masks(self, filters: Mapping[str, frozenset[str]]) -> dict[str, np.ndarray]:
        """The bitset of every filtered facet: its chosen values OR-ed (facets without values left out)."""
        return {facet: self.any_of(facet, frozenset(values)) for facet, values in filters.items() if values}

    def counts(self, facet: str, mask: np.ndarray) -> list[tuple[str, int]]:
        """(value, count) of the values with items under ``mask``, most frequent first, ties by value."""
        n = np.bitwise_count(self.bits[facet] & mask).sum(axis=1, dtype=np.int64)
        vals = self.values[facet]
        pairs = [(vals[r], int(c)) for r, c in enumerate(n.tolist()) if c]
        pairs.sort(key=lambda p: (-p[1], p[0]))
        return pairs


def all_of(base: np.ndarray, masks: Mapping[str, np.ndarray], skip: str | None = None) -> np.ndarray:
    """``base`` AND the mask of every facet except ``skip``."""
    out = base.copy()
    for facet, mask in masks.items():
        if facet != skip:
            out &= mask
    return out


def facet_counts(
    bits: FacetBits,
    base: np.ndarray,
    masks: Mapping[str, np.ndarray],
    *,
    own_open: bool = True,
    narrow: Callable[[np.ndarray], np.ndarray] | None = None,
) -> Counts:
    """Counts of every facet's values under ``base`` AND the facet ``masks`` (``FacetBits.masks``).

    ``own_open``: a facet with a mask is counted without it (the others still apply). ``narrow`` turns a
    filter mask into the mask of the items it shows (e.g. AND the text matches), applied to every mask
    counted under."""
    shown = narrow or (lambda m: m)
    full = shown(all_of(base, masks))
    return {
        f: bits.counts(f, shown(all_of(base, masks, skip=f)) if own_open and f in masks else full)
        for f in bits.facets
    }


@dataclass(frozen=True)
class Selection:
    positions: list[int]  # of the matching items, in list order
    counts: Counts


class FacetIndex(Generic[T]):
    """A fixed list of items with the bitsets of their facet values, built once: filter and count."""

    def __init__(self, items: Sequence[T], facets: Sequence[str], values: Callable[[T], FacetValues]) -> None:
        self.items = tuple(items)
        self.values = tuple(values(i) for i in self.items)
        n = len(self.items)
        self.bits = FacetBits(facets, max(1, -(-n // 64)))
        for facet in self.bits.facets:
            self.bits.load(facet, [v.get(facet, ()) for v in self.values])
        alive = np.zeros(self.bits.words * 64, np.bool_)
        alive[:n] = True
        self.alive = pack(alive)

    def select(self, filters: Mapping[str, frozenset[str]]) -> Selection:
        """The items with a chosen value in every filtered facet, and the facet counts (``own_open``)."""
        masks = self.bits.masks(filters)
        hit = all_of(self.alive, masks)
        return Selection(np.flatnonzero(unpack(hit)).tolist(), facet_counts(self.bits, self.alive, masks))


@dataclass(frozen=True)
class Page:
    """Page ``number`` (from 1) of ``size`` items out of ``total``."""

    number: int
    size: int
    total: int

    @classmethod
    def of(cls, number: int, size: int, total: int, *, clamp: bool = True) -> Page:
        """Sizes kept within 1..``MAX_PAGE_SIZE``, numbers from 1; ``clamp``: not past the last page."""
        size = max(1, min(size, MAX_PAGE_SIZE))
        page = cls(max(number, 1), size, total)
        return cls(min(page.number, page.pages), size, total) if clamp else page

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def end(self) -> int:
        return self.offset + self.size

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    def slice(self, items: Sequence[T]) -> Sequence[T]:
        return items[self.offset : self.end]


def pack(dense: np.ndarray) -> np.ndarray:
    """Bool array (last axis a multiple of 64) → packed uint64 words, bit i of word w = slot 64·w + i."""
    return np.packbits(dense, axis=-1, bitorder="little").view(np.uint64)


def unpack(bits: np.ndarray) -> np.ndarray:
    return np.unpackbits(bits.view(np.uint8), bitorder="little").view(np.bool_)
