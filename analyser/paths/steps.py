"""Who may apply for an instrument (level), the consortium context of the checks, coverage of needs,
and the candidate rows of a step or track. The vectorised checks themselves are in analyser/paths/scan.py.

The level of an instrument depends only on its applicant rules (``Entry.sig``) and the consortium, so it
is worked out once per signature; candidate rows are built only for the best ``max_candidates``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from analyser.paths.ceilings import rules_validity
from analyser.paths.index import Entry, PathIndex, RuleView, applicant_mask, chain_mask
from analyser.paths.model import Candidate, Excluded
from analyser.paths.precedent_path import PathPrecedents
from analyser.paths.rules import CompiledRules, NeedRule
from analyser.text import Msg, Parts, Term, msg
from catalogue import vocabulary as v
from catalogue.instruments.snapshot import ConsortiumSnap


@dataclass(frozen=True)
class MemberInfo:
    name: str
    role: str | None
    county: str | None
    kinds: frozenset[str]  # applicant kinds the member surely is
    maybe: frozenset[str]  # kinds it may be (size class unknown)


class Level:
    """Who applies for an instrument, or why nobody can (``reason`` set)."""

    __slots__ = ("kind", "members", "maybe_size", "bonus", "reason", "text", "order")

    def __init__(
        self,
        kind: str | None,
        members: tuple[str, ...] = (),
        maybe_size: bool = False,
        bonus: int = 0,
        reason: str | None = None,
        text: str | Msg | None = None,
    ):
        self.kind = kind  # consortium | member | None (left out)
        self.members = members  # member rows; the lead, if any, for the consortium level
        self.maybe_size = maybe_size
        self.bonus = bonus
        self.reason = reason
        self.text = text
        self.order = 0 if kind == "consortium" else 1


def _member_info(m: object, rules: CompiledRules) -> MemberInfo:
    role = getattr(m, "role", None)
    kinds = set(rules.role_kinds.get(role, rules.role_kinds[None]))
    maybe: frozenset[str] = frozenset()
    if role not in ("research_partner", "municipality"):
        size = getattr(m, "size_class", None)
        if size in rules.size_kinds:
            kinds |= rules.size_kinds[size]
        else:
            maybe = rules.unknown_size_kinds
    return MemberInfo(getattr(m, "name"), role, getattr(m, "county", None), frozenset(kinds), maybe)  # noqa: B009


class Ctx:
    """Everything about one consortium that the per-instrument checks need."""

    def __init__(self, profile: ConsortiumSnap, rules: CompiledRules, index: PathIndex, today: dt.date):
        fit = rules.fit
        self.rules, self.index, self.today = rules, index, today
        self.validity = rules_validity(rules.aid, today)  # are the aid rules in force today?
        self.today_ord = today.toordinal()
        self.view: RuleView = index.rule_view(rules)
        self.county = profile.county
        self.chains = frozenset(profile.value_chains)
        self.chain_mask = chain_mask(self.chains)
        self.members = tuple(_member_info(m, rules) for m in profile.members)
        self.roles = frozenset(m.role for m in self.members)
        self.county_bit = index.county_mask((self.county,))
        self.member_bits = index.county_mask(m.county for m in self.members if m.county != self.county)
        self.own_lead = next((m.name for m in self.members if m.role == "lead"), None) or next(
            (m.name for m in self.members if m.role == "facilitator"), None
        )
        spec, extra, cap = fit["value_chain_specific"], fit["value_chain_extra"], fit["max_extra_chains"]
        self.chain_bonus = np.array(
            [fit["value_chain_any"]] + [spec + extra * min(n - 1, cap) for n in range(1, 64)], np.int64
        )
        self.need_bonus = np.array(
            [fit["per_need_served"] * min(n, fit["max_needs_counted"]) for n in range(64)], np.int64
        )
        self.research_bonus = (
            fit["research_partner_present"]
            if "research_partner" in self.roles
            else fit["research_partner_missing"]
        )
        self.regional_bonus = fit["regional_match"]
        self.base = fit["base"]
        self.kinds = frozenset().union(*(m.kinds | m.maybe for m in self.members))
        self.kinds_mask = applicant_mask(self.kinds)
        self.firm_mask = applicant_mask(rules.firm_kinds)
        # level per applicant-rule signature: state -1 unknown, 0 consortium, 1 member, 2 left out
        self.level_state = np.full(index.n_sigs, -1, np.int8)
        self.level_bonus = np.zeros(index.n_sigs, np.int64)
        self.levels = np.empty(index.n_sigs, object)
        self.level_text = np.zeros(index.n_sigs, np.int8)  # left out: 1 applicants, 2 single firms only
        self.reduced_levels: dict[int, Level] = {}
        self.coverage: dict[str, list[tuple[int, str, bool, str]]] = {}
        # award data (analyser/paths/precedent_path.py): fit bonus per instrument and its text; None = no data
        self.precedent_bonus: np.ndarray | None = None
        self.precedent_text: dict[str, Parts] = {}

    def use_precedents(self, found: PathPrecedents) -> None:
        """Add each instrument's precedent bonus to its fit and its precedent text to its ``why``."""
        by_slug = {p.instrument: p for p in found.instruments}
        self.precedent_bonus = np.array(
            [by_slug[e.slug].bonus if e.slug in by_slug else 0 for e in self.index.entries], np.int64
        )
        self.precedent_text = {slug: p.text for slug, p in by_slug.items()}

    def ensure_levels(self, sigs: np.ndarray) -> None:
        """Work out the level of every signature in ``sigs`` not yet known for this consortium.

        Signatures whose applicant rules reduce to the same key for this consortium (same consortium
        eligibility, partners, lead, and the same applicant kinds among those its members can be) share one
        ``level_of`` result.
        """
        need = sigs[self.level_state[sigs] < 0]
        if not need.size:
            return
        apps = self.index.sig_apps[need]
        keys = (
            (self.index.sig_static[need] << 24)
            | ((apps & self.kinds_mask) << 1)
            | ((apps & ~self.firm_mask) == 0)
        )
        unique, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        found = []
        for key, at in zip(unique.tolist(), first.tolist(), strict=True):
            level = self.reduced_levels.get(key)
            if level is None:
                level = self.reduced_levels[key] = level_of(self.index.sig_rep[int(need[at])], self, None)
            found.append(level)
        objs = np.empty(len(found), object)
        objs[:] = found
        self.levels[need] = objs[inverse]
        self.level_state[need] = np.array([2 if x.kind is None else x.order for x in found], np.int8)[inverse]
        self.level_bonus[need] = np.array([x.bonus for x in found], np.int64)[inverse]
        tables = {"applicants": 1, "single_firms_only": 2}
        self.level_text[need] = np.array(
            [tables.get(x.text, 0) if x.kind is None and isinstance(x.text, str) else 0 for x in found],
            np.int8,
        )[inverse]


