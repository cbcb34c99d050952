"""The instrument edit form: which input each field gets, form data → record, and the form's context.

The field list follows ``catalogue.instruments.schemas.InstrumentIn``; the record built from a form is
validated by ``catalogue.instruments.service`` (the one place that decides what is valid), and its problems
come back per field.
"""

from __future__ import annotations

import importlib
import importlib.util
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from starlette.datastructures import FormData

from catalogue import vocabulary as v
from catalogue.errors import Problem
from catalogue.instruments.snapshot import AMOUNT_SOURCE_KINDS, CatalogueSnapshot
from catalogue.rules import seed_instrument_records
from web.i18n.labels import Labeller
from web.templating import N_


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # English msgid
    kind: str  # text, textarea, select, checks, bool, int, date, codes, lines
    facet: str | None = None  # label facet of the options
    options: tuple[str, ...] = ()
    required: bool = False
    hint: str | None = None


F = Field
GROUPS: tuple[tuple[str, tuple[Field, ...]], ...] = (
    (
        N_("Name and owner"),
        (
            F("name_nb", N_("Name (bokmål)"), "text", required=True),
            F("name_nn", N_("Name (nynorsk)"), "text"),
            F("name_en", N_("Name (English)"), "text"),
            F("agency", N_("Lead agency"), "select", "agency", required=True),
            F("partner_agencies", N_("Partner agencies"), "codes", "agency"),
            F("owner_ministry", N_("Owner ministry"), "codes", "ministry"),
        ),
    ),
    (
        N_("Description"),
        (
            F("summary_nn", N_("Summary (nynorsk)"), "textarea"),
            F("summary_en", N_("Summary (English)"), "textarea"),
            F("facts_note", N_("Notes on the facts"), "textarea"),
        ),
    ),
    (
        N_("Kind and fit"),
        (
            F("types", N_("Type"), "checks", "type", v.TYPES, required=True),
            F("funding_forms", N_("Funding form"), "checks", "funding_form", v.FUNDING_FORMS),
            F("applicants", N_("Applicants"), "checks", "applicant", v.APPLICANTS),
            F("stages", N_("Stage"), "checks", "stage", v.STAGES),
            F("value_chains", N_("Value chain"), "checks", "value_chain", v.VALUE_CHAINS),
            F("missions", N_("Mission"), "checks", "mission", v.MISSIONS),
        ),
    ),
    (
        N_("Consortia"),
        (
            F(
                "consortium_eligibility",
                N_("Consortia may apply"),
                "select",
                "consortium",
                v.CONSORTIUM_ELIGIBILITY,
            ),
            F("consortium_condition", N_("Condition for consortia"), "textarea"),
            F("consortium_min_partners", N_("Minimum number of partners"), "int"),
            F(
                "consortium_lead",
                N_("Who must lead a consortium"),
                "select",
                "consortium_lead",
                v.CONSORTIUM_LEAD,
            ),
            F(
                "consortium_without_legal_personality",
                N_("A group without legal personality may apply"),
                "bool",
            ),
            F("pays_coordination_costs", N_("Pays a coordinator's costs"), "bool"),
            F("requires_research_partner", N_("Requires a research partner"), "bool"),
        ),
    ),
    (
        N_("Money"),
        (
            F("max_amount_nok", N_("Maximum per project (NOK)"), "int"),
            F(
                "max_amount_source_kind",
                N_("Who states the maximum"),
                "select",
                "amount_source",
                AMOUNT_SOURCE_KINDS,
                hint=N_(
                    "A third party's figure (e.g. a consultancy's) is marked unofficial and left out of "
                    "filters"
                ),
            ),
            F("max_amount_source", N_("Source of the maximum"), "text"),
            F("annual_budget_nok", N_("Annual budget (NOK)"), "int"),
            F("aid_intensity_min_pct", N_("Aid intensity from (%)"), "int"),
            F("aid_intensity_max_pct", N_("Aid intensity to (%)"), "int"),
            F("funds_shared_infrastructure", N_("Funds shared infrastructure"), "bool"),
            F("risk_relief", N_("Relieves risk"), "bool"),
        ),
    ),
    (
        N_("Where and when"),
        (
            F("geography", N_("Geography"), "select", "geography", v.GEOGRAPHY),
            F("counties", N_("Counties"), "codes", "county"),
            F("deadline_kind", N_("Deadline"), "select", "deadline_kind", v.DEADLINE_KINDS),
            F("next_deadline", N_("Next deadline"), "date"),
            F("last_deadline", N_("Last known deadline"), "date"),
            F("status", N_("Status"), "select", "status", v.STATUSES),
        ),
    ),
    (
        N_("Sources"),
        (
            F("source_url", N_("Source"), "text"),
            F("other_sources", N_("Other sources"), "lines", hint=N_("One address per line")),
            F("compiled_on", N_("Compiled"), "date"),
            F("compiled_from", N_("Compiled from"), "text"),
            F("verified_on", N_("Last verified"), "date"),
            F("verified_by", N_("Checked by"), "text", hint=N_("An agency code for its editors, or admin")),
            F("confidence", N_("Confidence"), "select", "confidence", v.CONFIDENCE),
            F("stip_code", N_("STIP Compass type"), "text"),
        ),
    ),
)
FIELDS = {f.name: f for _, group in GROUPS for f in group}
LIST_KINDS = ("checks", "codes", "lines")


