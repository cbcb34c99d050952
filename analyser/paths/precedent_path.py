"""What the award data adds to a funding path: funded projects like the consortium's, the precedents of
each instrument (funded and rejected projects in its county and value chains), the fit bonus they give,
and the coverage of the data they rest on (method in docs/paths.md, "Funded projects like yours")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from analyser.paths.precedent_index import PrecedentIndex
from analyser.paths.precedents import SimilarProject
from analyser.text import Msg, Parts, Term, msg, nmsg
from catalogue.instruments.snapshot import ConsortiumSnap

DEFAULTS = {"precedent_per_project": 2, "precedent_max": 6, "precedent_years": 7, "similar_shown": 8}


@dataclass(frozen=True)
class Precedent:
    """Projects in the consortium's county and value chains that an instrument funded (or rejected)."""

    instrument: str
    funded: int
    rejected: int
    bonus: int  # fit points added
    text: Parts


@dataclass(frozen=True)
class SourceCoverage:
    source: str
    name: str
    year_from: int | None
    year_to: int | None
    projects: int
    linked: int  # projects linked to a catalogue instrument (only those count as precedents)
    notes: Parts


@dataclass(frozen=True)
class PathPrecedents:
    since: int
    similar: tuple[SimilarProject, ...]
    instruments: tuple[Precedent, ...]  # instruments with at least one project, most funded first
    coverage: tuple[SourceCoverage, ...]
    summary: Msg

    def of(self, slug: str) -> Precedent | None:
        return next((p for p in self.instruments if p.instrument == slug), None)


def settings(fit: Mapping[str, Any]) -> dict[str, int]:
    return {k: int(fit.get(k, d)) for k, d in DEFAULTS.items()}


def _where(profile: ConsortiumSnap) -> dict[str, Any]:
    county = Term("county", (profile.county,)) if profile.county else None
    chains = Term("value_chain", tuple(profile.value_chains), "or") if profile.value_chains else None
    return {"county": county, "chains": chains}


def funded_text(n: int, profile: ConsortiumSnap, since: int) -> Msg:
    w = _where(profile)
    if w["county"] and w["chains"]:
        return nmsg(
            "%(num)s project in %(county)s in %(chains)s funded by this instrument since %(year)s",
            "%(num)s projects in %(county)s in %(chains)s funded by this instrument since %(year)s",
            n,
            county=w["county"],
            chains=w["chains"],
            year=str(since),
        )
    if w["county"]:
        return nmsg(
            "%(num)s project in %(county)s funded by this instrument since %(year)s",
            "%(num)s projects in %(county)s funded by this instrument since %(year)s",
            n,
            county=w["county"],
            year=str(since),
        )
    if w["chains"]:
        return nmsg(
            "%(num)s project in %(chains)s funded by this instrument since %(year)s",
            "%(num)s projects in %(chains)s funded by this instrument since %(year)s",
            n,
            chains=w["chains"],
            year=str(since),
        )
    return nmsg(
        "%(num)s project funded by this instrument since %(year)s",
        "%(num)s projects funded by this instrument since %(year)s",
        n,
        year=str(since),
    )


def _precedent(
    slug: str, funded: int, rejected: int, profile: ConsortiumSnap, since: int, s: dict[str, int]
) -> Precedent:
    parts = [funded_text(funded, profile, since)]
    if rejected:
        parts.append(nmsg("%(num)s application rejected", "%(num)s applications rejected", rejected))
    bonus = min(s["precedent_max"], s["precedent_per_project"] * funded)
    return Precedent(slug, funded, rejected, bonus, Parts(tuple(parts)))


def _coverage(index: PrecedentIndex, profile: ConsortiumSnap, since: int) -> tuple[SourceCoverage, ...]:
    county = index.county.of(profile.county)
    out = []
    for s in index.sources:
        c = index.source.of(s.key)
        n, n_linked = (int(index.source_total[c]), int(index.source_linked[c])) if c >= 0 else (0, 0)
        in_county = int(index.source_county[c, county]) if c >= 0 and county >= 0 else 0
        notes: list[Msg] = []
        if s.year_to is not None and s.year_to < since:
            notes.append(msg("has nothing from %(year)s on", year=str(since)))
        elif s.year_from is not None and s.year_from > since:
            notes.append(msg("starts only in %(year)s", year=str(s.year_from)))
        if profile.county and n and not in_county:
            notes.append(msg("has no projects in %(county)s", county=Term("county", (profile.county,))))
        if n and n_linked < n:
            notes.append(
                msg(
                    "%(linked)s of %(n)s projects linked to an instrument in the catalogue",
                    linked=n_linked,
                    n=n,
                )
            )
        if not s.shows_partners:
            notes.append(msg("names only the responsible organisation, not the partners"))
        out.append(SourceCoverage(s.key, s.name, s.year_from, s.year_to, n, n_linked, Parts(tuple(notes))))
    return tuple(out)


def path_precedents(
    index: PrecedentIndex, profile: ConsortiumSnap, fit: Mapping[str, Any], today: dt.date
) -> PathPrecedents:
    """Similar projects, per-instrument precedents (bonus included) and coverage for one profile."""
    s = settings(fit)
    since = today.year - s["precedent_years"]
    funded, rejected = index.counts(profile, since)
    slugs = sorted(set(funded) | set(rejected), key=lambda x: (-funded.get(x, 0), -rejected.get(x, 0), x))
    instruments = tuple(_precedent(x, funded.get(x, 0), rejected.get(x, 0), profile, since, s) for x in slugs)
    years = [y for src in index.sources for y in (src.year_from, src.year_to) if y is not None]
    summary = msg(
        "%(n)s projects from %(sources)s, %(from)s–%(to)s",
        n=index.n,
        sources=", ".join(src.name for src in index.sources),
        **{"from": str(min(years)) if years else "–", "to": str(max(years)) if years else "–"},
    )
    return PathPrecedents(
        since=since,
        similar=index.similar(profile, s["similar_shown"]),
        instruments=instruments,
        coverage=_coverage(index, profile, since),
        summary=summary,
    )
