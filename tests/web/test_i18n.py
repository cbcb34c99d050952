"""Languages: negotiation, the switcher, complete catalogues and vocabulary labels."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from htmlparse import html

from catalogue import vocabulary
from web.i18n.catalogues import LANGS, choose_language, po_path
from web.i18n.labels import FACET_LABELS, VALUE_LABELS

ROOT = Path(__file__).resolve().parents[2]


def test_language_from_query_cookie_and_accept_language(client):
    assert html(client.get("/instrumenter")).find("html")["lang"] == "nn"
    r = client.get("/instrumenter", params={"lang": "nb"})
    assert html(r).find("html")["lang"] == "nb" and r.cookies.get("lang") == "nb"
    assert html(client.get("/instrumenter")).find("html")["lang"] == "nb"  # remembered
    client.cookies.clear()
    r = client.get("/instrumenter", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert html(r).find("html")["lang"] == "en"
    assert html(r).find("h1").text() == "Instruments"


def test_choose_language():
    assert choose_language(None, None, None) == "nn"
    assert choose_language("xx", "en", "nb") == "en"
    assert choose_language(None, None, "de, no;q=0.8, en;q=0.5") == "nb"
    assert choose_language(None, None, "nn-NO") == "nn"


def test_switcher_goes_back_to_the_same_search(client):
    doc = html(client.get("/instrumenter", params={"q": "biogass", "agency": "ENOVA"}))
    links = {a.text(): a for a in doc.by_id("lang-switch").find_all("a")}
    assert set(links) == {"Nynorsk", "Bokmål", "English"}
    assert links["Nynorsk"]["aria-current"] == "true"
    r = client.get(links["English"]["href"], follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/instrumenter?q=biogass&agency=ENOVA"
    doc = html(client.get(r.headers["location"]))
    assert doc.find("html")["lang"] == "en" and doc.by_id("q")["value"] == "biogass"


def test_switcher_never_redirects_off_site(client):
    r = client.get("/lang/nb", params={"next": "//evil.example/"}, follow_redirects=False)
    assert r.headers["location"] == "/"


def test_data_shown_in_the_chosen_language(client, app):
    i = app.state.catalogue.index.get("in-miljoteknologi")
    for lang, name in (("nn", i.name_nn), ("nb", i.name_nb), ("en", i.name_en)):
        assert html(client.get(f"/instrumenter/{i.slug}?lang={lang}")).find("h1").text() == name


def test_every_page_string_is_translated_to_nynorsk_and_bokmal():
    """The .po files are the source (compiled at start-up): they must hold every string in the code."""
    method_map = [
        ("web/reports/routes.py", "python"),
        ("web/reports/**", "ignore"),
        ("web/cli/report_commands.py", "ignore"),
        ("web/**/templates/*.html", "jinja2"),
        ("web/**.py", "python"),
    ]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    wanted = {
        m[2] if isinstance(m[2], str) else m[2][0]
        for m in extract_from_dir(str(ROOT), method_map, keywords=keywords)
        if m[0].startswith("web")
    }
    assert "Instruments" in wanted
    for lang in ("nn", "nb"):
        with po_path(lang).open("rb") as f:
            catalog = read_po(f, locale=lang)
        translated = {
            m.id if isinstance(m.id, str) else m.id[0]
            for m in catalog
            if m.id and (m.string if isinstance(m.string, str) else all(m.string))
        }
        assert not wanted - translated, f"{lang}: untranslated {sorted(wanted - translated)}"
    assert all(po_path(lang).exists() for lang in LANGS)


def test_every_vocabulary_value_has_three_labels():
    for facet, values in vocabulary.TAG_FACETS.items():
        if facet == "mission":
            continue  # mission titles come from the catalogue
        assert set(values) <= set(VALUE_LABELS[facet]), facet
    scalars = {
        "consortium": vocabulary.CONSORTIUM_ELIGIBILITY,
        "status": vocabulary.STATUSES,
        "deadline_kind": vocabulary.DEADLINE_KINDS,
        "geography": vocabulary.GEOGRAPHY,
        "consortium_lead": vocabulary.CONSORTIUM_LEAD,
        "confidence": vocabulary.CONFIDENCE,
    }
    for facet, values in scalars.items():
        assert set(values) <= set(VALUE_LABELS[facet]), facet
    for triples in [FACET_LABELS, *VALUE_LABELS.values()]:
        assert all(len(t) == 3 and all(t) for t in triples.values())
