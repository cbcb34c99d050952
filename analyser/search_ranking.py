"""Ordering of search results and cutting out one page without sorting every match.

Sorts: ``relevance`` (score descending, then name; without search text it is name order), ``deadline``
(next deadline first, then continuous instruments, then those without a known deadline), ``amount``
(largest ``max_amount_nok`` first, unknown last) and ``name``. Ties are always broken by name in the
query language (Norwegian alphabet: æ, ø, å after z), so pages are stable.
"""

from __future__ import annotations

import numpy as np

SORTS = ("relevance", "deadline", "amount", "name")
_NORWEGIAN = str.maketrans({"æ": "{", "ø": "|", "å": "}", "ä": "{", "ö": "|"})


def name_key(name: str) -> str:
    return name.casefold().translate(_NORWEGIAN)


def page_slots(cands: np.ndarray, scores: np.ndarray | None, key: np.ndarray | None, rank: np.ndarray,
               page: int, per_page: int) -> np.ndarray:
    """The slots of page ``page`` among candidate slots ``cands``.

    The primary key is ``key`` when given (ascending), else ``-scores`` when there are scores, else
    none; ties go by ``rank`` (name order). Only the candidates at or before the page's last position
    by primary key are fully sorted.
    """
    per_page = max(1, min(per_page, 1000))
    start = (max(page, 1) - 1) * per_page
    end = start + per_page
    if start >= len(cands):
        return cands[:0]
    primary = key[cands] if key is not None else (-scores[cands] if scores is not None else None)
    if primary is None:
        return _smallest(cands, rank[cands], start, end)
    if end < len(cands):
        threshold = np.partition(primary, end - 1)[end - 1]
        keep = primary <= threshold
        cands, primary = cands[keep], primary[keep]
    order = np.lexsort((rank[cands], primary))
    return cands[order[start:end]]


def _smallest(cands: np.ndarray, keys: np.ndarray, start: int, end: int) -> np.ndarray:
    if end < len(cands):
        part = np.argpartition(keys, end - 1)[:end]
        cands, keys = cands[part], keys[part]
    return cands[np.argsort(keys, kind="stable")[start:end]]
