"""Overlaps: near-identical instruments of different agencies are found, different ones are not, and the
candidate search is not all pairs."""

from __future__ import annotations

from factories import make_instrument, make_snapshot, rules

from analyser.gaps.analyse import analyse
from analyser.gaps.overlaps import candidate_pairs, minhash
from analyser.matching.relevance import TextRelevance
from bench.synthetic import synthetic_snapshot

PILOT_NB = "Tilskudd til pilotanlegg for hydrogen i havbruk"
PILOT_EN = (
    "Grants for pilot plants that use hydrogen and waste heat in land-based aquaculture, "
    "co-funding equipment and testing for groups of firms."
)
PILOT_NN = "Tilskot til pilotanlegg som nyttar hydrogen og spillvarme i landbasert havbruk."


def twins(agency_b: str = "ENOVA", **b: object) -> tuple:
    first = make_instrument(
        slug="first", agency="IN", name_nb=PILOT_NB, summary_en=PILOT_EN, summary_nn=PILOT_NN
    )
    second = make_instrument(
        slug="second",
        agency=agency_b,
        name_nb=PILOT_NB.replace("Tilskudd", "Støtte"),
        summary_en=PILOT_EN.replace("co-funding", "paying for"),
        summary_nn=PILOT_NN.replace("nyttar", "brukar"),
        **b,
    )
    return first, second


def others() -> list:
    return [
        make_instrument(
            slug="loan",
            agency="FR",
            name_nb="Lån til skipsverft",
            summary_en="Loans for shipyards building zero-emission vessels.",
            summary_nn="Lån til verft som byggjer nullutsleppsfartøy.",
        ),
        make_instrument(
            slug="skills",
            agency="HKDIR",
            name_nb="Fagskoletilbud i prosessindustri",
            summary_en="Courses for process-industry operators at vocational colleges.",
            summary_nn="Kurs for operatørar i prosessindustrien ved fagskular.",
        ),
    ]


def test_two_near_identical_instruments_of_different_agencies_overlap() -> None:
    analysis = analyse(make_snapshot(*twins(), *others()), rules())
    found = analysis.of_kind("overlap")
    assert [f.code for f in found] == ["overlap:first+second"]
    assert set(found[0].agencies) == {"IN", "ENOVA"} and set(found[0].departments) == {"NFD", "KLD"}
    assert found[0].evidence["text_similarity"] > 0.6


def test_different_instruments_do_not_overlap() -> None:
    analysis = analyse(make_snapshot(twins()[0], *others()), rules())
    assert not analysis.of_kind("overlap")


def test_same_agency_or_an_existing_joint_scheme_is_not_an_overlap() -> None:
    assert not analyse(make_snapshot(*twins("IN"), *others()), rules()).of_kind("overlap")
    joint = twins("ENOVA", partner_agencies=("IN",))
    assert not analyse(make_snapshot(*joint, *others()), rules()).of_kind("overlap")


def test_candidate_pairs_grow_about_linearly_and_keep_planted_duplicates() -> None:
    sizes = {}
    for n in (1000, 2000):
        instruments = synthetic_snapshot(n).instruments
        relevance = TextRelevance([i.text() for i in instruments])
        pairs = candidate_pairs(instruments, minhash(relevance))
        sizes[n] = len(pairs)
        assert len(pairs) < 80 * n < n * (n - 1) // 2
    assert sizes[2000] < 2.5 * sizes[1000]


def test_planted_near_duplicates_are_found_in_a_synthetic_catalogue() -> None:
    snap = synthetic_snapshot(2000)
    by_slug = {i.slug: i for i in snap.instruments}
    planted = set()
    for inst in snap.instruments:
        source = by_slug.get((inst.facts_note or "").split()[-1] if inst.facts_note else "")
        if (
            source
            and "closed" not in (inst.status, source.status)
            and inst.agency.split("-")[0] != source.agency.split("-")[0]
        ):
            planted.add(tuple(sorted((inst.slug, source.slug))))
    found = {tuple(sorted((o.a, o.b))) for o in analyse(snap, rules(), checks=("overlaps",)).overlaps}
    assert planted and len(planted & found) >= 0.9 * len(planted)
