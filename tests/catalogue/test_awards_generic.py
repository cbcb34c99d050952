"""The generic award format: 360Giving field names from CSV, XLSX and JSON, through a column map."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from awards_support import dump, run_import
from openpyxl import Workbook

from catalogue.awards import loader
from catalogue.db import engine_for, transaction
from catalogue.errors import InputError

SINTEF, EQUINOR = "919303808", "923609016"
SUPPORT_REGISTER = """\
source: stotteregisteret-test
name: Støtteregisteret (test extract)
url: https://data.brreg.no/rofs/
fetched: 2026-12-01
delimiter: ";"
decimal_comma: true
date_format: "%d.%m.%Y"
columns:
  identifier: Tildelings-ID
  title: Formål
  amountAwarded: Beløp
  awardDate: Tildelt
  recipientOrganization.id: Mottaker orgnr
  recipientOrganization.name: Mottaker
  recipientOrganization.addressRegion: Fylke
  fundingOrganization.id: Giver
  grantProgramme.code: Ordning
  outcome: Status
defaults:
  currency: NOK
values:
  fundingOrganization.id:
    Innovasjon Norge: IN
  outcome:
    Innvilget: granted
    Avslått: rejected
"""


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_support_register_export_loads_through_a_column_map(db_url: str, tmp_path: Path) -> None:
    data = _write(
        tmp_path / "stotte.csv",
        "Tildelings-ID;Formål;Beløp;Tildelt;Mottaker orgnr;Mottaker;Fylke;Giver;Ordning;Status\n"
        f"T-1;Pilot for varmegjenvinning;1 250 000,50;15.03.2024;NO-BRC-{SINTEF};SINTEF AS;Trøndelag;"
        "Innovasjon Norge;MILJOTEK;Innvilget\n"
        f"T-2;Forprosjekt;200 000;01.02.2023;{EQUINOR};EQUINOR ASA;46;Innovasjon Norge;MILJOTEK;Avslått\n",
    )
    cmap = _write(tmp_path / "map.yaml", SUPPORT_REGISTER)
    summary = run_import(db_url, data, "generic", column_map=cmap)
    assert (summary.source, summary.activities, summary.participations) == ("stotteregisteret-test", 2, 2)
    with transaction(engine_for(db_url)) as session:
        snap = loader.build_award_snapshot(session, source_keys=["stotteregisteret-test"])
    first, second = sorted(snap.activities, key=lambda a: a.ref)
    assert (first.funder, first.programme_code, first.outcome) == ("IN", "MILJOTEK", "granted")
    assert (first.granted_minor, first.currency, first.year) == (125_000_050, "NOK", 2024)
    assert second.outcome == "rejected"
    sintef = snap.organisation(SINTEF)
    assert sintef is not None and sintef.orgnr == SINTEF and sintef.county_name == "Trøndelag"
    assert snap.source("stotteregisteret-test").fetched_on.isoformat() == "2026-12-01"  # type: ignore[union-attr]


def test_xlsx_with_360giving_headers_needs_no_map(db_url: str, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["identifier", "title", "currency", "amountAwarded", "awardDate", "recipientOrganization.id",
                  "recipientOrganization.name", "fundingOrganization.id", "grantProgramme.code"])  # fmt: skip
    sheet.append(["E-1", "Havvind-pilot", "NOK", 4_500_000, None, SINTEF, "SINTEF AS", "ENOVA", "PILOT"])
    path = tmp_path / "enova-2025.xlsx"
    book.save(path)
    summary = run_import(db_url, path, "generic")
    assert (summary.source, summary.activities) == ("enova-2025", 1)
    with transaction(engine_for(db_url)) as session:
        funding = loader.organisation_funding(session, SINTEF)
    assert funding is not None and funding.roles[0].activity.granted_minor == 450_000_000


def test_json_grants_with_several_recipients_are_one_consortium(db_url: str, tmp_path: Path) -> None:
    grants = {
        "grants": [
            {
                "id": "G-1",
                "title": "Symbiose",
                "currency": "NOK",
                "amountAwarded": 1000000,
                "awardDate": "2025-06-01",
                "fundingOrganization": [{"id": "IN", "name": "Innovasjon Norge"}],
                "recipientOrganization": [
                    {"id": f"NO-BRC-{SINTEF}", "name": "SINTEF AS", "role": "coordinator"},
                    {"id": EQUINOR, "name": "EQUINOR ASA", "role": "participant"},
                ],
            }
        ],
        "license": "NLOD",
    }
    path = _write(tmp_path / "grants.json", json.dumps(grants))
    cmap = _write(tmp_path / "map.yaml", "source: in-json\nname: IN grants\nshows_partners: true\n")
    run_import(db_url, path, "generic", column_map=cmap)
    with transaction(engine_for(db_url)) as session:
        snap = loader.build_award_snapshot(session)
    (grant,) = snap.activities
    assert sorted((p.organisation, p.role) for p in grant.participations) == [
        (SINTEF, "coordinator"),
        (EQUINOR, "participant"),
    ]
    assert snap.shows_partners(grant)


def test_a_map_naming_a_missing_column_is_rejected_at_row_1(db_url: str, tmp_path: Path) -> None:
    data = _write(tmp_path / "x.csv", "ID;Beløp\n1;100\n")
    cmap = _write(tmp_path / "map.yaml", SUPPORT_REGISTER)
    with pytest.raises(InputError, match=r"x.csv: row 1: column 'Formål, Fylke, Giver.*lacks"):
        run_import(db_url, data, "generic", column_map=cmap)


def test_an_unknown_field_in_the_map_is_named(db_url: str, tmp_path: Path) -> None:
    cmap = _write(tmp_path / "map.yaml", "source: s\nname: S\ncolumns:\n  amount: Beløp\n")
    with pytest.raises(InputError, match=r"map.yaml: column map: field 'columns': unknown field\(s\) amount"):
        run_import(db_url, _write(tmp_path / "x.csv", "identifier\n1\n"), "generic", column_map=cmap)


@pytest.mark.parametrize(
    ("cell", "column", "message"),
    [
        ("15.13.2024", "Tildelt", "'15.13.2024' is not a date (%d.%m.%Y)"),
        ("NO-BRC-919303807", "Mottaker orgnr", "check digit should be 8, not 7"),
        ("mye", "Beløp", "'mye' is not an amount"),
    ],
)
def test_a_bad_cell_stops_the_file_and_nothing_is_written(
    db_url: str, tmp_path: Path, cell: str, column: str, message: str
) -> None:
    good = ["T-1", "Formål", "100", "15.03.2024", SINTEF, "SINTEF AS", "50", "IN", "X", "Innvilget"]
    header = ["Tildelings-ID", "Formål", "Beløp", "Tildelt", "Mottaker orgnr", "Mottaker", "Fylke", "Giver",
              "Ordning", "Status"]  # fmt: skip
    bad = list(good)
    bad[0], bad[header.index(column)] = "T-2", cell
    data = _write(tmp_path / "s.csv", "\n".join(";".join(r) for r in (header, good, bad)) + "\n")
    cmap = _write(tmp_path / "map.yaml", SUPPORT_REGISTER)
    with pytest.raises(InputError) as caught:
        run_import(db_url, data, "generic", column_map=cmap)
    problem = caught.value.problems[0]
    assert (problem.record, problem.field) == ("row 3 (line 3)", column)
    assert message in problem.message
    assert all(rows == [] for rows in dump(db_url).values())


def test_a_tab_separated_file_loads_with_a_tab_delimiter(db_url: str, tmp_path: Path) -> None:
    data = _write(
        tmp_path / "in.tsv", f"identifier\tamountAwarded\trecipientOrganization.id\n1\t10\t{SINTEF}\n"
    )
    cmap = _write(
        tmp_path / "map.yaml",
        'source: in-tsv\nname: IN\ndelimiter: "\\t"\ndefaults: {fundingOrganization.id: IN}\n',
    )
    summary = run_import(db_url, data, "generic", column_map=cmap)
    assert (summary.activities, summary.participations) == (1, 1)
