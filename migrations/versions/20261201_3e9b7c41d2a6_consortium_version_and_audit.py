"""txn: consortium version (optimistic locking) and consortium_audit (who changed a saved consortium)

Revision ID: 3e9b7c41d2a6
Revises: 3e9b7c1d5a60
Create Date: 2026-12-01 10:00:00
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '3e9b7c41d2a6'
down_revision = "3e9b7c1d5a60"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('consortium', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    op.create_table('consortium_audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_slug', sa.String(length=120), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('user_email', sa.String(length=254), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_consortium_audit_user_id_app_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consortium_audit'))
    )
    with op.batch_alter_table('consortium_audit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consortium_audit_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_consortium_audit_consortium_slug'), ['consortium_slug'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('consortium_audit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consortium_audit_consortium_slug'))
        batch_op.drop_index(batch_op.f('ix_consortium_audit_at'))

    op.drop_table('consortium_audit')
    with op.batch_alter_table('consortium', schema=None) as batch_op:
        batch_op.drop_column('version')
