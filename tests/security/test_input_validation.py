"""One validation layer for forms, the API and imports: lengths that fit the columns, no control or
text-direction characters, web addresses that are http(s) only. A bad value is a 422 naming the field
on SQLite and PostgreSQL alike, never a 500 and never stored."""

from __future__ import annotations

import csv
import json
import re
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlalchemy import String, Text, create_engine, text
from sqlalchemy.engine import make_url

from catalogue import migrate
from catalogue.accounts import service as accounts
from catalogue.db import engine_for, transaction
from catalogue.errors import InputError
from catalogue.instruments import models as m
from catalogue.instruments import repository
from catalogue.instruments.schemas import (
    AgencyIn,
    BarrierIn,
    ConsortiumIn,
    CountyIn,
    FlowIn,
    InstrumentIn,
    MemberIn,
    MinistryIn,
    MissionIn,
    MissionTargetIn,
)
from catalogue.registers import models as rm
from catalogue.registers.schemas import AreaIn, AreaStatusIn, InstrumentUseIn, SymbiosisIn, SymbiosisStatusIn
from catalogue.seeding import load_seeds
from catalogue.transfer.export import instrument_record
from catalogue.transfer.importing import import_file
from web.app import create_app

SLUG = "in-miljoteknologi"
PATH_FORM = "/finansieringsveg"
PASSWORD = "correct horse battery staple"
ADMIN = "admin@example.no"
CONSORTIUM = {
    "name": "Fjordvarme",
    "county": "46",
    "current_stage": "feasibility",
    "target_stage": "pilot",
    "members-0-name": "Fjordvarme AS",
    "members-0-size_class": "small",
    "members-0-role": "lead",
}


# ---- a seeded database per backend (PostgreSQL when TEST_POSTGRES_URL is set) --------------------------


def _postgres_database() -> tuple[str, Callable[[], None]]:
    import os

    admin = os.environ.get("TEST_POSTGRES_URL")
    if not admin:
        if os.environ.get("VK_REQUIRE_POSTGRES") == "1":
            pytest.fail("VK_REQUIRE_POSTGRES=1 but TEST_POSTGRES_URL is not set")
        pytest.skip("PostgreSQL not configured (set TEST_POSTGRES_URL)")
    name = f"vk_test_{uuid.uuid4().hex[:12]}"
    admin_engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        engine_for(url).dispose()
        with admin_engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin_engine.dispose()

    return url, drop


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A seeded database with an admin account (shared by the module: failed writes change nothing)."""
    if request.param == "sqlite":
        url, drop = f"sqlite:///{tmp_path_factory.mktemp('validation') / 'v.db'}", lambda: None
    else:
        request.applymarker(pytest.mark.postgres)
        url, drop = _postgres_database()
    migrate.upgrade(url)
    accounts.use_fast_hashing_for_tests()
    with transaction(engine_for(url)) as session:
        load_seeds(session)
        known = {a.code for a in repository.list_agencies(session)}
        accounts.create_user(session, ADMIN, PASSWORD, "admin", None, known)
    yield url
    drop()


@pytest.fixture(scope="module")
def app(db: str) -> FastAPI:
    return create_app(db)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "no CSRF token in the page"
    return found.group(1)


def _api_login(client: TestClient) -> str:
    r = client.post("/api/v1/login", json={"email": ADMIN, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return str(r.json()["csrf_token"])


def _put(client: TestClient, changes: dict[str, Any]) -> Any:
    token = _api_login(client)
    stored = client.get(f"/api/v1/instruments/{SLUG}/record").json()
    body = {"version": stored["version"], "instrument": stored["instrument"] | changes}
    return client.put(f"/api/v1/instruments/{SLUG}", json=body, headers={"X-CSRF-Token": token})


def _problem_fields(response: Any) -> set[str]:
    """Fields named by a 422 answer (FastAPI's ``loc`` or our ``field``)."""
    out = set()
    for p in response.json()["detail"]:
        loc = p.get("loc")
        out.add(".".join(str(x) for x in loc[2:]) if loc else p["field"])
    return out


def _stored(db: str) -> dict[str, Any]:
    with transaction(engine_for(db)) as session:
        row = repository.instrument_by_slug(session, SLUG)
        assert row is not None
        return instrument_record(row)


def _consortium_names(db: str) -> set[str]:
    with transaction(engine_for(db)) as session:
        return {c.name for c in repository.list_consortia(session)}


def _save_consortium(client: TestClient, **changes: str) -> Any:
    token = _csrf(client.get(PATH_FORM).text)
    data = {**CONSORTIUM, **changes, "save": "new", "csrf_token": token}
    return client.post(PATH_FORM, data=data, follow_redirects=False)


# ---- lengths ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Fjordvarme " + "x" * 300),
        ("members-0-name", "Fjordvarme AS " + "x" * 300),
        ("members-0-sector_nace", "35.300000000"),
        ("name", "N" * 5000),
    ],
    ids=["name-311", "member-name-314", "nace-12", "name-5000"],
)
def test_overlong_consortium_values_are_422_and_not_saved(
    client: TestClient, db: str, field: str, value: str
):
    before = _consortium_names(db)
    r = _save_consortium(client, **{field: value})
    assert r.status_code == 422, r.status_code
    assert "at most" in r.text or "høgst" in r.text  # the message at the field says how long it may be
    assert _consortium_names(db) == before


