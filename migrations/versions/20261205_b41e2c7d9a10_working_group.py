"""app_user.working_group (branch roles): membership of the four-party working group (issue 18)

Revision ID: b41e2c7d9a10
Revises: 630d5d72d96b
Create Date: 2026-12-05 15:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "b41e2c7d9a10"
down_revision = "630d5d72d96b"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("working_group", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_column("working_group")
