"""Barrier needs: parse and validate ``seeds/barrier_needs.yaml`` content into predicates over instruments.

The file is data (see its header for the mini-language). ``parse_needs(data)`` checks every barrier entry,
field name, operator and code and raises :class:`NeedsError` naming the barrier and the field of each
problem. A :class:`Predicate` evaluates to a degree in 0..1 per instrument, vectorised over
:class:`analyser.matching.columns.Columns`:

- a leaf is 1 when it holds and 0 when not (``grade`` gives its own degree); a missing (null) attribute never
  satisfies a leaf except ``is: null``;
- ``all`` is the mean of its parts, so it is 1 only when every part holds and partial support shows;
- ``any`` is the best part; ``not`` is 1 minus its part.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from analyser.matching.columns import Columns, field_kind, known_fields
from catalogue import vocabulary as v
from catalogue.instruments.snapshot import InstrumentSnap

SOURCE = "seeds/barrier_needs.yaml"
VOCABULARY: dict[str, tuple[str, ...]] = {
    "types": v.TYPES,
    "funding_forms": v.FUNDING_FORMS,
    "applicants": v.APPLICANTS,
    "stages": v.STAGES,
    "value_chains": v.VALUE_CHAINS,
    "missions": v.MISSIONS,
    "consortium_eligibility": v.CONSORTIUM_ELIGIBILITY,
    "consortium_lead": v.CONSORTIUM_LEAD,
    "geography": v.GEOGRAPHY,
    "deadline_kind": v.DEADLINE_KINDS,
    "status": v.STATUSES,
    "confidence": v.CONFIDENCE,
}
OPERATORS = {  # operator → field kinds it applies to
    "is": ("bool", "int", "str", "date"),
    "in": ("list", "str", "int"),
    "not_in": ("list", "str", "int"),
    "all_of": ("list",),
    "grade": ("list", "str", "bool"),
    "gte": ("int",),
    "lte": ("int",),
    "nonempty": ("list",),
}
BARRIER_KEYS = {
    "barrier",
    "answerable_by_instruments",
    "requires",
    "text_weight",
    "terms",
    "needs",
    "min_answering",
    "rationale_en",
    "rationale_nn",
    "rationale_nb",
    "owner_departments",
    "recommendation_en",
    "recommendation_nn",
    "recommendation_nb",
}


class NeedsError(ValueError):
    """Problems in the barrier-needs rules; ``problems`` lists one message per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Predicate:
    kind: str  # leaf | all | any | not
    field: str = ""
    op: str = ""
    value: Any = None
    parts: tuple[Predicate, ...] = ()

    def evaluate(self, cols: Columns) -> np.ndarray:
        """Degree 0..1 for every instrument of ``cols``."""
        if self.kind == "all":
            return np.mean([p.evaluate(cols) for p in self.parts], axis=0).astype(np.float32)
        if self.kind == "any":
            return np.max([p.evaluate(cols) for p in self.parts], axis=0).astype(np.float32)
        if self.kind == "not":
            return (1.0 - self.parts[0].evaluate(cols)).astype(np.float32)
        return _leaf(self, cols).astype(np.float32)

    def leaves(self) -> list[Predicate]:
        return [self] if self.kind == "leaf" else [leaf for p in self.parts for leaf in p.leaves()]

    def describe(self) -> str:
        if self.kind == "leaf":
            value = self.value
            if isinstance(value, (list, tuple)):
                value = "[" + ", ".join(str(x) for x in value) + "]"
            elif isinstance(value, dict):
                value = "{" + ", ".join(f"{k}: {g:g}" for k, g in value.items()) + "}"
            return f"{self.field} {self.op} {value}"
        if self.kind == "not":
            return f"not ({self.parts[0].describe()})"
        joiner = " and " if self.kind == "all" else " or "
        return joiner.join(f"({p.describe()})" if p.kind != "leaf" else p.describe() for p in self.parts)

    def check(self, instrument: InstrumentSnap) -> tuple[float, list[tuple[str, float]]]:
        """(degree, [(leaf description, leaf degree)]) for one instrument: the explanation."""
        cols = Columns([instrument])
        return float(self.evaluate(cols)[0]), [
            (leaf.describe(), float(_leaf(leaf, cols)[0])) for leaf in self.leaves()
        ]