def test_overlong_text_is_422_from_api_form_and_import(client: TestClient, db: str, tmp_path: Path) -> None:
    from catalogue.validation import TEXT_MAX

    before = _stored(db)
    long_text = "Miljøteknologi. " * (TEXT_MAX // 16 + 1)
    r = _put(client, {"summary_en": long_text})
    assert r.status_code == 422 and "summary_en" in _problem_fields(r)

    stored = client.get(f"/api/v1/instruments/{SLUG}/record").json()
    page = client.get(f"/instrumenter/{SLUG}/rediger")
    form: dict[str, Any] = {"csrf_token": _csrf(page.text), "version": str(stored["version"])}
    for name, value in stored["instrument"].items():
        if isinstance(value, list):
            form[name] = "\n".join(value) if name == "other_sources" else value
        elif isinstance(value, bool):
            form[name] = "true" if value else "false"
        elif value is not None:
            form[name] = str(value)
    r = client.post(f"/instrumenter/{SLUG}/rediger", data=form | {"summary_en": long_text})
    assert r.status_code == 422 and str(TEXT_MAX) in r.text

    path = tmp_path / "long.json"
    path.write_text(json.dumps([{"slug": SLUG, "summary_en": long_text}]), encoding="utf-8")
    with pytest.raises(InputError) as err, transaction(engine_for(db)) as session:
        import_file(session, path)
    assert f"{path}: record 1 (slug '{SLUG}'): field 'summary_en'" in str(err.value)
    assert _stored(db) == before


# ---- links --------------------------------------------------------------------------------------------

BAD_LINKS = (
    "javascript:alert(document.domain)",
    "data:text/html,<script>alert(1)</script>",
    "//evil.example",
)


@pytest.mark.parametrize("link", BAD_LINKS, ids=["javascript", "data", "no-scheme"])
def test_other_sources_must_be_http_links(client: TestClient, db: str, tmp_path: Path, link: str) -> None:
    r = _put(client, {"other_sources": ["https://example.org/ok", link]})
    assert r.status_code == 422 and "other_sources.1" in _problem_fields(r)

    path = tmp_path / "links.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["slug", "other_sources"], [SLUG, f"https://example.org/ok;{link}"]])
    with pytest.raises(InputError) as err, transaction(engine_for(db)) as session:
        import_file(session, path)
    assert f"row 2 (slug '{SLUG}'): column 'other_sources.1'" in str(err.value)
    page = client.get(f"/instrumenter/{SLUG}").text
    assert link.split(",")[0] not in page


@pytest.mark.parametrize("schema", [AgencyIn, CountyIn, InstrumentIn, AreaIn])
def test_every_stored_link_is_http_or_https(schema: type[BaseModel]) -> None:
    urls = [name for name in schema.model_fields if "url" in name or name == "other_sources"]
    assert urls
    for name in urls:
        value: Any = ["javascript:alert(1)"] if name == "other_sources" else "javascript:alert(1)"
        with pytest.raises(ValueError) as err:
            schema.model_validate({name: value})
        assert any(e["loc"][0] == name and e["type"] == "url_scheme" for e in err.value.errors())  # type: ignore[attr-defined]


# ---- characters ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    ["Miljø\x0bteknologi", "Miljø\x1b[31mteknologi", "Miljø\x00", "Mil\u202ejø"],
    ids=["VT", "ESC", "NUL", "RLO"],
)
def test_control_and_direction_characters_in_names_are_422(client: TestClient, db: str, bad: str) -> None:
    before = _stored(db)
    r = _put(client, {"name_nn": bad})
    assert r.status_code == 422 and _problem_fields(r) == {"name_nn"}
    assert _stored(db) == before


