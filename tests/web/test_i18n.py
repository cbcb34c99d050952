"""Languages: negotiation, the switcher, complete catalogues and vocabulary labels."""

from __future__ import annotations

import ast
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
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


# The extraction `make messages` runs (web/babel.cfg and the Makefile's keywords).
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "msg": None, "nmsg": (1, 2)}


def extracted(prefixes: tuple[str, ...] = ("web", "analyser")) -> set[str]:
    """Every message id in the code base under ``prefixes`` (paths relative to the repository)."""
    with (ROOT / "web" / "babel.cfg").open() as f:
        method_map, options = parse_mapping_cfg(f)
    return {
        m[2] if isinstance(m[2], str) else m[2][0]
        for m in extract_from_dir(str(ROOT), method_map, options, keywords=KEYWORDS)
        if m[0].startswith(prefixes) and m[2]
    }


def translated(lang: str) -> set[str]:
    with po_path(lang).open("rb") as f:
        catalog = read_po(f, locale=lang)
    return {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in catalog
        if m.id and (m.string if isinstance(m.string, str) else all(m.string))
    }


def test_every_interface_string_is_translated_to_nynorsk_and_bokmal():
    """The .po files are the source (compiled at start-up): they must hold every string in the code —
    pages, fragments, reports, CLI output, vocabulary labels and the analyser's messages."""
    wanted = extracted()
    assert {
        "Instruments",
        "Gaps in the instrument system",
        "Hydrogen",
        "closed to new applications",
    } <= wanted
    for lang in ("nn", "nb"):
        missing = wanted - translated(lang)
        assert not missing, f"{lang}: untranslated {sorted(missing)}"
    assert all(po_path(lang).exists() for lang in LANGS)


def test_no_message_hides_in_an_f_string():
    """Python 3.11's extractor cannot see a gettext call inside an f-string: such a string would never be
    translated. Call gettext outside the f-string."""
    calls = ("_", "gettext", "ngettext", "N_", "msg", "nmsg")
    hidden = []
    for path in [*(ROOT / "web").rglob("*.py"), *(ROOT / "analyser").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                for inner in ast.walk(node):
                    func = getattr(inner, "func", None)
                    name = getattr(func, "attr", None) or getattr(func, "id", None)
                    if isinstance(inner, ast.Call) and name in calls:
                        hidden.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert not hidden, hidden


def test_every_vocabulary_value_has_a_label_in_every_language(app):
    """One table (web/i18n/labels.py) names every code of catalogue/vocabulary.py, in English message ids
    the catalogue translates."""
    scalars = {
        "consortium": vocabulary.CONSORTIUM_ELIGIBILITY,
        "status": vocabulary.STATUSES,
        "deadline_kind": vocabulary.DEADLINE_KINDS,
        "geography": vocabulary.GEOGRAPHY,
        "consortium_lead": vocabulary.CONSORTIUM_LEAD,
        "confidence": vocabulary.CONFIDENCE,
        "size_class": vocabulary.SIZE_CLASSES,
        "member_role": vocabulary.MEMBER_ROLES,
        "need": vocabulary.NEEDS,
        "symbiosis_status": vocabulary.SYMBIOSIS_STATUSES,
        "emissions_status": vocabulary.EMISSIONS_STATUSES,
        "infrastructure": vocabulary.INFRASTRUCTURE_KINDS,
        "mission_topic": vocabulary.MISSIONS,
    }
    for facet, values in [*vocabulary.TAG_FACETS.items(), *scalars.items()]:
        if facet == "mission":
            continue  # mission titles come from the catalogue (mission_topic names them in sentences)
        assert set(values) <= set(VALUE_LABELS[facet]), facet
    msgids = {m for values in VALUE_LABELS.values() for m in values.values()} | set(FACET_LABELS.values())
    for lang in ("nn", "nb"):
        assert msgids <= translated(lang), lang
        labels = app.state.catalogue.labeller(lang)
        assert labels.value("value_chain", "maritime") == "Maritim næring"
        assert labels.value("funding_form", "grant") == {"nn": "Tilskot", "nb": "Tilskudd"}[lang]
