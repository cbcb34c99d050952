"""The generic award format: one row (or JSON object) per grant, with field names of the 360Giving Data
Standard (docs/awards.md lists them), read from CSV, XLSX or JSON through a column map
(:class:`catalogue.awards.schemas.ColumnMapIn`) so that an export in someone else's shape loads without code.

Rows sharing an identifier are one grant with several recipients; the grant's own fields come from the
last such row. A recipient's organisation number is a bare 9-digit number or an org-id ``NO-BRC-...``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from catalogue.awards.formats.common import (
    ReadContext,
    RowError,
    amount_minor,
    input_error,
    organisation,
    sector_kind,
    text_or_none,
)
from catalogue.awards.formats.tabular import Record
from catalogue.awards.models import OUTCOMES, ROLES
from catalogue.awards.records import ActivityRecord, AwardRow, OrgRecord, ParticipationRecord, SourceInfo
from catalogue.awards.schemas import GENERIC_FIELDS, ColumnMapIn

ALIASES = {"identifier": ("identifier", "id")}
RECIPIENT = "recipientOrganization."
MAX_RECIPIENTS = 1000


def source_info(cmap: ColumnMapIn) -> SourceInfo:
    return SourceInfo(
        key=cmap.source,
        name=cmap.name,
        format="generic",
        shows_partners=cmap.shows_partners,
        url=cmap.url,
        fetched_on=cmap.fetched,
        note=cmap.note,
    )


def _candidates(cmap: ColumnMapIn, field: str) -> tuple[str, ...]:
    if field in cmap.columns:
        return (cmap.columns[field],)
    names = ALIASES.get(field, (field,))
    head, _, rest = field.partition(".")
    return (*names, f"{head}.0.{rest}") if rest else names


def check_header(header: Iterable[str], cmap: ColumnMapIn, file: str) -> None:
    """Every column the map names must be in the file, and the file must have an identifier."""
    have = set(header)
    missing = sorted(c for c in cmap.columns.values() if c not in have)
    if missing:
        raise input_error(file, "row 1", ", ".join(missing), "the column map names column(s) the file lacks")
    if "identifier" not in cmap.defaults and not have & set(_candidates(cmap, "identifier")):
        raise input_error(file, "row 1", "identifier", "no identifier column (map one with columns:)")


class GenericReader:
    def __init__(self, cmap: ColumnMapIn, ctx: ReadContext):
        self.cmap, self.ctx = cmap, ctx
        self.keys = {f: _candidates(cmap, f) for f in GENERIC_FIELDS}

    def read(self, records: Iterator[tuple[str, Record]]) -> Iterator[AwardRow]:
        for label, record in records:
            try:
                yield self.row(label, record)
            except RowError as exc:
                raise input_error(self.ctx.file, label, exc.column, exc.message) from None

    def get(self, record: Record, field: str, keys: tuple[str, ...] | None = None) -> Any:
        """The value of ``field`` after the map's value translation, or its default, or None."""
        value = None
        for key in keys or self.keys[field]:
            value = record.get(key)
            if isinstance(value, str):
                value = value.strip() or None
            if value is not None:
                break
        translate = self.cmap.values.get(field)
        if translate is not None and value is not None:
            value = translate.get(str(value), value)
        return self.cmap.defaults.get(field) if value is None else value

    def text(self, record: Record, field: str, max_length: int | None = None) -> str | None:
        value = self.get(record, field)
        return None if value is None else text_or_none(str(value), self._column(field), max_length)

    def _column(self, field: str) -> str:
        return self.cmap.columns.get(field, field)

    def date(self, record: Record, field: str) -> dt.date | None:
        value = self.get(record, field)
        if value is None or isinstance(value, dt.date):
            return value.date() if isinstance(value, dt.datetime) else value
        text = str(value)
        try:
            if self.cmap.date_format:
                return dt.datetime.strptime(text, self.cmap.date_format).date()
            if len(text) >= 10 and text[2] == "." and text[5] == ".":
                return dt.date(int(text[6:10]), int(text[3:5]), int(text[0:2]))
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            expected = self.cmap.date_format or "YYYY-MM-DD"
            raise RowError(self._column(field), f"{text!r} is not a date ({expected})") from None

    def amount(self, record: Record, field: str) -> int | None:
        value = self.get(record, field)
        return amount_minor(value, self._column(field), self.cmap.decimal_comma)

    def row(self, label: str, record: Record) -> AwardRow:
        activity = self.activity(record)
        return AwardRow(label=label, activity=activity, participations=list(self.recipients(record)))

    def activity(self, r: Record) -> ActivityRecord:
        ref = self.text(r, "identifier", 100)
        if ref is None:
            raise RowError(self._column("identifier"), "must not be empty")
        funder = self.text(r, "fundingOrganization.id", 40)
        if funder is None:
            raise RowError(self._column("fundingOrganization.id"), "no funder (map a column or a default)")
        currency = (self.text(r, "currency") or "NOK").upper()
        if len(currency) != 3 or not currency.isalpha():
            raise RowError(self._column("currency"), f"{currency!r} is not a currency code")
        outcome = self.text(r, "outcome") or "granted"
        if outcome not in OUTCOMES:
            raise RowError(self._column("outcome"), f"unknown outcome {outcome!r} (map it under values:)")
        awarded = self.date(r, "awardDate")
        start, end = self.date(r, "plannedDates.startDate"), self.date(r, "plannedDates.endDate")
        county = self.text(r, "beneficiaryLocation.geoCode", 40)
        return ActivityRecord(
            source_ref=ref,
            funder_code=funder,
            funder_name=self.text(r, "fundingOrganization.name", 300),
            outcome=outcome,
            currency=currency,
            programme_code=self.text(r, "grantProgramme.code", 100),
            programme_name=self.text(r, "grantProgramme.title"),
            application_type=self.text(r, "applicationType", 200),
            application_variant=self.text(r, "applicationVariant", 200),
            applied_minor=self.amount(r, "amountAppliedFor"),
            granted_minor=self.amount(r, "amountAwarded"),
            year=(awarded or start).year if (awarded or start) else None,
            awarded_on=awarded,
            start_date=start,
            end_date=end,
            start_year=start.year if start else None,
            end_year=end.year if end else None,
            county_code=self.ctx.county_from(county) if county else None,
            county_name=self.text(r, "beneficiaryLocation.name", 200),
            title=self.text(r, "title"),
            text=self.text(r, "description"),
        )

    def _recipient_keys(self, n: int) -> dict[str, tuple[str, ...]]:
        fields = [f for f in GENERIC_FIELDS if f.startswith(RECIPIENT)]
        if n == 0:
            return {f: self.keys[f] for f in fields}
        return {f: (f"{RECIPIENT}{n}.{f.removeprefix(RECIPIENT)}",) for f in fields}

    def recipients(self, r: Record) -> Iterator[ParticipationRecord]:
        for n in range(MAX_RECIPIENTS):
            keys = self._recipient_keys(n)

            def value(field: str, keys: dict[str, tuple[str, ...]] = keys) -> str | None:
                v = self.get(r, field, keys[field])
                return None if v is None else text_or_none(str(v), self._column(field))

            ident, name = value(f"{RECIPIENT}id"), value(f"{RECIPIENT}name")
            if ident is None and name is None:
                return
            yield self._participation(ident, name, value)

    def _participation(self, ident: str | None, name: str | None, value: Any) -> ParticipationRecord:
        column = self._column(f"{RECIPIENT}id")
        number = _norwegian_number(ident)
        key, orgnr = organisation(self.ctx, self.cmap.source, number, name or ident, column)
        role = value(f"{RECIPIENT}role") or "responsible"
        if role not in ROLES:
            raise RowError(
                self._column(f"{RECIPIENT}role"), f"unknown role {role!r} (known: {', '.join(ROLES)})"
            )
        region = value(f"{RECIPIENT}addressRegion")
        sector = value(f"{RECIPIENT}organisationType")
        org = OrgRecord(
            key=key,
            orgnr=orgnr,
            name=name or ident or key,
            county_code=self.ctx.county_from(region) if region else None,
            county_name=region if region and not region.isdigit() else None,
            municipality=value(f"{RECIPIENT}addressLocality"),
            sector=sector[:100] if sector else None,
            sector_kind=sector_kind(sector),
        )
        return ParticipationRecord(org=org, role=role, source_ref=key)


def _norwegian_number(ident: str | None) -> str:
    """The organisation number in ``NO-BRC-919303808`` or ``919303808``; "" for any other identifier."""
    if not ident:
        return ""
    digits = ident.removeprefix("NO-BRC-").replace(" ", "")
    return digits if digits.isdigit() else ""
