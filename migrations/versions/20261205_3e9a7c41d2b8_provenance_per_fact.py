"""provenance per fact (branch provenance): compiled vs verified, amount source, last deadline

Adds ``compiled_on``/``compiled_from`` (when and from what the facts were compiled), ``verified_by`` (who
checked them against the agency's page; ``verified_on`` already exists), ``max_amount_source_kind`` /
``max_amount_source`` (an agency's own figure or a third party's) and ``last_deadline`` (the latest known
deadline once it has passed); ``consortium_member.in_assisted_area`` (yes/no/unknown, for the GBER
art. 25(6) assisted-area increase). Existing rows keep their ``verified_on``; their compile date is set to it.

Revision ID: 3e9a7c41d2b8
Revises: 9774e43733ee
Create Date: 2026-12-05 13:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "3e9a7c41d2b8"
down_revision = "9774e43733ee"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("instrument", schema=None) as batch_op:
        batch_op.add_column(sa.Column("max_amount_source_kind", sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column("max_amount_source", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("last_deadline", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("compiled_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("compiled_from", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("verified_by", sa.String(length=254), nullable=True))
    op.execute("UPDATE instrument SET compiled_on = verified_on WHERE compiled_on IS NULL")
    with op.batch_alter_table("consortium_member", schema=None) as batch_op:
        batch_op.add_column(sa.Column("in_assisted_area", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("consortium_member", schema=None) as batch_op:
        batch_op.drop_column("in_assisted_area")
    with op.batch_alter_table("instrument", schema=None) as batch_op:
        batch_op.drop_column("verified_by")
        batch_op.drop_column("compiled_from")
        batch_op.drop_column("compiled_on")
        batch_op.drop_column("last_deadline")
        batch_op.drop_column("max_amount_source")
        batch_op.drop_column("max_amount_source_kind")
