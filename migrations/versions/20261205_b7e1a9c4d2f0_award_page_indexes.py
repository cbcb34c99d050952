"""award page indexes (branch awweb): instrument funding and the funded-project list at a million rows

- ``ix_award_activity_instrument_year`` (instrument, year, source, county, outcome, currency, granted)
  replaces ``ix_award_activity_instrument_id``: an instrument's tallies by year and county are read from
  the index alone, and its newest projects come in year order.
- ``ix_award_activity_year_id`` (year, id): the list, newest first, without sorting the table.
- ``ix_award_activity_facets`` (funder, outcome, year, county, programme, instrument): the list's count
  and facet counts from an index a tenth of the table's size (titles and texts are not in it); without it,
  SQLite serves a funder filter from ``ix_award_activity_programme`` with a row lookup per activity.

Revision ID: b7e1a9c4d2f0
Revises: 79d575a084db
Create Date: 2026-12-05 16:10:00
"""

from __future__ import annotations

from alembic import op

revision = "b7e1a9c4d2f0"
down_revision = "79d575a084db"
branch_labels = None
depends_on = None

INSTRUMENT_COLUMNS = [
    "instrument_id", "year", "source_id", "county_code", "outcome", "currency", "granted_minor",
]  # fmt: skip


FACET_COLUMNS = ["funder_code", "outcome", "year", "county_code", "programme_code", "instrument_id"]


def upgrade() -> None:
    op.drop_index("ix_award_activity_instrument_id", table_name="award_activity")
    op.create_index("ix_award_activity_instrument_year", "award_activity", INSTRUMENT_COLUMNS)
    op.create_index("ix_award_activity_year_id", "award_activity", ["year", "id"])
    op.create_index("ix_award_activity_facets", "award_activity", FACET_COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_award_activity_facets", table_name="award_activity")
    op.drop_index("ix_award_activity_year_id", table_name="award_activity")
    op.drop_index("ix_award_activity_instrument_year", table_name="award_activity")
    op.create_index("ix_award_activity_instrument_id", "award_activity", ["instrument_id"])
