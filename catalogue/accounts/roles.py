"""What a signed-in user may act for: their agency, their county, the working group.

- An **admin** may do everything.
- An **editor** acts for one agency (its instruments, its reviews). An editor of a county authority (an
  agency of kind ``county``, e.g. ``FK-46``) is also the **county editor** of that county: its initiatives,
  its time and resource plan, its listening-post cases.
- A **working-group member** (``User.working_group``; people from IN, Siva, FR and the county authorities)
  comments on, merges and proposes county initiatives.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from catalogue.accounts.models import User
from catalogue.instruments.models import Agency

WORKING_GROUP_AGENCIES = frozenset({"IN", "SIVA", "FR"})


def may_join_working_group(agency: Agency | None) -> bool:
    """The working group has one representative each from IN, Siva, FR and the county authorities."""
    return agency is not None and (agency.code in WORKING_GROUP_AGENCIES or agency.kind == "county")


@dataclass(frozen=True, kw_only=True)
class Actor:
    user_id: int
    email: str
    admin: bool
    agency: str | None  # the agency the user edits for
    county: str | None  # the county code when the agency is a county authority
    working_group: bool

    def may_edit_agency(self, agency_code: str) -> bool:
        return self.admin or self.agency == agency_code

    def may_act_for_county(self, county_code: str) -> bool:
        return self.admin or (self.county is not None and self.county == county_code)

    @property
    def in_working_group(self) -> bool:
        return self.admin or self.working_group


def actor(session: Session, user: User) -> Actor | None:
    """The user's powers, or None for an inactive account."""
    if not user.active:
        return None
    agency = session.get(Agency, user.agency_code) if user.agency_code else None
    county = agency.county_code if agency is not None and agency.kind == "county" else None
    return Actor(
        user_id=user.id,
        email=user.email,
        admin=user.role == "admin",
        agency=user.agency_code,
        county=county,
        working_group=bool(user.working_group) and (user.role == "admin" or may_join_working_group(agency)),
    )
