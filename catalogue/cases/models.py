"""One listening-post case: a consortium's attempt to fund its work, as an agency or a county met it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from catalogue.instruments.models import Base


class ListeningCase(Base):
    __tablename__ = "listening_case"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    county: Mapped[str] = mapped_column(String(10), index=True)  # county code (seeds/counties.yaml)
    agency_code: Mapped[str | None] = mapped_column(String(40), index=True)  # who recorded it
    met_on: Mapped[dt.date] = mapped_column(Date, index=True)  # when the case was met
    value_chains: Mapped[list[str]] = mapped_column(JSON, default=list)
    stage: Mapped[str] = mapped_column(String(20))
    barriers: Mapped[list[str]] = mapped_column(JSON, default=list)
    # [{"instrument": slug, "outcome": OUTCOMES, "reason": text or null}]
    attempts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    text: Mapped[str | None] = mapped_column(Text)  # no personal names, e-mail addresses or phone numbers
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    org_numbers: Mapped[list[str]] = mapped_column(JSON, default=list)  # only with consent
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__: Any = {"version_id_col": version}