def _leaf(p: Predicate, cols: Columns) -> np.ndarray:
    kind = field_kind(p.field)
    op, value = p.op, p.value
    if kind == "list":
        if op == "in":
            return cols.has_any(p.field, value)
        if op == "not_in":
            return ~cols.has_any(p.field, value) & (cols.length(p.field) > 0)
        if op == "all_of":
            masks = cols.has(p.field)
            out = np.ones(cols.n, dtype=bool)
            for x in value:
                out &= masks.get(x, np.zeros(cols.n, dtype=bool))
            return out
        if op == "nonempty":
            return (cols.length(p.field) > 0) == bool(value)
        if op == "grade":
            masks = cols.has(p.field)
            out = np.zeros(cols.n, dtype=np.float32)
            for x, g in value.items():
                if x in masks:
                    out = np.maximum(out, np.where(masks[x], g, 0.0))
            return out
    if op in ("gte", "lte"):
        nums = cols.numeric(p.field)
        return nums >= value if op == "gte" else nums <= value  # NaN (unknown) compares False
    if op == "is":
        return cols.equals(p.field, [value])
    if op == "in":
        return cols.equals(p.field, value)
    if op == "not_in":
        return ~cols.equals(p.field, [*value, None])
    if op == "grade":
        return cols.graded(p.field, value)
    raise AssertionError(f"unhandled operator {op!r} for {p.field!r}")  # parse_predicate rejects these


# ---------------------------------------------------------------- the parsed rules


@dataclass(frozen=True)
class BarrierRule:
    barrier: str
    answerable: bool = True
    requires: Predicate | None = None
    text_weight: float = 0.4
    terms: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    min_answering: int = 3
    owner_departments: tuple[str, ...] = ()
    rationale_en: str = ""
    rationale_nn: str = ""
    rationale_nb: str = ""
    recommendation: tuple[tuple[str, str], ...] = ()  # (lang, text) overriding the generated recommendation

    def rationale(self, lang: str) -> str:
        local = {"nn": self.rationale_nn, "nb": self.rationale_nb or self.rationale_nn}.get(lang)
        return local or self.rationale_en


@dataclass(frozen=True)
class Thresholds:
    answer: float = 0.6
    relevant: float = 0.5
    mission_relevance: float = 0.8
    overlap: float = 0.45
    overlap_text: float = 0.4


@dataclass(frozen=True)
class PipelineStep:
    code: str
    stages: tuple[str, ...]
    need: str | None = None


@dataclass(frozen=True)
class NeedsSpec:
    rules: tuple[BarrierRule, ...]
    thresholds: Thresholds = field(default_factory=Thresholds)
    grid_value_chains: tuple[str, ...] = ()
    grid_missions: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = ()  # (mission, types, stages)
    pipeline_value_chains: tuple[str, ...] = ()
    pipeline_steps: tuple[PipelineStep, ...] = ()

    def rule(self, barrier: str) -> BarrierRule | None:
        return next((r for r in self.rules if r.barrier == barrier), None)

    def barriers_for_need(self, need: str) -> tuple[str, ...]:
        return tuple(r.barrier for r in self.rules if need in r.needs)


# ---------------------------------------------------------------- parsing


def parse_needs(data: Mapping[str, Any] | NeedsSpec) -> NeedsSpec:
    """Validated rules from the parsed YAML (``catalogue.rules.load_rules("barrier_needs")``)."""
    if isinstance(data, NeedsSpec):
        return data
    problems: list[str] = []
    if not isinstance(data, Mapping) or not isinstance(data.get("barriers"), list):
        raise NeedsError([f"{SOURCE}: top level: needs a mapping with a 'barriers' list"])
    rules, seen = [], set()
    for index, raw in enumerate(data["barriers"], start=1):
        rule = _parse_barrier(raw, index, problems)
        if rule is None:
            continue
        if rule.barrier in seen:
            problems.append(f"{SOURCE}: barrier {rule.barrier}: listed twice")
        seen.add(rule.barrier)
        rules.append(rule)
    thresholds = _parse_thresholds(data.get("thresholds") or {}, problems)
    grid = data.get("grid") or {}
    pipeline = data.get("pipeline") or {}
    spec = NeedsSpec(
        rules=tuple(rules),
        thresholds=thresholds,
        grid_value_chains=_codes(
            grid.get("value_chains") or [], v.VALUE_CHAINS, "grid", "value_chains", problems
        ),
        grid_missions=_parse_grid(grid.get("missions") or {}, problems),
        pipeline_value_chains=_codes(
            pipeline.get("value_chains") or [], v.VALUE_CHAINS, "pipeline", "value_chains", problems
        ),
        pipeline_steps=_parse_steps(pipeline.get("steps") or [], problems),
    )
    if problems:
        raise NeedsError(problems)
    return spec


