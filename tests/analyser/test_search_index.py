"""The in-memory search index: typo-tolerant and purpose search, filters, facets, incremental updates."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyser.search import postings as search_postings
from analyser.search.facets import facet_values
from analyser.search.index import FACETS, SearchIndex, SearchQuery
from catalogue.instruments.snapshot import CatalogueSnapshot, InstrumentSnap


def snap(slug: str, n: int = 0, **kw: object) -> InstrumentSnap:
    base: dict[str, object] = dict(
        id=n or abs(hash(slug)) % 10**6,
        slug=slug,
        agency="IN",
        name_nb=f"Ordning {slug}",
        types=("financial",),
    )
    base.update(kw)
    return InstrumentSnap(**base)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def index(seed_snapshot: CatalogueSnapshot) -> SearchIndex:
    return SearchIndex.build(seed_snapshot.instruments)


def slugs(index: SearchIndex, **kw: object) -> list[str]:
    return [i.slug for i, _ in index.search(SearchQuery(per_page=500, **kw)).items]  # type: ignore[arg-type]


# ---- text search ---------------------------------------------------------------------------------------


def test_typos_and_prefixes_find_skattefunn(index: SearchIndex) -> None:
    for text in ("skattefun", "skatefunn", "SkatteFUNN", "skattefunn"):
        result = index.search(SearchQuery(text=text))
        assert result.items and result.items[0][0].slug == "joint-skattefunn", text
    assert "skattefunn" in index.search(SearchQuery(text="skatefunn")).suggestions
    assert index.search(SearchQuery(text="skattefunn")).suggestions == []


def test_nynorsk_and_bokmaal_spellings_find_each_other() -> None:
    idx = SearchIndex.build(
        [
            snap("a", name_nb="Nytt virkemiddel for bedrifter"),
            snap("b", name_nb="Tilskot", summary_nn="Eit verkemiddel for kommunane."),
            snap("c", name_nb="Noko heilt anna"),
        ]
    )
    for text in ("virkemiddel", "verkemiddel"):
        assert sorted(slugs(idx, text=text)) == ["a", "b"], text


def test_norwegian_letters_are_folded(index: SearchIndex) -> None:
    assert slugs(index, text="miljø") == slugs(index, text="miljo")
    assert slugs(index, text="miljø")


def test_purpose_search_reaches_across_agencies(index: SearchIndex, seed_snapshot: CatalogueSnapshot) -> None:
    for text in ("waste heat to a greenhouse", "spillvarme veksthus"):
        found = [index.get(s) for s in slugs(index, text=text)]
        assert len({i.agency for i in found if i}) >= 2, text
        top = [i for i in found[:5] if i]
        assert any(
            "spillvarme" in (i.summary_nn or "").lower() or "waste heat" in (i.summary_en or "").lower()
            for i in top
        ), text
    shared = {i.slug for i in seed_snapshot.instruments if i.funds_shared_infrastructure}
    found = slugs(index, text="shared infrastructure")
    assert shared and shared <= set(found)
    assert set(found[: len(shared)]) & shared


def test_search_requires_every_term_but_falls_back_to_any() -> None:
    idx = SearchIndex.build(
        [snap("a", name_nb="hydrogen havn"), snap("b", name_nb="hydrogen"), snap("c", name_nb="havn")]
    )
    assert slugs(idx, text="hydrogen havn") == ["a"]
    assert set(slugs(idx, text="hydrogen flyplass")) == {"a", "b"}
    assert slugs(idx, text="og i på") == slugs(idx)  # only stop words: no text condition


def test_names_weigh_more_than_summaries() -> None:
    idx = SearchIndex.build(
        [
            snap("in-summary", name_nb="Tilskot", summary_en="Supports biogas plants."),
            snap("in-name", name_nb="Biogass og biogas", summary_en="Supports plants."),
        ]
    )
    assert slugs(idx, text="biogas")[0] == "in-name"


# ---- filters and facets --------------------------------------------------------------------------------


def brute_force(
    instruments: tuple[InstrumentSnap, ...], filters: dict[str, frozenset[str]]
) -> tuple[set[str], dict[str, dict[str, int]]]:
    chosen = [
        i
        for i in instruments
        if all(not vals or set(facet_values(i)[f]) & vals for f, vals in filters.items())
    ]
    counts: dict[str, dict[str, int]] = {}
    for f in FACETS:
        c = Counter(v for i in chosen for v in facet_values(i)[f])
        counts[f] = dict(c)
    return {i.slug for i in chosen}, counts


def facet_universe(instruments: tuple[InstrumentSnap, ...]) -> dict[str, list[str]]:
    return {f: sorted({v for i in instruments for v in facet_values(i)[f]}) + ["nonexistent"] for f in FACETS}


@st.composite
def filter_sets(draw: st.DrawFn, universe: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    facets = draw(st.lists(st.sampled_from(FACETS), max_size=4, unique=True))
    return {f: frozenset(draw(st.lists(st.sampled_from(universe[f]), max_size=3))) for f in facets}


def test_facet_counts_match_brute_force(index: SearchIndex, seed_snapshot: CatalogueSnapshot) -> None:
    universe = facet_universe(seed_snapshot.instruments)

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(filter_sets(universe))
    def check(filters: dict[str, frozenset[str]]) -> None:
        expected_slugs, expected = brute_force(seed_snapshot.instruments, filters)
        result = index.search(SearchQuery(filters=filters, per_page=1000))
        assert result.total == len(expected_slugs)
        assert {i.slug for i, _ in result.items} == expected_slugs
        assert {f: dict(pairs) for f, pairs in result.facets.items()} == expected
        for pairs in result.facets.values():
            assert pairs == sorted(pairs, key=lambda p: (-p[1], p[0]))

    check()


def test_open_facets_count_a_ticked_facet_as_if_it_alone_were_unticked(
    index: SearchIndex, seed_snapshot: CatalogueSnapshot
) -> None:
    universe = facet_universe(seed_snapshot.instruments)
    texts = st.sampled_from(["", "hydrogen", "skattefun", "hydrogen zzzqqq", "felles infrastruktur"])

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(filter_sets(universe), texts, st.sampled_from([None, 1_000_000]))
    def check(filters: dict[str, frozenset[str]], text: str, min_amount: int | None) -> None:
        query = SearchQuery(text=text, filters=filters, min_amount=min_amount, per_page=5)
        opened = index.search(dataclasses.replace(query, open_facets=True))
        plain = index.search(query)
        assert (opened.total, opened.items) == (plain.total, plain.items)
        for f in FACETS:
            others = {g: v for g, v in filters.items() if g != f}
            alone = index.search(dataclasses.replace(query, filters=others)) if filters.get(f) else plain
            assert opened.facets[f] == alone.facets[f], f

    check()


def test_open_facet_counts_follow_the_text_fallback_of_their_own_filter() -> None:
    idx = SearchIndex.build(
        [
            snap("a", name_nb="hydrogen havn", agency="IN"),
            snap("b", name_nb="hydrogen", agency="FR"),
            snap("c", name_nb="havn", agency="FR"),
        ]
    )
    found = idx.search(
        SearchQuery(text="hydrogen havn", filters={"agency": frozenset({"FR"})}, open_facets=True)
    )
    assert found.total == 2  # no FR instrument has both words: either word will do
    assert dict(found.facets["agency"]) == {"IN": 1}  # without the agency filter only "a" has both


def test_joint_schemes_count_under_every_agency(index: SearchIndex, seed_snapshot: CatalogueSnapshot) -> None:
    joint = [i for i in seed_snapshot.instruments if i.partner_agencies]
    assert joint
    for i in joint:
        for agency in i.all_agencies:
            assert i.slug in slugs(index, filters={"agency": frozenset({agency})})


def test_county_facet() -> None:
    idx = SearchIndex.build(
        [
            snap("nat", geography="national"),
            snap("two", geography="regional", counties=("46", "50")),
            snap("all", geography="regional"),
            snap("unk"),
        ]
    )
    facets = dict(idx.search(SearchQuery()).facets["county"])
    assert facets == {"national": 1, "46": 1, "50": 1, "all_counties": 1, "unknown": 1}
    assert slugs(idx, filters={"county": frozenset({"46", "all_counties"})}) == ["all", "two"]


def test_numeric_and_deadline_filters() -> None:
    d = dt.date(2027, 3, 1)
    idx = SearchIndex.build(
        [
            snap(
                "small",
                max_amount_nok=100_000,
                aid_intensity_max_pct=50,
                next_deadline=d,
                deadline_kind="calls",
            ),
            snap("big", max_amount_nok=10_000_000, aid_intensity_max_pct=25, deadline_kind="continuous"),
            snap("unknown"),
        ]
    )
    assert slugs(idx, min_amount=1_000_000) == ["big"]
    assert slugs(idx, max_amount=1_000_000) == ["small"]
    assert set(slugs(idx)) == {"small", "big", "unknown"}
    assert slugs(idx, min_intensity=40) == ["small"]
    assert set(slugs(idx, deadline_before=d)) == {"small", "big"}
    assert slugs(idx, deadline_before=d - dt.timedelta(days=1)) == ["big"]


def test_sorting_and_paging(index: SearchIndex, seed_snapshot: CatalogueSnapshot) -> None:
    by_name = slugs(index, sort="name", lang="nb")
    assert by_name == [
        i.slug
        for i in sorted(
            seed_snapshot.instruments,
            key=lambda i: i.name_nb.casefold().replace("æ", "{").replace("ø", "|").replace("å", "}"),
        )
    ]
    pages = [
        i.slug
        for p in range(1, len(by_name) // 25 + 2)
        for i, _ in index.search(SearchQuery(sort="name", lang="nb", page=p, per_page=25)).items
    ]
    assert pages == by_name
    amounts = [index.get(s).max_amount_nok for s in slugs(index, sort="amount")]  # type: ignore[union-attr]
    known = [a for a in amounts if a is not None]
    assert known == sorted(known, reverse=True) and amounts[: len(known)] == known
    ranked = index.search(SearchQuery(text="hydrogen", per_page=500)).items
    assert [s for _, s in ranked] == sorted((s for _, s in ranked), reverse=True)
    assert index.search(SearchQuery(page=99)).items == []


def test_bad_queries_are_refused(index: SearchIndex) -> None:
    with pytest.raises(ValueError):
        index.search(SearchQuery(filters={"colour": frozenset({"red"})}))
    with pytest.raises(ValueError):
        index.search(SearchQuery(sort="random"))


# ---- incremental updates -------------------------------------------------------------------------------

QUERIES = [
    SearchQuery(),
    SearchQuery(text="hydrogen"),
    SearchQuery(text="skattefun"),
    SearchQuery(text="spillvarme veksthus", filters={"consortium": frozenset({"yes", "unknown"})}),
    SearchQuery(filters={"agency": frozenset({"IN", "ZZ"}), "stage": frozenset({"pilot"})}),
    SearchQuery(text="ordning", sort="amount"),
    SearchQuery(min_amount=1, sort="deadline"),
]


def same_answers(a: SearchIndex, b: SearchIndex) -> None:
    assert len(a) == len(b)
    for q in QUERIES:
        q = dataclasses.replace(q, per_page=1000)
        ra, rb = a.search(q), b.search(q)
        assert ra.total == rb.total and ra.facets == rb.facets, q
        assert [(i.slug, pytest.approx(s, rel=1e-4)) for i, s in ra.items] == [
            (i.slug, s) for i, s in rb.items
        ], q


def edited(i: InstrumentSnap) -> InstrumentSnap:
    return dataclasses.replace(
        i,
        agency="SIVA",
        value_chains=("hydrogen",),
        consortium_eligibility=None,
        summary_en=f"Hydrogen ordning edited. {i.summary_en or ''}",
        version=i.version + 1,
    )


@pytest.mark.parametrize("merge_at", [100000, 5])
def test_upsert_and_remove_match_a_fresh_build(
    seed_snapshot: CatalogueSnapshot, merge_at: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("analyser.search.index.MERGE_AT", merge_at)
    monkeypatch.setattr(search_postings, "MERGE_AT", merge_at)
    everything = list(seed_snapshot.instruments)
    idx = SearchIndex.build(everything[:40])
    for i in everything[40:]:
        idx.upsert(i)
    final = {i.slug: i for i in everything}
    for i in everything[::7]:
        idx.upsert(edited(i))
        final[i.slug] = edited(i)
    for i in everything[3::11]:
        idx.remove(i.slug)
        final.pop(i.slug)
    idx.remove("no-such-slug")
    new = snap("zz-ny-ordning", name_nb="Heilt ny hydrogenordning", summary_nn="Spillvarme til veksthus.")
    idx.upsert(new)
    final[new.slug] = new
    same_answers(idx, SearchIndex.build(final.values()))
    assert idx.get("zz-ny-ordning") == new and idx.get(everything[3].slug) is None
    assert "zz-ny-ordning" in slugs(idx, text="veksthus spillvarme")


def test_edits_are_visible_immediately(seed_snapshot: CatalogueSnapshot) -> None:
    idx = SearchIndex.build(seed_snapshot.instruments)
    target = seed_snapshot.instruments[0]
    idx.upsert(dataclasses.replace(target, name_nb="Kvantedatamaskinstøtte", status="closed"))
    assert slugs(idx, text="kvantedatamaskinstotte") == [target.slug]
    assert target.slug in slugs(idx, filters={"status": frozenset({"closed"})})
    idx.remove(target.slug)
    assert slugs(idx, text="kvantedatamaskinstøtte") == []
    assert len(idx) == len(seed_snapshot.instruments) - 1


def test_bulk_term_counting_equals_counting_one_by_one(seed_snapshot: CatalogueSnapshot) -> None:
    """Over several batches and a synthetic vocabulary of thousands of words (tokens that differ only in
    their first letter, such as consortium/konsortium, once shared a hash)."""
    from analyser.search.bulk import count_terms
    from analyser.search.text import weighted_terms
    from bench.synthetic import synthetic_instruments

    odd = [
        snap("odd-1", name_nb="Idé – Café «Ærlig» R&D 2030", summary_en="naïve\x1fsplit ﬁne ÅØÆ"),
        snap("odd-2", name_nb="", facts_note="x"),
        snap("odd-3", name_nb="Ⅻ ½ test"),
    ]
    snaps = [*seed_snapshot.instruments, *odd, *synthetic_instruments(2200, seed=8)]
    vocab: list[str] = []
    ids: dict[str, int] = {}

    def tid(tok: str) -> int:
        if tok not in ids:
            ids[tok] = len(vocab)
            vocab.append(tok)
        return ids[tok]

    batches, dl = count_terms(snaps, tid)
    tids, slots, tfs = (np.concatenate(parts) for parts in zip(*batches, strict=True))
    for k, i in enumerate(snaps):
        expected, length = weighted_terms(i)
        mine = slots == k
        counted = {vocab[t]: int(f) for t, f in zip(tids[mine], tfs[mine], strict=True)}
        assert counted == dict(expected), i.slug
        assert dl[k] == length


def test_a_tail_counted_over_other_instruments_is_counted_again_here() -> None:
    """If the catalogue changed between the child's read and ours, its counts must not be used."""
    from analyser.search.bulk import Tail, count_local
    from bench.synthetic import synthetic_instruments

    snaps = synthetic_instruments(1500, seed=6)
    edited = [
        *snaps[:1000],
        *(dataclasses.replace(s, version=s.version + 1, name_nb="Endra namn") for s in snaps[1000:]),
    ]
    stale = Tail(500, lambda: count_local(snaps[1000:]))  # counted before the edit
    index = SearchIndex.build(edited, tail=stale)
    assert index.search(SearchQuery(text="endra namn")).total == 500
    fresh = SearchIndex.build(edited, tail=Tail(500, lambda: count_local(edited[1000:])))
    assert fresh._text.tokens == index._text.tokens


