"""Small hand-built catalogues for analyser tests: an instrument, a barrier or a snapshot in one line."""

from __future__ import annotations

import itertools
from typing import Any

from catalogue.instruments.snapshot import (
    AgencySnap,
    BarrierSnap,
    CatalogueSnapshot,
    ConsortiumSnap,
    InstrumentSnap,
)

_ids = itertools.count(1)

AGENCIES = (
    AgencySnap("IN", "Innovasjon Norge", "Innovasjon Norge", "Innovation Norway", "state_agency", "NFD"),
    AgencySnap("SIVA", "Siva", "Siva", "Siva", "state_agency", "NFD"),
    AgencySnap("FR", "Forskningsrådet", "Forskingsrådet", "Research Council", "state_agency", "KD"),
    AgencySnap("ENOVA", "Enova", "Enova", "Enova", "state_agency", "KLD"),
    AgencySnap("HKDIR", "HK-dir", "HK-dir", "HK-dir", "state_agency", "KD"),
    AgencySnap("GASSNOVA", "Gassnova", "Gassnova", "Gassnova", "state_agency", "ED"),
    AgencySnap("FK", "Fylkeskommunene", "Fylkeskommunane", "County authorities", "county", "KDD"),
)


def make_instrument(**overrides: Any) -> InstrumentSnap:
    n = next(_ids)
    fields: dict[str, Any] = dict(
        id=n,
        slug=f"test-{n}",
        agency="IN",
        name_nb=f"Testordning {n}",
        name_en=f"Test scheme {n}",
        types=("financial",),
        funding_forms=("grant",),
        applicants=("sme", "consortium"),
        consortium_eligibility="yes",
        stages=("rnd",),
        value_chains=("any",),
        missions=(),
        status="active",
        summary_en="Grants for development projects in firms.",
        summary_nn="Tilskot til utviklingsprosjekt.",
    )
    fields.update(overrides)
    return InstrumentSnap(**fields)


def make_barrier(code: str, **overrides: Any) -> BarrierSnap:
    fields: dict[str, Any] = dict(
        code=code,
        title_nn=f"Barriere {code}",
        title_en=f"Barrier {code}",
        answerable_by_instruments=True,
        owner_departments=("NFD",),
    )
    fields.update(overrides)
    return BarrierSnap(**fields)


def make_consortium(slug: str, **overrides: Any) -> ConsortiumSnap:
    fields: dict[str, Any] = dict(
        slug=slug,
        name=slug.replace("-", " ").title(),
        value_chains=("hydrogen",),
        current_stage="rnd",
        target_stage="full_scale",
    )
    fields.update(overrides)
    return ConsortiumSnap(**fields)


def make_snapshot(
    *instruments: InstrumentSnap,
    barriers: tuple[BarrierSnap, ...] = (),
    consortia: tuple[ConsortiumSnap, ...] = (),
) -> CatalogueSnapshot:
    return CatalogueSnapshot(
        instruments=tuple(instruments), agencies=AGENCIES, barriers=barriers, consortia=consortia
    )


def rules(*barriers: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A barrier-needs rule set (the YAML's shape) with just the given barrier entries."""
    return {"barriers": list(barriers), **extra}


def shared_infra_rule(code: str = "B2", **overrides: Any) -> dict[str, Any]:
    """The seed's B2 in miniature: shared infrastructure for a group of firms, text not required."""
    entry: dict[str, Any] = {
        "barrier": code,
        "needs": ["shared_infrastructure"],
        "min_answering": 1,
        "text_weight": 0.0,
        "requires": {
            "all": [
                {"field": "funds_shared_infrastructure", "is": True},
                {"field": "consortium_eligibility", "in": ["yes", "partial"]},
            ]
        },
    }
    entry.update(overrides)
    return entry


def words(text: Any, snapshot: CatalogueSnapshot | None = None, lang: str = "en") -> str:
    """An analyser message as a reader sees it in ``lang`` (web/i18n/wording.py)."""
    from web.i18n.labels import Labeller

    return Labeller(snapshot or CatalogueSnapshot(instruments=()), lang).text(text)
