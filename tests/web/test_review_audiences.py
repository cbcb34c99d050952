"""Which department follows which agencies' review items (issue 18: "NFD: IN, Siva, FR; KLD: Enova; KD:
HK-dir and the new continuing-education schemes"): seeds/review_audiences.yaml, checked with the seeds;
a department not listed follows the agencies it steers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from records_helpers import api_log_in, records_app, review

from analyser.reports.model import build_report, review_agencies
from catalogue.errors import InputError
from catalogue.reviews.audiences import read_review_audiences
from catalogue.reviews.snapshot import ReviewSnap
from catalogue.seeding import SEEDS_DIR, read_seeds


@pytest.fixture
def client(seeded_sqlite_url: str, tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(records_app(seeded_sqlite_url, tmp_path)) as c:
        yield c


def test_nfd_and_kd_both_see_a_research_council_review_item(client: TestClient) -> None:
    headers = api_log_in(client, "admin")
    item = review(instrument="fr-ipn", barriers=["B1"], adjustment_text="Opne for konsortium i IPN.")
    assert (
        client.post("/api/v1/reviews", json={"version": 0, "review": item}, headers=headers).status_code
        == 201
    )
    for department in ("NFD", "KD"):
        listed = client.get("/gjennomgangar", params={"department": department}).text
        assert "Innovasjonsprosjekt i næringslivet" in listed, department
        report = client.get(f"/rapportar/{department}.md").text
        assert "Noregs forskingsråd" in report.split("Gjennomgangspunkta til verkemiddelaktørane")[-1], (
            department
        )
    assert "IPN" not in client.get("/gjennomgangar", params={"department": "KLD"}).text


def test_a_department_not_listed_follows_the_agencies_it_steers(client: TestClient) -> None:
    state = client.app.state.catalogue  # type: ignore[attr-defined]
    audiences = read_review_audiences(SEEDS_DIR, read_seeds())
    assert "ED" not in audiences
    steered = tuple(sorted(a.code for a in state.snapshot.agencies if a.ministry == "ED"))
    assert review_agencies(state.snapshot, "ED", "department", audiences) == steered
    assert review_agencies(state.snapshot, "NFD", "department", audiences) == ("FR", "IN", "SIVA")


def test_an_unknown_agency_or_department_stops_the_seeding(tmp_path: Path) -> None:
    (tmp_path / "review_audiences.yaml").write_text(
        "- department: NFD\n  agencies: [IN, NOPE]\n- department: XX\n  agencies: [IN]\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        read_review_audiences(tmp_path, read_seeds())
    found = {(p.record, p.field, p.message) for p in caught.value.problems}
    assert ("department 'NFD'", "agencies", "unknown agency 'NOPE'") in found
    assert ("department 'XX'", "department", "unknown ministry 'XX'") in found


def test_the_nfd_report_lists_a_research_council_item_that_answers_none_of_its_gaps(
    client: TestClient,
) -> None:
    """With no gap to link it, the item is in NFD's report only because NFD follows the Research Council."""
    snapshot = client.app.state.catalogue.snapshot  # type: ignore[attr-defined]
    item = ReviewSnap(
        id=1,
        instrument="fr-ipn",
        agency="FR",
        relevance=(("I", "high"),),
        barriers=("B1",),
        adjustments=("open_to_consortia",),
        adjustment_text=None,
        status="proposed",
        reason=None,
        decided_on=dt.date(2026, 11, 20),
        version=1,
    )
    audiences = read_review_audiences(SEEDS_DIR, read_seeds())
    for department, shown in (("NFD", True), ("KD", True), ("KLD", False)):
        report = build_report((), snapshot, department, records=([item], []), review_audiences=audiences)
        assert report.reviews is not None
        assert bool(report.reviews.items) is shown, department
    without = build_report((), snapshot, "NFD", records=([item], []))
    assert without.reviews is not None and not without.reviews.items  # the ministry alone: IN and Siva
