"""login attempts counted per account and per client address (branch websec)

Revision ID: 3e9b7c1d5a60
Revises: 3e9a7c41d2b8
Create Date: 2026-12-01 12:00:00

The table holds only failures of the last minutes, so it is recreated rather than converted.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "3e9b7c1d5a60"
down_revision = "3e9a7c41d2b8"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("login_attempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_attempt_key"))
    op.drop_table("login_attempt")
    op.create_table(
        "login_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempt")),
    )
    with op.batch_alter_table("login_attempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_attempt_email"), ["email"], unique=False)
        batch_op.create_index(batch_op.f("ix_login_attempt_ip"), ["ip"], unique=False)
        batch_op.create_index(batch_op.f("ix_login_attempt_at"), ["at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("login_attempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_attempt_at"))
        batch_op.drop_index(batch_op.f("ix_login_attempt_ip"))
        batch_op.drop_index(batch_op.f("ix_login_attempt_email"))
    op.drop_table("login_attempt")
    op.create_table(
        "login_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=320), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempt")),
    )
    with op.batch_alter_table("login_attempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_attempt_key"), ["key"], unique=False)