def record_from_form(form: FormData, slug: str) -> dict[str, Any]:
    """The submitted form as a record for ``InstrumentIn`` (blank → null, lists from repeated fields)."""
    rec: dict[str, Any] = {"slug": slug}
    for f in FIELDS.values():
        if f.kind in ("checks", "codes"):
            rec[f.name] = [str(x) for x in form.getlist(f.name) if str(x).strip()]
        elif f.kind == "lines":
            rec[f.name] = [ln.strip() for ln in str(form.get(f.name) or "").splitlines() if ln.strip()]
        else:
            value = str(form.get(f.name) or "").strip()
            if f.kind == "bool":
                rec[f.name] = {"true": True, "false": False}.get(value)
            else:
                rec[f.name] = value or None
    return rec


def options(f: Field, snapshot: CatalogueSnapshot, ministries: list[str]) -> tuple[str, ...]:
    if f.options:
        return f.options
    if f.facet == "agency":
        return tuple(a.code for a in snapshot.agencies)
    if f.facet == "county":
        return tuple(code for code, _ in snapshot.counties)
    if f.facet == "ministry":
        return tuple(ministries)
    return ()


def errors_by_field(problems: list[Problem]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in problems:
        name = p.field.split(".")[0]
        out.setdefault(name if name in FIELDS or name == "slug" else "(record)", []).append(p.message)
    return out


_training = threading.Lock()
_training_started = False


@lru_cache(maxsize=1)
def tag_model() -> Any:
    """The tag-suggestion model (``analyser.matching.tagging.TagModel``) trained on the seed catalogue,
    once per process."""
    tagging = importlib.import_module("analyser.matching.tagging")
    return tagging.TagModel.fit(seed_instrument_records())


def suggest_tags(text: str) -> dict[str, list[Any]]:
    """{"types": [Suggestion(value, probability)], "value_chains": [...]} from the seed-trained model."""
    tagging = importlib.import_module("analyser.matching.tagging")
    return tagging.suggest_tags(text, tag_model())


def model_ready() -> bool:
    """Whether the tagging model is trained in this process; if not, start training it in the background
    (it takes seconds: no request waits for it, the suggestion box stays empty until it is ready)."""
    global _training_started
    if importlib.util.find_spec("analyser.matching.tagging") is None:
        return False
    if tag_model.cache_info().currsize:
        return True
    with _training:
        if not _training_started:
            _training_started = True
            threading.Thread(target=tag_model, name="tag-model", daemon=True).start()
    return False


def suggestions(values: dict[str, Any], labels: Labeller) -> dict[str, list[tuple[str, str]]]:
    """Types and value chains the analyser's tagging model suggests from the name and summaries.

    Empty while the model is not ready, or when ``analyser.matching.tagging`` is not there (it is
    optional)."""
    if not model_ready():
        return {}
    text = " ".join(
        str(values.get(k) or "")
        for k in ("name_nb", "name_nn", "name_en", "summary_nn", "summary_en", "consortium_condition")
    )
    if not text.strip():
        return {}
    found = suggest_tags(text)
    out: dict[str, list[tuple[str, str]]] = {}
    for field, facet in (("types", "type"), ("value_chains", "value_chain")):
        have = set(values.get(field) or ())
        codes = [s.value for s in found.get(field, []) if s.value not in have]
        if codes:
            out[field] = [(c, labels.value(facet, c)) for c in codes]
    return out
