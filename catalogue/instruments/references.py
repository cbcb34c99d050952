"""Reference checks of an instrument record against the catalogue: agencies, counties, ministries exist."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from catalogue.errors import Problem
from catalogue.instruments import repository
from catalogue.instruments.schemas import InstrumentIn


@dataclass(frozen=True)
class ReferenceCodes:
    agencies: frozenset[str]
    counties: frozenset[str]
    ministries: frozenset[str]

    @classmethod
    def load(cls, session: Session) -> ReferenceCodes:
        return cls(
            agencies=frozenset(a.code for a in repository.list_agencies(session)),
            counties=frozenset(c.code for c in repository.list_counties(session)),
            ministries=frozenset(m.code for m in repository.list_ministries(session)),
        )

    def problems(self, rec: InstrumentIn, file: str, record: str) -> list[Problem]:
        out = []
        if rec.agency not in self.agencies:
            out.append(Problem(file, record, "agency", f"unknown agency {rec.agency!r}"))
        out += [
            Problem(file, record, "partner_agencies", f"unknown agency {a!r}")
            for a in rec.partner_agencies
            if a not in self.agencies
        ]
        out += [
            Problem(file, record, "counties", f"unknown county {c!r}")
            for c in rec.counties
            if c not in self.counties
        ]
        out += [
            Problem(file, record, "owner_ministry", f"unknown ministry {m!r}")
            for m in rec.owner_ministry
            if m not in self.ministries
        ]
        return out