def _lead_member(e: Entry, ctx: Ctx) -> MemberInfo | None:
    if e.lead:
        roles = ctx.rules.lead_roles.get(e.lead, frozenset())
        return next((m for m in ctx.members if m.role in roles), None)
    if e.applicants and "consortium" not in e.applicants:
        return next((m for m in ctx.members if m.kinds & e.applicants), None) or next(
            (m for m in ctx.members if m.maybe & e.applicants), None
        )
    return next((m for m in ctx.members if m.name == ctx.own_lead), None)


def level_of(e: Entry, ctx: Ctx, allowed: tuple[MemberInfo, ...] | None) -> Level:
    """Consortium or member level (with the members that apply, and the fit bonus), or why nobody can.

    For a left-out instrument ``reason`` is the code and ``text`` the message, or the key of a shared
    exclusion table ("applicants" and "single_firms_only" name the instrument's applicants, see
    :func:`level_excluded`).
    """
    fit = ctx.rules.fit
    if e.open is not None and allowed is None:
        n = len(ctx.members)
        if e.min_partners and n < e.min_partners:
            text = msg("needs at least %(n)s partners; the consortium has %(m)s", n=e.min_partners, m=n)
            return Level(None, reason="not_relevant", text=text)
        lead = _lead_member(e, ctx)
        if e.lead and lead is None:
            text = msg(
                "must be led by %(lead)s; no member has that role", lead=Term("consortium_lead", (e.lead,))
            )
            return Level(None, reason="not_relevant", text=text)
        if e.applicants and "consortium" not in e.applicants and lead is None:
            return Level(None, reason="not_relevant", text="applicants")
        bonus = fit["level_consortium"] if e.open == "yes" else fit["level_consortium_partial"]
        if ctx.own_lead and (lead.name == ctx.own_lead if lead else e.lead in (None, "firm", "any")):
            bonus += fit["lead_applies"]
        return Level("consortium", (lead.name,) if lead else (), False, bonus)
    pool = allowed if allowed is not None else ctx.members
    apps = e.applicants or ctx.rules.role_kinds[None]
    sure = tuple(m.name for m in pool if m.kinds & apps)
    maybe = tuple(m.name for m in pool if not (m.kinds & apps) and m.maybe & apps)
    if sure or maybe:
        bonus = fit["level_member"] + (0 if sure else fit["unknown_size"])
        return Level("member", sure + maybe, not sure, bonus)
    if apps <= ctx.rules.firm_kinds:
        return Level(None, reason="single_firms_only", text="single_firms_only")
    return Level(None, reason="not_relevant", text="applicants")


