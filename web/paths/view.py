"""What the funding-path pages show: one context function for the form page, its htmx fragment and the
printable view. The path itself comes from ``analyser.paths.finder.find_path`` over the cached path index.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from analyser.paths.finder import find_path
from analyser.paths.index import PathIndex
from analyser.paths.model import FundingPath
from catalogue import vocabulary as v
from catalogue.instruments.snapshot import ConsortiumSnap
from web.paths.form import Checked, PathForm
from web.paths.precedents import precedents
from web.paths.service import path_rules
from web.state import CatalogueState

PATH_URL = "/finansieringsveg"


def path_index(state: CatalogueState) -> PathIndex:
    snapshot = state.snapshot
    return state.cached(("path_index",), lambda: PathIndex.build(snapshot))  # shared with api_paths


def compute_path(state: CatalogueState, profile: ConsortiumSnap, today: dt.date) -> FundingPath:
    """The path, with funded projects like the consortium's when award data has been imported."""
    _, found = precedents(state)
    return find_path(path_index(state), profile, path_rules(), today=today, precedents=found)


def saved_consortium(state: CatalogueState, slug: str) -> ConsortiumSnap | None:
    return next((c for c in state.snapshot.consortia if c.slug == slug), None)


def saved_path(state: CatalogueState, consortium: ConsortiumSnap, today: dt.date) -> FundingPath:
    """The path of a saved consortium (cached per catalogue version, consortium version and day; pages
    word it per language)."""
    stamp, _ = precedents(state)  # an award import changes the stamp
    key = ("funding-path", consortium.slug, consortium.version, today, stamp)  # a save adds a version
    return state.cached(key, lambda: compute_path(state, consortium, today))


def form_options(state: CatalogueState, lang: str) -> dict[str, list[tuple[str, str]]]:
    """(code, label) choices of every select and checkbox group of the form."""
    label = state.labeller(lang)
    return {
        "counties": sorted(((code, name) for code, name in state.snapshot.counties), key=lambda c: c[1]),
        "stages": [(s, label.value("stage", s)) for s in v.STAGES],
        "value_chains": [(c, label.value("value_chain", c)) for c in v.VALUE_CHAINS if c != "any"],
        "needs": [(n, label.value("need", n)) for n in v.NEEDS],
        "sizes": [(s, label.value("size_class", s)) for s in v.SIZE_CLASSES],
        "roles": [(r, label.value("member_role", r)) for r in v.MEMBER_ROLES],
    }


def instrument_names(state: CatalogueState, path: FundingPath | None, lang: str) -> dict[str, str]:
    """Slug → name of every instrument the path mentions (application orders name slugs only)."""
    if path is None:
        return {}
    slugs = {s for step in path.steps for s in step.application_order}
    slugs |= {b for c in path.coverage for b in c.best}
    return {s: (i.name(lang) if (i := state.index.get(s)) else s) for s in slugs}


def path_page_context(
    state: CatalogueState,
    form: PathForm,
    lang: str,
    *,
    checked: Checked | None,
    today: dt.date,
    focus: str | None = None,
    path: FundingPath | None = None,
) -> dict[str, Any]:
    """The form as typed, its messages, and the path of the profile when it is valid."""
    if path is None and checked is not None and checked.profile is not None:
        path = compute_path(state, checked.profile, today)
    opened = saved_consortium(state, form.slug) if form.slug else None
    return {
        "form": form,
        "errors": checked.errors if checked else {},
        "general_errors": checked.general if checked else [],
        "funding_path": path,
        "names": instrument_names(state, path, lang),
        "options": form_options(state, lang),
        "consortia": state.snapshot.consortia,
        "opened": opened,
        "focus": focus,
        "today": today,
        "path_url": PATH_URL,
    }


def path_summary(path: FundingPath | None) -> dict[str, int]:
    if path is None:
        return {"steps": 0, "tracks": 0, "unfunded": 0}
    return {"steps": len(path.steps), "tracks": len(path.tracks), "unfunded": len(path.unfunded)}
