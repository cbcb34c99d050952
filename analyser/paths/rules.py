"""The path rules (``seeds/path_rules.yaml`` + ``seeds/aid_ceilings.yaml``) compiled once into fast checks.

``find_path`` takes ``rules = {"paths": <path_rules.yaml>, "aid_ceilings": <aid_ceilings.yaml>}`` as plain
dicts (loaded by callers with ``catalogue.rules.load_rules``) or compiled: :func:`compile_rules` turns them
into the predicates and weights used per instrument. Compile once and pass the :class:`CompiledRules` to
reuse them (the web app keeps one per process: ``web.paths.service.path_rules``); the path index caches
its per-rules views by the compiled object.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from catalogue import vocabulary as v
from catalogue.instruments.snapshot import InstrumentSnap

Predicate = Callable[[InstrumentSnap], bool]
_SNAP_FIELDS = {f.name for f in dataclasses.fields(InstrumentSnap)}
_STRONG_KEYS = {"min_fit", "level", "consortium_eligibility", "funding_forms_any", "value_chain"}


class RulesError(ValueError):
    """The path rules are malformed (names the section and key)."""


def _condition(spec: Mapping[str, Any], where: str) -> Predicate:
    checks: list[tuple[str, Any, bool]] = []
    for attr, want in spec.items():
        if attr not in _SNAP_FIELDS:
            raise RulesError(f"{where}: unknown instrument attribute {attr!r}")
        checks.append((attr, frozenset(want) if isinstance(want, list) else want, isinstance(want, list)))

    def check(snap: InstrumentSnap) -> bool:
        for attr, want, is_set in checks:
            value = getattr(snap, attr)
            if is_set:
                if not want.intersection(value or ()):
                    return False
            elif value != want:
                return False
        return True

    return check


def _any_of(specs: list[Mapping[str, Any]], where: str) -> Predicate:
    preds = [_condition(s, f"{where}[{i}]") for i, s in enumerate(specs)]
    return lambda snap: any(p(snap) for p in preds)


@dataclass(frozen=True)
class Strong:
    """Conditions under which a candidate covers a need strongly."""

    min_fit: int = 0
    level: str | None = None
    consortium_eligibility: frozenset[str] | None = None
    funding_forms_any: frozenset[str] | None = None
    value_chain_specific: bool = False
    attribute: Predicate | None = None
    attribute_names: tuple[str, ...] = ()

    def holds(self, snap: InstrumentSnap, fit: int, level: str, specific_chain: bool) -> bool:
        if fit < self.min_fit or (self.level and level != self.level):
            return False
        if (
            self.consortium_eligibility is not None
            and snap.consortium_eligibility not in self.consortium_eligibility
        ):
            return False
        if self.funding_forms_any is not None and not self.funding_forms_any.intersection(snap.funding_forms):
            return False
        if self.value_chain_specific and not specific_chain:
            return False
        return self.attribute is None or self.attribute(snap)


def _strong(spec: Mapping[str, Any], where: str) -> Strong:
    attrs = {k: x for k, x in spec.items() if k not in _STRONG_KEYS}
    chain = spec.get("value_chain")
    if chain not in (None, "specific", "any"):
        raise RulesError(f"{where}.value_chain: use 'specific' or 'any', not {chain!r}")
    return Strong(
        min_fit=int(spec.get("min_fit", 0)),
        level=spec.get("level"),
        consortium_eligibility=frozenset(spec["consortium_eligibility"])
        if "consortium_eligibility" in spec
        else None,
        funding_forms_any=frozenset(spec["funding_forms_any"]) if "funding_forms_any" in spec else None,
        value_chain_specific=chain == "specific",
        attribute=_condition(attrs, where) if attrs else None,
        attribute_names=tuple(attrs),
    )


@dataclass(frozen=True)
class NeedRule:
    code: str
    kind: str  # stage | attribute | track
    stages: tuple[str, ...]
    match: Predicate | None  # None for stage needs (every eligible instrument of the stage serves them)
    shared: bool
    strong: Strong


@dataclass(frozen=True)
class CompiledRules:
    needs: dict[str, NeedRule]
    need_bits: dict[str, int]
    step_relevant: Predicate
    fit: dict[str, Any]
    form_scores: dict[str, int]
    max_candidates: int
    role_kinds: dict[str | None, frozenset[str]]
    size_kinds: dict[str, frozenset[str]]
    unknown_size_kinds: frozenset[str]
    firm_kinds: frozenset[str]
    lead_roles: dict[str, frozenset[str | None]]
    ceilings: dict[str, Any]
    tax_forms: frozenset[str]
    grant_forms: frozenset[str]
    aid: dict[str, Any]


def _need_rule(code: str, spec: Mapping[str, Any], strong: Mapping[str, Any]) -> NeedRule:
    kind = spec.get("kind")
    if kind not in ("stage", "attribute", "track"):
        raise RulesError(f"needs.{code}.kind: use stage, attribute or track, not {kind!r}")
    stages = tuple(spec.get("stages") or ())
    bad = [s for s in stages if s not in v.STAGES]
    if bad or (kind != "track" and not stages):
        raise RulesError(f"needs.{code}.stages: give known stages ({', '.join(v.STAGES)})")
    match = _any_of(list(spec["match_any"]), f"needs.{code}.match_any") if kind != "stage" else None
    per_need = strong.get("per_need") or {}
    strong_spec = per_need.get(code, strong.get("default") or {})
    return NeedRule(
        code, kind, stages, match, bool(spec.get("shared")), _strong(strong_spec, f"strong_cover.{code}")
    )


def _compile(paths: Mapping[str, Any], aid: Mapping[str, Any]) -> CompiledRules:
    strong = paths.get("strong_cover") or {}
    needs = {code: _need_rule(code, spec, strong) for code, spec in (paths.get("needs") or {}).items()}
    missing = [n for n in v.NEEDS if n not in needs]
    if missing:
        raise RulesError(f"needs: no rule for {', '.join(missing)}")
    rel = paths.get("step_relevance") or {}
    types_any = frozenset(rel.get("types_any") or ())
    forms_any = frozenset(rel.get("funding_forms_any") or ())
    ma = paths.get("member_applicants") or {}
    roles = {role: frozenset(kinds) for role, kinds in (ma.get("roles") or {}).items()}
    roles[None] = frozenset(ma.get("default") or ("single_firm",))
    ceilings = dict(paths.get("ceilings") or {})
    fit = dict(paths.get("fit") or {})
    return CompiledRules(
        needs=needs,
        need_bits={code: 1 << i for i, code in enumerate(needs)},
        step_relevant=lambda s: bool(
            types_any.intersection(s.types) or forms_any.intersection(s.funding_forms)
        ),
        fit=fit,
        form_scores={k: int(x) for k, x in (fit.get("funding_form") or {}).items()},
        max_candidates=int(paths.get("max_candidates_per_step", 15)),
        role_kinds=roles,
        size_kinds={k: frozenset(x) for k, x in (ma.get("size") or {}).items()},
        unknown_size_kinds=frozenset(ma.get("unknown_size_may_be") or ()),
        firm_kinds=frozenset(ma.get("firm_kinds") or ()),
        lead_roles={k: frozenset(x) for k, x in (paths.get("lead_roles") or {}).items()},
        ceilings=ceilings,
        tax_forms=frozenset(ceilings.get("tax_deduction_forms") or ("tax_deduction",)),
        grant_forms=frozenset(ceilings.get("grant_forms") or ("grant",)),
        aid=dict(aid),
    )


def compile_rules(rules: Mapping[str, Any] | CompiledRules) -> CompiledRules:
    """Compile ``{"paths": ..., "aid_ceilings": ...}`` (compiled rules are returned as they are)."""
    if isinstance(rules, CompiledRules):
        return rules
    try:
        paths, aid = rules["paths"], rules["aid_ceilings"]
    except KeyError as exc:
        raise RulesError(
            f"rules must hold 'paths' (path_rules.yaml) and 'aid_ceilings' (aid_ceilings.yaml); missing {exc}"
        ) from exc
    return _compile(paths, aid)