def level_excluded(e: Entry, level: Level, ctx: Ctx) -> Excluded:
    if isinstance(level.text, str):  # "applicants" or "single_firms_only": shared tables
        return ctx.index.table(level.text, ctx.rules.role_kinds[None])[e.idx]  # type: ignore[return-value]
    text = level.text or msg("not relevant to this consortium")
    return Excluded(e.slug, e.agency, level.reason or "not_relevant", text)


def county_excluded(e: Entry, ctx: Ctx) -> Excluded:
    key = "county_unknown" if ctx.county is None else "county"
    return e.excluded("county", key, lambda: {"counties": ctx.index.county_term(e.counties)})


Hit = tuple[int, int, int, Level]  # (-fit, level order: 0 consortium 1 member, instrument index, level)


def clamp(neg_fit: int) -> int:
    return 0 if neg_fit > 0 else 100 if neg_fit < -100 else -neg_fit


def extra_needs(e: Entry, ctx: Ctx, attr_needs: list[NeedRule]) -> tuple[str, ...]:
    mask = ctx.view.need_mask[e.idx]
    return tuple(n.code for n in attr_needs if mask & ctx.rules.need_bits[n.code])


def note_coverage(hits: list[Hit], ctx: Ctx, need: NeedRule, all_serve: bool) -> None:
    """Record the best candidates serving ``need`` (hits sorted best first): up to 3 strong, 3 in all."""
    bit, strong_rule = ctx.rules.need_bits[need.code], need.strong
    mask, entries = ctx.view.need_mask, ctx.index.entries
    found = ctx.coverage.setdefault(need.code, [])
    n_any = n_strong = 0
    for neg_fit, _, i, level in hits:
        if not all_serve and not mask[i] & bit:
            continue
        e, fit = entries[i], clamp(neg_fit)
        if n_any >= 3 and fit < strong_rule.min_fit:
            break
        strong = strong_rule.holds(e.snap, fit, level.kind or "", bool(e.chain_mask & ctx.chain_mask))
        if n_any < 3 or (strong and n_strong < 3):
            found.append((fit, e.slug, strong, level.kind or ""))
            n_any += 1
            n_strong += strong
        if n_strong >= 3:
            break


def why(
    e: Entry, level: Level, served_extra: tuple[str, ...], ctx: Ctx, head: Msg, member: str | None
) -> Parts:
    specific = tuple(c for c in v.VALUE_CHAINS if c in e.chains & ctx.chains)
    parts = [
        head,
        msg("value chain %(chains)s", chains=Term("value_chain", specific))
        if specific
        else msg("open to all value chains"),
    ]
    if level.kind == "member":
        parts.append(msg("single firms only; applicant: %(member)s", member=member))
        if level.maybe_size:
            parts.append(
                msg("size class of %(member)s unknown; check the firm-size condition", member=member)
            )
    elif member:
        parts.append(msg("%(member)s applies for the consortium", member=member))
    elif e.open == "yes":
        parts.append(msg("the consortium may apply together"))
    else:
        cond = e.snap.consortium_condition
        parts.append(
            msg("a consortium may apply on conditions: %(condition)s", condition=cond.rstrip("."))
            if cond
            else msg("a consortium may apply on conditions")
        )
    if served_extra:
        parts.append(msg("also covers %(needs)s", needs=Term("need", served_extra)))
    if e.counties and ctx.county in e.counties:
        parts.append(msg("regional scheme for %(county)s", county=ctx.index.county_term(e.counties)))
    if e.needs_research:
        parts.append(
            msg("has the research partner it requires")
            if "research_partner" in ctx.roles
            else msg("requires a research partner; the consortium has none yet")
        )
    if e.snap.funding_forms:
        parts.append(msg("funding: %(forms)s", forms=Term("funding_form", e.snap.funding_forms)))
    if e.slug in ctx.precedent_text:
        parts.extend(ctx.precedent_text[e.slug].items)
    return Parts(tuple(parts))


def rank(
    hits: list[Hit], ctx: Ctx, head: Msg, stage_needs: tuple[str, ...], attr_needs: list[NeedRule]
) -> tuple[tuple[Candidate, ...], int]:
    """Candidate rows of the best ``max_candidates`` instruments (``hits`` sorted), and how many more
    there are."""
    top = hits[: ctx.rules.max_candidates]
    rows: list[Candidate] = []
    for neg_fit, _, i, level in top:
        e = ctx.index.entries[i]
        s, extra = e.snap, extra_needs(e, ctx, attr_needs)
        for member in level.members or (None,):
            rows.append(
                Candidate(
                    s.slug,
                    s.agency,
                    clamp(neg_fit),
                    level.kind or "",
                    member,
                    why(e, level, extra, ctx, head, member),
                    stage_needs + extra,
                    s.funding_forms,
                    s.partner_agencies,
                )
            )
    return tuple(rows), len(hits) - len(top)
