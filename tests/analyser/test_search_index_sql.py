"""Facet counts of the in-memory index equal SQL GROUP BY counts under random filters (SQLite, PostgreSQL)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from synthetic_records import synthetic_records

from analyser.search.facets import facet_values
from analyser.search.index import FACETS, SearchIndex, SearchQuery
from catalogue.db import engine_for, transaction
from catalogue.instruments import repository
from catalogue.instruments.loader import build_snapshot


@st.composite
def filter_sets(draw: st.DrawFn, universe: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    facets = draw(st.lists(st.sampled_from(FACETS), max_size=4, unique=True))
    return {f: frozenset(draw(st.lists(st.sampled_from(universe[f]), max_size=3))) for f in facets}


def test_facet_counts_equal_sql_group_by(seeded_url: str) -> None:
    engine = engine_for(seeded_url)
    with transaction(engine) as session:
        for record in synthetic_records(120):
            repository.upsert_instrument(session, record)
    with transaction(engine) as session:
        snapshot = build_snapshot(session)
    index = SearchIndex.build(snapshot.instruments)
    universe = {
        f: sorted({x for i in snapshot.instruments for x in facet_values(i)[f]}) + ["nonexistent"]
        for f in FACETS
    }
    assert {"national", "all_counties", "unknown", "46"} <= set(universe["county"])
    assert any(i.partner_agencies for i in snapshot.instruments)

    @settings(
        max_examples=60,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(filter_sets(universe))
    def check(filters: dict[str, frozenset[str]]) -> None:
        in_memory = index.search(SearchQuery(filters=filters, per_page=1))
        with transaction(engine) as session:
            by_sql = repository.facet_counts_sql(session, filters)
        assert {f: dict(pairs) for f, pairs in in_memory.facets.items()} == by_sql
        assert in_memory.total == sum(by_sql["consortium"].values())  # one consortium value per instrument

    check()
    check_no_filter = index.search(SearchQuery()).facets
    with transaction(engine) as session:
        assert {f: dict(p) for f, p in check_no_filter.items()} == repository.facet_counts_sql(session, {})


def test_bulk_snapshot_loader_equals_orm_snapshots(seeded_url: str) -> None:
    """The start-up loader (plain SELECTs) gives the same instruments as the ORM path."""
    import dataclasses

    from catalogue.instruments.loader import instrument_snap, instrument_snaps

    engine = engine_for(seeded_url)
    with transaction(engine) as session:
        for record in synthetic_records(30, seed=3):
            repository.upsert_instrument(session, record)
    with transaction(engine) as session:
        bulk = instrument_snaps(session)
        orm = tuple(instrument_snap(r) for r in repository.list_instruments(session))

    def canonical(i: object) -> object:
        return dataclasses.replace(
            i,
            partner_agencies=tuple(sorted(i.partner_agencies)),  # type: ignore[type-var,attr-defined]
            owner_ministries=tuple(sorted(i.owner_ministries)),
        )  # type: ignore[attr-defined]

    assert len(bulk) == len(orm) > 100
    assert [canonical(i) for i in bulk] == [canonical(i) for i in orm]
