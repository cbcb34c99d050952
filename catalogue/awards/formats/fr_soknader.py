"""Forskningsrådet "Søknader – versjon 2" (``soknader2``): one row per application or project.

Comma-separated UTF-8, quotes doubled, titles may hold line breaks; amounts in NOK. The file names only the
organisation responsible for the project (partners are confidential at Forskningsrådet), so the source
does not show partners. Person data is never read into the model: ``prosjektleder_kjonn`` (the project
leader's gender) is dropped, and so is ``prosjektansvarlig_navn`` when the responsible is a person
(personal grants). Field definitions: ``soknader2-fields.csv`` beside the file; mapping: docs/awards.md.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from operator import itemgetter
from typing import Any, TextIO

from catalogue.awards.formats.common import (
    REMEMBERED,
    Columns,
    ReadContext,
    RowError,
    amount_minor,
    input_error,
    iso_date,
    municipality_code,
    organisation,
    sector_kind,
    year_or_none,
)
from catalogue.awards.records import ActivityRecord, AwardRow, OrgRecord, ParticipationRecord, SourceInfo

SOURCE = SourceInfo(
    key="fr-soknader",
    name="Forskningsrådet: Søknader v2 (applications and projects)",
    format="fr-soknader",
    shows_partners=False,
    url="https://github.com/Forskningsradet/open-data",
    note="Names only the responsible organisation of each application; partners are not published.",
)
FUNDER = ("FR", "Norges forskningsråd")
PHASES = {
    "Avslag": "rejected",
    "Bevilgning": "running",
    "Avsluttet": "finished",
    "Mottatt": "unknown",
    "Vurderes": "unknown",
}
COLUMNS = (
    "prosjektnummer",
    "prosjekttittel",
    "soknadsfrist",
    "soknadsdato",
    "utlysnings_id",
    "utlysningtittel",
    "soknadstype",
    "soknadstypevariant",
    "prosjektfase",
    "prosjektstart",
    "prosjektslutt",
    "prosjektansvarlig_type",
    "prosjektansvarlig_navn",
    "kortnavn",
    "organisasjonsnummer",
    "sektor",
    "kommune",
    "kommunenummer",
    "fylke",
    "fylkenummer",
    "aktivitet",
    "aktivitet_kode",
    "sokt_belop",
    "tildelt_belop",
)
# Read from the file but never stored: a person's attribute (see docs/awards.md).
PERSON_COLUMNS = ("prosjektleder_kjonn",)
PERSON_HOLDER = "Person"
# The cells the responsible organisation is built from.
ORG_CELLS = (
    "prosjektansvarlig_type",
    "prosjektansvarlig_navn",
    "kortnavn",
    "organisasjonsnummer",
    "sektor",
    "kommunenummer",
    "kommune",
    "fylkenummer",
    "fylke",
)


# Columns with a length limit in the database (the others are TEXT).
LIMITS = {
    "prosjektnummer": 100,
    "aktivitet_kode": 100,
    "soknadstype": 200,
    "soknadstypevariant": 200,
    "utlysnings_id": 100,
    "fylke": 200,
    "kommune": 200,
    "sektor": 100,
}


def read(stream: TextIO, ctx: ReadContext) -> Iterator[AwardRow]:
    reader = csv.reader(stream)
    header = next(reader, None)
    if header is None:
        raise input_error(ctx.file, "row 1", "(header)", "the file is empty")
    columns = Columns(header, COLUMNS, LIMITS, ctx.file)
    at = columns.at
    org_cells = itemgetter(*(at[name] for name in ORG_CELLS))
    line = 1
    for number, row in enumerate(reader, start=2):
        label = f"row {number} (line {line + 1})"
        line = reader.line_num
        if not row:
            continue
        try:
            cells = columns.cells(row)
            yield _row(cells, at, ctx, label, org_cells)
        except RowError as exc:
            raise input_error(ctx.file, label, exc.column, exc.message) from None


def _activity(c: list[str], at: dict[str, int]) -> ActivityRecord:
    """The application in the (stripped) cells ``c``."""
    phase = c[at["prosjektfase"]]
    if phase not in PHASES:
        raise RowError("prosjektfase", f"unknown phase {phase!r} (known: {', '.join(PHASES)})")
    ref = c[at["prosjektnummer"]]
    if not ref:
        raise RowError("prosjektnummer", "must not be empty")
    applied_on = iso_date(c[at["soknadsdato"]], "soknadsdato")
    dated = applied_on or iso_date(c[at["soknadsfrist"]], "soknadsfrist")
    start_year = year_or_none(c[at["prosjektstart"]], "prosjektstart")
    return ActivityRecord(
        source_ref=ref,
        funder_code=FUNDER[0],
        funder_name=FUNDER[1],
        outcome=PHASES[phase],
        currency="NOK",
        programme_code=c[at["aktivitet_kode"]] or None,
        programme_name=c[at["aktivitet"]] or None,
        application_type=c[at["soknadstype"]] or None,
        application_variant=c[at["soknadstypevariant"]] or None,
        call_id=c[at["utlysnings_id"]] or None,
        call_title=c[at["utlysningtittel"]] or None,
        applied_minor=amount_minor(c[at["sokt_belop"]], "sokt_belop"),
        granted_minor=amount_minor(c[at["tildelt_belop"]], "tildelt_belop"),
        year=dated.year if dated else start_year,
        applied_on=applied_on,
        start_year=start_year,
        end_year=year_or_none(c[at["prosjektslutt"]], "prosjektslutt"),
        title=c[at["prosjekttittel"]] or None,
    )


def _row(
    c: list[str], at: dict[str, int], ctx: ReadContext, label: str, org_cells: Callable[[list[str]], Any]
) -> AwardRow:
    activity = _activity(c, at)
    activity.county_code = ctx.county(c[at["fylkenummer"]])
    activity.county_name = c[at["fylke"]] or None
    out = AwardRow(label=label, activity=activity)
    known = ctx.remembered
    cells = org_cells(c)
    try:
        responsible = known[cells]
    except KeyError:
        responsible = _responsible(c, at, ctx, activity)
        if len(known) >= REMEMBERED:
            known.clear()
        known[cells] = responsible
    if responsible is not None:
        out.participations.append(responsible)
    return out


def _responsible(
    c: list[str], at: dict[str, int], ctx: ReadContext, activity: ActivityRecord
) -> ParticipationRecord | None:
    """The responsible organisation (built from the cells of ``ORG_CELLS`` only). A person holding a
    personal grant is not stored: without an organisation number the row keeps its activity and has no
    participation."""
    is_person = c[at["prosjektansvarlig_type"]] == PERSON_HOLDER
    short = c[at["kortnavn"]] or None
    unit = None if is_person else c[at["prosjektansvarlig_navn"]] or None
    number = c[at["organisasjonsnummer"]]
    if is_person and number in ("", "0"):
        return None
    # A unit without a number (a faculty) is kept under its parent's short name ("UIB"); a unit with its
    # own number keeps the name published for that number.
    key, orgnr = organisation(ctx, SOURCE.key, number, short or unit, "organisasjonsnummer")
    sector = c[at["sektor"]] or None
    org = OrgRecord(
        key=key,
        orgnr=orgnr,
        name=((unit or short) if orgnr else (short or unit)) or f"organisation {orgnr}",
        county_code=activity.county_code,
        county_name=activity.county_name,
        municipality_code=municipality_code(c[at["kommunenummer"]], "kommunenummer"),
        municipality=c[at["kommune"]] or None,
        sector=sector,
        sector_kind=sector_kind(sector),
    )
    return ParticipationRecord(org=org, role="responsible", source_ref="responsible")
