"""A column view of a sequence of instruments, so predicates and counts run as numpy array operations.

Scalar attributes become integer codes over their distinct values (``levels``); list attributes (types,
stages, ...) become one boolean array per value. Columns are built on first use and cached.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np

from catalogue.instruments.snapshot import InstrumentSnap

_FIELDS = {f.name: str(f.type) for f in dataclasses.fields(InstrumentSnap)}


def field_kind(name: str) -> str | None:
    """'list', 'bool', 'int', 'str', 'date' for an InstrumentSnap field, None if there is no such field."""
    annotation = _FIELDS.get(name)
    if annotation is None:
        return None
    if annotation.startswith("tuple"):
        return "list"
    for kind in ("bool", "int", "date"):
        if annotation.startswith(kind) or annotation.startswith(f"dt.{kind}"):
            return kind
    return "str"


def known_fields() -> tuple[str, ...]:
    return tuple(_FIELDS)


class Columns:
    def __init__(self, instruments: Sequence[InstrumentSnap]):
        self.instruments = instruments
        self.n = len(instruments)
        self._scalar: dict[str, tuple[np.ndarray, list[Any]]] = {}
        self._lists: dict[str, dict[str, np.ndarray]] = {}
        self._numeric: dict[str, np.ndarray] = {}
        self._lengths: dict[str, np.ndarray] = {}

    def scalar(self, name: str) -> tuple[np.ndarray, list[Any]]:
        """(codes, levels): ``levels[codes[i]]`` is instrument i's value."""
        if name not in self._scalar:
            index: dict[Any, int] = {}
            codes = np.fromiter(
                (index.setdefault(getattr(i, name), len(index)) for i in self.instruments),
                dtype=np.int32,
                count=self.n,
            )
            self._scalar[name] = codes, list(index)
        return self._scalar[name]

    def equals(self, name: str, values: Sequence[Any]) -> np.ndarray:
        codes, levels = self.scalar(name)
        wanted = [k for k, level in enumerate(levels) if any(_same(level, v) for v in values)]
        return np.isin(codes, wanted)

    def graded(self, name: str, grades: dict[Any, float]) -> np.ndarray:
        codes, levels = self.scalar(name)
        table = np.array(
            [next((g for v, g in grades.items() if _same(level, v)), 0.0) for level in levels] + [0.0],
            dtype=np.float32,
        )
        return table[codes]

    def numeric(self, name: str) -> np.ndarray:
        if name not in self._numeric:
            self._numeric[name] = np.array(
                [np.nan if getattr(i, name) is None else float(getattr(i, name)) for i in self.instruments],
                dtype=np.float64,
            )
        return self._numeric[name]

    def has(self, name: str) -> dict[str, np.ndarray]:
        """value → boolean array 'instrument i lists value' for a list attribute."""
        if name not in self._lists:
            rows: dict[str, list[int]] = {}
            for k, inst in enumerate(self.instruments):
                for value in getattr(inst, name):
                    rows.setdefault(value, []).append(k)
            out = {}
            for value, ks in rows.items():
                mask = np.zeros(self.n, dtype=bool)
                mask[ks] = True
                out[value] = mask
            self._lists[name] = out
        return self._lists[name]

    def has_any(self, name: str, values: Sequence[str]) -> np.ndarray:
        masks = self.has(name)
        out = np.zeros(self.n, dtype=bool)
        for value in values:
            if value in masks:
                out |= masks[value]
        return out

    def length(self, name: str) -> np.ndarray:
        if name not in self._lengths:
            self._lengths[name] = np.fromiter(
                (len(getattr(i, name)) for i in self.instruments), dtype=np.int32, count=self.n
            )
        return self._lengths[name]


def _same(a: Any, b: Any) -> bool:
    """Equality that keeps True apart from 1 and None apart from everything else."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return a == b
