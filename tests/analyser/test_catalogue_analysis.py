"""The one catalogue analysis: stale facts are counted as a gap; anonymous web profiles carry no weight."""

from __future__ import annotations

import dataclasses
import datetime as dt

from analyser.gaps.analysis import analyse_catalogue, evidence_consortia
from catalogue.instruments.snapshot import CatalogueSnapshot, ConsortiumSnap, MemberSnap
from catalogue.rules import load_rules

RULES = {"paths": load_rules("path_rules"), "aid_ceilings": load_rules("aid_ceilings")}
NEEDS = load_rules("barrier_needs")


def _run(snapshot: CatalogueSnapshot, today: dt.date):  # type: ignore[no-untyped-def]
    return analyse_catalogue(snapshot, NEEDS, RULES, today=today)[0]


def test_fresh_catalogue_has_no_stale_gap_but_a_year_later_it_has(seed_snapshot: CatalogueSnapshot) -> None:
    checked = tuple(i for i in seed_snapshot.instruments if i.verified_on is not None)
    fresh = dataclasses.replace(seed_snapshot, instruments=checked)
    assert _run(fresh, dt.date(2026, 12, 1)).finding("stale-data") is None
    # instruments nobody has verified count as stale from the start
    never = {i.slug for i in seed_snapshot.instruments if i.verified_on is None}
    now = _run(seed_snapshot, dt.date(2026, 12, 1)).finding("stale-data")
    assert (now is None) == (not never)
    assert now is None or set(now.evidence["instruments"]) == never
    later = _run(seed_snapshot, dt.date(2028, 1, 1))
    stale = later.finding("stale-data")
    assert stale is not None
    assert len(stale.evidence["instruments"]) == len(seed_snapshot.instruments)
    assert {"NFD", "KLD", "KD"} <= set(stale.departments)


def test_profiles_from_the_web_form_do_not_move_severities(seed_snapshot: CatalogueSnapshot) -> None:
    spam = tuple(
        ConsortiumSnap(
            slug=f"spam-{n}",
            name=f"Spam {n}",
            county="46",
            value_chains=("any",),
            current_stage="feasibility",
            target_stage="full_scale",
            needs=("shared_infrastructure", "facilitation", "competence"),
            members=(MemberSnap(name="X", size_class="small"),),
            source="web form",
        )
        for n in range(10)
    )
    flooded = dataclasses.replace(seed_snapshot, consortia=(*seed_snapshot.consortia, *spam))
    assert evidence_consortia(flooded) == seed_snapshot.consortia
    day = dt.date(2026, 12, 1)
    before = {f.code: f.severity for f in _run(seed_snapshot, day).findings}
    after = {f.code: f.severity for f in _run(flooded, day).findings}
    assert after == before
