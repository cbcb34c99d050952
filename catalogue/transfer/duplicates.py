"""Which instrument already in the catalogue an imported record most likely describes, without comparing
the record with every instrument.

Two instruments are taken as one when they have the same source URL (any agency), or the same agency and
names so close that rapidfuzz's ``token_set_ratio`` (case-folded, best pair of the nb/nn/en names) reaches
the threshold. Only the second needs fuzzy matching, and it is done within *blocks*: the instruments of
the record's agency that share a word start (the first four letters of a word of a name, so that
``miljøteknologi`` and ``miljoteknologi`` meet) with the record. A word start that a thousand instruments
of one agency share (``tilskudd``, ``for``) says little: such blocks are skipped, unless every block of
the record is that large (then the smallest is searched). The outcome is the one of comparing with every
instrument (first by slug order among equal scores) for every pair that shares a word start in a block
that is searched.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue.instruments.models import Instrument
from catalogue.instruments.schemas import InstrumentIn

MERGE_THRESHOLD = 90.0  # rapidfuzz token_set_ratio on names within one agency
MAX_BLOCK = 1000  # instruments of one agency sharing a word start; larger blocks are skipped
PREFIX = 4
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Known:
    slug: str
    agency: str
    names: tuple[str, ...]  # case-folded; ("",) when the instrument has none


def names_of(*names: str | None) -> tuple[str, ...]:
    folded = [n.casefold() for n in names if n]
    return tuple(dict.fromkeys(folded)) if len(folded) > 1 else tuple(folded) or ("",)


def word_starts(names: Iterable[str]) -> set[str]:
    return {w[:PREFIX] for n in names for w in _WORD.findall(n)}


class DuplicateIndex:
    """The catalogue's instruments by source URL and by (agency, word start), in slug order."""

    def __init__(self, rows: Iterable[tuple[str, str, str | None, str | None, str | None, str | None]]):
        self.known: list[Known] = []
        self.by_url: dict[str, list[int]] = defaultdict(list)
        self.blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
        for n, (slug, agency, nb, nn, en, url) in enumerate(rows):
            known = Known(slug, agency, names_of(nb, nn, en))
            self.known.append(known)
            if url:
                self.by_url[url.rstrip("/")].append(n)
            for start in word_starts(known.names):
                self.blocks[(agency, start)].append(n)

    @classmethod
    def load(cls, session: Session) -> DuplicateIndex:
        i = Instrument
        query = select(i.slug, i.agency_code, i.name_nb, i.name_nn, i.name_en, i.source_url).order_by(i.slug)
        return cls(session.execute(query).tuples())

    def candidates(self, agency: str, names: tuple[str, ...]) -> list[int]:
        """Positions (slug order) of the instruments of ``agency`` in the blocks searched for ``names``."""
        blocks = [self.blocks.get((agency, s), []) for s in word_starts(names)]
        blocks = [b for b in blocks if b]
        if not blocks:
            return []
        small = [b for b in blocks if len(b) <= MAX_BLOCK] or [min(blocks, key=len)]
        return sorted({n for b in small for n in b})

    def find(
        self, rec: InstrumentIn, exclude: Collection[str] = (), threshold: float = MERGE_THRESHOLD
    ) -> tuple[str, str] | None:
        """(slug, reason) of the instrument ``rec`` most likely describes, leaving out ``exclude``."""
        if rec.source_url:
            for n in self.by_url.get(rec.source_url.rstrip("/"), []):
                if self.known[n].slug not in exclude:
                    return self.known[n].slug, f"same source_url {rec.source_url}"
        names = names_of(rec.name_nb, rec.name_nn, rec.name_en)
        flat = [(n, b) for n in self.candidates(rec.agency, names) for b in self.known[n].names]
        if exclude:
            flat = [(n, b) for n, b in flat if self.known[n].slug not in exclude]
        choices = [b for _, b in flat]
        best: tuple[float, int] | None = None  # (score, position): the highest score, first in slug order
        for a in names:
            scored = process.extract(
                a, choices, scorer=fuzz.token_set_ratio, score_cutoff=threshold, limit=None
            )
            for _, score, k in scored:
                n = flat[k][0]
                if best is None or score > best[0] or (score == best[0] and n < best[1]):
                    best = (score, n)
        if best is None:
            return None
        known = self.known[best[1]]
        return known.slug, f"name similarity {best[0]:.0f} within agency {known.agency}"