def _parse_barrier(raw: Any, index: int, problems: list[str]) -> BarrierRule | None:
    if not isinstance(raw, Mapping) or not raw.get("barrier"):
        problems.append(f"{SOURCE}: barrier entry {index}: needs a mapping with 'barrier' (its code)")
        return None
    code = str(raw["barrier"])
    where = f"{SOURCE}: barrier {code}"
    for key in sorted(set(raw) - BARRIER_KEYS):
        problems.append(f"{where}: field '{key}': unknown key; allowed: {', '.join(sorted(BARRIER_KEYS))}")
    answerable = raw.get("answerable_by_instruments", True)
    if not isinstance(answerable, bool):
        problems.append(f"{where}: field 'answerable_by_instruments': must be true or false")
        answerable = True
    requires = None
    if raw.get("requires") is not None:
        requires = parse_predicate(raw["requires"], code, problems)
    elif answerable:
        problems.append(f"{where}: field 'requires': an answerable barrier needs predicates")
    weight = raw.get("text_weight", 0.4)
    if not isinstance(weight, (int, float)) or isinstance(weight, bool) or not 0 <= weight <= 1:
        problems.append(f"{where}: field 'text_weight': must be a number from 0 to 1")
        weight = 0.4
    minimum = raw.get("min_answering", 3)
    if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 1:
        problems.append(f"{where}: field 'min_answering': must be a whole number ≥ 1")
        minimum = 3
    return BarrierRule(
        barrier=code,
        answerable=answerable,
        requires=requires,
        text_weight=float(weight),
        terms=tuple(str(t) for t in raw.get("terms") or ()),
        needs=_codes(raw.get("needs") or [], v.NEEDS, f"barrier {code}", "needs", problems),
        min_answering=minimum,
        owner_departments=tuple(str(d) for d in raw.get("owner_departments") or ()),
        rationale_en=str(raw.get("rationale_en") or "").strip(),
        rationale_nn=str(raw.get("rationale_nn") or "").strip(),
        rationale_nb=str(raw.get("rationale_nb") or "").strip(),
        recommendation=tuple(
            (lang, str(raw[f"recommendation_{lang}"]).strip())
            for lang in ("en", "nn", "nb")
            if raw.get(f"recommendation_{lang}")
        ),
    )


def parse_predicate(raw: Any, barrier: str, problems: list[str]) -> Predicate | None:
    where = f"{SOURCE}: barrier {barrier}"
    if not isinstance(raw, Mapping):
        problems.append(f"{where}: predicate {raw!r}: must be a mapping (field/all/any/not)")
        return None
    for kind in ("all", "any"):
        if kind in raw:
            items = raw[kind]
            if not isinstance(items, list) or not items or len(raw) != 1:
                problems.append(f"{where}: '{kind}': must be the only key, with a non-empty list")
                return None
            parts = [parse_predicate(x, barrier, problems) for x in items]
            return Predicate(kind, parts=tuple(p for p in parts if p)) if all(parts) else None
    if "not" in raw:
        part = parse_predicate(raw["not"], barrier, problems) if len(raw) == 1 else None
        if len(raw) != 1:
            problems.append(f"{where}: 'not': must be the only key")
        return Predicate("not", parts=(part,)) if part else None
    return _parse_leaf(raw, barrier, problems)


def _parse_leaf(raw: Mapping[str, Any], barrier: str, problems: list[str]) -> Predicate | None:
    where = f"{SOURCE}: barrier {barrier}"
    name = raw.get("field")
    kind = field_kind(str(name)) if name else None
    if kind is None:
        known = ", ".join(known_fields())
        problems.append(
            f"{where}: field {name!r}: unknown instrument field; known: {known}"
            if name
            else f"{where}: predicate {dict(raw)!r}: needs 'field' (or all/any/not)"
        )
        return None
    name = str(name)
    ops = [k for k in raw if k != "field"]
    if len(ops) != 1 or ops[0] not in OPERATORS:
        problems.append(
            f"{where}: field '{name}': needs exactly one operator of {', '.join(OPERATORS)}, "
            f"got {', '.join(map(str, ops)) or 'none'}"
        )
        return None
    op = ops[0]
    if kind not in OPERATORS[op]:
        problems.append(f"{where}: field '{name}': operator '{op}' does not apply to a {kind} field")
        return None
    value = _leaf_value(name, op, raw[op], kind, where, problems)
    return None if value is _BAD else Predicate("leaf", field=name, op=op, value=value)


