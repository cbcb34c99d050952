"""Text relevance: character n-grams let nynorsk, bokmål and English spellings meet; the vectorised counter
counts what scikit-learn's char_wb analyser counts; scores come with an explanation."""

from __future__ import annotations

import numpy as np
from factories import make_barrier, make_instrument, make_snapshot, rules
from sklearn.feature_extraction.text import CountVectorizer

from analyser.gaps.analyse import analyse
from analyser.matching.relevance import CharNgramCounter, TextRelevance
from analyser.matching.term_match import matched_terms

TEXTS = [
    "Verkemiddel for risikoavlasting i industrien",
    "Virkemiddel for risikoavlastning i industrien",
    "Kompetanse for helsesektoren",
    "",
    "Ærlig østers på ål 12 kafé",
]


def test_counts_match_scikit_learn_char_wb() -> None:
    """Same counts on words of two letters or more (scikit-learn also keeps shorter words whole, and
    punctuation inside words; we treat punctuation as a boundary)."""
    texts = [t.replace(" i ", " ") for t in TEXTS]
    for n in (3, 4):
        ours = CharNgramCounter(ngram_sizes=(n,)).transform(texts)
        theirs = CountVectorizer(analyzer="char_wb", ngram_range=(n, n)).fit_transform(texts)
        assert (
            np.asarray(ours.sum(axis=1)).ravel().tolist() == np.asarray(theirs.sum(axis=1)).ravel().tolist()
        )
        assert (
            np.asarray((ours > 0).sum(axis=1)).ravel().tolist()
            == np.asarray((theirs > 0).sum(axis=1)).ravel().tolist()
        )


def test_chunked_threaded_counting_equals_one_pass() -> None:
    """In chunks on the caller's threads (the web app hands in ``web.startup.analysis_pool``) or not."""
    from concurrent.futures import ThreadPoolExecutor

    texts = TEXTS * 40
    one = CharNgramCounter(chunk_size=10_000).transform(texts)
    with ThreadPoolExecutor(2) as pool:
        many = CharNgramCounter(chunk_size=7, executor=pool).transform(texts)
    assert (one != many).nnz == 0
    assert (CharNgramCounter(chunk_size=7).transform(texts) != one).nnz == 0


def test_nynorsk_and_bokmal_spellings_meet() -> None:
    model = TextRelevance(TEXTS)
    sim = (model.matrix @ model.matrix.T).toarray()
    assert sim[0, 1] > 0.5 > sim[0, 2]


def test_matched_terms_allow_spelling_variants_compounds_and_inflections() -> None:
    text = "Virkemidlar for testinfrastruktur og risikoavlastning; competence centres."
    found = matched_terms(
        ["verkemiddel", "felles infrastruktur", "infrastruktur", "risikoavlasting", "helse"], text
    )
    assert "infrastruktur" in found and "risikoavlasting" in found
    assert "helse" not in found and "felles infrastruktur" not in found


def test_explanation_names_the_predicates_that_held_and_the_terms_that_matched() -> None:
    barrier = make_barrier("B2", keywords=("felles infrastruktur", "shared infrastructure"))
    pipe = make_instrument(
        slug="pipe",
        funds_shared_infrastructure=True,
        summary_en="Shared infrastructure such as pipelines between firms.",
    )
    other = make_instrument(slug="other", funds_shared_infrastructure=False)
    spec = rules(
        {
            "barrier": "B2",
            "text_weight": 0.3,
            "requires": {
                "all": [
                    {"field": "funds_shared_infrastructure", "is": True},
                    {"field": "consortium_eligibility", "in": ["yes", "partial"]},
                ]
            },
        }
    )
    analysis = analyse(make_snapshot(pipe, other, barriers=(barrier,)), spec)
    explained = analysis.explain("B2", "pipe")
    assert explained.answers and explained.predicate == 1.0
    assert any("funds_shared_infrastructure" in h for h in explained.held)
    assert "shared infrastructure" in explained.terms
    missing = analysis.explain("B2", "other")
    assert not missing.answers and any("funds_shared_infrastructure" in f for f in missing.failed)
    assert missing.score < explained.score


def test_text_alone_never_answers_and_closed_instruments_do_not_count() -> None:
    barrier = make_barrier("B4", keywords=("fasilitator",))
    talk = make_instrument(
        slug="talk", summary_nn="Fasilitator og fasilitering for klynger.", pays_coordination_costs=False
    )
    closed = make_instrument(slug="closed", pays_coordination_costs=True, status="closed")
    spec = rules(
        {"barrier": "B4", "text_weight": 0.2, "requires": {"field": "pays_coordination_costs", "is": True}}
    )
    analysis = analyse(make_snapshot(talk, closed, barriers=(barrier,)), spec)
    assert not analysis.explain("B4", "talk").answers
    assert not analysis.explain("B4", "closed").answers
    assert analysis.of_kind("barrier-uncovered")
