"""Forskningsrådet "Bevilgninger fra EU" (``bevilgningereu``): Norwegian participations in EU projects.

Semicolon-separated UTF-8, dates ``dd.mm.yyyy hh:mm``, amounts in EUR. One row per Norwegian participant;
rows sharing a project number are one consortium project. The project's granted amount is the sum of its
Norwegian participants' EU contributions (the file does not give the project total). Outcome follows the
contract status: ``SIGNED`` running, ``CLOSED`` finished, anything else granted. The programme is the
H2020 programme (``Program kode``, e.g. EU.3.3. ENERGY); where the file gives none, the programme area
(EU.0. Cross-theme) or the treaty (EURATOM).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import TextIO

from catalogue.awards.formats.common import (
    REMEMBERED,
    Columns,
    ReadContext,
    RowError,
    amount_minor,
    dotted_date,
    input_error,
    municipality_code,
    organisation,
    sector_kind,
)
from catalogue.awards.records import ActivityRecord, AwardRow, OrgRecord, ParticipationRecord, SourceInfo

SOURCE = SourceInfo(
    key="fr-eu",
    name="Forskningsrådet: Bevilgninger fra EU (Norwegian participations in Horizon 2020)",
    format="fr-eu",
    shows_partners=True,
    url="https://github.com/Forskningsradet/open-data",
    note="Only the Norwegian participants of each EU project are listed; amounts are their EU contribution.",
    granted_from_participations=True,
)
STATUSES = {"SIGNED": "running", "CLOSED": "finished"}
ROLES = {"COORDINATOR": "coordinator", "PARTICIPANT": "participant"}
COLUMNS = (
    "Rammeprogram",
    "Traktat kode (H2020)",
    "Programområde kode (H2020)",
    "Programområde (H2020)",
    "Program kode (H2020)",
    "Programkortnavn (H2020)",
    "Program (H2020)",
    "Prosjektnr",
    "Prosjektkortnavn",
    "Prosjektnavn",
    "Utlysnings-id",
    "Topic",
    "Søknadstypenavn",
    "Kontraktstatus",
    "Kontrakt signeringsdato",
    "Kontrakt startdato",
    "Kontrakt sluttdato",
    "Søknadsdato",
    "Organisasjonsnummer",
    "Organisasjonsnavn",
    "Organisasjon rolle",
    "Deltakernr",
    "FoU sektor",
    "Adresse kommunenummer",
    "Adresse kommune",
    "Adresse fylkenummer",
    "Adresse fylke",
    "Innvilget beløp organisasjon EUR",
)


LIMITS = {
    "Rammeprogram": 40,
    "Program kode (H2020)": 100,
    "Programområde kode (H2020)": 100,
    "Traktat kode (H2020)": 100,
    "Prosjektnr": 100,
    "Prosjektkortnavn": 200,
    "Utlysnings-id": 100,
    "Søknadstypenavn": 200,
    "Deltakernr": 100,
    "FoU sektor": 100,
    "Adresse fylke": 200,
    "Adresse kommune": 200,
}


def read(stream: TextIO, ctx: ReadContext) -> Iterator[AwardRow]:
    reader = csv.reader(stream, delimiter=";")
    header = next(reader, None)
    if header is None:
        raise input_error(ctx.file, "row 1", "(header)", "the file is empty")
    columns = Columns(header, COLUMNS, LIMITS, ctx.file)
    at = columns.at
    line = 1
    for number, row in enumerate(reader, start=2):
        label = f"row {number} (line {line + 1})"
        line = reader.line_num
        if not row:
            continue
        try:
            cells = columns.cells(row)
            yield AwardRow(
                label=label, activity=_activity(cells, at), participations=[_participant(cells, at, ctx)]
            )
        except RowError as exc:
            raise input_error(ctx.file, label, exc.column, exc.message) from None


def _programme_name(short: str | None, name: str | None) -> str | None:
    if short and name:
        return f"{short} – {name}"
    return name or short


def _activity(c: list[str], at: dict[str, int]) -> ActivityRecord:
    """The project in the (stripped) cells ``c``."""
    ref = c[at["Prosjektnr"]]
    if not ref:
        raise RowError("Prosjektnr", "must not be empty")
    signed = dotted_date(c[at["Kontrakt signeringsdato"]], "Kontrakt signeringsdato")
    start = dotted_date(c[at["Kontrakt startdato"]], "Kontrakt startdato")
    end = dotted_date(c[at["Kontrakt sluttdato"]], "Kontrakt sluttdato")
    dated = signed or start
    return ActivityRecord(
        source_ref=ref,
        funder_code="EU",
        funder_name=f"European Commission ({c[at['Rammeprogram']] or 'EU'})",
        outcome=STATUSES.get(c[at["Kontraktstatus"]], "granted"),
        currency="EUR",
        programme_code=(
            c[at["Program kode (H2020)"]]
            or c[at["Programområde kode (H2020)"]]
            or c[at["Traktat kode (H2020)"]]
        )
        or None,
        programme_name=_programme_name(c[at["Programkortnavn (H2020)"]], c[at["Program (H2020)"]])
        or c[at["Programområde (H2020)"]]
        or c[at["Traktat kode (H2020)"]]
        or None,
        application_type=c[at["Søknadstypenavn"]] or None,
        call_id=c[at["Utlysnings-id"]] or None,
        year=dated.year if dated else None,
        applied_on=dotted_date(c[at["Søknadsdato"]], "Søknadsdato"),
        awarded_on=signed,
        start_date=start,
        end_date=end,
        start_year=start.year if start else None,
        end_year=end.year if end else None,
        title=c[at["Prosjektnavn"]] or None,
        acronym=c[at["Prosjektkortnavn"]] or None,
        text=c[at["Topic"]] or None,
    )


ORG_CELLS = (
    "Organisasjonsnummer",
    "Organisasjonsnavn",
    "FoU sektor",
    "Adresse fylkenummer",
    "Adresse fylke",
    "Adresse kommunenummer",
    "Adresse kommune",
)


def _participant(c: list[str], at: dict[str, int], ctx: ReadContext) -> ParticipationRecord:
    role = c[at["Organisasjon rolle"]]
    if role not in ROLES:
        raise RowError("Organisasjon rolle", f"unknown role {role!r} (known: {', '.join(ROLES)})")
    cells = tuple(c[at[name]] for name in ORG_CELLS)
    known = ctx.remembered
    try:
        org = known[cells]
    except KeyError:
        org = _organisation(c, at, ctx)
        if len(known) >= REMEMBERED:
            known.clear()
        known[cells] = org
    amount = amount_minor(c[at["Innvilget beløp organisasjon EUR"]], "Innvilget beløp organisasjon EUR")
    return ParticipationRecord(
        org=org, role=ROLES[role], source_ref=c[at["Deltakernr"]] or org.key, amount_minor=amount
    )


def _organisation(c: list[str], at: dict[str, int], ctx: ReadContext) -> OrgRecord:
    """The participant, from the cells of ``ORG_CELLS`` only."""
    name = c[at["Organisasjonsnavn"]] or None
    key, orgnr = organisation(ctx, SOURCE.key, c[at["Organisasjonsnummer"]], name, "Organisasjonsnummer")
    sector = c[at["FoU sektor"]] or None
    return OrgRecord(
        key=key,
        orgnr=orgnr,
        name=name or f"organisation {orgnr}",
        county_code=ctx.county(c[at["Adresse fylkenummer"]]),
        county_name=c[at["Adresse fylke"]] or None,
        municipality_code=municipality_code(c[at["Adresse kommunenummer"]], "Adresse kommunenummer"),
        municipality=c[at["Adresse kommune"]] or None,
        sector=sector,
        sector_kind=sector_kind(sector),
    )
