"""Recording a dated status of a symbiosis (consortium) or an industrial area: the form and its checks.

Used by the HTML form and the JSON API in ``web/progress/status_routes.py``. Validation is the pydantic
schema of the registers (``SymbiosisStatusIn`` / ``AreaStatusIn``) plus one reference check (the area a
symbiosis runs in must be registered); problems come back per field, in the interface language. The write
is ``catalogue.registers.service.record_status`` (a record on a date that already has one corrects it; each
write also leaves a ``status_audit`` entry with who, when and the values it replaced).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, get_args

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from analyser.progress.figures import symbiosis_county
from catalogue.accounts.models import User
from catalogue.instruments import repository
from catalogue.registers import repository as repository_registers
from catalogue.registers import service as registers_audit
from catalogue.registers.loader import build_register_snapshot
from catalogue.registers.repository import ACCESS_FIELDS
from catalogue.registers.schemas import (
    AreaStatusIn,
    EmissionsStatusValue,
    SymbiosisStatusIn,
    SymbiosisStatusValue,
)
from catalogue.registers.snapshot import AreaStatusSnap, RegisterSnapshot, SymbiosisStatusSnap
from catalogue.vocabulary import INFRASTRUCTURE_KINDS
from web.i18n.catalogues import translator
from web.i18n.problems import MESSAGES as SHARED_MESSAGES
from web.i18n.problems import variables as shared_variables
from web.templating import N_

SYMBIOSIS, AREA = "symbiosis", "area"
TEXT_FIELDS = ("note", "source")


@dataclass(frozen=True)
class Kind:
    name: str  # SYMBIOSIS or AREA
    schema: type[SymbiosisStatusIn] | type[AreaStatusIn]
    status_field: str  # "status" or "emissions_status"
    status_label: str  # English msgid
    status_options: tuple[str, ...]
    status_required: bool
    form_path: str  # with {slug}

    def form_url(self, slug: str) -> str:
        return self.form_path.format(slug=slug)


KINDS = {
    SYMBIOSIS: Kind(
        SYMBIOSIS,
        SymbiosisStatusIn,
        "status",
        N_("Status"),
        get_args(SymbiosisStatusValue),
        True,
        "/progress/symbioses/{slug}/status",
    ),
    AREA: Kind(
        AREA,
        AreaStatusIn,
        "emissions_status",
        N_("Emissions status"),
        get_args(EmissionsStatusValue),
        False,
        "/progress/areas/{slug}/status",
    ),
}

# Field labels (English msgids), for the list of problems at the top of the form.
FIELD_LABELS = {
    "recorded_on": N_("Date of the status"),
    "status": N_("Status"),
    "emissions_status": N_("Emissions status"),
    "area": N_("Industrial area"),
    "competence_access": N_("Critical competence"),
    "note": N_("Note"),
    "source": N_("Source"),
    "(record)": N_("The form"),
}

# pydantic error type → message (English msgid) shown at the field.
_DATE_ERRORS = ("date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact", "date_type")
_MESSAGES = {
    "missing": N_("Fill in this field."),
    "literal_error": N_("Choose one of the values in the list."),
    "bool_parsing": N_("Choose yes, no or unknown."),
    "bool_type": N_("Choose yes, no or unknown."),
    "string_too_long": N_("Too long: at most %(max)d characters."),
    "string_pattern_mismatch": N_("Choose an area from the list."),
    "unknown_area": N_("Choose an area from the list."),
    "nul": N_("Text must not contain NUL characters."),
    **{t: N_("Write the date as YYYY-MM-DD, e.g. %(example)s.") for t in _DATE_ERRORS},
    **{code: msgid for code, msgid in SHARED_MESSAGES.items() if code != "string_too_long"},
}
_FALLBACK = N_("This value is not valid.")


class FormProblems(Exception):
    """What is wrong with a submitted status, per field: ``{field: [(message id, variables)]}``."""

    def __init__(self, problems: dict[str, list[tuple[str, dict[str, Any]]]]) -> None:
        self.problems = problems
        super().__init__(", ".join(problems))

    def messages(self, lang: str) -> dict[str, list[str]]:
        t = translator(lang)
        return {
            field: [t.gettext(msgid, **variables) for msgid, variables in items]
            for field, items in self.problems.items()
        }

    def as_api(self) -> list[dict[str, str]]:
        """``[{"field", "message"}]`` in English, the shape of the write API's 422 answers."""
        return [
            {"field": field, "message": msgid % variables if variables else msgid}
            for field, items in self.problems.items()
            for msgid, variables in items
        ]