_BAD = object()


def _leaf_value(name: str, op: str, value: Any, kind: str, where: str, problems: list[str]) -> Any:
    vocab = VOCABULARY.get(name)

    def norm(x: Any) -> Any:  # YAML 1.1 reads bare yes/no as booleans
        if vocab and isinstance(x, bool) and ("yes" in vocab or "no" in vocab):
            return "yes" if x else "no"
        return x

    def bad(message: str) -> Any:
        problems.append(f"{where}: field '{name}': {message}")
        return _BAD

    if op in ("in", "not_in", "all_of"):
        if not isinstance(value, list) or not value:
            return bad(f"'{op}' needs a non-empty list")
        value = tuple(norm(x) for x in value)
    elif op == "grade":
        if not isinstance(value, Mapping) or not value:
            return bad("'grade' needs a mapping value → degree")
        value = {norm(k): g for k, g in value.items()}
        if any(
            not isinstance(g, (int, float)) or isinstance(g, bool) or not 0 <= g <= 1 for g in value.values()
        ):
            return bad("'grade' degrees must be numbers from 0 to 1")
    elif op in ("gte", "lte"):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return bad(f"'{op}' needs a number")
    elif op == "nonempty":
        if not isinstance(value, bool):
            return bad("'nonempty' needs true or false")
    else:
        value = norm(value)
        if kind == "bool" and value is not None and not isinstance(value, bool):
            return bad(f"'is' on a yes/no field needs true, false or null, got {value!r}")
    codes = value if isinstance(value, tuple) else tuple(value) if isinstance(value, dict) else (value,)
    unknown = [c for c in codes if vocab and c is not None and c not in vocab]
    if unknown:
        return bad(f"unknown code(s) {', '.join(map(repr, unknown))}; allowed: {', '.join(vocab or ())}")
    return value


def _codes(
    values: Sequence[Any], allowed: tuple[str, ...], where: str, name: str, problems: list[str]
) -> tuple[str, ...]:
    bad = [x for x in values if x not in allowed]
    if bad:
        problems.append(
            f"{SOURCE}: {where}: field '{name}': unknown code(s) {', '.join(map(repr, bad))}; "
            f"allowed: {', '.join(allowed)}"
        )
    return tuple(str(x) for x in values if x in allowed)


def _parse_thresholds(raw: Mapping[str, Any], problems: list[str]) -> Thresholds:
    defaults = Thresholds()
    values = {}
    for key, value in raw.items():
        if not hasattr(defaults, key):
            problems.append(f"{SOURCE}: thresholds: field '{key}': unknown threshold")
        elif not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 1:
            problems.append(f"{SOURCE}: thresholds: field '{key}': must be a number from 0 to 1")
        else:
            values[key] = float(value)
    return Thresholds(**values)


GridMission = tuple[str, tuple[str, ...], tuple[str, ...]]


def _parse_grid(raw: Mapping[str, Any], problems: list[str]) -> tuple[GridMission, ...]:
    out = []
    for mission, cell in raw.items():
        where = f"grid mission {mission}"
        if mission not in v.MISSIONS or not isinstance(cell, Mapping):
            problems.append(
                f"{SOURCE}: {where}: unknown mission or not a mapping; missions: {', '.join(v.MISSIONS)}"
            )
            continue
        types = _codes(cell.get("types") or [], v.TYPES, where, "types", problems)
        stages = _codes(cell.get("stages") or ["any"], (*v.STAGES, "any"), where, "stages", problems)
        out.append((str(mission), types, stages))
    return tuple(out)


def _parse_steps(raw: Sequence[Any], problems: list[str]) -> tuple[PipelineStep, ...]:
    out = []
    for index, step in enumerate(raw, start=1):
        if not isinstance(step, Mapping) or not step.get("code"):
            problems.append(f"{SOURCE}: pipeline step {index}: needs a mapping with 'code' and 'stages'")
            continue
        where = f"pipeline step {step['code']}"
        stages = _codes(step.get("stages") or [], v.STAGES, where, "stages", problems)
        need = step.get("need")
        if need is not None and need not in v.NEEDS:
            problems.append(f"{SOURCE}: {where}: field 'need': unknown need {need!r}")
            need = None
        out.append(PipelineStep(str(step["code"]), stages, need))
    return tuple(out)
