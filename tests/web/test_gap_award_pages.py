"""Findings from funded-project data on the web: the gap page shows the awards behind a finding and the
sources and years it rests on, the API and downloads carry them, the reports gain their evidence section,
and no code or English label shows in nynorsk or bokmål."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from htmlparse import html
from test_visible_words import leaks, stored_texts, visible, without

from catalogue import migrate
from catalogue.awards.service import import_awards
from catalogue.db import engine_for, transaction
from catalogue.seeding import load_seeds
from web.app import create_app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "open-data" / "forskningsradet"
MONEY = "/gap/unmapped-money:FR:NOK"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path_factory.mktemp('award-pages') / 'catalogue.db'}"
    migrate.upgrade(url)
    with transaction(engine_for(url)) as session:
        load_seeds(session)
        import_awards(session, FIXTURES / "bevilgningereu.csv", "fr-eu")
        import_awards(session, FIXTURES / "soknader2-sample.csv", "fr-soknader")
    with TestClient(create_app(url)) as c:
        yield c


def evidence_items(doc, key: str) -> list[str]:  # noqa: ANN001
    dt = doc.find("dt", id=f"ev-{key}")
    siblings = [c for c in dt.parent.children if not isinstance(c, str)]
    dd = siblings[siblings.index(dt) + 1]
    return [li.text().strip() for li in dd.find_all("li")]


def test_finding_page_shows_the_awards_and_the_sources_it_rests_on(client: TestClient) -> None:
    doc = html(client.get(MONEY, params={"lang": "en"}))
    awards = evidence_items(doc, "awards")
    assert len(awards) == 10
    assert "Processes and Players in Arctic Marine Pelagic Food Webs" in awards[0]  # the largest grant
    assert "NOK 22,838,000" in awards[0] and "project 225956" in awards[0]
    assert evidence_items(doc, "awards_more") == ["12"]
    sources = evidence_items(doc, "sources")
    assert sources == [
        "Forskningsrådet: Søknader v2 (applications and projects), 2012 "
        "(names only the responsible organisation)"
    ]
    programmes = evidence_items(doc, "programmes")
    assert programmes[0].startswith("POLARPROG") and "NOK 31,994,000" in programmes[0]


def test_not_measurable_page_names_the_instruments_and_why(client: TestClient) -> None:
    doc = html(client.get("/gap/not-measurable:consortia", params={"lang": "nn"}))
    items = evidence_items(doc, "not_measurable")
    assert any(i.startswith("ENERGIX") and "berre den ansvarlege organisasjonen" in i for i in items)


def test_list_api_and_downloads_carry_the_findings(client: TestClient) -> None:
    doc = html(client.get("/gap", params={"kind": "unmapped-money", "lang": "en"}))
    assert "Money outside the catalogue" in doc.text()
    items = client.get("/api/v1/gaps", params={"kind": "unmapped-money"}).json()["items"]
    fr = next(i for i in items if i["code"] == "unmapped-money:FR:NOK")
    assert fr["sources"] == ["Forskningsrådet: Søknader v2 (applications and projects) (2012)"]
    assert fr["awards"][0]["ref"] == "225956" and fr["awards_more"] == 12
    other = client.get("/api/v1/gaps", params={"kind": "consortium-miss"}).json()["items"][0]
    assert "sources" not in other and "awards" not in other
    rows = list(csv.DictReader(io.StringIO(client.get("/gap.csv").text.lstrip("\ufeff"))))
    money = next(r for r in rows if r["code"] == "unmapped-money:FR:NOK")
    assert money["awards"].startswith("fr-soknader:225956")


def test_reports_gain_the_evidence_section(client: TestClient) -> None:
    text = client.get("/rapportar/FR.md", params={"lang": "en"}).text
    assert "## 6. Evidence from funded projects" in text and "## 7. About this report" in text
    assert (
        "| Forskningsrådet: Bevilgninger fra EU (Norwegian participations in Horizon 2020) | 2014–2021 |"
        in text
    )
    page = html(client.get("/rapportar/FR.html", params={"lang": "nb"}))
    assert page.find("section", id="evidence") is not None


@pytest.mark.parametrize("lang", ["nn", "nb"])
def test_no_code_or_english_label_shows(client: TestClient, lang: str) -> None:
    data = stored_texts(client.app.state.catalogue.engine)  # type: ignore[attr-defined]
    kinds = (
        "unmapped-money:FR:NOK",
        "not-measurable:consortia",
        "not-measurable:rejections",
        "uncoordinated-funding:energy_system:EU+FR",
        "unmapped-money:EU:EUR",
    )
    found = {}
    for url in [
        *(f"/gap/{k}" for k in kinds),
        "/gap?kind=not-measurable",
        "/rapportar/FR.html",
        "/rapportar/KD.md",
    ]:
        r = client.get(url, params={"lang": lang})
        assert r.status_code == 200, url
        text = without(r.text if url.endswith(".md") else visible(r.text), data)
        if leaks(text, lang):
            found[url] = leaks(text, lang)
    assert not found, found