def _problem(err: Any) -> tuple[str, tuple[str, dict[str, Any]]]:
    loc = err.get("loc") or ()
    field = str(loc[0]) if loc else "(record)"
    kind = err.get("type", "")
    if field == "(record)" and "NUL" in str(err.get("msg", "")):
        kind = "nul"
    msgid = _MESSAGES.get(kind, _FALLBACK)
    variables: dict[str, Any] = {}
    if kind == "string_too_long":
        variables = {"max": int((err.get("ctx") or {}).get("max_length", 0))}
    elif kind in SHARED_MESSAGES:
        variables = shared_variables(kind, str(err.get("msg", "")))
    elif kind in _DATE_ERRORS:
        variables = {"example": dt.date.today().isoformat()}
    return field, (msgid, variables)


FORM_ORDER = ("(record)", "recorded_on", "status", "emissions_status", "area", *ACCESS_FIELDS, *TEXT_FIELDS)


def problems_of(exc: ValidationError) -> FormProblems:
    """The schema's complaints per field, in the order of the form."""
    out: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for err in exc.errors():
        field, problem = _problem(err)
        if problem not in out.setdefault(field, []):
            out[field].append(problem)
    rank = {name: i for i, name in enumerate(FORM_ORDER)}
    return FormProblems(dict(sorted(out.items(), key=lambda kv: rank.get(kv[0], len(rank)))))


# ---- form values ⇄ record -----------------------------------------------------------------------------


def _text(value: object) -> str:
    return str(value or "").strip()


def values_from_form(form: FormData, kind: Kind) -> dict[str, str]:
    """What was submitted, as text (shown again as typed when something is wrong)."""
    names: tuple[str, ...] = ("recorded_on", kind.status_field, *ACCESS_FIELDS, *TEXT_FIELDS)
    if kind.name == SYMBIOSIS:
        names += ("area",)
    return {name: _text(form.get(name)) for name in names}


def record_of(values: dict[str, str]) -> dict[str, Any]:
    """The submitted text as input for the schema: a blank field is left out (unknown, or "missing" when
    the schema requires it); pydantic judges the rest."""
    return {name: value for name, value in values.items() if value}


def values_from_snap(
    snap: SymbiosisStatusSnap | AreaStatusSnap | None, kind: Kind, *, day: dt.date
) -> dict[str, str]:
    """The form's starting values: ``day``, and the facts of the latest record (status, area, access), so a
    new record repeats what is still true. Its note and source only when the latest record is on ``day``
    (saving then corrects that record)."""
    values = {"recorded_on": day.isoformat()}
    if snap is None:
        return values
    values[kind.status_field] = getattr(snap, kind.status_field) or ""
    if kind.name == SYMBIOSIS:
        values["area"] = getattr(snap, "area", None) or ""
    for name in ACCESS_FIELDS:
        flag = getattr(snap, name)
        values[name] = "" if flag is None else str(flag).lower()
    if snap.recorded_on == day:
        values.update({name: getattr(snap, name) or "" for name in TEXT_FIELDS})
    return values


def validate(session: Session, kind: Kind, record: dict[str, Any]) -> SymbiosisStatusIn | AreaStatusIn:
    """The record as the schema accepts it, or ``FormProblems``."""
    try:
        parsed = kind.schema.model_validate(record)
    except ValidationError as exc:
        raise problems_of(exc) from exc
    area = getattr(parsed, "area", None)
    if area and repository_registers.area_by_slug(session, area) is None:
        raise FormProblems({"area": [(_MESSAGES["unknown_area"], {})]})
    return parsed


