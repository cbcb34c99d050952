"""Funded projects like a consortium's, and the precedent signal in its path (issue 15 item 5), on
hand-built award rows: the most similar project first across nynorsk/bokmål/English, rejections kept as
rejections, precedent counts bounded by county, value chain, instrument and year, and with no award data
the path exactly as before."""

from __future__ import annotations

import datetime as dt
from typing import Any

from factories import make_consortium, make_instrument, make_snapshot, words

from analyser.paths.finder import find_path
from analyser.paths.precedent_index import PrecedentIndex
from analyser.paths.precedent_text import words_of
from catalogue.awards.snapshot import AwardRows, SourceSnap
from catalogue.instruments.snapshot import CatalogueSnapshot, MemberSnap
from catalogue.rules import load_rules

RULES = {"paths": load_rules("path_rules"), "aid_ceilings": load_rules("aid_ceilings")}
TODAY = dt.date(2026, 12, 5)  # precedents count from 2019 (7 years back)
SOURCE = SourceSnap(
    key="fr-soknader",
    name="Søknader",
    format="fr-soknader",
    shows_partners=False,
    year_from=2015,
    year_to=2025,
)


def rows(*activities: dict[str, Any]) -> AwardRows:
    """One chunk of activities; every field has a default."""
    full = [
        {
            "id": n + 1,
            "source": "fr-soknader",
            "ref": f"P{n + 1}",
            "funder": "FR",
            "programme_code": "ENERGIX",
            "programme_name": "Energix",
            "instrument": None,
            "outcome": "finished",
            "currency": "NOK",
            "granted": 1_000_000_00,
            "applied": 1_200_000_00,
            "year": 2021,
            "county": "46",
            "title": "Unrelated title",
            "text": None,
            "kinds": ("business",),
        }
        | a
        for n, a in enumerate(activities)
    ]
    columns = {
        "ids": "id",
        "sources": "source",
        "refs": "ref",
        "funders": "funder",
        "programme_codes": "programme_code",
        "programme_names": "programme_name",
        "instruments": "instrument",
        "outcomes": "outcome",
        "currencies": "currency",
        "granted": "granted",
        "applied": "applied",
        "years": "year",
        "counties": "county",
        "titles": "title",
        "texts": "text",
        "kinds": "kinds",
    }
    return AwardRows(**{col: tuple(a[key] for a in full) for col, key in columns.items()})


def index_of(*activities: dict[str, Any], chunk: int = 2) -> PrecedentIndex:
    """Built from chunks of ``chunk`` rows, as the loader hands them in."""
    built = rows(*activities)
    n = len(built)
    chunks = [
        AwardRows(**{f: getattr(built, f)[i : i + chunk] for f in AwardRows.__dataclass_fields__})
        for i in range(0, n, chunk)
    ]
    return PrecedentIndex.build(chunks, sources=(SOURCE,))


FJORD = make_consortium(
    "fjordvarme",
    name="Fjordvarme",
    county="46",
    value_chains=("hydrogen", "maritime"),
    description_nn="Produksjon av hydrogen frå overskotsvarme til ferjer i fjorden",
    current_stage="rnd",
    target_stage="pilot",
    members=(MemberSnap(name="Fjord AS", role="lead", size_class="small"),),
)


def test_nynorsk_bokmal_and_english_spellings_meet():
    nn, nb, en = words_of(["berekraftig prosessindustri", "bærekraftig prosessindustri", "process industry"])
    assert nn == nb
    assert nn[1][:5] == en[0][:5] == "prose"  # process → prosess


def test_the_most_similar_project_comes_first():
    index = index_of(
        {"title": "Digital tvilling for sjukehus", "county": "03"},
        {"title": "Hydrogen production for ferries from surplus heat", "county": "46"},  # English
        {"title": "Hydrogen i landbruket", "county": "34"},
        {"title": "Sement med lågare utslepp", "county": "46"},
    )
    similar = index.similar(FJORD, limit=3)
    assert similar[0].title == "Hydrogen production for ferries from surplus heat"
    assert set(similar[0].matches) >= {"text", "county", "value_chain"}
    assert "Digital tvilling for sjukehus" not in [p.title for p in similar]


