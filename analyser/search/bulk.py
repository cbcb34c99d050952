"""Vectorised term counting for ``SearchIndex.build`` (start-up at 100 000 instruments in seconds).

Produces exactly what ``search_text.weighted_terms`` gives instrument by instrument, but for batches of
instruments at once: the indexed fields of a batch are joined with a field separator, normalised in one
call, and cut into tokens with numpy (a token is a maximal run of ``[a-z0-9]`` bytes, as in
``search_text.split``). Each token is identified by a 64-bit polynomial hash computed from prefix sums,
so no Python string is made per token occurrence; (token, instrument) pairs are then counted with numpy.
Only the first occurrence of each new token becomes a Python string, for the vocabulary.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from analyser.search.text import FIELD_WEIGHTS, fold, instrument_fields, weighted_terms
from catalogue.instruments.snapshot import InstrumentSnap

BATCH = 1000
_SLOT_BITS = 10  # BATCH <= 2**_SLOT_BITS
BATCH_MASK = (1 << _SLOT_BITS) - 1
_HASH_BITS = np.uint64(~BATCH_MASK & 0xFFFFFFFFFFFFFFFF)  # 54 hash bits: collisions ~ n²/2^55
_SEP = 0x1F  # unit separator between fields; survives normalise()
_TABLE = bytes(
    c if (48 <= c <= 57 or 97 <= c <= 122 or c == _SEP) else c + 32 if 65 <= c <= 90 else 32
    for c in range(256)
)
_P = 0x100000001B3
_P_INV = pow(_P, -1, 2**64)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_FMIX = (np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53))
_SHIFT = np.uint64(33)


def _finalise(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser: every input bit moves the top bits. Without it the first letters of
    a token reach only the low bits of the polynomial hash, which the slot bits then overwrite, so that
    e.g. "consortium" and "konsortium" were counted as one token."""
    with np.errstate(over="ignore"):
        h = h ^ (h >> _SHIFT)
        h *= _FMIX[0]
        h ^= h >> _SHIFT
        h *= _FMIX[1]
        h ^= h >> _SHIFT
    return h


_FIELD_WEIGHTS = np.array([FIELD_WEIGHTS[k] for k in ("name", "tags", "summary", "facts")], np.uint16)
_N_FIELDS = len(_FIELD_WEIGHTS)