def test_consortium_name_with_right_to_left_override_is_refused(client: TestClient, db: str) -> None:
    before = _consortium_names(db)
    r = _save_consortium(client, name="Fjord\u202eemrav")
    assert r.status_code == 422
    assert "U+202E" in r.text
    assert _consortium_names(db) == before


def test_line_breaks_and_tabs_are_kept_in_text_but_not_in_names(client: TestClient) -> None:
    ok = _put(client, {"summary_en": "First line.\n\n\tSecond line."})
    assert ok.status_code == 200, ok.text
    assert ok.json()["instrument"]["summary_en"] == "First line.\n\n\tSecond line."
    bad = _put(client, {"name_en": "Two\nlines"})
    assert bad.status_code == 422 and _problem_fields(bad) == {"name_en"}


# ---- the layer itself: every text field of every input schema ------------------------------------------

SCHEMAS: tuple[type[BaseModel], ...] = (
    MinistryIn,
    CountyIn,
    AgencyIn,
    InstrumentIn,
    BarrierIn,
    MissionIn,
    MissionTargetIn,
    MemberIn,
    FlowIn,
    ConsortiumIn,
    AreaIn,
    AreaStatusIn,
    SymbiosisStatusIn,
    InstrumentUseIn,
    SymbiosisIn,
)


def _profile_schemas() -> tuple[type[BaseModel], ...]:
    from analyser.paths.profile import PlanIn, PlannedSupportIn, ProfileIn

    return (ProfileIn, PlanIn, PlannedSupportIn)


def _text_nodes(schema: Any, checked: bool = False, limited: bool = False) -> Iterator[tuple[bool, bool]]:
    """(has a character check, has a maximum length) for every string in a pydantic core schema."""
    from catalogue import validation

    checks = {validation.check_line, validation.check_text, validation.check_url}
    if isinstance(schema, list):
        for item in schema:
            yield from _text_nodes(item, checked, limited)
        return
    if not isinstance(schema, dict):
        return
    if schema.get("type") == "str":
        yield checked, limited or "max_length" in schema
        return
    if schema.get("type") == "function-after":
        func = schema["function"]["function"]
        checked = checked or func in checks
        limited = limited or getattr(func, "keywords", {}).get("max_length") is not None
    for value in schema.values():
        yield from _text_nodes(value, checked, limited)


@pytest.mark.parametrize("schema", [*SCHEMAS, *_profile_schemas()], ids=lambda s: s.__name__)
def test_every_text_field_has_a_length_limit_and_a_character_check(schema: type[BaseModel]) -> None:
    nodes = list(_text_nodes(schema.__pydantic_core_schema__))
    assert nodes, "no text fields?"
    assert all(checked for checked, _ in nodes), "a text field without the character check"
    assert all(limited for _, limited in nodes), "a text field without a maximum length"


