"""agency.org_number (branch opendata): the agency's organisation number in Enhetsregisteret

Used as the competent authority's identifier in the CPSV-AP-NO export (docs/open-data.md); NULL where not known.

Revision ID: 9774e43733ee
Revises: 8c3d6a1f4e92
Create Date: 2026-12-05 12:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '9774e43733ee'
down_revision = '8c3d6a1f4e92'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.add_column(sa.Column('org_number', sa.String(length=9), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.drop_column('org_number')
