"""The instrument list and detail pages, without JavaScript first, then the htmx fragment path."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from htmlparse import html, parse

from web.i18n.catalogues import translator
from web.i18n.labels import VALUE_LABELS


def result_links(doc) -> list[str]:  # noqa: ANN001
    return [a["href"] for li in doc.find_all("li", cls="result") for a in li.find_all("a")[:1]]


def count(doc) -> int:  # noqa: ANN001
    return int(doc.find("p", cls="result-count").text().split()[0])


def n_agency(app, code: str) -> int:  # noqa: ANN001
    return sum(code in i.all_agencies for i in app.state.catalogue.snapshot.instruments)


def test_list_is_a_plain_get_form_in_nynorsk(client, app):
    doc = html(client.get("/instrumenter"))
    assert doc.find("html")["lang"] == "nn"
    form = doc.by_id("search-form")
    assert form["method"] == "get" and form["action"] == "/instrumenter"
    assert form["hx-get"] == "/instrumenter" and form["hx-push-url"] == "true"
    assert doc.find("label", for_="q").text() == "Søk etter namn eller føremål"
    assert (
        count(doc) == len(app.state.catalogue.snapshot.instruments) and doc.find("h1").text() == "Verkemiddel"
    )
    # every facet offers values with counts
    facets = {f.find("summary").text() for f in doc.find_all("details", cls="facet")}
    assert {
        "Aktør",
        "Type",
        "Kven kan søkje",
        "Konsortium kan søkje",
        "Fase",
        "Verdikjede",
        "Oppdrag",
        "Fylke",
        "Status",
        "Finansieringsform",
        "Søknadsfrist",
    } <= facets
    enova = doc.find("input", id="f-agency-ENOVA")
    assert enova["name"] == "agency"
    assert doc.find("label", for_="f-agency-ENOVA").text() == f"Enova ({n_agency(app, 'ENOVA')})"


def test_typo_search_finds_skattefunn(client):
    doc = html(client.get("/instrumenter", params={"q": "skattefun"}))
    assert result_links(doc)[0] == "/instrumenter/joint-skattefunn"
    assert doc.find("title").text().startswith("«skattefun»")


def test_search_by_purpose_crosses_agencies(client):
    for q in ("waste heat to a greenhouse", "shared infrastructure", "felles infrastruktur"):
        doc = html(client.get("/instrumenter", params={"q": q, "per_page": 10}))
        agencies = {
            li.find("p", cls="result-meta").text().split(" · ")[0] for li in doc.find_all("li", cls="result")
        }
        assert len(agencies) >= 2, (q, agencies)


def test_virkemiddel_and_verkemiddel_search_alike(client):
    a = html(client.get("/instrumenter", params={"q": "virkemiddel"}))
    b = html(client.get("/instrumenter", params={"q": "verkemiddel"}))
    assert result_links(a) == result_links(b)


def test_facet_filter_narrows_and_counts(client, app):
    n = n_agency(app, "ENOVA")
    doc = html(client.get("/instrumenter", params={"agency": "ENOVA", "per_page": 100}))
    assert count(doc) == n == len(result_links(doc))
    assert "checked" in doc.find("input", id="f-agency-ENOVA").attrs
    chips = doc.find("ul", cls="chips").find_all("a")
    assert [c.text().split(" ×")[0] for c in chips] == ["Aktør: Enova"]
    assert urlsplit(chips[0]["href"]).path == "/instrumenter" and "agency" not in chips[0]["href"]
    # two values of one facet are OR-ed, two facets AND-ed
    either = {
        i.slug for i in app.state.catalogue.snapshot.instruments if {"ENOVA", "SIVA"} & set(i.all_agencies)
    }
    both = count(html(client.get("/instrumenter", params=[("agency", "ENOVA"), ("agency", "SIVA")])))
    assert both == len(either) > n
    narrowed = html(client.get("/instrumenter", params={"agency": "ENOVA", "consortium": "yes"}))
    assert count(narrowed) < n
    # a ticked facet still offers its other values, counted as if they were added (OR within a facet)
    no = narrowed.find("label", for_="f-consortium-no").text()
    enova_no = sum(
        1
        for i in app.state.catalogue.snapshot.instruments
        if "ENOVA" in i.all_agencies and i.consortium_eligibility == "no"
    )
    assert no.endswith(f"({enova_no})")


def test_result_rows_say_who_may_apply_consortia_and_deadline(client):
    doc = html(client.get("/instrumenter", params={"q": "skattefunn"}))
    row = doc.find("li", cls="result")
    facts = {d.find("dt").text(): d.find("dd").text() for d in row.find("dl").find_all("div")}
    assert set(facts) == {"Kven kan søkje", "Konsortium", "Neste frist", "Maks per prosjekt"}
    assert all(facts.values())
    nynorsk = translator("nn").gettext
    assert facts["Konsortium"] in {nynorsk(v) for v in VALUE_LABELS["consortium"].values()}


def test_amount_and_intensity_filters(client, app):
    doc = html(client.get("/instrumenter", params={"min_amount": "10000000", "per_page": 100}))
    slugs = [h.rsplit("/", 1)[1] for h in result_links(doc)]
    state = app.state.catalogue
    assert slugs and all(state.index.get(s).max_amount_nok >= 10_000_000 for s in slugs)
    doc = html(client.get("/instrumenter", params={"min_intensity": "50", "per_page": 100}))
    assert all(state.index.get(h.rsplit("/", 1)[1]).aid_intensity_max_pct >= 50 for h in result_links(doc))
    assert doc.by_id("min_intensity")["value"] == "50"


def test_sort_by_amount(client, app):
    doc = html(client.get("/instrumenter", params={"sort": "amount", "per_page": 100}))
    amounts = [app.state.catalogue.index.get(h.rsplit("/", 1)[1]).max_amount_nok for h in result_links(doc)]
    known = [a for a in amounts if a is not None]
    assert known == sorted(known, reverse=True) and amounts[: len(known)] == known
    assert doc.find("option", selected=True)["value"] == "amount"


def test_bad_number_is_reported_not_fatal(client, app):
    doc = html(client.get("/instrumenter", params={"min_amount": "lots"}))
    assert "min_amount" in doc.find("div", role="alert").text()
    assert count(doc) == len(app.state.catalogue.snapshot.instruments)


def test_pagination_keeps_the_whole_state_in_the_url(client):
    doc = html(client.get("/instrumenter", params={"type": "financial", "sort": "name"}))
    nxt = doc.find("a", rel="next")["href"]
    assert dict(parse_qsl(urlsplit(nxt).query)) == {"type": "financial", "sort": "name", "page": "2"}
    page2 = html(client.get(nxt))
    assert not set(result_links(page2)) & set(result_links(doc))


def test_htmx_request_gets_the_fragment_and_history_restore_the_page(client):
    r = client.get("/instrumenter", params={"q": "hydrogen"}, headers={"HX-Request": "true"})
    assert r.status_code == 200 and "HX-Request" in r.headers["vary"]
    assert "<html" not in r.text and "<form" not in r.text
    frag = parse(r.text)
    assert frag.find("div", id="facets")["hx-swap-oob"] == "true"
    assert frag.find("nav", id="lang-switch")["hx-swap-oob"] == "true"
    assert frag.find("li", cls="result") is not None
    # the language links follow the search
    assert "hydrogen" in frag.find("nav", id="lang-switch").find("a")["href"]
    restore = client.get(
        "/instrumenter",
        params={"q": "hydrogen"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in restore.text


def test_detail_page_shows_everything_known(client, app):
    i = app.state.catalogue.index.get("in-miljoteknologi")
    doc = html(client.get("/instrumenter/in-miljoteknologi"))
    assert doc.find("h1").text() == i.name("nn")
    source = doc.find("section", cls="source")
    assert source.find("a", href=i.source_url) is not None
    assert "28. november 2026" in source.text()
    sections = [h.text() for h in doc.find_all("h2")]
    assert sections == [
        "Kven kan søkje",
        "Pengar",
        "Fristar og status",
        "Kva det passar til",
        "Kven forvaltar det",
        "Finansierte prosjekt",  # issue 15: what the funders' published data says (web/awards)
        "Kjelde",
    ]
    assert doc.find("nav", cls="breadcrumbs").find("a", href="/instrumenter") is not None


def test_unknown_instrument_is_a_404_page(client):
    r = client.get("/instrumenter/no-such-thing")
    assert r.status_code == 404 and "Fann ikkje sida" in r.text


def test_front_page_links_into_the_list(client):
    doc = html(client.get("/"))
    assert doc.find("form", role="search")["action"] == "/instrumenter"
    assert doc.find("a", href="/instrumenter?agency=ENOVA") is not None
