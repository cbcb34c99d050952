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
    def __init__(self, cmap: ColumnMapIn, ctx: ReadContext, header: Iterable[str] | None = None):
        """``header``: the file's columns (CSV, XLSX), so each field is looked up under one key only."""
        self.cmap, self.ctx = cmap, ctx
        self.keys = {f: _candidates(cmap, f) for f in GENERIC_FIELDS}
        self.header = None if header is None else frozenset(header)
        if self.header is not None:
            self.keys = {f: tuple(k for k in keys if k in self.header)[:1] for f, keys in self.keys.items()}
        self._recipients: dict[int, dict[str, tuple[str, ...]]] = {}

    def read(self, records: Iterator[tuple[str, Record]]) -> Iterator[AwardRow]:
        for label, record in records:
            try:
                yield self.row(label, record)
            except RowError as exc:
                raise input_error(self.ctx.file, label, exc.column, exc.message) from None

    def get(self, record: Record, field: str, keys: tuple[str, ...] | None = None) -> Any:
        """The value of ``field`` after the map's value translation, or its default, or None."""
        value = None
        for key in self.keys[field] if keys is None else keys:
            value = record.get(key)
            if value.__class__ is str:
                value = value.strip() or None
            if value is not None:
                break
        if value is None:
            return self.cmap.defaults.get(field)
        translate = self.cmap.values.get(field)
        return value if translate is None else translate.get(str(value), value)

    def text(
        self, record: Record, field: str, max_length: int | None = None, keys: tuple[str, ...] | None = None
    ) -> str | None:
        value = self.get(record, field, keys)
        if value is None:
            return None
        text = value if value.__class__ is str else str(value).strip()
        if max_length is not None and len(text) > max_length:
            raise RowError(self._column(field), f"longer than {max_length} characters")
        return text or None

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
            year=dated.year if (dated := awarded or start) else None,
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
        try:
            return self._recipients[n]
        except KeyError:
            pass
        fields = [f for f in GENERIC_FIELDS if f.startswith(RECIPIENT)]
        if n == 0:
            keys = {f: self.keys[f] for f in fields}
        else:
            keys = {f: (f"{RECIPIENT}{n}.{f.removeprefix(RECIPIENT)}",) for f in fields}
            if self.header is not None:
                keys = {f: tuple(k for k in ks if k in self.header) for f, ks in keys.items()}
        self._recipients[n] = keys
        return keys

    def _value(
        self, r: Record, field: str, keys: dict[str, tuple[str, ...]], max_length: int | None = None
    ) -> str | None:
        return self.text(r, field, max_length, keys[field])

    def recipients(self, r: Record) -> Iterator[ParticipationRecord]:
        for n in range(MAX_RECIPIENTS):
            keys = self._recipient_keys(n)
            ident, name = self._value(r, f"{RECIPIENT}id", keys), self._value(r, f"{RECIPIENT}name", keys)
            if ident is None and name is None:
                return
            yield self._participation(r, ident, name, keys)

    def _participation(
        self, r: Record, ident: str | None, name: str | None, keys: dict[str, tuple[str, ...]]
    ) -> ParticipationRecord:
        column = self._column(f"{RECIPIENT}id")
        number = _norwegian_number(ident)
        key, orgnr = organisation(self.ctx, self.cmap.source, number, name or ident, column)
        role = self._value(r, f"{RECIPIENT}role", keys) or "responsible"
        if role not in ROLES:
            raise RowError(
                self._column(f"{RECIPIENT}role"), f"unknown role {role!r} (known: {', '.join(ROLES)})"
            )
        region = self._value(r, f"{RECIPIENT}addressRegion", keys, 200)
        sector = self._value(r, f"{RECIPIENT}organisationType", keys, 100)
        org = OrgRecord(
            key=key,
            orgnr=orgnr,
            name=name or ident or key,
            county_code=self.ctx.county_from(region) if region else None,
            county_name=region if region and not region.isdigit() else None,
            municipality=self._value(r, f"{RECIPIENT}addressLocality", keys, 200),
            sector=sector,
            sector_kind=sector_kind(sector),
        )
        return ParticipationRecord(org=org, role=role, source_ref=key)


def _norwegian_number(ident: str | None) -> str:
    """The organisation number in ``NO-BRC-919303808`` or ``919303808``; "" for any other identifier."""
    if not ident:
        return ""
    digits = ident.removeprefix("NO-BRC-").replace(" ", "")
    return digits if digits.isdigit() else ""