def test_a_rejection_is_shown_as_a_rejection_with_the_amount_applied_for():
    index = index_of(
        {
            "title": "Hydrogenferje i Vestland",
            "outcome": "rejected",
            "granted": None,
            "applied": 5_000_000_00,
        },
        {"title": "Sement", "county": "50"},
    )
    top = index.similar(FJORD, limit=1)[0]
    assert top.rejected and not top.funded
    assert top.outcome == "rejected" and top.granted_minor is None and top.applied_minor == 5_000_000_00


def test_precedent_count_respects_county_value_chain_instrument_and_year():
    index = index_of(
        {"title": "Hydrogen til ferjer", "instrument": "fr-ipn"},  # counts
        {"title": "Hydrogenlager", "instrument": "fr-ipn", "year": 2022},  # counts
        {"title": "Hydrogen i Trøndelag", "instrument": "fr-ipn", "county": "50"},  # other county
        {"title": "Laks og lus", "instrument": "fr-ipn"},  # other value chain
        {"title": "Hydrogen 2015", "instrument": "fr-ipn", "year": 2015},  # before 2019
        {"title": "Hydrogenskip", "instrument": "in-miljo"},  # other instrument
        {"title": "Hydrogenferje avslag", "instrument": "fr-ipn", "outcome": "rejected"},  # a rejection
    )
    funded, rejected = index.counts(FJORD, 2019)
    assert funded == {"fr-ipn": 2, "in-miljo": 1}
    assert rejected == {"fr-ipn": 1}


def _path_pair(index: PrecedentIndex | None):  # noqa: ANN202
    a = make_instrument(slug="a-scheme", stages=("rnd", "pilot"), value_chains=("hydrogen",))
    b = make_instrument(slug="b-scheme", stages=("rnd", "pilot"), value_chains=("hydrogen",))
    snap = make_snapshot(a, b)
    return snap, find_path(snap, FJORD, RULES, today=TODAY, precedents=index)


def test_precedents_raise_an_instrument_in_the_ranking_and_say_why():
    _, before = _path_pair(None)
    assert [c.slug for c in before.step("rnd").candidates] == [
        "a-scheme",
        "b-scheme",
    ]  # equal fit: slug order
    index = index_of(*({"title": f"Hydrogenferje {n}", "instrument": "b-scheme"} for n in range(14)))
    snap, after = _path_pair(index)
    rnd = after.step("rnd").candidates
    assert [c.slug for c in rnd] == ["b-scheme", "a-scheme"]
    assert rnd[0].fit == before.step("rnd").candidates[0].fit + 6  # capped at precedent_max
    vestland = CatalogueSnapshot(instruments=(), counties=(("46", "Vestland"),))
    assert (
        "14 projects in Vestland in hydrogen or maritime industry funded by this instrument since 2019"
        in (words(rnd[0].why, vestland))
    )
    assert after.precedents is not None and after.precedents.of("b-scheme").funded == 14


def test_with_no_award_data_the_path_is_exactly_as_before():
    snap, before = _path_pair(None)
    _, empty = _path_pair(PrecedentIndex.build(iter(())))
    assert empty == before and empty.to_dict() == before.to_dict()
    assert "precedents" not in before.to_dict()


def test_coverage_says_when_a_source_misses_the_county_or_the_years():
    old = SourceSnap(
        key="old", name="Old file", format="generic", shows_partners=True, year_from=2010, year_to=2016
    )
    index = PrecedentIndex.build(
        [rows({"title": "Hydrogen", "source": "old", "county": "50", "year": 2012})], sources=(old,)
    )
    found = find_path(
        make_snapshot(make_instrument()), FJORD, RULES, today=TODAY, precedents=index
    ).precedents
    assert found is not None
    notes = words(found.coverage[0].notes)
    assert "has nothing from 2019 on" in notes and "has no projects in" in notes
