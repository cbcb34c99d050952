"""A web app over a seeded SQLite database holding Forskningsrådet's real award extracts
(tests/fixtures/open-data/forskningsradet), one grant whose title is a spreadsheet formula, and SINTEF AS
as a member of the registered symbiosis sirkular-solor-hub."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from catalogue import migrate
from catalogue.awards.service import import_awards
from catalogue.db import engine_for, transaction
from catalogue.instruments.models import Consortium, ConsortiumMember
from catalogue.seeding import load_seeds
from web.app import create_app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "open-data" / "forskningsradet"
SINTEF = "919303808"
FORMULA_TITLE = '=HYPERLINK("http://example.invalid";"klikk")'
GENERIC = (
    "identifier,title,currency,amountAwarded,awardDate,recipientOrganization.id,recipientOrganization.name,"
    "fundingOrganization.id,grantProgramme.code,grantProgramme.title\n"
    f'IN-1,"{FORMULA_TITLE.replace(chr(34), chr(34) * 2)}",NOK,250000,2020-05-01,{SINTEF},SINTEF AS,IN,'
    "MILJOTEK,Miljøteknologi\n"
)


def postgres_database() -> tuple[str, Callable[[], None]]:
    """A new PostgreSQL database (TEST_POSTGRES_URL; the test is skipped without it) and its drop."""
    admin = os.environ.get("TEST_POSTGRES_URL")
    if not admin:
        pytest.skip("PostgreSQL not configured (set TEST_POSTGRES_URL)")
    name = f"vk_award_pages_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        engine_for(url).dispose()
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()

    return url, drop


def award_database(tmp_dir: Path, url: str | None = None) -> str:
    url = url or f"sqlite:///{tmp_dir / 'awards-web.db'}"
    migrate.upgrade(url)
    with transaction(engine_for(url)) as session:
        load_seeds(session)
    generic = tmp_dir / "formula.csv"
    generic.write_text(GENERIC, encoding="utf-8")
    files = [(FIXTURES / "bevilgningereu.csv", "fr-eu"), (FIXTURES / "soknader2-sample.csv", "fr-soknader")]
    for path, fmt in [*files, (generic, "generic")]:
        with transaction(engine_for(url)) as session:
            import_awards(session, path, fmt)
    with transaction(engine_for(url)) as session:
        hub = session.scalars(select(Consortium).where(Consortium.slug == "sirkular-solor-hub")).one()
        session.add(ConsortiumMember(consortium_id=hub.id, position=99, name="SINTEF", org_number=SINTEF))
    return url


def award_app(tmp_dir: Path) -> FastAPI:
    return create_app(award_database(tmp_dir))
