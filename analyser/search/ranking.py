"""Ordering of search results and cutting out one page without sorting every match.

Sorts: ``relevance`` (score descending, then name; without search text it is name order), ``deadline``
(next deadline first, then continuous instruments, then those without a known deadline), ``amount``
(largest ``max_amount_nok`` first, unknown last) and ``name``. Ties are always broken by name in the
query language (Norwegian alphabet: æ, ø, å after z), so pages are stable.
"""

from __future__ import annotations

import numpy as np

from analyser.lists import Page

SORTS = ("relevance", "deadline", "amount", "name")
_NORWEGIAN = (("æ", "{"), ("ø", "|"), ("å", "}"), ("ä", "{"), ("ö", "|"))  # after z, in this order


def name_key(name: str) -> str:
    key = name.casefold()
    if not key.isascii():  # str.replace per letter: ~5x faster than str.translate with a table
        for letter, after_z in _NORWEGIAN:
            key = key.replace(letter, after_z)
    return key


def name_order(names: list[str]) -> list[int]:
    """Positions of ``names`` in ``name_key`` order (stable). The keys are made in one pass over all names
    joined, so 100 000 names sort in about a tenth of a second."""
    if any("\x00" in n for n in names):
        keys = [name_key(n) for n in names]
    else:
        keys = name_key("\x00".join(names)).split("\x00")
    return sorted(range(len(names)), key=keys.__getitem__)


def page_slots(
    cands: np.ndarray, primary: np.ndarray, rank: np.ndarray, page: int, per_page: int
) -> np.ndarray:
    """Page ``page`` of the candidate slots ordered by ``primary[slot]`` ascending, ties by ``rank``.

    Only the candidates at or before the page's last position by primary key are fully sorted.
    """
    start, end = _bounds(page, per_page)
    if start >= len(cands):
        return cands[:0]
    keys = primary[cands]
    if end < len(cands):
        threshold = np.partition(keys, end - 1)[end - 1]
        keep = keys <= threshold
        cands, keys = cands[keep], keys[keep]
    order = np.lexsort((rank[cands], keys))
    return cands[order[start:end]]


def page_in_order(order: np.ndarray, selected: np.ndarray, page: int, per_page: int) -> np.ndarray:
    """Page ``page`` of the slots of a precomputed ``order`` whose ``selected`` flag is set."""
    start, end = _bounds(page, per_page)
    return order[selected[order]][start:end]


def _bounds(page: int, per_page: int) -> tuple[int, int]:
    found = Page.of(page, per_page, 0, clamp=False)
    return found.offset, found.end
