"""funded projects: award sources, organisations, activities, participations, programme links (branch awards)

Revision ID: 630d5d72d96b
Revises: 3e9b7c41d2a6
Create Date: 2026-12-05 12:15:47.929064
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '630d5d72d96b'
down_revision = '3e9b7c41d2a6'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('award_source',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=True),
    sa.Column('format', sa.String(length=20), nullable=False),
    sa.Column('shows_partners', sa.Boolean(), nullable=False),
    sa.Column('fetched_on', sa.Date(), nullable=True),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('file_name', sa.String(length=300), nullable=True),
    sa.Column('rows_read', sa.Integer(), nullable=False),
    sa.Column('activity_count', sa.Integer(), nullable=False),
    sa.Column('participation_count', sa.Integer(), nullable=False),
    sa.Column('year_from', sa.Integer(), nullable=True),
    sa.Column('year_to', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_source')),
    sa.UniqueConstraint('key', name=op.f('uq_award_source_key'))
    )
    op.create_table('award_organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=400), nullable=False),
    sa.Column('orgnr', sa.String(length=9), nullable=True),
    sa.Column('has_orgnumber', sa.Boolean(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('county_code', sa.String(length=4), nullable=True),
    sa.Column('county_name', sa.String(length=200), nullable=True),
    sa.Column('municipality_code', sa.String(length=4), nullable=True),
    sa.Column('municipality', sa.String(length=200), nullable=True),
    sa.Column('sector', sa.String(length=100), nullable=True),
    sa.Column('sector_kind', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['source_id'], ['award_source.id'], name=op.f('fk_award_organisation_source_id_award_source'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_organisation')),
    sa.UniqueConstraint('key', name=op.f('uq_award_organisation_key')),
    sa.UniqueConstraint('orgnr', name=op.f('uq_award_organisation_orgnr'))
    )
    with op.batch_alter_table('award_organisation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_organisation_county_code'), ['county_code'], unique=False)

    op.create_table('award_activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('source_ref', sa.String(length=100), nullable=False),
    sa.Column('funder_code', sa.String(length=40), nullable=False),
    sa.Column('funder_name', sa.String(length=300), nullable=True),
    sa.Column('programme_code', sa.String(length=100), nullable=True),
    sa.Column('programme_name', sa.Text(), nullable=True),
    sa.Column('application_type', sa.String(length=200), nullable=True),
    sa.Column('application_variant', sa.String(length=200), nullable=True),
    sa.Column('call_id', sa.String(length=100), nullable=True),
    sa.Column('call_title', sa.Text(), nullable=True),
    sa.Column('instrument_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=10), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('applied_minor', sa.BigInteger(), nullable=True),
    sa.Column('granted_minor', sa.BigInteger(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('applied_on', sa.Date(), nullable=True),
    sa.Column('awarded_on', sa.Date(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('start_year', sa.Integer(), nullable=True),
    sa.Column('end_year', sa.Integer(), nullable=True),
    sa.Column('county_code', sa.String(length=4), nullable=True),
    sa.Column('county_name', sa.String(length=200), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('acronym', sa.String(length=200), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['instrument_id'], ['instrument.id'], name=op.f('fk_award_activity_instrument_id_instrument'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_id'], ['award_source.id'], name=op.f('fk_award_activity_source_id_award_source'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_activity')),
    sa.UniqueConstraint('source_id', 'source_ref', name=op.f('uq_award_activity_source_id'))
    )
    with op.batch_alter_table('award_activity', schema=None) as batch_op:
        batch_op.create_index('ix_award_activity_county_year', ['county_code', 'year'], unique=False)
        batch_op.create_index(batch_op.f('ix_award_activity_instrument_id'), ['instrument_id'], unique=False)
        batch_op.create_index('ix_award_activity_programme', ['funder_code', 'programme_code'], unique=False)

    op.create_table('award_programme_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('funder_code', sa.String(length=40), nullable=False),
    sa.Column('programme_code', sa.String(length=100), nullable=True),
    sa.Column('application_type', sa.String(length=200), nullable=True),
    sa.Column('application_variant', sa.String(length=200), nullable=True),
    sa.Column('instrument_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['instrument_id'], ['instrument.id'], name=op.f('fk_award_programme_link_instrument_id_instrument'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_programme_link'))
    )
    with op.batch_alter_table('award_programme_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_programme_link_instrument_id'), ['instrument_id'], unique=False)

    op.create_table('award_participation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('source_ref', sa.String(length=100), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('amount_minor', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['activity_id'], ['award_activity.id'], name=op.f('fk_award_participation_activity_id_award_activity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['award_organisation.id'], name=op.f('fk_award_participation_organisation_id_award_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_participation')),
    sa.UniqueConstraint('activity_id', 'source_ref', name=op.f('uq_award_participation_activity_id'))
    )
    with op.batch_alter_table('award_participation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_participation_organisation_id'), ['organisation_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('award_participation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_award_participation_organisation_id'))

    op.drop_table('award_participation')
    with op.batch_alter_table('award_programme_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_award_programme_link_instrument_id'))

    op.drop_table('award_programme_link')
    with op.batch_alter_table('award_activity', schema=None) as batch_op:
        batch_op.drop_index('ix_award_activity_programme')
        batch_op.drop_index(batch_op.f('ix_award_activity_instrument_id'))
        batch_op.drop_index('ix_award_activity_county_year')

    op.drop_table('award_activity')
    with op.batch_alter_table('award_organisation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_award_organisation_county_code'))

    op.drop_table('award_organisation')
    op.drop_table('award_source')