# ---- reading and writing ------------------------------------------------------------------------------


def exists(session: Session, kind: Kind, slug: str) -> bool:
    if kind.name == SYMBIOSIS:
        return repository.consortium_by_slug(session, slug) is not None
    return repository_registers.area_by_slug(session, slug) is not None


def _write(
    session: Session, kind: Kind, slug: str, status: SymbiosisStatusIn | AreaStatusIn, user: User | None
) -> bool:
    """Add the record, or correct the one on the same date, and its audit entry; True when it corrected."""
    entry = registers_audit.record_status(session, kind.name, slug, status, user)
    return entry.action == "corrected"


def record(
    session: Session, kind: Kind, slug: str, status: SymbiosisStatusIn | AreaStatusIn, user: User | None
) -> bool:
    """Write the status and its audit entry (flushed; the request commits them together); True when it
    corrected a record on the same date.

    Two people saving the first record of the same day at once: the second insert hits the unique
    (consortium or area, date) constraint; its SAVEPOINT is rolled back, and it then corrects the record
    just saved."""
    try:
        with session.begin_nested():
            corrected = _write(session, kind, slug, status, user)
            session.flush()
    except IntegrityError:
        corrected = _write(session, kind, slug, status, user)
        session.flush()
    return corrected


@dataclass(frozen=True)
class Target:
    """What a status is recorded for, as the registers show it."""

    kind: Kind
    slug: str
    name: str
    county: str | None  # the county page it shows on (None: a symbiosis placed in no county)
    statuses: tuple[SymbiosisStatusSnap | AreaStatusSnap, ...]  # oldest first

    @property
    def latest(self) -> SymbiosisStatusSnap | AreaStatusSnap | None:
        return max(self.statuses, key=lambda s: s.recorded_on) if self.statuses else None

    @property
    def back_url(self) -> str:
        return f"/progress/{self.county}" if self.county else "/progress"


def target(registers: RegisterSnapshot, kind: Kind, slug: str) -> Target | None:
    areas = {a.slug: a for a in registers.areas}
    if kind.name == SYMBIOSIS:
        s = registers.symbiosis(slug)
        if s is None:
            return None
        return Target(kind, slug, s.name, symbiosis_county(s, areas), s.statuses)
    a = areas.get(slug)
    return None if a is None else Target(kind, slug, a.name, a.county, a.statuses)


def load_target(session: Session, kind: Kind, slug: str) -> Target | None:
    return target(build_register_snapshot(session), kind, slug)


# ---- the page --------------------------------------------------------------------------------------


def form_context(
    session: Session, found: Target, *, values: dict[str, str], errors: dict[str, list[str]]
) -> dict[str, Any]:
    """Everything the form page shows."""
    kind = found.kind
    areas = repository_registers.list_areas(session) if kind.name == SYMBIOSIS else ()
    return {
        "kind": kind.name,
        "target": found,
        "values": values,
        "errors": errors,
        "action": kind.form_url(found.slug),
        "status_field": kind.status_field,
        "status_label": kind.status_label,
        "status_facet": "symbiosis_status" if kind.name == SYMBIOSIS else "emissions_status",
        "status_options": kind.status_options,
        "status_required": kind.status_required,
        "areas": [(a.slug, a.name) for a in areas],
        "infrastructure_kinds": INFRASTRUCTURE_KINDS,
        "access_fields": ACCESS_FIELDS,
        "field_labels": FIELD_LABELS,
        "audit": registers_audit.latest_by_date(session, kind.name, found.slug),
        "replaced": replaced,
        "in_utc": registers_audit.in_utc,
    }


def replaced(entry: Any) -> list[tuple[str, Any]]:
    """What a correction replaced: ``[(field, value before)]`` for the fields it changed, in form order."""
    before, after = entry.before or {}, entry.after or {}
    if entry.action != "corrected":
        return []
    names = ("status", "emissions_status", "area", *ACCESS_FIELDS, *TEXT_FIELDS)
    return [
        (name, before.get(name))
        for name in names
        if (name in before or name in after) and before.get(name) != after.get(name)
    ]
