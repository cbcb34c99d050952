"""The checks of one step or track, vectorised over the instruments of a stage (numpy).

For every instrument of ``idx`` (indexes in slug order) the first failing check gives its reason:
closed → deadline passed → value chain → county → (steps) no funding → applicants (level). The eligible
become sortable hits ``(-fit, level order, index, level)``; the rest become exclusions, grouped by reason in
that order and by slug within a reason. Instruments of another county stay open, at member level, to members
located there; those few are checked one by one.
"""

from __future__ import annotations

import numpy as np

from analyser.paths.model import Excluded
from analyser.paths.steps import Ctx, Hit, county_excluded, level_excluded, level_of

if hasattr(np, "bitwise_count"):
    popcount = np.bitwise_count
else:  # numpy < 2: masks here use at most 20 bits
    _POP = np.array([bin(i).count("1") for i in range(1 << 20)], np.int64)

    def popcount(x: np.ndarray) -> np.ndarray:  # type: ignore[misc]
        return _POP[x]


def evaluate(
    idx: np.ndarray, ctx: Ctx, *, step: bool, attr_mask: int
) -> tuple[list[Hit], tuple[Excluded, ...]]:
    """Hits (sorted best first) and exclusions of the instruments ``idx`` for one step (``step``) or
    track."""
    if idx.size == 0:
        return [], ()
    a, view = ctx.index.arrays, ctx.view
    chain_hits = popcount(a.chain_mask[idx] & ctx.chain_mask).astype(np.int64)
    chain_ok = a.any_chain[idx] | (chain_hits > 0)
    dead = a.closed[idx] | (a.deadline[idx] < ctx.today_ord)
    counties = a.county_mask[idx]
    local = (counties & ctx.county_bit) != 0
    county_ok = (counties == 0) | local
    relevant = view.relevant[idx] if step else np.ones(idx.size, bool)
    live = ~dead & chain_ok
    elsewhere = live & ~county_ok & ((counties & ctx.member_bits) != 0)  # a member is located there
    alive = live & county_ok & relevant
    sigs = a.sig[idx]
    ctx.ensure_levels(np.unique(sigs[alive]))
    eligible = alive & (ctx.level_state[sigs] <= 1)
    fit = (
        (view.static_step if step else view.static_track)[idx]
        + ctx.chain_bonus[chain_hits]
        + ctx.level_bonus[sigs]
        + ctx.regional_bonus * local
        + ctx.research_bonus * a.research[idx]
        + ctx.base
    )
    if attr_mask:
        fit = fit + ctx.need_bonus[popcount(view.need_mask[idx] & attr_mask).astype(np.int64)]
    if ctx.precedent_bonus is not None:
        fit = fit + ctx.precedent_bonus[idx]
    neg_fit, chosen, ids = -fit[eligible], sigs[eligible], idx[eligible]
    state = ctx.level_state[chosen]
    order = np.lexsort((ids, state, neg_fit))  # best first: fit, consortium level, slug
    hits: list[Hit] = list(
        zip(
            neg_fit[order].tolist(),
            state[order].tolist(),
            ids[order].tolist(),
            ctx.levels[chosen[order]].tolist(),
            strict=True,
        )
    )
    special_hits, special_excluded = _elsewhere(idx[elsewhere & relevant].tolist(), ctx, step, attr_mask)
    excluded = _exclusions(
        idx,
        ctx,
        dead=dead,
        county=live & ~county_ok & ~elsewhere,
        value_chain=~dead & ~chain_ok,
        no_funding=live & (county_ok | elsewhere) & ~relevant,
        applicants=alive & ~eligible,
    )
    if special_hits:
        hits = sorted(hits + special_hits)
    return hits, tuple(excluded + special_excluded)


def _exclusions(idx: np.ndarray, ctx: Ctx, **masks: np.ndarray) -> list[Excluded]:
    """The exclusions of each reason group (in the order given), slug order within a group."""
    index = ctx.index
    out: list[Excluded] = []
    for reason, mask in masks.items():
        if not mask.any():
            continue
        ids = idx[mask].tolist()
        if reason == "dead":
            closed, passed = index.table("closed"), index.table("deadline_passed")
            is_closed = index.arrays.closed
            out += [closed[i] if is_closed[i] else passed[i] for i in ids]
        elif reason == "applicants":
            out += _level_exclusions(ids, ctx)
        else:
            kind = "county_unknown" if reason == "county" and ctx.county is None else reason
            table = index.table(kind)
            out += [table[i] for i in ids]
    return out


def _level_exclusions(ids: list[int], ctx: Ctx) -> list[Excluded]:
    index, default = ctx.index, ctx.rules.role_kinds[None]
    tables = (
        None,
        index.table("applicants", default),
        index.table("single_firms_only", default),
    )
    kinds = ctx.level_text[index.arrays.sig[ids]].tolist()
    levels, sigs, entries = ctx.levels, index.arrays.sig, index.entries
    return [
        tables[k][i] if k else level_excluded(entries[i], levels[sigs[i]], ctx)  # type: ignore[index,misc]
        for i, k in zip(ids, kinds, strict=True)
    ]


def _elsewhere(ids: list[int], ctx: Ctx, step: bool, attr_mask: int) -> tuple[list[Hit], list[Excluded]]:
    """Schemes of another county where a member is located: that member may apply alone."""
    hits: list[Hit] = []
    excluded: list[Excluded] = []
    view = ctx.view
    for i in ids:
        e = ctx.index.entries[i]
        allowed = tuple(m for m in ctx.members if m.county in e.counties)
        level = level_of(e, ctx, allowed)
        if not allowed or level.kind is None:
            excluded.append(county_excluded(e, ctx))
            continue
        static = int((view.static_step if step else view.static_track)[i])
        needs = (int(view.need_mask[i]) & attr_mask).bit_count()
        chains = (e.chain_mask & ctx.chain_mask).bit_count()
        fit = (
            ctx.base
            + static
            + level.bonus
            + int(ctx.chain_bonus[chains])
            + int(ctx.need_bonus[needs])
            + (ctx.research_bonus if e.needs_research else 0)
            + (int(ctx.precedent_bonus[i]) if ctx.precedent_bonus is not None else 0)
        )
        hits.append((-fit, level.order, i, level))
    return hits, excluded
