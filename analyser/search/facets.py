"""Facet values of an instrument and the packed bitsets the search index keeps per facet value.

Facet rules (the SQL side, ``catalogue.instruments.repository.facet_counts_sql``, applies the same ones):

- ``agency``: the lead agency AND every partner agency, so a joint scheme counts under each of them;
- ``type``, ``applicant``, ``stage``, ``value_chain``, ``mission``, ``funding_form``: the instrument's
  tags (an instrument without tags of a facet is counted under no value of it);
- ``consortium``: ``consortium_eligibility`` (yes / no / partial), ``unknown`` when NULL;
- ``status``: active / closed, ``unknown`` when NULL;
- ``deadline_kind``: continuous / calls / annual, ``unknown`` when NULL;
- ``county``: ``national`` for national instruments; a regional one counts under each of its county
  codes, or under ``all_counties`` when its county list is empty; ``unknown`` when the geography is NULL
  and no county is listed (a NULL geography with counties listed counts under those counties).
"""

from __future__ import annotations

from itertools import chain
from operator import attrgetter

import numpy as np

from catalogue.instruments.snapshot import InstrumentSnap

FACETS = (
    "agency",
    "type",
    "applicant",
    "consortium",
    "stage",
    "value_chain",
    "mission",
    "county",
    "status",
    "funding_form",
    "deadline_kind",
)

TAG_ATTRS = {
    "type": "types",
    "applicant": "applicants",
    "stage": "stages",
    "value_chain": "value_chains",
    "mission": "missions",
    "funding_form": "funding_forms",
}
SCALAR_ATTRS = {"consortium": "consortium_eligibility", "status": "status", "deadline_kind": "deadline_kind"}
UNKNOWN = "unknown"


def county_values(i: InstrumentSnap) -> tuple[str, ...]:
    if i.geography == "national":
        return ("national",)
    if i.counties:
        return tuple(dict.fromkeys(i.counties))
    if i.geography == "regional":
        return ("all_counties",)
    return (UNKNOWN,)


def facet_values(i: InstrumentSnap) -> dict[str, tuple[str, ...]]:
    """The values an instrument counts under, per facet (each value once)."""
    out: dict[str, tuple[str, ...]] = {"agency": tuple(dict.fromkeys(i.all_agencies))}
    for facet, attr in TAG_ATTRS.items():
        out[facet] = tuple(dict.fromkeys(getattr(i, attr)))
    for facet, attr in SCALAR_ATTRS.items():
        out[facet] = (getattr(i, attr) or UNKNOWN,)
    out["county"] = county_values(i)
    return out


def facet_column(facet: str, snaps: list[InstrumentSnap]) -> list[tuple[str, ...]]:
    """The values of one facet for every instrument (``facet_values`` by column; duplicates allowed)."""
    if facet in TAG_ATTRS:
        return list(map(attrgetter(TAG_ATTRS[facet]), snaps))
    if facet in SCALAR_ATTRS:
        return [(v or UNKNOWN,) for v in map(attrgetter(SCALAR_ATTRS[facet]), snaps)]
    if facet == "agency":
        return list(map(attrgetter("all_agencies"), snaps))
    return list(map(county_values, snaps))


class FacetBits:
    """Per facet, a matrix of packed bitsets: row = facet value, bit = index slot.

    Counting a facet under a filter is one AND plus one popcount over the whole matrix.
    """

    def __init__(self, words: int) -> None:
        self.words = words
        self.values: dict[str, list[str]] = {f: [] for f in FACETS}
        self.rows: dict[str, dict[str, int]] = {f: {} for f in FACETS}
        self.bits: dict[str, np.ndarray] = {f: np.zeros((0, words), np.uint64) for f in FACETS}

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

    def set(self, slot: int, values: dict[str, tuple[str, ...]], on: bool) -> None:
        word, bit = slot >> 6, np.uint64(1 << (slot & 63))
        for facet, vals in values.items():
            for v in vals:
                if on:
                    r = self._row(facet, v)
                    self.bits[facet][r, word] |= bit
                else:
                    self.bits[facet][self.rows[facet][v], word] &= ~bit

    def load(self, facet: str, column: list[tuple[str, ...]]) -> None:
        """Bulk-set the bitsets of one facet from its ``facet_column`` (slot k = column[k])."""
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
        return np.bitwise_or.reduce(self.bits[facet][rows], axis=0)

    def counts(self, facet: str, mask: np.ndarray) -> list[tuple[str, int]]:
        n = np.bitwise_count(self.bits[facet] & mask).sum(axis=1, dtype=np.int64)
        vals = self.values[facet]
        pairs = [(vals[r], int(c)) for r, c in enumerate(n.tolist()) if c]
        pairs.sort(key=lambda p: (-p[1], p[0]))
        return pairs


def pack(dense: np.ndarray) -> np.ndarray:
    """Bool array (last axis a multiple of 64) → packed uint64 words, bit i of word w = slot 64·w + i."""
    return np.packbits(dense, axis=-1, bitorder="little").view(np.uint64)


def unpack(bits: np.ndarray) -> np.ndarray:
    return np.unpackbits(bits.view(np.uint8), bitorder="little").view(np.bool_)
