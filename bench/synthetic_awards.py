"""Synthetic award files in the three import formats, with the shape of the real extracts, for benchmarks.

    .venv/bin/python -m bench.synthetic_awards --format fr-eu --rows 1000000 -o /tmp/eu.csv

* ``fr-soknader``: the 42 columns of Forskningsrådet's "Søknader v2" file, one application per row; about
  60 % rejected; programme codes drawn from real ones (ENERGIX, PETROMAKS2, DEMO2000, BIA, ...); titles of
  6-14 words, some with a line break; the project leader's gender filled in (the importer must drop it).
* ``fr-eu``: the 44 columns of "Bevilgninger fra EU", consortia of 1-5 Norwegian participants on
  consecutive rows (about 1.5 rows per project, as in the real file), amounts in EUR with float noise.
* ``generic``: a CSV with 360Giving field names, one grant per row, 40 % of recipients as ``NO-BRC-`` ids.

Organisations come from a pool (``rows // 20``, at least 1,000) of valid MOD11 organisation numbers, with
a few rows without a number. Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import csv
import random
from collections.abc import Iterator
from pathlib import Path

from catalogue.orgnumber import WEIGHTS

COUNTIES = ("03", "11", "15", "18", "31", "32", "33", "34", "39", "40", "42", "46", "50", "55", "56")
SECTORS = ("Næringsliv", "UoH-sektor", "Instituttsektor", "Helseforetak", "Offentlig sektor", "Øvrige")
PROGRAMMES = (
    ("ENERGIX", "Stort program energi"),
    ("PETROMAKS2", "Stort program petroleum"),
    ("DEMO2000", "Prosj.ret tekn.utv. petro.virk"),
    ("BIA", "Brukerstyrt innovasjonsarena"),
    ("MAROFF-2", "Maritim virksomhet og offsh-2"),
    ("HAVBRUK2", "Stort program for havbruksforskning"),
    ("FORINFRA", "Nasj.sats. forskn.infrastrukt"),
    ("NEVRONOR", "Nasjonal satsing på nevrovitenskap"),
    ("NORGLOBAL", "Norge - Global partner"),
    ("POLARPROG", "Polarforskningsprogram"),
)
VARIANTS = ("Innovasjonsprosjekt i næringslivet", "Fornyelse", "Kompetansebyggende prosjekt for næringslivet")
EU_PROGRAMMES = (
    ("EU.3.3.", "ENERGY", "Secure, clean and efficient energy"),
    ("EU.2.1.1.", "LEIT-ICT", "Information and Communication Technologies"),
    ("EU.3.2.", "FOOD", "Food security, sustainable agriculture and forestry"),
    ("EU.1.1.", "ERC", "European Research Council"),
    ("EU.3.5.", "ENV", "Climate action, environment, resource efficiency and raw materials"),
)
WORDS = (
    "hydrogen sirkulær energi fangst lagring havvind sensor digital tvilling prosess materialer avfall "
    "biogass smelteverk varme gjenvinning batteri skip fartøy nettverk plattform optimalisering modell "
    "pilot demonstrasjon industriell symbiose karbon sement aluminium silisium fiskefôr alger tre"
).split()
SOKNADER_HEADER = (
    "prosjektnummer,prosjekttittel,soknadsfrist,soknadsdato,utlysnings_id,utlysningsaktivitet,utlysningtittel,"
    "prosjekttype,soknadstype,soknadstypevariant,sokstart,sokslutt,prosjektfase,prosjektstart,prosjektslutt,"
    "prosjektleder_kjonn,prosjektansvarlig_type,prosjektansvarlig_navn,kortnavn,organisasjonsnummer,kp1,kp2,"
    "sektor,kategori,kommune,kommunenummer,fylke,fylkenummer,landsdel,virkemiddel_sekvens,virkemiddel,"
    "hovedaktivitet_sekvens,hovedaktivitet,aktivitet,aktivitet_kode,fagomraade,fag,fagdisiplin,"
    "dr_stip_aarsverk,postdok_aarsverk,sokt_belop,tildelt_belop"
).split(",")
EU_HEADER = (
    "Rammeprogram;Traktat kode (H2020);Programområde kode (H2020);Programområde (H2020);Program kode (H2020);"
    "Programkortnavn (H2020);Program (H2020);Programnivå 1 kortnavn (H2020);Programnivå 1 kode (H2020);"
    "Programnivå 1 (H2020);Prosjektnr;Prosjektkortnavn;Prosjektnavn;Utlysnings-id;Overordnet utlysnings-id;"
    "Topic kode;Topic;Søknadstype;Søknadstypenavn;Kontraktstatus;Kontrakt signeringsdato;Kontrakt startdato;"
    "Kontrakt sluttdato;Søknadsfrist;Søknadsdato;Varighet måneder;Vurderingspanel;Organisasjonsnummer;"
    "Organisasjonsnavn;Kortnavn;Organisasjon rolle;Organisasjon finansiell rolle;Deltakernr;FoU sektorkode;"
    "FoU sektor;FoU kategori;Kontraktspart 1;Kontraktspart 2;Adresse kommunenummer;Adresse kommune;"
    "Adresse fylkenummer;Adresse fylke;Adresse landsdel;Innvilget beløp organisasjon EUR"
).split(";")
GENERIC_HEADER = (
    "identifier",
    "title",
    "description",
    "currency",
    "amountAwarded",
    "amountAppliedFor",
    "awardDate",
    "recipientOrganization.id",
    "recipientOrganization.name",
    "recipientOrganization.addressRegion",
    "fundingOrganization.id",
    "fundingOrganization.name",
    "grantProgramme.code",
    "grantProgramme.title",
    "beneficiaryLocation.geoCode",
)


def orgnumber(rng: random.Random) -> str:
    """A random 9-digit organisation number with a valid MOD11 check digit."""
    while True:
        body = [rng.randint(8, 9)] + [rng.randint(0, 9) for _ in range(7)]
        remainder = sum(d * w for d, w in zip(body, WEIGHTS, strict=True)) % 11
        check = 0 if remainder == 0 else 11 - remainder
        if check != 10:
            return "".join(map(str, body)) + str(check)


def org_pool(rows: int, rng: random.Random) -> list[tuple[str, str, str, str]]:
    """(number, name, county, sector); about 1 % have no number ("0")."""
    pool = []
    for n in range(max(1_000, rows // 20)):
        number = "0" if n % 100 == 99 else orgnumber(rng)
        pool.append(
            (number, f"{rng.choice(WORDS).upper()} {n} AS", rng.choice(COUNTIES), rng.choice(SECTORS))
        )
    return pool


def title(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 14))]
    if rng.random() < 0.03:
        words.insert(3, "\n")
    return " ".join(words).capitalize()


def soknader_rows(rows: int, rng: random.Random) -> Iterator[list[str]]:
    pool = org_pool(rows, rng)
    for n in range(rows):
        number, name, county, sector = rng.choice(pool)
        code, programme = rng.choice(PROGRAMMES)
        year = rng.randint(2005, 2025)
        phase = rng.choices(("Avslag", "Avsluttet", "Bevilgning"), (60, 30, 10))[0]
        applied = rng.randint(2, 400) * 50_000
        granted = 0 if phase == "Avslag" else applied * rng.randint(50, 100) // 100
        yield [
            str(300_000 + n), title(rng), f"{year}-10-17 13:00:00",
            f"{year}-10-1{rng.randint(0, 6)} 00:00:00",
            str(1_253_978_370_933 + n % 500), code, f"{code} utlysning {year}", "Prosjektstøtte",
            "Innovasjonsprosjekt", rng.choice(VARIANTS), str(year + 1), str(year + 3), phase, str(year + 1),
            str(year + 4), rng.choice(("MANN", "KVINNE")), "Organisasjon", name, "", number, "601", "00",
            sector, sector, "Kommune", f"{county}01", "Fylke", county, "Landsdel", "1", "Programmer", "4",
            "Store programmer", programme, code, "Teknologi", "Fag", "Disiplin", "0.0", "0.0",
            f"{applied}.0", f"{granted}.0",
        ]  # fmt: skip


def eu_rows(rows: int, rng: random.Random) -> Iterator[list[str]]:
    pool = org_pool(rows, rng)
    written, project = 0, 800_000
    while written < rows:
        project += 1
        code, short, name = rng.choice(EU_PROGRAMMES)
        year = rng.randint(2014, 2021)
        status = rng.choice(("SIGNED", "CLOSED"))
        size = min(rows - written, rng.choices((1, 2, 3, 5), (75, 15, 7, 3))[0])
        acronym, project_title = f"P{project}", title(rng)
        for k, (number, org, county, sector) in enumerate(rng.sample(pool, size), start=1):
            amount = rng.randint(50_000, 3_000_000) + rng.choice((0.0, 0.99999984, 0.25))
            yield [
                "H2020", "", code[:5], "Pillar", code, short, name, "", "", "", str(project), acronym,
                project_title, f"H2020-{short}-{year}", f"H2020-{short}", f"{short}-{k}", "Topic text",
                "RIA", "Research and Innovation action", status, f"15.0{rng.randint(1, 9)}.{year} 00:00",
                f"01.0{rng.randint(1, 9)}.{year} 00:00", f"31.12.{year + 3} 00:00", "", "", "36", "",
                number, org, "", "COORDINATOR" if k == 1 else "PARTICIPANT", "BENEFICIARY", str(k),
                "NÆR", sector, sector, "601", "0", f"{county}01", "Kommune", county, "Fylke", "Landsdel",
                str(amount),
            ]  # fmt: skip
            written += 1


def generic_rows(rows: int, rng: random.Random) -> Iterator[list[str]]:
    pool = org_pool(rows, rng)
    for n in range(rows):
        number, name, county, _sector = rng.choice(pool)
        ident = f"NO-BRC-{number}" if number != "0" and rng.random() < 0.4 else number
        yield [
            f"SYN-{n:08d}", title(rng), "Synthetic support-register award", "NOK",
            str(rng.randint(100_000, 20_000_000)), "", f"{rng.randint(2015, 2025)}-0{rng.randint(1, 9)}-15",
            ident, name, county, rng.choice(("IN", "ENOVA", "SIVA")), "Funder",
            rng.choice(("MILJOTEK", "INNOV", "OPPSTART2")), "Programme", county,
        ]  # fmt: skip


GENERATORS = {
    "fr-soknader": (SOKNADER_HEADER, ",", soknader_rows),
    "fr-eu": (EU_HEADER, ";", eu_rows),
    "generic": (list(GENERIC_HEADER), ",", generic_rows),
}


def write_file(fmt: str, rows: int, path: Path, seed: int = 0) -> Path:
    header, delimiter, generate = GENERATORS[fmt]
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=delimiter, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(generate(rows, rng))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--format", choices=sorted(GENERATORS), required=True)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    write_file(args.format, args.rows, args.output, args.seed)
    print(f"wrote {args.rows:,} {args.format} rows to {args.output}")


if __name__ == "__main__":
    main()