def test_sort_orders_follow_edits_of_names_amounts_and_deadlines(seed_snapshot: CatalogueSnapshot) -> None:
    """Sorted pages are cached between edits; an edit that moves an instrument must move it in them."""
    everything = list(seed_snapshot.instruments)
    idx = SearchIndex.build(everything)
    sorts = [
        SearchQuery(sort=s, per_page=500, lang=lang)
        for s in ("name", "amount", "deadline", "relevance")
        for lang in ("nn", "en")
    ]
    for q in sorts:
        idx.search(q)  # fill the caches
    final = {i.slug: i for i in everything}
    changes = [
        dataclasses.replace(everything[5], name_nb="Aaa først", name_nn="Aaa først", name_en="Aaa first"),
        dataclasses.replace(everything[9], max_amount_nok=10**12),
        dataclasses.replace(everything[12], next_deadline=dt.date(2000, 1, 1), deadline_kind="calls"),
        dataclasses.replace(everything[15], summary_en="Only the summary changed."),
    ]
    for i in changes:
        idx.upsert(i)
        final[i.slug] = i
    fresh = SearchIndex.build(final.values())
    for q in sorts:
        assert [i.slug for i, _ in idx.search(q).items] == [i.slug for i, _ in fresh.search(q).items], q
    assert slugs(idx, sort="name")[0] == everything[5].slug
    assert slugs(idx, sort="amount")[0] == everything[9].slug
    assert slugs(idx, sort="deadline")[0] == everything[12].slug
