"""retention: schedules, each document's disposition date, legal holds, the dossier lifecycle,
archived objects, disposition lists with residual records and certificates, fixity runs; a
person's death date.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 09:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table('person') as batch:
        batch.add_column(sa.Column('death_date', sa.Date(), nullable=True))
    op.create_table(
        'retention_schedule',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=64), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('doc_type', sa.String(length=40), nullable=True),
        sa.Column('service', sa.String(length=64), nullable=True),
        sa.Column('trigger', sa.String(length=24), nullable=False),
        sa.Column('period_years', sa.Integer(), nullable=False),
        sa.Column('period_months', sa.Integer(), nullable=False),
        sa.Column('fixed_date', sa.Date(), nullable=True),
        sa.Column('action', sa.String(length=16), nullable=False),
        sa.Column('created_at', _TS, nullable=False),
        sa.Column('updated_at', _TS, nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_retention_schedule_code', 'retention_schedule', ['code'], unique=True)
    op.create_index('ix_retention_schedule_doc_type', 'retention_schedule', ['doc_type'])
    op.create_index('ix_retention_schedule_service', 'retention_schedule', ['service'])
    op.create_table(
        'document_retention',
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('schedule_id', sa.Integer(), nullable=True),
        sa.Column('action', sa.String(length=16), nullable=True),
        sa.Column('disposition_on', sa.Date(), nullable=True),
        sa.Column('reason', sa.String(length=500), nullable=False),
        sa.Column('computed_at', _TS, nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['document.id']),
        sa.ForeignKeyConstraint(['schedule_id'], ['retention_schedule.id']),
        sa.PrimaryKeyConstraint('document_id'),
    )
    op.create_index('ix_document_retention_schedule_id', 'document_retention', ['schedule_id'])
    op.create_index('ix_document_retention_disposition_on', 'document_retention',
                    ['disposition_on'])
    op.create_table(
        'legal_hold',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('scope', sa.String(length=16), nullable=False),
        sa.Column('dossier_id', sa.Integer(), nullable=True),
        sa.Column('person_id', sa.Integer(), nullable=True),
        sa.Column('document_id', sa.Integer(), nullable=True),
        sa.Column('reason', sa.String(length=500), nullable=False),
        sa.Column('placed_by', sa.String(length=100), nullable=False),
        sa.Column('placed_at', _TS, nullable=False),
        sa.Column('released_by', sa.String(length=100), nullable=True),
        sa.Column('released_at', _TS, nullable=True),
        sa.Column('release_reason', sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id']),
        sa.ForeignKeyConstraint(['person_id'], ['person.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    for column in ('dossier_id', 'person_id', 'document_id'):
        op.create_index(f'ix_legal_hold_{column}', 'legal_hold', [column])
    op.create_table(
        'dossier_lifecycle',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dossier_id', sa.Integer(), nullable=False),
        sa.Column('action', sa.String(length=16), nullable=False),
        sa.Column('on', sa.Date(), nullable=False),
        sa.Column('by', sa.String(length=100), nullable=False),
        sa.Column('reason', sa.String(length=500), nullable=False),
        sa.Column('at', _TS, nullable=False),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_dossier_lifecycle_dossier_id', 'dossier_lifecycle', ['dossier_id'])
    op.create_table(
        'archived_object',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('key', sa.String(length=300), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('locked_until', sa.Date(), nullable=True),
        sa.Column('note', sa.String(length=300), nullable=False),
        sa.Column('created_at', _TS, nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_archived_object_document_id', 'archived_object', ['document_id'])
    op.create_index('ix_archived_object_key', 'archived_object', ['key'])
    _disposition_tables()


def _disposition_tables() -> None:
    op.create_table(
        'disposition_list',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('as_of', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('created_by', sa.String(length=100), nullable=False),
        sa.Column('created_at', _TS, nullable=False),
        sa.Column('proposed_by', sa.String(length=100), nullable=True),
        sa.Column('proposed_at', _TS, nullable=True),
        sa.Column('approved_by', sa.String(length=100), nullable=True),
        sa.Column('approved_at', _TS, nullable=True),
        sa.Column('executed_by', sa.String(length=100), nullable=True),
        sa.Column('executed_at', _TS, nullable=True),
        sa.Column('certificate_id', sa.Integer(), nullable=True),
        sa.Column('note', sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        'disposition_item',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('list_id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('dossier_id', sa.Integer(), nullable=True),
        sa.Column('dossier_number', sa.String(length=64), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('doc_type', sa.String(length=40), nullable=True),
        sa.Column('original_sha256', sa.String(length=64), nullable=False),
        sa.Column('schedule_id', sa.Integer(), nullable=True),
        sa.Column('schedule_code', sa.String(length=64), nullable=False),
        sa.Column('action', sa.String(length=16), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('due_reason', sa.String(length=500), nullable=False),
        sa.Column('decision', sa.String(length=16), nullable=False),
        sa.Column('decision_reason', sa.String(length=500), nullable=False),
        sa.Column('outcome', sa.String(length=16), nullable=False),
        sa.Column('outcome_reason', sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(['list_id'], ['disposition_list.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_disposition_item_list_id', 'disposition_item', ['list_id'])
    op.create_index('ix_disposition_item_document_id', 'disposition_item', ['document_id'])
    op.create_table(
        'destruction_record',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('certificate_id', sa.Integer(), nullable=True),
        sa.Column('list_id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('dossier_number', sa.String(length=64), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('doc_type', sa.String(length=40), nullable=True),
        sa.Column('doc_date', sa.Date(), nullable=True),
        sa.Column('original_sha256', sa.String(length=64), nullable=False),
        sa.Column('objects', sa.JSON(), nullable=False),
        sa.Column('schedule_code', sa.String(length=64), nullable=False),
        sa.Column('rule', sa.String(length=500), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('proposed_by', sa.String(length=100), nullable=False),
        sa.Column('approved_by', sa.String(length=100), nullable=False),
        sa.Column('destroyed_by', sa.String(length=100), nullable=False),
        sa.Column('destroyed_at', _TS, nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    for column in ('certificate_id', 'list_id', 'document_id', 'dossier_number'):
        op.create_index(f'ix_destruction_record_{column}', 'destruction_record', [column])
    op.create_table(
        'destruction_certificate',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('list_id', sa.Integer(), nullable=False),
        sa.Column('issued_by', sa.String(length=100), nullable=False),
        sa.Column('issued_at', _TS, nullable=False),
        sa.Column('key', sa.String(length=300), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('items', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_destruction_certificate_list_id', 'destruction_certificate', ['list_id'])
    op.create_table(
        'fixity_run',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('started_at', _TS, nullable=False),
        sa.Column('finished_at', _TS, nullable=True),
        sa.Column('started_by', sa.String(length=100), nullable=False),
        sa.Column('share', sa.Float(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=False),
        sa.Column('checked', sa.Integer(), nullable=False),
        sa.Column('mismatched', sa.Integer(), nullable=False),
        sa.Column('missing', sa.Integer(), nullable=False),
        sa.Column('cursor', sa.String(length=300), nullable=False),
        sa.Column('problems', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )


def downgrade() -> None:
    for table in ('fixity_run', 'destruction_certificate', 'destruction_record',
                  'disposition_item', 'disposition_list', 'archived_object',
                  'dossier_lifecycle', 'legal_hold', 'document_retention',
                  'retention_schedule'):
        op.drop_table(table)
    with op.batch_alter_table('person') as batch:
        batch.drop_column('death_date')
