"""Pydantic schemas of the two YAML files of the awards domain: the programme → instrument mapping
(``seeds/award_programmes.yaml``) and the column map of the generic award format (``--map MAP.yaml``).
Shapes and vocabularies only; instrument slugs are checked against the catalogue by the seeding code."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from catalogue.instruments.schemas import Strict

SLUG = r"^[a-z0-9][a-z0-9-]*$"
SOURCE_KEY = r"^[a-z0-9][a-z0-9._-]*$"
Outcome = Literal["granted", "running", "finished", "rejected", "unknown"]

# Fields of the generic award format. Names follow the 360Giving Data Standard where it has one; the
# last group are Verkemiddelkart extensions (docs/awards.md).
GENERIC_FIELDS = (
    "identifier",
    "title",
    "description",
    "currency",
    "amountAwarded",
    "amountAppliedFor",
    "awardDate",
    "plannedDates.startDate",
    "plannedDates.endDate",
    "recipientOrganization.id",
    "recipientOrganization.name",
    "recipientOrganization.addressRegion",
    "recipientOrganization.addressLocality",
    "recipientOrganization.organisationType",
    "fundingOrganization.id",
    "fundingOrganization.name",
    "grantProgramme.code",
    "grantProgramme.title",
    "beneficiaryLocation.geoCode",
    "beneficiaryLocation.name",
    # extensions
    "outcome",
    "applicationType",
    "applicationVariant",
    "recipientOrganization.role",
)


class ProgrammeLinkIn(Strict):
    """One rule: activities of ``funder`` (and of the programme, application type and variant given)
    belong to ``instrument``. A rule naming more of these wins over one naming fewer."""

    funder: str = Field(min_length=1, max_length=40)
    programme: str | None = Field(default=None, max_length=100)
    application_type: str | None = Field(default=None, max_length=200)
    application_variant: str | None = Field(default=None, max_length=200)
    instrument: str = Field(pattern=SLUG)
    note: str | None = None

    def match_key(self) -> tuple[str, str | None, str | None, str | None]:
        return (self.funder, self.programme, self.application_type, self.application_variant)


class ColumnMapIn(Strict):
    """How a file in someone else's shape is read as the generic award format."""

    source: str = Field(pattern=SOURCE_KEY, max_length=80)
    name: str = Field(min_length=1, max_length=300)
    url: str | None = Field(default=None, max_length=500)
    fetched: dt.date | None = None
    note: str | None = None
    shows_partners: bool = False
    delimiter: Annotated[str, StringConstraints(strip_whitespace=False, min_length=1, max_length=1)] = ","
    encoding: str = "utf-8-sig"
    sheet: str | None = None
    decimal_comma: bool = False
    date_format: str | None = None  # strptime format, e.g. "%d.%m.%Y"; default: ISO dates
    columns: dict[str, str] = Field(default_factory=dict)  # field -> column name in the file
    defaults: dict[str, str] = Field(default_factory=dict)  # field -> value when the file has none
    values: dict[str, dict[str, str]] = Field(default_factory=dict)  # field -> {published: stored}

    @field_validator("columns", "defaults", "values")
    @classmethod
    def _known_fields(cls, value: dict[str, object]) -> dict[str, object]:
        unknown = sorted(set(value) - set(GENERIC_FIELDS))
        if unknown:
            raise ValueError(f"unknown field(s) {', '.join(unknown)}; known: {', '.join(GENERIC_FIELDS)}")
        return value

    @model_validator(mode="after")
    def _outcome_values(self) -> ColumnMapIn:
        allowed = {"granted", "running", "finished", "rejected", "unknown"}
        bad = sorted(set(self.values.get("outcome", {}).values()) - allowed)
        if bad or self.defaults.get("outcome", "granted") not in allowed:
            raise ValueError(f"outcome values must be one of {', '.join(sorted(allowed))}")
        return self