class _Powers:
    """Powers of the hash base and of its inverse, grown on demand."""

    def __init__(self) -> None:
        self.pow = np.ones(1, np.uint64)
        self.inv = np.ones(1, np.uint64)

    def upto(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        if len(self.pow) < n:
            size = max(n, 2 * len(self.pow))
            with np.errstate(over="ignore"):
                self.pow = np.concatenate(
                    [[np.uint64(1)], np.cumprod(np.full(size - 1, _P, np.uint64), dtype=np.uint64)]
                )
                self.inv = np.concatenate(
                    [[np.uint64(1)], np.cumprod(np.full(size - 1, _P_INV, np.uint64), dtype=np.uint64)]
                )
        return self.pow[:n], self.inv[:n]


Batch = tuple[np.ndarray, np.ndarray, np.ndarray]  # token ids, slots, weighted tf


@dataclass(frozen=True)
class LocalCounts:
    """The terms of a run of instruments counted with a vocabulary of their own (in another process)."""

    keys: list[tuple[str, int]]  # (slug, version) of each instrument counted, in order
    batches: list[Batch]  # token ids are positions in ``vocabulary``
    vocabulary: list[str]
    lengths: np.ndarray


@dataclass(frozen=True)
class Tail:
    """The last ``size`` instruments, being counted elsewhere; ``result()`` waits for their counts (None
    if that failed)."""

    size: int
    result: Callable[[], LocalCounts | None]


def count_local(snaps: Sequence[InstrumentSnap]) -> LocalCounts:
    vocabulary: dict[str, int] = {}
    batches, lengths = _count_range(snaps, lambda tok: vocabulary.setdefault(tok, len(vocabulary)))
    return LocalCounts(_keys(snaps), batches, list(vocabulary), lengths)


def count_terms(
    snaps: Sequence[InstrumentSnap],
    tid_of: Callable[[str], int],
    meanwhile: Callable[[], None] | None = None,
    tail: Tail | None = None,
) -> tuple[list[Batch], np.ndarray]:
    """Per batch of instruments, (token ids, slots, weighted tf) with each token's pairs contiguous and in
    slot order; and the weighted length of every slot 0..len(snaps)-1.

    ``tid_of(token)`` returns (creating if needed) the vocabulary id of a token string. The last
    ``tail.size`` instruments may have been counted elsewhere by the caller (``web.startup`` counts them
    in a forked child process at start-up, with ``count_local``). Their tokens are mapped onto ``tid_of``
    afterwards in order of first appearance, so the result is the same as counting everything here; if
    the tail failed or counted other instruments (the catalogue changed in between), it is counted here.
    ``meanwhile()`` runs first (other parts of the index build, while the tail is being counted).
    """
    n = len(snaps)
    if meanwhile is not None:
        meanwhile()
    if tail is None or not 0 <= tail.size <= n:
        return _count_range(snaps, tid_of)
    cut = n - tail.size
    batches, lengths = _count_range(snaps[:cut], tid_of)
    theirs = tail.result()
    if theirs is None or theirs.keys != _keys(snaps[cut:]):
        more, rest = _count_range(snaps[cut:], tid_of)
    else:
        remap = np.fromiter(map(tid_of, theirs.vocabulary), np.int32, len(theirs.vocabulary))
        more, rest = [(remap[t] if len(t) else t, s, f) for t, s, f in theirs.batches], theirs.lengths
    batches += [(t, s + np.int32(cut), f) for t, s, f in more]
    return batches, np.concatenate([lengths, rest])


def tail_start(n: int, share: float) -> int:
    """Where a tail of about ``share`` of ``n`` instruments starts: on a batch boundary, so that tokens
    get the same ids as when everything is counted in one process."""
    return int(n * (1 - share)) // BATCH * BATCH


def _keys(snaps: Sequence[InstrumentSnap]) -> list[tuple[str, int]]:
    return [(i.slug, i.version) for i in snaps]


def _count_range(
    snaps: Sequence[InstrumentSnap], tid_of: Callable[[str], int]
) -> tuple[list[Batch], np.ndarray]:
    powers = _Powers()
    known: dict[int, int] = {}
    batches: list[Batch] = []
    lengths = np.zeros(len(snaps), np.float32)
    for base in range(0, len(snaps), BATCH):
        batch = snaps[base : base + BATCH]
        raw = _fold_batch(batch)
        t, s, f, dl = (
            _slow(batch, tid_of)
            if raw is None
            else _name_tokens(_hash_pairs(raw, len(batch), powers), known, tid_of)
        )
        batches.append((t, s + np.int32(base), f))
        lengths[base : base + len(batch)] = dl
    return batches, lengths


def _fold_batch(batch: Sequence[InstrumentSnap]) -> bytes | None:
    texts = [text for i in batch for text, _ in instrument_fields(i)]
    if any("\x1f" in t for t in texts):  # a field contains the separator itself: count the slow way
        return None
    return fold("\x1f".join(texts) + "\x1f", _TABLE)


@dataclass(frozen=True)
class _Hashed:
    """One batch's (token hash, slot) pairs, before token ids are given."""

    raw: bytes
    pair_h: np.ndarray  # token hash of each pair, pairs grouped by token
    pair_slot: np.ndarray
    tf: np.ndarray
    new_token: np.ndarray  # True at each token's first pair
    first_start: np.ndarray  # where in ``raw`` each distinct token first occurs
    first_len: np.ndarray
    dl: np.ndarray


def _hash_pairs(raw: bytes, size: int, powers: _Powers) -> _Hashed:
    b = np.frombuffer(raw, np.uint8)
    seps = np.flatnonzero(b == _SEP)
    is_tok = (b != 32) & (b != _SEP)
    edges = np.diff(np.concatenate([[0], is_tok.view(np.int8), [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    pw, inv = powers.upto(len(b))
    with np.errstate(over="ignore"):
        prefix = np.concatenate([[np.uint64(0)], np.cumsum(b.astype(np.uint64) * pw, dtype=np.uint64)])
        h = (prefix[ends] - prefix[starts]) * inv[starts]
        h ^= (ends - starts).astype(np.uint64) * _MIX
        h = _finalise(h)
    field = np.searchsorted(seps, starts)
    slot = (field // _N_FIELDS).astype(np.int32)
    weight = _FIELD_WEIGHTS[field % _N_FIELDS]
    dl = np.bincount(slot, weights=weight, minlength=size)
    # count (token, slot) pairs: one 64-bit key per occurrence, the top 54 bits of the token hash over the
    # slot in the batch (10 bits), so a single sort groups occurrences by token and then by slot
    key = (h & _HASH_BITS) | slot.astype(np.uint64)
    order = np.argsort(key)
    key, weight, first, length = key[order], weight[order], starts[order], (ends - starts)[order]
    new_pair = np.ones(len(key), np.bool_)
    new_pair[1:] = key[1:] != key[:-1]
    at = np.flatnonzero(new_pair)
    tf = np.add.reduceat(weight.astype(np.uint32), at) if len(at) else np.zeros(0, np.uint32)
    pair_key, pair_start, pair_len = key[at], first[at], length[at]
    pair_h = pair_key >> np.uint64(_SLOT_BITS)
    new_token = np.ones(len(pair_h), np.bool_)
    new_token[1:] = pair_h[1:] != pair_h[:-1]
    first_pair = np.flatnonzero(new_token)
    return _Hashed(
        raw,
        pair_h,
        (pair_key & np.uint64(BATCH_MASK)).astype(np.int32),
        np.minimum(tf, 65535).astype(np.uint16),
        new_token,
        pair_start[first_pair],
        pair_len[first_pair],
        dl,
    )


def _name_tokens(
    h: _Hashed, known: dict[int, int], tid_of: Callable[[str], int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    uniq = h.pair_h[h.new_token]
    tids = np.fromiter(map(known.get, uniq.tolist(), [-1] * len(uniq)), np.int64, len(uniq))
    for k in np.flatnonzero(tids < 0).tolist():  # first time this token is seen: name it
        s0, n = int(h.first_start[k]), int(h.first_len[k])
        tids[k] = known[int(uniq[k])] = tid_of(h.raw[s0 : s0 + n].decode("ascii"))
    pair_tids = tids[np.cumsum(h.new_token) - 1].astype(np.int32)
    return pair_tids, h.pair_slot, h.tf, h.dl


def _slow(
    batch: Sequence[InstrumentSnap], tid_of: Callable[[str], int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    t, s, f, dl = [], [], [], []
    for slot, i in enumerate(batch):
        tf, length = weighted_terms(i)
        for tok, n in tf.items():
            t.append(tid_of(tok))
            s.append(slot)
            f.append(min(n, 65535))
        dl.append(length)
    tids, slots = np.array(t, np.int32), np.array(s, np.int32)
    order = np.lexsort((slots, tids))
    return tids[order], slots[order], np.array(f, np.uint16)[order], np.array(dl, np.float64)