# Schema field → column, where the names differ; list fields → the column of one item.
COLUMNS: dict[tuple[type[BaseModel], str], Any] = {
    (AgencyIn, "ministry"): m.Agency.ministry_code,
    (AgencyIn, "county"): m.Agency.county_code,
    (InstrumentIn, "agency"): m.Instrument.agency_code,
    (InstrumentIn, "partner_agencies"): m.InstrumentPartner.agency_code,
    (InstrumentIn, "owner_ministry"): m.InstrumentMinistry.ministry_code,
    (InstrumentIn, "counties"): m.InstrumentCounty.county_code,
    **{
        (InstrumentIn, f): m.InstrumentTag.value
        for f in ("types", "funding_forms", "applicants", "stages", "value_chains", "missions")
    },
    (InstrumentIn, "other_sources"): m.Instrument.source_url,  # the same kind of address
    (BarrierIn, "owner_departments"): m.Ministry.code,
    (MissionIn, "parent"): m.Mission.parent_code,
    (MemberIn, "county"): m.ConsortiumMember.county_code,
    (ConsortiumIn, "county"): m.Consortium.county_code,
    (ConsortiumIn, "value_chains"): m.InstrumentTag.value,
    (ConsortiumIn, "needs"): m.InstrumentTag.value,
    (ConsortiumIn, "current_stage"): m.Consortium.current_stage,
    (AreaIn, "county"): rm.IndustrialArea.county_code,
    (SymbiosisStatusIn, "area"): rm.IndustrialArea.slug,
    (InstrumentUseIn, "instrument"): m.Instrument.slug,
    (SymbiosisIn, "consortium"): m.Consortium.slug,
    (SymbiosisIn, "missions"): m.Mission.code,
}
MODELS: dict[type[BaseModel], Any] = {
    MinistryIn: m.Ministry,
    CountyIn: m.County,
    AgencyIn: m.Agency,
    InstrumentIn: m.Instrument,
    BarrierIn: m.Barrier,
    MissionIn: m.Mission,
    MissionTargetIn: m.MissionTarget,
    MemberIn: m.ConsortiumMember,
    FlowIn: m.ResourceFlow,
    ConsortiumIn: m.Consortium,
    AreaIn: rm.IndustrialArea,
    AreaStatusIn: rm.AreaStatus,
    SymbiosisStatusIn: rm.SymbiosisStatus,
    InstrumentUseIn: rm.ConsortiumInstrument,
    SymbiosisIn: m.Consortium,
}
WIDER_ON_PURPOSE = {
    (MemberIn, "org_number"): "typed with spaces, stored as 9 digits by the validator",
    (AgencyIn, "org_number"): "typed with spaces, stored as 9 digits by the validator",
}


def _max_length(prop: dict[str, Any]) -> int | None:
    for option in prop.get("anyOf", [prop]):
        found = option.get("maxLength") or option.get("items", {}).get("maxLength")
        if found:
            return int(found)
    return None


def _column_limit(column: Any) -> int | None:
    from catalogue.validation import TEXT_MAX

    kind = column.type
    if not isinstance(kind, String | Text) and column.foreign_keys:
        kind = next(iter(column.foreign_keys)).column.type
    if isinstance(kind, Text):
        return TEXT_MAX
    return kind.length if isinstance(kind, String) else None


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda s: s.__name__)
def test_text_limits_match_the_database_columns(schema: type[BaseModel]) -> None:
    table = MODELS[schema].__table__
    props = schema.model_json_schema()["properties"]
    compared = 0
    for name, prop in props.items():
        limit = _max_length(prop)
        column = COLUMNS.get((schema, name))
        if column is None and name in table.c:
            column = getattr(MODELS[schema], name)
        if limit is None or column is None or (schema, name) in WIDER_ON_PURPOSE:
            continue
        assert limit == _column_limit(column.property.columns[0]), f"{schema.__name__}.{name}"
        compared += 1
    assert compared, "nothing compared"
