"""Random instrument records for database tests: they exercise every facet rule (partner agencies,
county lists, NULL geography, unknown eligibility, ...)."""

from __future__ import annotations

import random

from catalogue import vocabulary as v
from catalogue.instruments.schemas import InstrumentIn

AGENCIES = ("IN", "SIVA", "FR", "ENOVA", "KS", "FK-46", "FK-50")
COUNTIES = ("03", "46", "50", "55")


def synthetic_records(n: int, seed: int = 9) -> list[InstrumentIn]:
    """Random instruments that exercise every facet rule: partners, county lists, NULL geography, ..."""
    rng = random.Random(seed)

    def some(pool: tuple[str, ...], most: int) -> list[str]:
        return rng.sample(pool, rng.randint(0, most))

    out = []
    for k in range(n):
        lead = rng.choice(AGENCIES)
        geography = rng.choice(("national", "regional", None))
        out.append(
            InstrumentIn(
                slug=f"prop-{k:03d}",
                agency=lead,
                name_nb=f"Eigenskapsordning {k}",
                partner_agencies=[a for a in some(AGENCIES, 2) if a != lead],
                types=rng.sample(v.TYPES, rng.randint(1, 2)),
                funding_forms=some(v.FUNDING_FORMS, 2),
                applicants=some(v.APPLICANTS, 3),
                stages=some(v.STAGES, 3),
                value_chains=some(v.VALUE_CHAINS, 3),
                missions=some(v.MISSIONS, 2),
                consortium_eligibility=rng.choice((*v.CONSORTIUM_ELIGIBILITY, None)),
                geography=geography,
                counties=some(COUNTIES, 2) if geography != "national" else [],
                deadline_kind=rng.choice((*v.DEADLINE_KINDS, None)),
                status=rng.choice((*v.STATUSES, None)),
            )
        )
    return out
