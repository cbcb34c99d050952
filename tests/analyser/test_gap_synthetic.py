"""The synthetic catalogue generator used by the benchmarks: deterministic, valid codes, seed-like shape."""

from __future__ import annotations

from bench.synthetic import synthetic_instruments, synthetic_snapshot
from catalogue import vocabulary as v


def test_same_seed_same_catalogue_other_seed_other_catalogue() -> None:
    assert synthetic_instruments(200) == synthetic_instruments(200)
    assert synthetic_instruments(200, seed=1) != synthetic_instruments(200)


def test_codes_come_from_the_vocabularies_and_shape_is_seed_like() -> None:
    instruments = synthetic_instruments(1000)
    assert len({i.slug for i in instruments}) == 1000
    for i in instruments:
        assert i.types and set(i.types) <= set(v.TYPES)
        assert set(i.funding_forms) <= set(v.FUNDING_FORMS) and set(i.stages) <= set(v.STAGES)
        assert set(i.value_chains) <= set(v.VALUE_CHAINS) and set(i.missions) <= set(v.MISSIONS)
        assert i.consortium_eligibility in (*v.CONSORTIUM_ELIGIBILITY, None)
        assert 300 < len(i.text()) < 3000
    share_yes = sum(i.consortium_eligibility == "yes" for i in instruments) / 1000
    assert 0.3 < share_yes < 0.6
    planted = [i for i in instruments if (i.facts_note or "").startswith("near-duplicate of ")]
    assert 5 <= len(planted) <= 40


def test_snapshot_carries_the_real_agencies_and_barriers() -> None:
    snap = synthetic_snapshot(50)
    assert {a.code for a in snap.agencies} >= {"IN", "FR", "SIVA", "ENOVA", "FK"}
    assert [b.code for b in snap.barriers] == [f"B{k}" for k in range(1, 10)]
    assert all(i.agency in {a.code for a in snap.agencies} for i in snap.instruments)
