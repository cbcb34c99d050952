"""status audit: who added or corrected a dated status record of a symbiosis or an industrial area

Revision ID: 8c3d6a1f4e92
Revises: 5b8e1f0c2d47
Create Date: 2026-11-30 16:40:00
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '8c3d6a1f4e92'
down_revision = '5b8e1f0c2d47'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('status_audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('user_email', sa.String(length=254), nullable=True),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('subject_slug', sa.String(length=120), nullable=False),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_status_audit_user_id_app_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_status_audit'))
    )
    with op.batch_alter_table('status_audit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_status_audit_changed_at'), ['changed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_status_audit_subject_slug'), ['subject_slug'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('status_audit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_status_audit_subject_slug'))
        batch_op.drop_index(batch_op.f('ix_status_audit_changed_at'))

    op.drop_table('status_audit')
