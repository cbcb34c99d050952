"""Funded projects like a consortium's, and the precedents of each instrument of its path (issue 15 item 5;
method in docs/paths.md, "Funded projects like yours").

``PrecedentIndex.build(chunks, instrument_chains=..., sources=...)`` reads the activities chunk by chunk
(``catalogue.awards.snapshot.AwardRows``) and keeps only columns: numpy arrays of codes, years, outcomes,
amounts, county codes, value-chain and sector-kind bit masks, the titles and references as one utf-8 buffer
each, and a sparse TF-IDF matrix (terms of ``analyser.paths.precedent_text``, binary term frequency, smoothed
idf, l2-normalised rows, stored by column so a query reads only the columns of its own terms).

``similar(profile)`` scores every activity::

    score = 0.60 · cosine(text) + 0.15 · same county + 0.15 · shares a value chain
            + 0.10 · an organisation of a kind the consortium has

over the activities that share a term or a value chain with the profile, best ``limit`` first.
``precedents(profile, slugs, since)`` counts, per instrument, the funded and the rejected activities in the
profile's county and value chains from ``since``; ``coverage(profile, since)`` says which sources and years
that rests on, and where a source cannot show the county or the years.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from analyser.paths.precedent_text import CHAIN_WORDS
from catalogue.awards.snapshot import FUNDED_OUTCOMES
from catalogue.instruments.snapshot import ConsortiumSnap

WEIGHTS = {"text": 0.60, "county": 0.15, "value_chain": 0.15, "organisation_kind": 0.10}
OUTCOMES = ("granted", "running", "finished", "rejected", "unknown")
SECTOR_KINDS = ("business", "higher_education", "institute", "health", "public", "other", "abroad")
# the sector kinds a consortium member of each role is (members without a role: business)
ROLE_KINDS: dict[str | None, tuple[str, ...]] = {
    "lead": ("business",),
    "partner": ("business",),
    "facilitator": ("business", "other", "public"),
    "municipality": ("public",),
    "research_partner": ("higher_education", "institute"),
    None: ("business",),
}
_CHAINS = tuple(CHAIN_WORDS)


def chain_mask(chains: Iterable[str]) -> int:
    return sum(1 << _CHAINS.index(c) for c in set(chains) if c in _CHAINS)


def kind_mask(kinds: Iterable[str]) -> int:
    return sum(1 << SECTOR_KINDS.index(k) for k in set(kinds) if k in SECTOR_KINDS)


def profile_kinds(profile: ConsortiumSnap) -> tuple[str, ...]:
    kinds = {k for m in profile.members for k in ROLE_KINDS.get(m.role, ROLE_KINDS[None])}
    return tuple(k for k in SECTOR_KINDS if k in kinds)


class Strings:
    """Many short texts in one utf-8 buffer (no object per text; the buffer grows in place)."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self._lengths: list[np.ndarray] = []
        self.offsets = np.zeros(1, np.int64)

    def extend(self, texts: Sequence[str | None]) -> None:
        encoded = [(t or "").encode() for t in texts]
        self.buffer += b"".join(encoded)
        self._lengths.append(np.array([len(e) for e in encoded], np.int64))

    def close(self) -> None:
        lengths = np.concatenate(self._lengths) if self._lengths else np.zeros(0, np.int64)
        self.offsets = np.concatenate(([0], np.cumsum(lengths)))
        self._lengths = []

    def __getitem__(self, i: int) -> str:
        return self.buffer[self.offsets[i] : self.offsets[i + 1]].decode()


class Codes:
    """A column of repeated strings as integer codes (``None`` → -1)."""

    def __init__(self) -> None:
        self.values: list[str] = []
        self._code: dict[str, int] = {}
        self._chunks: list[np.ndarray] = []
        self.array = np.zeros(0, np.int32)

    def code(self, value: str | None) -> int:
        if value is None:
            return -1
        found = self._code.get(value)
        if found is None:
            found = self._code[value] = len(self.values)
            self.values.append(value)
        return found

    def extend(self, values: Sequence[str | None]) -> None:
        get = self._code.get
        codes = [-1 if v is None else get(v, -2) for v in values]
        if -2 in codes:
            codes = [self.code(v) for v in values]
        self._chunks.append(np.array(codes, np.int32))

    def close(self) -> None:
        self.array = np.concatenate(self._chunks) if self._chunks else np.zeros(0, np.int32)
        self._chunks = []

    def value(self, i: int) -> str | None:
        c = int(self.array[i])
        return self.values[c] if c >= 0 else None

    def of(self, value: str | None) -> int:
        """The code of ``value`` (-2 if it never occurs)."""
        return -1 if value is None else self._code.get(value, -2)


def _ints(values: Sequence[int | None], missing: int, dtype: type) -> np.ndarray:
    return np.fromiter((missing if x is None else x for x in values), dtype, len(values))


@dataclass(frozen=True)
class SimilarProject:
    """A funded (or rejected) activity like the consortium's, with what made it similar."""

    source: str
    ref: str
    title: str
    funder: str
    programme_code: str | None
    programme_name: str | None
    instrument: str | None
    outcome: str  # granted / running / finished / rejected / unknown
    currency: str
    granted_minor: int | None
    applied_minor: int | None
    year: int | None
    county: str | None
    score: float
    matches: tuple[str, ...]  # of WEIGHTS: text, county, value_chain, organisation_kind

    @property
    def funded(self) -> bool:
        return self.outcome in FUNDED_OUTCOMES

    @property
    def rejected(self) -> bool:
        return self.outcome == "rejected"
