"""Tag suggestion: the model proposes types and value chains from an instrument's text."""

from __future__ import annotations

from analyser.matching.tagging import Suggestion, TagModel, evaluate
from catalogue.instruments.snapshot import CatalogueSnapshot


def test_model_suggests_tags_that_match_the_text(seed_snapshot: CatalogueSnapshot) -> None:
    model = TagModel.fit(seed_snapshot.instruments)
    found = model.suggest(
        "Kurs og etter- og vidareutdanning for tilsette i prosessindustrien ved fagskular; "
        "competence for operators"
    )
    assert found["types"][0].value == "competence"
    hydrogen = model.suggest("Støtte til hydrogenproduksjon og fyllestasjonar for hydrogen til skip og bilar")
    assert "hydrogen" in [s.value for s in hydrogen["value_chains"]]
    assert all(isinstance(s, Suggestion) and 0 <= s.probability <= 1 for s in found["types"])


def test_cross_validated_macro_f1_is_reported_per_facet(seed_snapshot: CatalogueSnapshot) -> None:
    result = evaluate(seed_snapshot.instruments, "types", folds=3)
    assert result.labels == ("collaboration", "competence", "financial")
    assert 0.5 < result.macro_f1 <= 1.0 and set(result.per_label_f1) == set(result.labels)


def test_default_model_serves_the_edit_form() -> None:
    from web.editing.form import suggest_tags

    found = suggest_tags("Lån og garantiar til fullskala hydrogenproduksjon")
    assert found["types"] and found["value_chains"]
    assert found["types"][0][0] == found["types"][0].value
