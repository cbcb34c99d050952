"""The path page of a seeded consortium with Forskningsrådet's real extracts imported: "Funded projects
like yours" lists similar projects, who funded them and how they ended, in every language; the JSON forms
carry the same; with no award data imported the page has no such section."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from htmlparse import parse
from seeded_copy import sqlite_copy

from catalogue.awards.service import import_awards
from catalogue.db import engine_for, transaction
from web.app import create_app
from web.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "open-data" / "forskningsradet"
SLUG = "fjord-base"


@pytest.fixture(scope="module")
def awards_app(seeded_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    url = sqlite_copy(seeded_sqlite_url, tmp_path_factory.mktemp("precedents"))
    with transaction(engine_for(url)) as session:
        import_awards(session, FIXTURES / "bevilgningereu.csv", "fr-eu")
        import_awards(session, FIXTURES / "soknader2-sample.csv", "fr-soknader")
    return create_app(url)


@pytest.fixture
def aclient(awards_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(awards_app) as c:
        yield c


def _section(page: str):  # noqa: ANN202
    doc = parse(page)
    return doc.by_id("like-yours")


def test_the_path_page_shows_funded_projects_like_the_consortium(aclient: TestClient) -> None:
    page = aclient.get(f"/finansieringsveg/{SLUG}?lang=nn")
    assert page.status_code == 200
    section = _section(page.text)
    assert section is not None
    text = section.text()
    assert "Finansierte prosjekt som liknar dykkar" in text
    rows = section.find("tbody").find_all("tr")
    assert 3 <= len(rows) <= 8
    # Fjord Base (Vestland; hydrogen, maritime, aquaculture, biogas): a hydrogen ferry and a vessel project
    titles = " ".join(r.find("th").text() for r in rows)
    assert "hydrogen" in titles.lower() and ("vessel" in titles.lower() or "ferry" in titles.lower())
    assert "Highly efficient power system for marine vessels on renewable fuel" in rows[0].text()
    assert "Forskingsrådet" in rows[0].text() or "Noregs forskingsråd" in rows[0].text()
    # where the data comes from, and what it cannot show
    assert "Bevilgninger fra EU" in text and "2014–2021" in text
    assert "berre den ansvarlege organisasjonen" in text


def test_every_step_says_where_its_precedents_come_from(aclient: TestClient) -> None:
    doc = parse(aclient.get(f"/finansieringsveg/{SLUG}?lang=nb").text)
    steps = doc.find_all("li", cls="step")
    assert steps
    for step in steps:
        note = step.find("details", cls="precedent-note")
        assert note is not None
        assert "Søknader v2" in note.text() and "Bevilgninger fra EU" in note.text()


def test_english_page_and_the_json_forms_carry_the_same_projects(aclient: TestClient) -> None:
    page = _section(aclient.get(f"/finansieringsveg/{SLUG}?lang=en").text)
    assert page is not None and "Funded projects like yours" in page.text()
    api = aclient.get(f"/api/v1/consortia/{SLUG}/path?lang=en").json()
    similar = api["precedents"]["similar"]
    assert similar[0]["title"] == "Highly efficient power system for marine vessels on renewable fuel"
    assert similar[0]["funder"] == "FR" and similar[0]["outcome_label"] == "Funded, project finished"
    assert {c["source"] for c in api["precedents"]["coverage"]} == {"fr-eu", "fr-soknader"}


def test_without_award_data_the_page_has_no_such_section(client: TestClient) -> None:
    page = client.get(f"/finansieringsveg/{SLUG}?lang=nn")
    assert page.status_code == 200 and _section(page.text) is None
    assert "precedents" not in client.get(f"/api/v1/consortia/{SLUG}/path").json()


def test_the_cli_prints_the_projects_and_the_json_carries_them(
    awards_app: FastAPI, capsys, monkeypatch
) -> None:  # noqa: ANN001
    monkeypatch.setenv("DATABASE_URL", str(awards_app.state.catalogue.engine.url.render_as_string(False)))
    assert main(["path", "--seeded", SLUG, "--lang", "nb"]) == 0
    out = capsys.readouterr().out
    assert "Finansierte prosjekter som ligner deres" in out
    assert "Highly efficient power system for marine vessels on renewable fuel" in out
    assert "nevner bare den ansvarlige organisasjonen, ikke partnerne" in out
    assert main(["path", "--seeded", SLUG, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["precedents"]["similar"][0]["instrument"] == "fr-ipn"
    assert data["precedents"]["similar"][0]["outcome"] == "finished"


def test_a_rejected_application_is_shown_as_a_rejection(aclient: TestClient) -> None:
    section = _section(aclient.get("/finansieringsveg/finnfjord-smelteverk?lang=nn").text)
    assert section is not None
    rejected = [r for r in section.find("tbody").find_all("tr") if "is-rejected" in r.classes()]
    assert rejected, "the Søknader sample's rejected application like Finnfjord's is listed"
    text = rejected[0].text()
    assert "Søknaden fekk avslag" in text and "søkte om" in text
    assert "Finansiert" not in text
